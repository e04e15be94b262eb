//! The shared golden vectors of testdata/physics (computed from the mathematics) and the seeded
//! vectors written by the TypeScript implementation (seeded.json): Rust must match both.
use backfire_physics::*;
use serde_json::Value;
use std::path::PathBuf;

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../testdata/physics")
        .join(name);
    serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn vecf(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

fn close(a: f64, e: f64, tol: f64, what: &str) {
    assert!((a - e).abs() <= tol, "{what}: {a} vs {e} (tol {tol})");
}

fn close_all(a: &[f64], e: &[f64], tol: f64, what: &str) {
    assert_eq!(a.len(), e.len(), "{what}: length");
    for (i, (x, y)) in a.iter().zip(e).enumerate() {
        close(*x, *y, tol, &format!("{what}[{i}]"));
    }
}

#[test]
fn params_and_helpers() {
    let g = load("params.json");
    close_all(&DEFAULT_OMEGA, &vecf(&g["omega"]), 0.0, "omega");
    let k = default_knm();
    close_all(&k.data, &vecf(&g["knm"]), 1e-15, "knm");
    close(k.data.iter().sum(), f(&g["knm_sum"]), 1e-12, "knm sum");
    for c in g["order_parameter"].as_array().unwrap() {
        close(order_parameter(&vecf(&c["theta"])), f(&c["r"]), 1e-15, "R");
    }
    for c in g["wrap"].as_array().unwrap() {
        assert_eq!(wrap_phase(f(&c["x"])), f(&c["wrap_phase"]));
        assert_eq!(wrap_pi(f(&c["x"])), f(&c["wrap_pi"]));
    }
    for c in g["softplus"].as_array().unwrap() {
        let y = f(&c["y"]);
        close(
            softplus(f(&c["x"])),
            y,
            1e-15 * y.abs().max(1.0),
            "softplus",
        );
    }
    for c in g["sincos"].as_array().unwrap() {
        let (s, co) = sin_cos_phase(f(&c["x"]));
        close(s, f(&c["sin"]), 2.3e-16, "sin");
        close(co, f(&c["cos"]), 2.3e-16, "cos");
    }
    for c in g["sigmoid"].as_array().unwrap() {
        close(sigmoid(f(&c["x"])), f(&c["y"]), 1e-16, "sigmoid");
    }
}

#[test]
fn rng_streams() {
    let g = load("rng.json");
    let (_, first) = rng::split_mix64(0);
    assert_eq!(
        format!("{first:016x}"),
        g["splitmix64_seed0_first"].as_str().unwrap()
    );
    for c in g["cases"].as_array().unwrap() {
        let seed: u64 = c["seed"].as_str().unwrap().parse().unwrap();
        let mut a = PhysicsRng::new(seed);
        for x in c["u64"].as_array().unwrap() {
            assert_eq!(format!("{:016x}", a.next_u64()), x.as_str().unwrap());
        }
        let mut b = PhysicsRng::new(seed);
        for x in c["uniform"].as_array().unwrap() {
            assert_eq!(b.next_f64(), f(x));
        }
        let mut n = PhysicsRng::new(seed);
        for x in c["gaussian"].as_array().unwrap() {
            close(n.next_gaussian(), f(x), 1e-14, "gaussian");
        }
    }
}

#[test]
fn upde_rng_free() {
    for c in load("upde.json")["cases"].as_array().unwrap() {
        let mut opts = UpdeOptions {
            dt: f(&c["dt"]),
            field_pressure: f(&c["field_pressure"]),
            noise_amplitude: f(&c["noise_amplitude"]),
            seed: Some(1),
            ..UpdeOptions::default()
        };
        if !c["omega"].is_null() {
            let omega = vecf(&c["omega"]);
            opts.knm = Some(SquareMatrix {
                n: omega.len(),
                data: vecf(&c["knm"]),
            });
            opts.omega = Some(omega);
        }
        let mut s = UpdeStepper::new(opts).unwrap();
        let steps = c["steps"].as_u64().unwrap();
        let st = s.run_from_theta(&vecf(&c["theta0"]), steps).unwrap();
        let name = c["name"].as_str().unwrap();
        close_all(&st.theta, &vecf(&c["theta"]), 1e-12, name);
        close_all(&st.dtheta_dt, &vecf(&c["dtheta_dt"]), 1e-10, name);
        close(st.t, f(&c["t"]), 1e-12, name);
        close(st.r_global, f(&c["r_global"]), 1e-12, name);
        assert_eq!(st.step_count, steps);
    }
}

#[test]
fn upde_seeded_matches_typescript() {
    let g = load("seeded.json");
    for c in g["upde"].as_array().unwrap() {
        let seed: u64 = c["seed"].as_str().unwrap().parse().unwrap();
        let mut s = UpdeStepper::new(UpdeOptions {
            seed: Some(seed),
            ..UpdeOptions::default()
        })
        .unwrap();
        let mut st = s.create_state(&vecf(&c["theta0"])).unwrap();
        let mut done = 0;
        for cp in c["checkpoints"].as_array().unwrap() {
            let steps = cp["steps"].as_u64().unwrap();
            st = s.run(&st, steps - done).unwrap();
            done = steps;
            let what = format!("seed {seed} after {steps}");
            close_all(&st.theta, &vecf(&cp["theta"]), 1e-12, &what);
            close_all(&st.dtheta_dt, &vecf(&cp["dthetaDt"]), 1e-10, &what);
            close(st.t, f(&cp["t"]), 1e-12, &what);
            close(st.r_global, f(&cp["rGlobal"]), 1e-12, &what);
        }
    }
    let c = &g["upde_custom"];
    let omega = vecf(&c["omega"]);
    let mut s = UpdeStepper::new(UpdeOptions {
        dt: f(&c["dt"]),
        field_pressure: f(&c["fieldPressure"]),
        noise_amplitude: f(&c["noiseAmplitude"]),
        knm: Some(SquareMatrix {
            n: omega.len(),
            data: vecf(&c["knm"]),
        }),
        omega: Some(omega),
        seed: Some(c["seed"].as_str().unwrap().parse().unwrap()),
    })
    .unwrap();
    let st = s
        .run_from_theta(&vecf(&c["theta0"]), c["steps"].as_u64().unwrap())
        .unwrap();
    close_all(&st.theta, &vecf(&c["theta"]), 1e-12, "custom");
    close(st.r_global, f(&c["rGlobal"]), 1e-12, "custom R");
}

#[test]
fn sec_cases() {
    let g = load("sec.json");
    let sec = SecFunctional::new(SecOptions::default()).unwrap();
    close(sec.v_max(), f(&g["v_max"]), 1e-12, "v_max");
    close(
        sec.critical_coupling(),
        f(&g["critical_coupling"]),
        1e-10,
        "K_c",
    );
    for c in g["cases"].as_array().unwrap() {
        let mut sec = SecFunctional::new(SecOptions::default()).unwrap();
        let prev = if c["theta_prev"].is_null() {
            None
        } else {
            Some(vecf(&c["theta_prev"]))
        };
        let dt = if c["dt"].is_null() { 0.01 } else { f(&c["dt"]) };
        let r = sec
            .evaluate(&vecf(&c["theta"]), prev.as_deref(), dt)
            .unwrap();
        let e = &c["expected"];
        let name = c["name"].as_str().unwrap();
        close(r.v_coupling, f(&e["v_coupling"]), 1e-11, name);
        let vf = f(&e["v_frequency"]);
        close(r.v_frequency, vf, 1e-9 * vf.max(1.0), name);
        close(r.v_entropy, f(&e["v_entropy"]), 1e-14, name);
        let v = f(&e["v"]);
        close(r.v, v, 1e-9 * v.max(1.0), name);
        close(r.v_normalised, f(&e["v_normalised"]), 1e-12, name);
        close(r.phase_score, f(&e["phase_score"]), 1e-12, name);
        close(r.r_global, f(&e["r_global"]), 1e-15, name);
    }
    let p = &g["dv_dt_pair"];
    let mut sec = SecFunctional::new(SecOptions::default()).unwrap();
    assert_eq!(
        sec.evaluate(&vecf(&p["first"]), None, 0.01).unwrap().dv_dt,
        None
    );
    let r = sec
        .evaluate(&vecf(&p["second"]), Some(&vecf(&p["first"])), f(&p["dt"]))
        .unwrap();
    close(r.dv_dt.unwrap(), f(&p["dv_dt"]), 1e-6, "dv_dt");
}

fn mat(n: usize, v: &Value) -> SquareMatrix {
    SquareMatrix { n, data: vecf(v) }
}

#[test]
fn l16_sequences() {
    let g = load("l16.json");
    let pi = &g["pi"];
    let mut c = PiController::new(PiOptions {
        setpoint: f(&pi["setpoint"]),
        kp: f(&pi["kp"]),
        ki: f(&pi["ki"]),
        ..Default::default()
    })
    .unwrap();
    close(
        c.step(f(&pi["measured"]), f(&pi["dt"])).unwrap(),
        f(&pi["output"]),
        1e-15,
        "pi",
    );
    for seq in g["sequences"].as_array().unwrap() {
        let name = seq["name"].as_str().unwrap();
        let n = seq["n"].as_u64().map_or(16, |x| x as usize);
        let mut ctl = L16Controller::new(L16Options {
            n,
            ..Default::default()
        })
        .unwrap();
        let full = !seq["eigvecs"].is_null();
        for (i, x) in seq["inputs"].as_array().unwrap().iter().enumerate() {
            let input = L16StepInput {
                r_global: f(&x["rGlobal"]),
                plv: f(&x["plv"]),
                c7: f(&x["c7"]),
                c8: f(&x["c8"]),
                c10: f(&x["c10"]),
                tcbo_p: f(&x["tcboP"]),
                h_frob: f(&x["hFrob"]),
                dt: f(&x["dt"]),
                eigvecs: full.then(|| mat(n, &seq["eigvecs"])),
                phi_target: full.then(|| mat(n, &seq["phiTarget"])),
            };
            let r = ctl.step(&input).unwrap();
            let e = &seq["outputs"][i];
            let what = format!("{name} step {i}");
            close(r.lambda7, f(&e["lambda7"]), 1e-12, &what);
            close(r.lambda8, f(&e["lambda8"]), 1e-12, &what);
            close(r.lambda10, f(&e["lambda10"]), 1e-12, &what);
            close(r.nu_star, f(&e["nuStar"]), 1e-12, &what);
            close(r.avg_plv, f(&e["avgPlv"]), 1e-12, &what);
            close(r.h_rec, f(&e["hRec"]), 1e-12, &what);
            close(r.lr_z_scale, f(&e["lrZScale"]), 0.0, &what);
            close(r.dh_rec_dt, f(&e["dhRecDt"]), 1e-9, &what);
            assert_eq!(r.gate_open, e["gateOpen"].as_bool().unwrap(), "{what}");
            assert_eq!(r.refusal, e["refusal"].as_bool().unwrap(), "{what}");
            assert_eq!(
                r.refusal_count,
                e["refusalCount"].as_u64().unwrap(),
                "{what}"
            );
            assert_eq!(
                r.h_rec_non_increasing,
                e["hRecNonIncreasing"].as_bool().unwrap(),
                "{what}"
            );
            assert_eq!(
                r.h_rec_mode,
                if full {
                    HRecMode::Full
                } else {
                    HRecMode::Simplified
                }
            );
        }
    }
}
