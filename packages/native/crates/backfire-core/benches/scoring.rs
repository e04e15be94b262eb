//! Criterion benches for the scoring stack: `review` of one sentence and retrieval against a
//! 10,000-passage knowledge base (the `pnpm bench` rows measure the same through the addon, where
//! each call also pays a JS→Rust crossing).
use backfire_core::knowledge::{Document, Knowledge};
use backfire_core::scoring::{CoherenceScorer, ScorerOptions};
use criterion::{Criterion, black_box, criterion_group, criterion_main};

const SYLLABLES: [&str; 12] = [
    "ka", "lo", "mi", "ren", "tor", "va", "sel", "du", "pra", "quin", "zo", "bel",
];
const PROMPT: &str = "When was the Eiffel Tower completed?";
const SENTENCE: &str = "The Eiffel Tower was completed in March 1899 for the World Fair.";

/// Deterministic filler passages over a 5,000-word vocabulary, plus the facts the query is about.
fn knowledge(n: usize) -> Knowledge {
    let vocab: Vec<String> = (0..5000)
        .map(|i| {
            let mut w = String::new();
            let mut x = i + 7;
            loop {
                w.push_str(SYLLABLES[x % SYLLABLES.len()]);
                x /= SYLLABLES.len();
                if x == 0 {
                    break;
                }
            }
            w
        })
        .collect();
    let mut seed: u32 = 42;
    let mut next = || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        seed as usize
    };
    let texts: Vec<(String, String)> = (0..n)
        .map(|d| {
            let words: Vec<&str> = (0..24)
                .map(|_| vocab[next() % vocab.len()].as_str())
                .collect();
            (format!("p{d}"), format!("{}.", words.join(" ")))
        })
        .collect();
    let mut kb = Knowledge::new();
    let mut docs: Vec<Document<'_>> = texts
        .iter()
        .map(|(id, text)| Document {
            id,
            text,
            source: None,
            tenant: None,
        })
        .collect();
    docs.push(Document {
        id: "eiffel-completed",
        text: "The Eiffel Tower was completed in March 1889 for the World Fair.",
        source: None,
        tenant: None,
    });
    kb.add_documents(&docs).expect("valid documents");
    kb
}

fn bench_scoring(c: &mut Criterion) {
    let mut kb = knowledge(10_000);
    let mut scorer = CoherenceScorer::new(ScorerOptions::default()).expect("default options");
    c.bench_function("review one sentence, 10,000 passages", |b| {
        b.iter(|| {
            scorer
                .review(Some(&mut kb), black_box(PROMPT), black_box(SENTENCE), None)
                .expect("review")
                .score
        })
    });
    c.bench_function("retrieve k=3, 10,000 passages", |b| {
        b.iter(|| {
            kb.retrieve(black_box(SENTENCE), 3.0, None)
                .expect("retrieve")
                .len()
        })
    });
}

criterion_group!(benches, bench_scoring);
criterion_main!(benches);
