//! Invariants and validation (the same properties the TypeScript tests check).
use backfire_physics::*;

fn splay(n: usize) -> Vec<f64> {
    (0..n).map(|i| TAU * i as f64 / n as f64).collect()
}

#[test]
fn upde_invariants_over_many_seeds() {
    let mut gen = PhysicsRng::new(99);
    for _ in 0..40 {
        let seed = gen.next_u64();
        let sigma = gen.next_f64() * 5.0;
        let theta: Vec<f64> = (0..16).map(|_| (gen.next_f64() - 0.5) * 2000.0).collect();
        let mut s = UpdeStepper::new(UpdeOptions {
            seed: Some(seed),
            noise_amplitude: sigma,
            ..Default::default()
        })
        .unwrap();
        let st = s.run_from_theta(&theta, 50).unwrap();
        assert!(st.theta.iter().all(|&x| (0.0..TAU).contains(&x)));
        assert!((0.0..=1.0).contains(&st.r_global));
        assert!(st.dtheta_dt.iter().all(|x| x.is_finite()));
    }
}

#[test]
fn upde_is_deterministic_and_continues_the_stream() {
    for seed in [0u64, 5, u64::MAX] {
        let mut a = UpdeStepper::new(UpdeOptions {
            seed: Some(seed),
            ..Default::default()
        })
        .unwrap();
        let whole = a.run_from_theta(&[0.0; 16], 20).unwrap();
        let mut b = UpdeStepper::new(UpdeOptions {
            seed: Some(seed),
            ..Default::default()
        })
        .unwrap();
        let half = b.run_from_theta(&[0.0; 16], 10).unwrap();
        let rest = b.run(&half, 10).unwrap();
        assert_eq!(rest.theta, whole.theta);
        assert_eq!(rest.step_count, 20);
    }
    let mut x = UpdeStepper::new(UpdeOptions {
        seed: Some(1),
        ..Default::default()
    })
    .unwrap();
    let mut y = UpdeStepper::new(UpdeOptions {
        seed: Some(2),
        ..Default::default()
    })
    .unwrap();
    assert_ne!(
        x.run_from_theta(&[0.0; 16], 5).unwrap().theta,
        y.run_from_theta(&[0.0; 16], 5).unwrap().theta
    );
}

#[test]
fn upde_noise_has_sqrt_dt_scaling() {
    let n = 16;
    let mut s = UpdeStepper::new(UpdeOptions {
        dt: 0.01,
        field_pressure: 0.0,
        noise_amplitude: 1.0,
        omega: Some(vec![0.0; n]),
        knm: Some(SquareMatrix::zeros(n)),
        seed: Some(11),
    })
    .unwrap();
    let mut st = s.create_state(&splay(n)).unwrap();
    let (mut sum, mut sum2, mut count) = (0.0, 0.0, 0.0);
    for _ in 0..1500 {
        let next = s.step(&st).unwrap();
        for i in 0..n {
            let d = wrap_pi(next.theta[i] - st.theta[i]);
            sum += d;
            sum2 += d * d;
            count += 1.0;
        }
        st = next;
    }
    let sd = (sum2 / count - (sum / count) * (sum / count)).sqrt();
    assert!((sd - 0.1).abs() < 0.002, "sd {sd}");
}

#[test]
fn upde_synchronises_identical_oscillators() {
    let n = 16;
    let mut k = vec![5.0; n * n];
    for i in 0..n {
        k[i * n + i] = 0.0;
    }
    let mut s = UpdeStepper::new(UpdeOptions {
        dt: 0.001,
        field_pressure: 0.0,
        noise_amplitude: 0.0,
        omega: Some(vec![1.0; n]),
        knm: Some(SquareMatrix { n, data: k }),
        seed: Some(0),
    })
    .unwrap();
    let start: Vec<f64> = splay(n)
        .iter()
        .enumerate()
        .map(|(i, x)| x + 1e-6 * (i as f64 * 1.7).sin())
        .collect();
    assert!(s.run_from_theta(&start, 5000).unwrap().r_global > 0.9);
}

fn field_of<T: std::fmt::Debug>(r: PhysicsResult<T>) -> String {
    r.expect_err("expected an error").field
}

#[test]
fn validation_names_the_field() {
    let mut s = UpdeStepper::new(UpdeOptions {
        seed: Some(1),
        ..Default::default()
    })
    .unwrap();
    let mut th = vec![0.0; 16];
    th[3] = f64::NAN;
    assert_eq!(field_of(s.run_from_theta(&th, 1)), "theta[3]");
    th[3] = f64::INFINITY;
    let err = s.run_from_theta(&th, 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "theta[3] must be a finite number, got Infinity"
    );
    assert_eq!(err.code(), "BACKFIRE_PHYSICS");
    assert_eq!(field_of(s.run_from_theta(&[0.0; 4], 1)), "theta.length");
    let good = s.create_state(&[0.0; 16]).unwrap();
    assert_eq!(
        field_of(s.step(&UpdeState {
            t: f64::NAN,
            ..good.clone()
        })),
        "state.t"
    );
    assert_eq!(
        field_of(UpdeStepper::new(UpdeOptions {
            dt: 0.0,
            ..Default::default()
        })),
        "dt"
    );
    assert_eq!(
        field_of(UpdeStepper::new(UpdeOptions {
            noise_amplitude: -1.0,
            ..Default::default()
        })),
        "noiseAmplitude"
    );
    assert_eq!(
        field_of(UpdeStepper::new(UpdeOptions {
            omega: Some(vec![1.0, 2.0]),
            ..Default::default()
        })),
        "knm"
    );
    assert_eq!(
        field_of(UpdeStepper::new(UpdeOptions {
            omega: Some(vec![1.0, 2.0]),
            knm: Some(SquareMatrix {
                n: 2,
                data: vec![0.0; 3]
            }),
            ..Default::default()
        })),
        "knm.data.length"
    );
    assert_eq!(field_of(UpdeStepper::random_state(0, Some(1))), "n");

    let mut sec = SecFunctional::new(SecOptions::default()).unwrap();
    assert_eq!(field_of(sec.evaluate(&[], None, 0.01)), "theta.length");
    assert_eq!(
        field_of(sec.evaluate(&[0.0; 16], Some(&[0.0; 16]), 0.0)),
        "dt"
    );
    assert_eq!(
        field_of(sec.update_coupling(&SquareMatrix {
            n: 16,
            data: vec![-1.0; 256]
        })),
        "knm.data[0]"
    );
    assert_eq!(
        field_of(SecFunctional::new(SecOptions {
            kappa: 1000.0,
            ..Default::default()
        })),
        "kappa"
    );

    let mut l16 = L16Controller::new(L16Options::default()).unwrap();
    let input = L16StepInput {
        r_global: 0.5,
        plv: 0.5,
        tcbo_p: 0.72,
        dt: 0.01,
        ..Default::default()
    };
    assert_eq!(
        field_of(l16.step(&L16StepInput {
            r_global: 1.5,
            ..input.clone()
        })),
        "rGlobal"
    );
    assert_eq!(
        field_of(l16.step(&L16StepInput {
            plv: f64::NAN,
            ..input.clone()
        })),
        "plv"
    );
    assert_eq!(
        field_of(l16.step(&L16StepInput {
            c8: -1.0,
            ..input.clone()
        })),
        "c8"
    );
    assert_eq!(
        field_of(l16.step(&L16StepInput {
            dt: 0.0,
            ..input.clone()
        })),
        "dt"
    );
    assert_eq!(
        field_of(l16.step(&L16StepInput {
            eigvecs: Some(SquareMatrix::identity(16)),
            ..input.clone()
        })),
        "phiTarget"
    );
    assert!(
        l16.h_rec_history().is_empty(),
        "a rejected step changes nothing"
    );
    assert_eq!(
        field_of(L16Controller::new(L16Options {
            plv_window: 0,
            ..Default::default()
        })),
        "plvWindow"
    );
}

#[test]
fn sec_stability_and_coupling() {
    let mut sec = SecFunctional::new(SecOptions::default()).unwrap();
    let v0 = sec.v_max();
    let mut k = default_knm();
    for x in k.data.iter_mut() {
        *x *= 2.0;
    }
    sec.update_coupling(&k).unwrap();
    assert!((sec.v_max() - 2.0 * v0).abs() < 1e-9);
    let base = SecResult {
        v: 0.0,
        v_normalised: 0.0,
        phase_score: 1.0,
        r_global: 1.0,
        dv_dt: Some(-0.01),
        v_coupling: 0.0,
        v_frequency: 0.0,
        v_entropy: 0.0,
    };
    assert!(SecFunctional::is_stable(&base, 0.0).unwrap());
    assert!(SecFunctional::is_stable(
        &SecResult {
            dv_dt: Some(0.005),
            ..base.clone()
        },
        0.01
    )
    .unwrap());
    assert!(!SecFunctional::is_stable(
        &SecResult {
            dv_dt: Some(0.005),
            ..base.clone()
        },
        0.001
    )
    .unwrap());
    assert!(!SecFunctional::is_stable(
        &SecResult {
            dv_dt: None,
            ..base
        },
        1.0
    )
    .unwrap());
}

#[test]
fn overflow_is_an_error_not_nan() {
    let mut s = UpdeStepper::new(UpdeOptions {
        omega: Some(vec![f64::MAX, f64::MAX]),
        knm: Some(SquareMatrix::zeros(2)),
        field_pressure: f64::MAX,
        noise_amplitude: 0.0,
        seed: Some(1),
        ..Default::default()
    })
    .unwrap();
    let err = s.run_from_theta(&[0.0, 0.0], 3).unwrap_err();
    assert!(err.field.starts_with("theta["), "{err}");
    let ok = s.create_state(&[0.0, 0.0]).unwrap();
    let huge = UpdeState {
        step_count: u64::MAX,
        ..ok
    };
    assert_eq!(s.run(&huge, 1).unwrap_err().field, "nSteps");
    let mut big = default_knm();
    big.data[1] = f64::MAX;
    big.data[2] = f64::MAX;
    assert_eq!(
        SecFunctional::new(SecOptions {
            knm: Some(big),
            ..Default::default()
        })
        .unwrap_err()
        .field,
        "knm.data"
    );
}
