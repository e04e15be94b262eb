//! Kernels: a policy plus a kill switch. `monitor()` opens independent per-stream monitors; the
//! seed's batch calls run one monitor and latch the kernel on a hard-limit halt.

use std::sync::Arc;

use backfire_types::session::Trace;
use backfire_types::{BackfireError, Config, HaltKind, Session, Value};

use crate::batch::{BatchError, BatchSource, Scored, SliceSource};
use crate::monitor::{KillSwitch, Monitor};

/// The seed's interrupt text for a hard-limit halt of `SafetyKernel.streamOutput`.
pub const COHERENCE_INTERRUPT: &str = "[KERNEL INTERRUPT: COHERENCE LIMIT EXCEEDED]";

/// The streaming interlock: hard limit, window average and least-squares downward trend.
#[derive(Clone, Debug)]
pub struct StreamingKernel {
    config: Arc<Config>,
    kill: KillSwitch,
}

impl StreamingKernel {
    pub fn new(config: Config) -> Self {
        StreamingKernel {
            config: Arc::new(config),
            kill: KillSwitch::new(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// False between `emergency_stop()` and `reactivate()`.
    pub fn is_active(&self) -> bool {
        self.kill.is_active()
    }

    /// Halts every monitor of this kernel at its next token, until `reactivate()`.
    pub fn emergency_stop(&self) {
        self.kill.set(false);
    }

    pub fn reactivate(&self) {
        self.kill.set(true);
    }

    /// An independent monitor for one stream.
    pub fn monitor(&self, trace: Trace) -> Monitor {
        Monitor::new(Arc::clone(&self.config), self.kill.clone(), trace)
    }

    /// The seed's batch call over any token source (docs/kernel.md, "Kernels"): tokens are read
    /// one at a time, due tokens are scored by the source, a failed score halts with
    /// `callback_error`, a failing source halts with `source_error` and returns the session so far.
    /// A `hard_limit` halt latches the kernel.
    pub fn run_batch<S: BatchSource>(
        &self,
        source: &mut S,
        trace: Trace,
    ) -> Result<Session, BatchError<S::Error>> {
        let mut m = self.monitor(trace);
        loop {
            match source.advance() {
                Ok(true) => {}
                Ok(false) => break,
                Err(err) => {
                    m.halt_external(HaltKind::SourceError, HaltKind::SourceError.as_str());
                    m.end();
                    return Err(BatchError::Source {
                        error: err,
                        session: Box::new(m.into_session()),
                    });
                }
            }
            if m.halted() {
                break;
            }
            // A stopped kernel halts the token before its score is asked for (step 2 before step 3).
            if !m.score_due() || !self.kill.is_active() {
                let text = source.text();
                m.push_with(0.0, text.as_deref(), || source.sentence_end())
                    .expect("a batch monitor is never ended inside the loop");
                continue;
            }
            let index = m.next_index();
            match source.score(index) {
                Scored::Score(s) => {
                    let text = source.text();
                    m.push_with(s, text.as_deref(), || source.sentence_end())
                        .expect("a batch monitor is never ended inside the loop");
                }
                Scored::Failed => {
                    let text = source.text();
                    m.fail(text.as_deref(), HaltKind::CallbackError)
                        .expect("a batch monitor is never ended inside the loop");
                    break;
                }
                Scored::Rethrow(err) => {
                    m.end();
                    return Err(BatchError::Rethrow {
                        error: err,
                        session: Box::new(m.into_session()),
                    });
                }
            }
        }
        m.end();
        let session = m.into_session();
        if session.halt_kind == Some(HaltKind::HardLimit) {
            self.emergency_stop();
        }
        Ok(session)
    }

    /// `streamTokens(tokens, (t, { index }) => scores[index])` in one call: scores of tokens that
    /// are not due under `scoreEveryN` are ignored. `scores` must hold one score per token.
    pub fn stream_scores(
        &self,
        tokens: &[&str],
        scores: &[f64],
        trace: Trace,
    ) -> Result<Session, BackfireError> {
        check_scores_len(tokens.len(), scores.len())?;
        match self.run_batch(&mut SliceSource::new(tokens, scores), trace) {
            Ok(s) => Ok(s),
            Err(BatchError::Source { error, .. } | BatchError::Rethrow { error, .. }) => {
                match error {}
            }
        }
    }

    /// The seed's string form: the output, or `[KERNEL INTERRUPT: <reason>]` when halted.
    pub fn stream_output(&self, tokens: &[&str], scores: &[f64]) -> Result<String, BackfireError> {
        let s = self.stream_scores(tokens, scores, Trace::Full)?;
        Ok(interrupt_text(&s, false).unwrap_or_else(|| s.output()))
    }
}

/// The batch calls need one score per token.
pub fn check_scores_len(tokens: usize, scores: usize) -> Result<(), BackfireError> {
    if scores < tokens {
        return Err(BackfireError::input(
            "scores",
            Value::Number(scores as f64),
            &format!("must hold one score per token ({tokens} tokens)"),
        ));
    }
    Ok(())
}

/// The interrupt string of a halted session, `None` when it did not halt. `safety` selects
/// `SafetyKernel`'s text for a hard-limit halt.
pub fn interrupt_text(session: &Session, safety: bool) -> Option<String> {
    if !session.halted {
        return None;
    }
    if safety && session.halt_kind == Some(HaltKind::HardLimit) {
        return Some(COHERENCE_INTERRUPT.to_owned());
    }
    Some(format!("[KERNEL INTERRUPT: {}]", session.halt_reason))
}

/// The seed's hard-limit interlock: window and trend can never fire.
#[derive(Clone, Debug)]
pub struct SafetyKernel {
    inner: StreamingKernel,
}

impl SafetyKernel {
    /// `new SafetyKernel(limit)`: `limit` as passed (a number, or whatever the caller got).
    pub fn new(hard_limit: &Value) -> Result<Self, BackfireError> {
        // `Math.max(limit, 0.7)`: NaN stays NaN; a non-number fails the hardLimit check first.
        let soft = match hard_limit {
            Value::Number(x) if x.is_nan() => f64::NAN,
            Value::Number(x) => x.max(0.7),
            _ => 0.7,
        };
        let entries = vec![
            ("hardLimit".to_owned(), hard_limit.clone()),
            ("softLimit".to_owned(), Value::Number(soft)),
            ("windowThreshold".to_owned(), Value::Number(0.0)),
            ("trendWindow".to_owned(), Value::Number(2.0)),
            ("trendThreshold".to_owned(), Value::Number(f64::MAX)),
        ];
        Ok(SafetyKernel {
            inner: StreamingKernel::new(Config::from_entries(&entries)?),
        })
    }

    /// The error for a constructor argument that is neither a number nor an options object.
    pub fn invalid_limit(value: Value) -> BackfireError {
        BackfireError::config("hardLimit", value, "must be a finite number in [0, 1]")
    }

    pub fn with_limit(hard_limit: f64) -> Result<Self, BackfireError> {
        Self::new(&Value::Number(hard_limit))
    }

    pub fn hard_limit(&self) -> f64 {
        self.inner.config().hard_limit
    }

    pub fn kernel(&self) -> &StreamingKernel {
        &self.inner
    }

    pub fn is_active(&self) -> bool {
        self.inner.is_active()
    }

    pub fn emergency_stop(&self) {
        self.inner.emergency_stop();
    }

    pub fn reactivate(&self) {
        self.inner.reactivate();
    }

    /// The joined tokens, or the interrupt text when the stream halted.
    pub fn stream_output(&self, tokens: &[&str], scores: &[f64]) -> Result<String, BackfireError> {
        let s = self.inner.stream_scores(tokens, scores, Trace::Full)?;
        Ok(interrupt_text(&s, true).unwrap_or_else(|| s.output()))
    }
}
