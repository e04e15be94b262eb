//! SSGF at n = 16 (default options, seed 42): one outer step with the analytic gradient, and the
//! 16×16 Jacobi eigen-solve that dominates it.
use backfire_ssgf::{laplacian_spectrum, SsgfEngine, SsgfOptions};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn ssgf(c: &mut Criterion) {
    let mut engine = SsgfEngine::new(SsgfOptions {
        seed: Some(42),
        ..SsgfOptions::default()
    })
    .unwrap();
    engine.run(5).unwrap();
    c.bench_function("ssgf_outer_step_analytic_16", |b| {
        b.iter(|| black_box(engine.outer_step().unwrap()))
    });
    let w = engine.w();
    c.bench_function("ssgf_laplacian_eigen_16", |b| {
        b.iter(|| laplacian_spectrum(black_box(&w.data), 16, None, 50, 1e-14))
    });
}

criterion_group!(benches, ssgf);
criterion_main!(benches);
