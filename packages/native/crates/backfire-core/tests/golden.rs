//! Runs every case of testdata/kernel/*.json (format: testdata/kernel/README.md) through a fresh
//! kernel: once through a monitor, once through the batch call. Numbers must match to 1e-12 and
//! reasons exactly.

use std::path::PathBuf;

use backfire_core::types::session::Trace;
use backfire_core::types::{Config, HaltKind, Session, Value};
use backfire_core::{BatchSource, Scored, StreamingKernel, is_sentence_end};
use serde_json::Value as Json;

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../testdata/kernel")
}

struct Case {
    file: String,
    name: String,
    config: Config,
    tokens: Vec<String>,
    scores: Vec<Json>,
    stop_before: Option<usize>,
    expected: Json,
}

fn load() -> Vec<Case> {
    let mut files: Vec<_> = std::fs::read_dir(testdata())
        .expect("testdata/kernel exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no golden vectors found");
    let mut cases = vec![];
    for path in files {
        let doc: Json = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for c in doc["cases"].as_array().expect("cases array") {
            let entries: Vec<(String, Value)> = c["config"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| {
                    let value = match v {
                        Json::Number(n) => Value::Number(n.as_f64().unwrap()),
                        Json::String(s) => Value::string(s),
                        other => panic!("unexpected config value {other}"),
                    };
                    (k.clone(), value)
                })
                .collect();
            cases.push(Case {
                file: path.file_name().unwrap().to_string_lossy().into_owned(),
                name: c["name"].as_str().unwrap().to_owned(),
                config: Config::from_entries(&entries).expect("golden configs are valid"),
                tokens: c["tokens"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_owned())
                    .collect(),
                scores: c["scores"].as_array().unwrap().clone(),
                stop_before: c
                    .get("stopBefore")
                    .and_then(|v| v.as_u64())
                    .map(|v| v as usize),
                expected: c["expected"].clone(),
            });
        }
    }
    cases
}

/// What the callback does for a score entry: `Some(x)` returns x, `None` throws or returns garbage.
fn score_of(entry: &Json) -> Option<f64> {
    match entry {
        Json::Number(n) => Some(n.as_f64().unwrap()),
        Json::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            "throw" | "string" => None,
            other => panic!("unknown score entry {other:?}"),
        },
        other => panic!("unknown score entry {other}"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 || (a == b)
}

fn check(case: &Case, how: &str, s: &Session, output: &str) -> Vec<String> {
    let e = &case.expected;
    let mut bad = vec![];
    let mut eq = |field: &str, ok: bool, got: String| {
        if !ok {
            bad.push(format!(
                "{}/{} [{how}] {field}: got {got}, want {}",
                case.file, case.name, e[field]
            ));
        }
    };
    eq(
        "halted",
        e["halted"].as_bool() == Some(s.halted),
        s.halted.to_string(),
    );
    eq(
        "softHalted",
        e["softHalted"].as_bool() == Some(s.soft_halted),
        s.soft_halted.to_string(),
    );
    eq(
        "haltIndex",
        e["haltIndex"].as_i64() == Some(s.halt_index),
        s.halt_index.to_string(),
    );
    let kind = s.halt_kind.map(HaltKind::as_str);
    eq(
        "haltKind",
        e["haltKind"].as_str() == kind,
        format!("{kind:?}"),
    );
    eq(
        "haltReason",
        e["haltReason"].as_str() == Some(s.halt_reason.as_str()),
        format!("{:?}", s.halt_reason),
    );
    eq(
        "output",
        e["output"].as_str() == Some(output),
        format!("{output:?}"),
    );
    eq(
        "warningCount",
        e["warningCount"].as_u64() == Some(s.warning_count as u64),
        s.warning_count.to_string(),
    );
    eq(
        "tokenCount",
        e["tokenCount"].as_u64() == Some(s.token_count as u64),
        s.token_count.to_string(),
    );
    let want: Vec<f64> = e["coherence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let same = want.len() == s.coherence_history.len()
        && want
            .iter()
            .zip(&s.coherence_history)
            .all(|(a, b)| close(*a, *b));
    eq("coherence", same, format!("{:?}", s.coherence_history));
    eq(
        "avgCoherence",
        close(e["avgCoherence"].as_f64().unwrap(), s.avg_coherence()),
        s.avg_coherence().to_string(),
    );
    eq(
        "minCoherence",
        close(e["minCoherence"].as_f64().unwrap(), s.min_coherence()),
        s.min_coherence().to_string(),
    );
    bad
}

fn run_monitor(case: &Case) -> Session {
    let kernel = StreamingKernel::new(case.config.clone());
    let mut m = kernel.monitor(Trace::Full);
    for (i, token) in case.tokens.iter().enumerate() {
        if case.stop_before == Some(i) {
            kernel.emergency_stop();
        }
        let step = if !m.score_due() {
            m.push(token, 0.0)
        } else {
            match score_of(&case.scores[i]) {
                Some(x) => m.push(token, x),
                None => m.fail(Some(token), HaltKind::CallbackError),
            }
        };
        step.unwrap();
    }
    m.end();
    m.into_session()
}

/// The batch call's source: the callback stops the kernel when the next token is `stopBefore`.
struct GoldenSource<'a> {
    case: &'a Case,
    kernel: &'a StreamingKernel,
    next: usize,
}

impl BatchSource for GoldenSource<'_> {
    type Error = ();
    fn advance(&mut self) -> Result<bool, ()> {
        if self.case.stop_before == Some(self.next) {
            self.kernel.emergency_stop();
        }
        if self.next == self.case.tokens.len() {
            return Ok(false);
        }
        self.next += 1;
        Ok(true)
    }
    fn score(&mut self, index: u32) -> Scored<()> {
        match score_of(&self.case.scores[index as usize]) {
            Some(x) => Scored::Score(x),
            None => Scored::Failed,
        }
    }
    fn text(&mut self) -> Option<String> {
        Some(self.case.tokens[self.next - 1].clone())
    }
    fn sentence_end(&mut self) -> bool {
        is_sentence_end(&self.case.tokens[self.next - 1])
    }
}

#[test]
fn every_golden_vector_passes_through_a_monitor_and_the_batch_call() {
    let cases = load();
    assert!(
        cases.len() >= 100,
        "expected the full golden set, found {}",
        cases.len()
    );
    let mut failures = vec![];
    for case in &cases {
        let s = run_monitor(case);
        failures.extend(check(case, "monitor", &s, &s.output()));

        let kernel = StreamingKernel::new(case.config.clone());
        let mut source = GoldenSource {
            case,
            kernel: &kernel,
            next: 0,
        };
        let s = kernel
            .run_batch(&mut source, Trace::Full)
            .expect("golden sources do not fail");
        failures.extend(check(case, "batch", &s, &s.output()));
        // The seed's latch: a batch hard-limit halt stops the kernel, nothing else does.
        let latched = s.halt_kind == Some(HaltKind::HardLimit)
            || case.stop_before.is_some_and(|b| b <= case.tokens.len());
        assert_eq!(kernel.is_active(), !latched, "{}: kernel latch", case.name);
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
