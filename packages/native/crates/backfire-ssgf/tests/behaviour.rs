//! Invariants, the C9 gradient against finite differences at n = 16, and validation.
use backfire_physics::{PhysicsResult, PhysicsRng, SquareMatrix};
use backfire_ssgf::*;

fn only(w: SsgfWeights) -> SsgfWeights {
    w
}
const ZERO: SsgfWeights = SsgfWeights {
    micro: 0.0,
    c7: 0.0,
    c8: 0.0,
    c9: 0.0,
    c10: 0.0,
    reg: 0.0,
    c4: 0.0,
    pgbo: 0.0,
};

fn field_of<T: std::fmt::Debug>(r: PhysicsResult<T>) -> String {
    r.expect_err("expected an error").field
}

#[test]
fn decoded_weights_are_valid_and_spectra_in_range() {
    let mut rng = PhysicsRng::new(5);
    for _ in 0..60 {
        let n = 2 + (rng.next_u64() % 8) as usize;
        let z: Vec<f64> = (0..n * (n - 1) / 2)
            .map(|_| (rng.next_f64() - 0.5) * 100.0)
            .collect();
        let w = decode_weights(&z, n, SsgfDecoder::GramSoftplus, 1, 1.0).unwrap();
        assert!(is_valid_weights(&w.data, n));
        let spec = laplacian_spectrum(&w.data, n, None, 50, 1e-14);
        assert!(spec.eigen.converged);
        for k in 0..n {
            assert!((0.0..=2.0).contains(&spec.eigen.values[k]));
            if k > 0 {
                assert!(spec.eigen.values[k] >= spec.eigen.values[k - 1]);
            }
        }
        let v = &spec.eigen.vectors.data;
        for a in 0..n {
            for b in 0..n {
                let dot: f64 = (0..n).map(|r| v[r * n + a] * v[r * n + b]).sum();
                assert!((dot - if a == b { 1.0 } else { 0.0 }).abs() < 1e-10);
            }
        }
    }
}

#[test]
fn nonconvergence_is_reported() {
    let n = 12;
    let a: Vec<f64> = (0..n * n)
        .map(|k| 1.0 / (1.0 + (k / n) as f64 + (k % n) as f64))
        .collect();
    let m = SquareMatrix { n, data: a };
    assert!(
        !symmetric_eigen(
            &m,
            &EigenOptions {
                max_sweeps: 1,
                ..Default::default()
            }
        )
        .unwrap()
        .converged
    );
    assert!(
        symmetric_eigen(&m, &EigenOptions::default())
            .unwrap()
            .converged
    );
    assert_eq!(
        field_of(symmetric_eigen(
            &SquareMatrix {
                n: 2,
                data: vec![1.0, 2.0, 3.0, 4.0]
            },
            &EigenOptions::default()
        )),
        "a.data[2]"
    );
}

#[test]
fn c9_gradient_counted_once_at_n16() {
    let e = SsgfEngine::new(SsgfOptions {
        seed: Some(4),
        weights: only(SsgfWeights { c9: 0.2, ..ZERO }),
        fd_eps: 1e-6,
        ..SsgfOptions::default()
    })
    .unwrap();
    let a = e.analytic_gradient();
    let fd = e.fd_gradient(None);
    let mut nonzero = 0;
    for (x, y) in a.iter().zip(&fd) {
        assert!((x - y).abs() < 1e-8 + 1e-6 * y.abs(), "{x} vs {y}");
        if y.abs() > 1e-6 {
            nonzero += 1;
        }
    }
    assert_eq!(nonzero, 15);
}

#[test]
fn engine_is_deterministic_and_logs_are_valid() {
    let run = |seed| {
        SsgfEngine::new(SsgfOptions {
            seed: Some(seed),
            ..SsgfOptions::default()
        })
        .unwrap()
        .run(5)
        .unwrap()
    };
    let a = run(42);
    assert_eq!(a, run(42));
    assert_ne!(a[0].r_global, run(43)[0].r_global);
    for (i, l) in a.iter().enumerate() {
        assert_eq!(l.step, i as u64);
        assert!(l.w_valid && l.eigval_ordered && l.eigen_converged);
        assert!((0.0..=1.0).contains(&l.r_global));
        assert!(l.costs.u_total.is_finite());
    }
}

#[test]
fn validation_names_the_field() {
    let bad = |o: SsgfOptions| field_of(SsgfEngine::new(o));
    assert_eq!(
        bad(SsgfOptions {
            omega: Some(vec![1.0, 2.0]),
            ..Default::default()
        }),
        "knm"
    );
    assert_eq!(
        bad(SsgfOptions {
            omega: Some(vec![1.0; 5]),
            knm: Some(SquareMatrix::zeros(5)),
            ..Default::default()
        }),
        "c8Index"
    );
    assert_eq!(
        bad(SsgfOptions {
            knm: Some(SquareMatrix {
                n: 16,
                data: vec![0.0; 10]
            }),
            ..Default::default()
        }),
        "knm.data.length"
    );
    assert_eq!(
        bad(SsgfOptions {
            omega: Some(vec![f64::NAN; 16]),
            ..Default::default()
        }),
        "omega[0]"
    );
    assert_eq!(
        bad(SsgfOptions {
            weights: SsgfWeights {
                c9: -1.0,
                ..Default::default()
            },
            ..Default::default()
        }),
        "weights.c9"
    );
    assert_eq!(
        bad(SsgfOptions {
            protected_mask: Some(vec![true]),
            ..Default::default()
        }),
        "protectedMask"
    );
    assert_eq!(
        bad(SsgfOptions {
            n_micro: 0,
            ..Default::default()
        }),
        "nMicro"
    );
    assert_eq!(
        bad(SsgfOptions {
            dt_micro: -1.0,
            ..Default::default()
        }),
        "dtMicro"
    );
    let mut e = SsgfEngine::new(SsgfOptions {
        seed: Some(2),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(field_of(e.set_tcbo_p(1.5)), "p");
    assert_eq!(field_of(e.set_z(&[1.0, 2.0])), "z.length");
}

#[test]
fn warm_start_matches_cold_start() {
    let mut rng = PhysicsRng::new(8);
    for _ in 0..40 {
        let n = 3 + (rng.next_u64() % 8) as usize;
        let z: Vec<f64> = (0..n * (n - 1) / 2)
            .map(|_| rng.next_f64() * 4.0 - 2.0)
            .collect();
        let w = decode_weights(&z, n, SsgfDecoder::GramSoftplus, 1, 1.0)
            .unwrap()
            .data;
        let first = laplacian_spectrum(&w, n, None, 50, 1e-14);
        let z2: Vec<f64> = z.iter().map(|x| x + 0.01 * (x * 7.0).sin()).collect();
        let moved = decode_weights(&z2, n, SsgfDecoder::GramSoftplus, 1, 1.0)
            .unwrap()
            .data;
        let cold = laplacian_spectrum(&moved, n, None, 50, 1e-14);
        let warm = laplacian_spectrum(&moved, n, Some(&first.eigen.vectors.data), 50, 1e-14);
        assert!(warm.eigen.converged);
        for k in 0..n {
            assert!((warm.eigen.values[k] - cold.eigen.values[k]).abs() < 1e-12);
        }
        let lap = laplacian_of(&moved, n);
        for k in 0..n {
            for i in 0..n {
                let lv: f64 = (0..n)
                    .map(|j| lap[i * n + j] * warm.eigen.vectors.data[j * n + k])
                    .sum();
                assert!(
                    (lv - warm.eigen.values[k] * warm.eigen.vectors.data[i * n + k]).abs() < 1e-9
                );
            }
        }
    }
}

#[test]
fn overflow_is_an_error_not_nan() {
    let mut e = SsgfEngine::new(SsgfOptions {
        omega: Some(vec![f64::MAX; 16]),
        field_pressure: f64::MAX,
        seed: Some(1),
        ..Default::default()
    })
    .unwrap();
    let err = e.outer_step().unwrap_err();
    assert!(err.field.starts_with("theta["), "{err}");
}
