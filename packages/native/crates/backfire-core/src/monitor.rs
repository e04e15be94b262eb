//! One stream's monitor: docs/kernel.md, "One token", step by step.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use backfire_types::session::Trace;
use backfire_types::{BackfireError, Config, HaltKind, HaltMode, Session, TokenEvent, Value};

use crate::format::{format_reason, invalid_score, is_sentence_end, sanitize_score};

/// The kernel-wide emergency stop, shared by a kernel and all of its monitors. It lives beside the
/// monitor (which reads it on every token) so that the kernel depends on the monitor and not back.
#[derive(Clone, Debug)]
pub struct KillSwitch(Arc<AtomicBool>);

impl KillSwitch {
    pub fn new() -> Self {
        KillSwitch(Arc::new(AtomicBool::new(true)))
    }

    pub fn is_active(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    pub(crate) fn set(&self, active: bool) {
        self.0.store(active, Ordering::Release);
    }
}

impl Default for KillSwitch {
    fn default() -> Self {
        Self::new()
    }
}

/// What a push did: the event, and whether the token was recorded (false once latched or stopped).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub event: TokenEvent,
    pub recorded: bool,
}

/// Watches one stream. State is private to the stream; only the kernel's kill switch is shared.
/// Each push is O(windowSize + trendWindow) and allocates nothing beyond the trace.
#[derive(Debug)]
pub struct Monitor {
    config: Arc<Config>,
    kill: KillSwitch,
    session: Session,
    window: Box<[f64]>,
    window_pos: usize,
    window_len: usize,
    trend: Box<[f64]>,
    trend_pos: usize,
    trend_len: usize,
    /// x offsets from their mean, and their sum of squares: they depend only on trendWindow, so
    /// they are computed once, in the order the per-token formula would use (bit-identical).
    dx: Box<[f64]>,
    den: f64,
    index: u32,
    last_score: f64,
    since_score: u32,
    pending: bool,
    pending_kind: Option<HaltKind>,
    pending_reason: String,
    extra: u32,
    ended: bool,
}

impl Monitor {
    pub(crate) fn new(config: Arc<Config>, kill: KillSwitch, trace: Trace) -> Self {
        let window = vec![0.0; config.window_size as usize].into_boxed_slice();
        let trend = vec![0.0; config.trend_window as usize].into_boxed_slice();
        let n = trend.len();
        let x_mean = (n as f64 - 1.0) / 2.0;
        let dx: Box<[f64]> = (0..n).map(|k| k as f64 - x_mean).collect();
        let mut den = 0.0;
        for d in dx.iter() {
            den += d * d;
        }
        Monitor {
            config,
            kill,
            session: Session::new(trace),
            window,
            window_pos: 0,
            window_len: 0,
            trend,
            trend_pos: 0,
            trend_len: 0,
            dx,
            den,
            index: 0,
            last_score: 0.0,
            since_score: 0,
            pending: false,
            pending_kind: None,
            pending_reason: String::new(),
            extra: 0,
            ended: false,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn halted(&self) -> bool {
        self.session.halted
    }

    /// True while a soft halt waits for the end of its sentence.
    pub fn halt_pending(&self) -> bool {
        self.pending
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn into_session(self) -> Session {
        self.session
    }

    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Index the next pushed token will get.
    pub fn next_index(&self) -> u32 {
        self.index
    }

    /// Whether the next token is scored under `scoreEveryN` (otherwise its score is ignored).
    pub fn score_due(&self) -> bool {
        self.index == 0 || self.since_score + 1 >= self.config.score_every_n
    }

    /// Records one token and its score (docs/kernel.md steps 1–8).
    pub fn push(&mut self, token: &str, score: f64) -> Result<Step, BackfireError> {
        self.push_with(score, Some(token), || is_sentence_end(token))
    }

    /// `push` for callers that keep the token text themselves: `sentence_end` is asked only when
    /// a soft halt needs it, and `text` (kept when tracing fully) may be omitted.
    pub fn push_with(
        &mut self,
        score: f64,
        text: Option<&str>,
        sentence_end: impl FnOnce() -> bool,
    ) -> Result<Step, BackfireError> {
        self.push_score(score, None, text, sentence_end)
    }

    /// `push_with` for a score that is not a number at all (a binding's caller passed a string,
    /// `undefined`, …): it counts as 0, like NaN, and a hard-limit reason names it by `type_name`,
    /// its JavaScript type (`typeof`, with `null` as `"null"`). A token that is not due ignores it,
    /// as it ignores any score.
    pub fn push_non_number(
        &mut self,
        type_name: &'static str,
        text: Option<&str>,
        sentence_end: impl FnOnce() -> bool,
    ) -> Result<Step, BackfireError> {
        self.push_score(0.0, Some(type_name), text, sentence_end)
    }

    fn push_score(
        &mut self,
        score: f64,
        non_number: Option<&'static str>,
        text: Option<&str>,
        sentence_end: impl FnOnce() -> bool,
    ) -> Result<Step, BackfireError> {
        self.check_open(text)?;
        let i = self.index;
        if self.session.halted {
            return Ok(self.dropped(i));
        }
        if !self.kill.is_active() {
            let s = &mut self.session;
            s.halted = true;
            s.halt_index = i as i64;
            s.halt_kind = Some(HaltKind::KernelInactive);
            s.halt_reason = HaltKind::KernelInactive.as_str().into();
            self.pending = false;
            return Ok(self.dropped(i));
        }
        let mut invalid = None;
        let value = if self.score_due() {
            let v = sanitize_score(score);
            // Only a 0 can stand for a score that was not a finite number.
            if v == 0.0 {
                invalid = non_number.or_else(|| invalid_score(score));
            }
            self.last_score = v;
            self.since_score = 0;
            v
        } else {
            self.since_score += 1;
            self.last_score
        };
        Ok(self.record(value, None, invalid, text, sentence_end))
    }

    /// Records a token whose score could not be produced (callback threw, timed out, returned
    /// garbage): score 0, and a halt of `kind` whatever the limits say.
    pub fn fail(&mut self, text: Option<&str>, kind: HaltKind) -> Result<Step, BackfireError> {
        self.check_open(text)?;
        if self.session.halted || !self.kill.is_active() {
            // The kill switch is checked before anything else (docs/kernel.md step 2).
            return self.push_with(0.0, text, || false);
        }
        self.last_score = 0.0;
        self.since_score = 0;
        Ok(self.record(0.0, Some(kind), None, text, || false))
    }

    /// Finalises the stream (a pending soft halt becomes a soft halt). Idempotent.
    pub fn end(&mut self) -> &Session {
        if !self.ended {
            self.ended = true;
            if self.pending {
                self.finalise_soft();
            }
            self.session.ended = Some(Instant::now());
        }
        &self.session
    }

    /// Halts from outside the score path (a failing token source): `haltIndex` is the next index.
    pub fn halt_external(&mut self, kind: HaltKind, reason: &str) {
        if self.session.halted {
            return;
        }
        self.halt(self.index, kind, reason.to_owned());
        self.pending = false;
    }

    fn check_open(&self, text: Option<&str>) -> Result<(), BackfireError> {
        if self.ended {
            let value = text.map_or(Value::Undefined, Value::string);
            return Err(BackfireError::new(
                backfire_types::ErrorCode::Input,
                "token",
                value,
                "cannot be pushed after end()",
            ));
        }
        Ok(())
    }

    /// `invalid` names this token's own score when it was not a finite number. Only the hard-limit
    /// reason measures that score; window and trend reasons measure aggregates and keep their text.
    fn record(
        &mut self,
        value: f64,
        forced: Option<HaltKind>,
        invalid: Option<&'static str>,
        text: Option<&str>,
        sentence_end: impl FnOnce() -> bool,
    ) -> Step {
        let i = self.index;
        self.index += 1;

        self.window[self.window_pos] = value;
        self.window_pos = if self.window_pos + 1 == self.window.len() {
            0
        } else {
            self.window_pos + 1
        };
        if self.window_len < self.window.len() {
            self.window_len += 1;
        }
        self.trend[self.trend_pos] = value;
        self.trend_pos = if self.trend_pos + 1 == self.trend.len() {
            0
        } else {
            self.trend_pos + 1
        };
        if self.trend_len < self.trend.len() {
            self.trend_len += 1;
        }

        self.session.token_count += 1;
        self.session.score_sum += value;
        if value < self.session.score_min {
            self.session.score_min = value;
        }

        let cfg = Arc::clone(&self.config);
        let mut halted = false;
        let mut warning = false;

        if let Some(kind) = forced {
            self.pending = false;
            self.halt(i, kind, kind.as_str().into());
            halted = true;
        } else if self.pending {
            if value < cfg.hard_limit {
                // A hard breach overrides the soft halt: the offending token is never delivered.
                self.pending = false;
                self.halt(
                    i,
                    HaltKind::HardLimit,
                    format_reason(HaltKind::HardLimit, value, cfg.hard_limit, invalid),
                );
                halted = true;
            } else {
                self.extra += 1;
                if sentence_end() || self.extra >= cfg.soft_halt_cap {
                    self.finalise_soft();
                    halted = true;
                }
            }
        } else {
            let mut fired: Option<(HaltKind, String)> = None;
            if value < cfg.hard_limit {
                fired = Some((
                    HaltKind::HardLimit,
                    format_reason(HaltKind::HardLimit, value, cfg.hard_limit, invalid),
                ));
            } else if self.window_len == self.window.len() {
                let mean = self.window_mean();
                if mean < cfg.window_threshold {
                    fired = Some((
                        HaltKind::WindowAvg,
                        format_reason(HaltKind::WindowAvg, mean, cfg.window_threshold, None),
                    ));
                }
            }
            if fired.is_none() && self.trend_len == self.trend.len() {
                let drop = self.trend_drop();
                if drop > cfg.trend_threshold {
                    fired = Some((
                        HaltKind::DownwardTrend,
                        format_reason(HaltKind::DownwardTrend, drop, cfg.trend_threshold, None),
                    ));
                }
            }
            match fired {
                Some((kind, reason))
                    if cfg.halt_mode == HaltMode::Soft && kind != HaltKind::HardLimit =>
                {
                    self.pending = true;
                    self.pending_kind = Some(kind);
                    self.pending_reason = reason;
                    self.extra = 0;
                    self.session.halt_index = i as i64;
                    if sentence_end() {
                        self.finalise_soft();
                        halted = true;
                    }
                }
                Some((kind, reason)) => {
                    self.halt(i, kind, reason);
                    halted = true;
                }
                None => {
                    if value < cfg.soft_limit {
                        warning = true;
                        self.session.warning_count += 1;
                    }
                }
            }
        }

        let event = TokenEvent {
            index: i,
            coherence: value,
            timestamp_ms: self.timestamp(),
            halted,
            warning,
        };
        let s = &mut self.session;
        match s.trace {
            Trace::Full => {
                s.tokens.push(text.unwrap_or_default().to_owned());
                s.coherence_history.push(value);
                s.events.push(event);
            }
            Trace::Scores => {
                s.coherence_history.push(value);
                s.events.push(event);
            }
            Trace::Off => {}
        }
        Step {
            event,
            recorded: true,
        }
    }

    fn halt(&mut self, index: u32, kind: HaltKind, reason: String) {
        let s = &mut self.session;
        s.halted = true;
        s.soft_halted = false;
        s.halt_index = index as i64;
        s.halt_kind = Some(kind);
        s.halt_reason = reason;
    }

    fn finalise_soft(&mut self) {
        let s = &mut self.session;
        s.halted = true;
        s.soft_halted = true;
        s.halt_kind = self.pending_kind;
        s.halt_reason = std::mem::take(&mut self.pending_reason);
        self.pending = false;
    }

    fn timestamp(&self) -> f64 {
        if self.session.trace == Trace::Off {
            0.0
        } else {
            self.session.started.elapsed().as_secs_f64() * 1000.0
        }
    }

    fn dropped(&self, index: u32) -> Step {
        let event = TokenEvent {
            index,
            coherence: 0.0,
            timestamp_ms: self.timestamp(),
            halted: true,
            warning: false,
        };
        Step {
            event,
            recorded: false,
        }
    }

    // Oldest to newest, left to right: the order the TypeScript kernel sums in.
    fn window_mean(&self) -> f64 {
        let (newer, older) = self.window.split_at(self.window_pos);
        let mut sum = 0.0;
        for x in older.iter().chain(newer) {
            sum += x;
        }
        sum / self.window.len() as f64
    }

    fn trend_drop(&self) -> f64 {
        let buf = &self.trend;
        let n = buf.len();
        let (newer, older) = buf.split_at(self.trend_pos);
        // Oldest first: the tail of the ring, then its head (no modulo in the loops).
        let mut y_sum = 0.0;
        for y in older.iter().chain(newer) {
            y_sum += y;
        }
        let y_mean = y_sum / n as f64;
        let mut num = 0.0;
        for (d, y) in self.dx.iter().zip(older.iter().chain(newer)) {
            num += d * (y - y_mean);
        }
        let slope = if self.den <= 1e-12 {
            0.0
        } else {
            num / self.den
        };
        -slope * (n as f64 - 1.0)
    }
}
