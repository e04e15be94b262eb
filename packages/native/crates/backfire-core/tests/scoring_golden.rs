//! Every vector of testdata/nli (heuristic NLI and tokenizer, formats in testdata/nli/README.md)
//! and testdata/knowledge (BM25) through the Rust port: numbers to 1e-12, ids, cue kinds, tokens,
//! terms and sentences exactly.

use std::path::PathBuf;

use backfire_core::knowledge::{Document, Knowledge};
use backfire_core::nli::{ExplainOptions, Grounding, HeuristicNli};
use backfire_core::text::{content_terms, split_sentences, tokenize};
use serde_json::Value as Json;

fn testdata(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../testdata")
        .join(sub)
}

fn read(path: PathBuf) -> Json {
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn strings(v: &Json) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12
}

#[test]
fn nli_vectors() {
    let dir = testdata("nli");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name().is_some_and(|n| n != "tokenizer.json")
        })
        .collect();
    files.sort();
    // A fresh instance and a shared one (warm caches) must agree with the vectors alike.
    let mut shared = HeuristicNli::default();
    let mut total = 0;
    let mut failures = Vec::new();
    for path in files {
        let doc = read(path.clone());
        for c in doc["cases"].as_array().unwrap() {
            total += 1;
            let name = c["name"].as_str().unwrap();
            let premise = c["premise"].as_str().unwrap();
            let hypothesis = c["hypothesis"].as_str().unwrap();
            let context = c["context"].as_str().unwrap_or("");
            // Question-aware cases: explain(premise, hypothesis, context, { question, answers,
            // grounding }); their cue's `detail` is pinned too (null when no cue fired).
            let question = c["question"].as_str();
            let options = ExplainOptions {
                specifics: None,
                question,
                answers: c["answers"].as_bool(),
                grounding: match c["grounding"].as_str() {
                    None => Grounding::Contradiction,
                    Some(g) => Grounding::parse(g).expect("a valid grounding"),
                },
            };
            let detail = c.get("detail");
            for (label, nli) in [
                ("fresh", &mut HeuristicNli::default()),
                ("shared", &mut shared),
            ] {
                let e = nli.explain(premise, hypothesis, context, options);
                let want = |k: &str| c[k].as_f64().unwrap();
                let cue = e.cue.as_ref().map(|c| c.kind.as_str());
                let got_detail = e.cue.as_ref().map(|c| c.detail.as_str());
                if !close(e.divergence, want("divergence"))
                    || !close(e.contradiction, want("contradiction"))
                    || !close(e.unsupported, want("unsupported"))
                    || cue != c["cue"].as_str()
                    || detail.is_some_and(|d| d.as_str() != got_detail)
                {
                    failures.push(format!(
                        "{} {name} ({label}): got d={} c={} u={} cue={cue:?} detail={got_detail:?}, want d={} c={} u={} cue={} detail={}",
                        path.file_name().unwrap().to_string_lossy(),
                        e.divergence,
                        e.contradiction,
                        e.unsupported,
                        want("divergence"),
                        want("contradiction"),
                        want("unsupported"),
                        c["cue"],
                        detail.unwrap_or(&Json::Null)
                    ));
                }
                if context.is_empty() && question.is_none() {
                    assert_eq!(nli.divergence(premise, hypothesis), e.divergence, "{name}");
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} pairs differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 300, "only {total} NLI pairs found");
}

#[test]
fn tokenizer_vectors() {
    let doc = read(testdata("nli/tokenizer.json"));
    let cases = doc["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    for c in cases {
        let text = c["text"].as_str().unwrap();
        assert_eq!(tokenize(text), strings(&c["tokens"]), "tokens of {text:?}");
        assert_eq!(
            content_terms(text),
            strings(&c["terms"]),
            "terms of {text:?}"
        );
        assert_eq!(
            split_sentences(text),
            strings(&c["sentences"]),
            "sentences of {text:?}"
        );
    }
}

#[test]
fn bm25_vectors() {
    let doc = read(testdata("knowledge/bm25.json"));
    let mut kb = Knowledge::new();
    for d in doc["store"]["documents"].as_array().unwrap() {
        kb.add_document(&Document {
            id: d["id"].as_str().unwrap(),
            text: d["text"].as_str().unwrap(),
            source: d["source"].as_str(),
            tenant: d["tenant"].as_str(),
        })
        .unwrap();
    }
    for f in doc["store"]["facts"].as_array().unwrap() {
        kb.add_fact(
            f["key"].as_str().unwrap(),
            f["value"].as_str().unwrap(),
            f["tenant"].as_str(),
        )
        .unwrap();
    }
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 75);
    for (i, c) in cases.iter().enumerate() {
        let query = c["query"].as_str().unwrap();
        let k = c["k"].as_f64().unwrap_or(3.0);
        let got = kb.retrieve(query, k, c["tenant"].as_str()).unwrap();
        let expected = c["expected"].as_array().unwrap();
        let got_ids: Vec<&str> = got.iter().map(|g| g.id).collect();
        let want_ids: Vec<&str> = expected.iter().map(|e| e["id"].as_str().unwrap()).collect();
        assert_eq!(got_ids, want_ids, "case {i}: {query:?}");
        for (g, e) in got.iter().zip(expected) {
            assert!(
                close(g.score, e["score"].as_f64().unwrap()),
                "case {i} {}: {} vs {}",
                g.id,
                g.score,
                e["score"]
            );
        }
    }
}
