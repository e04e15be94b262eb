//! Invariants and validation, as in the TypeScript tests.
use backfire_observers::*;
use backfire_physics::{wrap_phase, PhysicsResult, PhysicsRng, TAU};

fn field_of<T: std::fmt::Debug>(r: PhysicsResult<T>) -> String {
    r.expect_err("expected an error").field
}

#[test]
fn observer_lifecycle() {
    let mut obs = TcboObserver::new(TcboObserverOptions {
        n: 4,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(obs.state().probability, 0.0);
    assert_eq!(
        obs.push_and_compute(&[0.0, 1.0, 2.0, 3.0], true)
            .unwrap()
            .probability,
        0.0
    );
    let mut c = TcboObserver::new(TcboObserverOptions {
        n: 3,
        ..Default::default()
    })
    .unwrap();
    for _ in 0..60 {
        c.push(&[1.0, 2.0, 3.0]).unwrap();
    }
    let st = c.compute(true);
    assert_eq!((st.spread_index, st.probability), (0.0, 0.5));
    assert_eq!(st.buffer_size, c.samples_needed());
    c.reset();
    assert_eq!(c.state().buffer_size, 0);
}

#[test]
fn circle_embedding_is_rotation_invariant() {
    let spread = |offset: f64, embedding| {
        let mut o = TcboObserver::new(TcboObserverOptions {
            n: 1,
            embedding,
            ..Default::default()
        })
        .unwrap();
        for i in 0..60 {
            o.push(&[wrap_phase(offset + 0.02 * i as f64)]).unwrap();
        }
        o.compute(true).spread_index
    };
    assert!(
        (spread(6.0, TcboEmbedding::Circle) - spread(3.0, TcboEmbedding::Circle)).abs() < 1e-12
    );
    assert!(spread(6.0, TcboEmbedding::Angle) > 5.0 * spread(3.0, TcboEmbedding::Angle));
}

#[test]
fn controller_is_positional_and_bounded() {
    let mut ctl = TcboController::new(TcboControllerOptions::default()).unwrap();
    assert!((ctl.step(0.3, 0.01).unwrap() - (1.0 + 0.8 * 0.42 + 0.2 * 0.0042)).abs() < 1e-12);
    assert!(ctl.step(0.95, 0.01).unwrap() < 1.0);
    assert!(ctl.is_gate_open(None).unwrap());
    let mut rng = PhysicsRng::new(3);
    for _ in 0..1000 {
        let k = ctl.step(rng.next_f64(), 0.5).unwrap();
        assert!((0.0..=5.0).contains(&k));
    }
    ctl.reset();
    assert_eq!((ctl.integral(), ctl.last_error()), (0.0, 0.0));
    assert!(!ctl.is_gate_open(None).unwrap());
}

#[test]
fn pgbo_invariants() {
    let mut rng = PhysicsRng::new(17);
    for _ in 0..100 {
        let a: Vec<f64> = (0..6).map(|_| rng.next_f64() * TAU).collect();
        let b: Vec<f64> = (0..6).map(|_| rng.next_f64() * TAU).collect();
        let x: Vec<f64> = (0..6).map(|_| rng.next_f64() * 10.0 - 5.0).collect();
        let mut e = PgboEngine::new(PgboOptions {
            n: 6,
            u_cap: 2.0,
            ..Default::default()
        })
        .unwrap();
        e.compute(&a, 0.01).unwrap();
        let r = e.compute(&b, 0.01).unwrap();
        assert!(r.u_norm < 2.0);
        let mut quad = 0.0;
        for i in 0..6 {
            for j in 0..6 {
                assert!((r.h.data[i * 6 + j] - r.h.data[j * 6 + i]).abs() < 1e-12);
                quad += x[i] * r.h.data[i * 6 + j] * x[j];
            }
        }
        assert!(quad >= -1e-12);
    }
    let mut e = PgboEngine::new(PgboOptions {
        n: 4,
        u_cap: 1.0,
        ..Default::default()
    })
    .unwrap();
    e.set_boundary_potential(&[1.0; 4]).unwrap();
    e.compute(&[0.0; 4], 0.01).unwrap();
    e.reset();
    assert_eq!((e.u_norm(), e.h_frob()), (0.0, 0.0));
    assert_eq!(e.boundary_potential(), vec![1.0; 4]);
}

#[test]
fn validation_names_the_field() {
    assert_eq!(
        field_of(TcboObserver::new(TcboObserverOptions {
            embed_dim: 0,
            ..Default::default()
        })),
        "embedDim"
    );
    assert_eq!(
        field_of(TcboObserver::new(TcboObserverOptions {
            window_size: 2,
            ..Default::default()
        })),
        "windowSize"
    );
    assert_eq!(
        field_of(TcboObserver::new(TcboObserverOptions {
            tau_delay: 0,
            ..Default::default()
        })),
        "tauDelay"
    );
    assert_eq!(
        field_of(TcboObserver::new(TcboObserverOptions {
            threshold: 1.0,
            ..Default::default()
        })),
        "threshold"
    );
    let mut obs = TcboObserver::new(TcboObserverOptions {
        n: 2,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(field_of(obs.push(&[1.0])), "theta.length");
    assert_eq!(field_of(obs.push(&[1.0, f64::NAN])), "theta[1]");
    let mut ctl = TcboController::new(TcboControllerOptions::default()).unwrap();
    assert_eq!(field_of(ctl.step(1.2, 0.01)), "p");
    assert_eq!(field_of(ctl.step(0.5, -1.0)), "dt");
    let mut e = PgboEngine::new(PgboOptions {
        n: 4,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(field_of(e.compute(&[1.0, 2.0, 3.0], 0.01)), "theta.length");
    assert_eq!(field_of(e.compute(&[1.0; 4], 0.0)), "dt");
    assert_eq!(
        field_of(e.set_boundary_potential(&[1.0, 2.0, 3.0, f64::NAN])),
        "a[3]"
    );
    assert_eq!(
        field_of(PgboEngine::new(PgboOptions {
            n: 0,
            ..Default::default()
        })),
        "n"
    );
    assert_eq!(
        field_of(phase_geometry_bridge(
            &[1.0, 2.0],
            &[1.0],
            &BridgeOptions::default()
        )),
        "a.length"
    );
    assert_eq!(
        field_of(phase_geometry_bridge(
            &[1e200, 1e200],
            &[0.0, 0.0],
            &BridgeOptions::default()
        )),
        "u"
    );
    assert_eq!(
        field_of(phase_geometry_bridge(
            &[1e10, 0.0],
            &[0.0, 0.0],
            &BridgeOptions {
                kappa: 1e300,
                ..Default::default()
            }
        )),
        "h"
    );
    assert_eq!(field_of(obs.push(&[1e300, 0.0])), "theta[0]");
}
