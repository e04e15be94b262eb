//! Criterion benches of the pure kernel: the cost native can save at most (no boundary).

use std::hint::black_box;

use backfire_core::StreamingKernel;
use backfire_core::types::Config;
use backfire_core::types::session::Trace;
use criterion::{Criterion, criterion_group, criterion_main};

fn kernel(c: &mut Criterion) {
    let k = StreamingKernel::new(Config::default());
    let tokens: Vec<&str> = (0..100)
        .map(|i| if i % 10 == 9 { "end. " } else { "word " })
        .collect();
    let scores: Vec<f64> = (0..100)
        .map(|i| 0.8 + 0.15 * (i as f64 / 3.0).sin())
        .collect();
    let long: Vec<f64> = (0..1000)
        .map(|i| 0.8 + 0.15 * (i as f64 / 3.0).sin())
        .collect();

    c.bench_function("monitor push x1000 (trace off)", |b| {
        b.iter(|| {
            let mut m = k.monitor(Trace::Off);
            for &s in &long {
                black_box(m.push_with(s, None, || false).unwrap());
            }
            m.end().token_count
        })
    });
    c.bench_function("stream_scores 100 tokens (trace scores)", |b| {
        b.iter(|| {
            k.stream_scores(black_box(&tokens), black_box(&scores), Trace::Scores)
                .unwrap()
                .token_count
        })
    });
    c.bench_function("stream_scores 100 tokens (full trace)", |b| {
        b.iter(|| {
            k.stream_scores(black_box(&tokens), black_box(&scores), Trace::Full)
                .unwrap()
                .token_count
        })
    });
}

criterion_group!(benches, kernel);
criterion_main!(benches);
