//! UPDE step (16 oscillators, default Ω and K, σ = 0.05): one step per call, and a batch of 1000
//! (the shape the napi layer uses: one boundary crossing per `run`).
use backfire_physics::{UpdeOptions, UpdeStepper};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn upde(c: &mut Criterion) {
    let mut stepper = UpdeStepper::new(UpdeOptions {
        seed: Some(1),
        ..UpdeOptions::default()
    })
    .unwrap();
    let start: Vec<f64> = (0..16).map(|i| 0.1 * i as f64).collect();
    let state = stepper.create_state(&start).unwrap();
    c.bench_function("upde_step_16", |b| {
        b.iter(|| stepper.run(black_box(&state), 1).unwrap())
    });
    c.bench_function("upde_run_1000_16", |b| {
        b.iter(|| stepper.run(black_box(&state), 1000).unwrap())
    });
}

criterion_group!(benches, upde);
criterion_main!(benches);
