//! testdata/physics/tcbo.json and pgbo.json (computed from the mathematics), shared with TS.
use backfire_observers::*;
use serde_json::Value;
use std::path::PathBuf;

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../testdata/physics")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}
fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}
fn vecf(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}
fn close(a: f64, e: f64, tol: f64, what: &str) {
    assert!((a - e).abs() <= tol, "{what}: {a} vs {e}");
}
fn close_all(a: &[f64], e: &[f64], tol: f64, what: &str) {
    assert_eq!(a.len(), e.len(), "{what}: length");
    for (i, (x, y)) in a.iter().zip(e).enumerate() {
        close(*x, *y, tol, &format!("{what}[{i}]"));
    }
}

#[test]
fn tcbo_helpers() {
    let g = load("tcbo.json");
    for c in g["logistic"].as_array().unwrap() {
        close(
            logistic_probability(f(&c["s"]), f(&c["s0"]), f(&c["beta"])),
            f(&c["p"]),
            1e-15,
            "logistic",
        );
    }
    let t = &g["s0_for_threshold"];
    close(
        s0_for_threshold(f(&t["s"]), f(&t["p"]), f(&t["beta"])).unwrap(),
        f(&t["s0"]),
        1e-15,
        "s0",
    );
    let d = &g["delay_embed"];
    let (rows, data) = delay_embed(
        &vecf(&d["x"]),
        d["m"].as_u64().unwrap() as usize,
        d["tau"].as_u64().unwrap() as usize,
    )
    .unwrap();
    assert_eq!(rows as u64, d["rows"].as_u64().unwrap());
    close_all(&data, &vecf(&d["data"]), 0.0, "embed");
    assert_eq!(delay_embed(&[1.0, 2.0], 3, 2).unwrap().0, 0);
}

#[test]
fn tcbo_observer_cases() {
    for c in load("tcbo.json")["observer"].as_array().unwrap() {
        let mut o = TcboObserverOptions {
            n: c["n"].as_u64().unwrap() as usize,
            embedding: if c["embedding"] == "angle" {
                TcboEmbedding::Angle
            } else {
                TcboEmbedding::Circle
            },
            ..Default::default()
        };
        if !c["embedDim"].is_null() {
            o.embed_dim = c["embedDim"].as_u64().unwrap() as usize;
            o.tau_delay = c["tauDelay"].as_u64().unwrap() as usize;
            o.window_size = c["windowSize"].as_u64().unwrap() as usize;
        }
        let mut obs = TcboObserver::new(o).unwrap();
        let mut st = obs.state();
        for s in c["samples"].as_array().unwrap() {
            st = obs.push_and_compute(&vecf(s), true).unwrap();
        }
        let name = c["name"].as_str().unwrap();
        close(st.spread_index, f(&c["spreadIndex"]), 1e-12, name);
        close(st.probability, f(&c["probability"]), 1e-12, name);
    }
}

#[test]
fn tcbo_controller_sequence() {
    let g = load("tcbo.json");
    let mut ctl = TcboController::new(TcboControllerOptions::default()).unwrap();
    for (i, x) in g["controller"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let k = ctl.step(f(&x[0]), f(&x[1])).unwrap();
        close(k, f(&g["controller"]["kappa"][i]), 1e-15, "kappa");
    }
}

#[test]
fn pgbo_cases() {
    let g = load("pgbo.json");
    for c in g["pairs"].as_array().unwrap() {
        let t1 = vecf(&c["theta1"]);
        let mut e = PgboEngine::new(PgboOptions {
            n: t1.len(),
            traceless: c["traceless"].as_bool().unwrap_or(false),
            ..Default::default()
        })
        .unwrap();
        if !c["a"].is_null() {
            e.set_boundary_potential(&vecf(&c["a"])).unwrap();
        }
        let dt = f(&c["dt"]);
        e.compute(&t1, dt).unwrap();
        let r = e.compute(&vecf(&c["theta2"]), dt).unwrap();
        let name = c["name"].as_str().unwrap();
        close_all(&r.u, &vecf(&c["u"]), 1e-12, name);
        close_all(&r.h.data, &vecf(&c["h"]), 1e-11, name);
        close(r.u_norm, f(&c["uNorm"]), 1e-12, name);
        close(r.h_trace, f(&c["hTrace"]), 1e-11, name);
        close(r.h_frob, f(&c["hFrob"]), 1e-11, name);
    }
    let fp = &g["first_with_potential"];
    let mut e = PgboEngine::new(PgboOptions {
        n: 4,
        ..Default::default()
    })
    .unwrap();
    e.set_boundary_potential(&vecf(&fp["a"])).unwrap();
    close(
        e.compute(&[0.0; 4], 0.01).unwrap().u_norm,
        f(&fp["uNorm"]),
        1e-12,
        "first",
    );
    let s = &g["standalone"];
    let r = phase_geometry_bridge(
        &vecf(&s["dphi"]),
        &vecf(&s["a"]),
        &BridgeOptions {
            alpha: f(&s["alpha"]),
            kappa: f(&s["kappa"]),
            u_cap: f(&s["uCap"]),
            traceless: false,
        },
    )
    .unwrap();
    close_all(&r.u, &vecf(&s["u"]), 1e-14, "standalone u");
    close_all(&r.h.data, &vecf(&s["h"]), 1e-14, "standalone h");
}
