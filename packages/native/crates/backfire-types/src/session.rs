//! Halt kinds, token events and the session record of one stream (docs/kernel.md, "The session").

use std::time::Instant;

/// Why a stream halted. `as_str` gives the machine-readable name shared with TypeScript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HaltKind {
    HardLimit,
    WindowAvg,
    DownwardTrend,
    KernelInactive,
    CallbackError,
    Timeout,
    SourceError,
}

impl HaltKind {
    pub const ALL: [HaltKind; 7] = [
        HaltKind::HardLimit,
        HaltKind::WindowAvg,
        HaltKind::DownwardTrend,
        HaltKind::KernelInactive,
        HaltKind::CallbackError,
        HaltKind::Timeout,
        HaltKind::SourceError,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HaltKind::HardLimit => "hard_limit",
            HaltKind::WindowAvg => "window_avg",
            HaltKind::DownwardTrend => "downward_trend",
            HaltKind::KernelInactive => "kernel_inactive",
            HaltKind::CallbackError => "callback_error",
            HaltKind::Timeout => "timeout",
            HaltKind::SourceError => "source_error",
        }
    }

    pub fn parse(s: &str) -> Option<HaltKind> {
        HaltKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One token as the kernel saw it. The token text lives in `Session::tokens` (or with the caller).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TokenEvent {
    /// Position of the token in the stream, from 0.
    pub index: u32,
    /// The sanitised (possibly carried) score used for this token; 0 for a dropped token.
    pub coherence: f64,
    /// Milliseconds since the stream started.
    pub timestamp_ms: f64,
    /// True on the token where the halt took effect (and on every dropped token after it).
    pub halted: bool,
    /// True when the score was below `softLimit` without halting.
    pub warning: bool,
}

/// How much per-token memory a monitor keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trace {
    /// Tokens, events and scores (the default, like TypeScript's `trace: true`).
    Full,
    /// Events and scores but no token text: for callers that keep the text themselves (the napi layer).
    Scores,
    /// Counters only: O(windowSize + trendWindow) memory (TypeScript's `trace: false`).
    Off,
}

/// The record of one stream.
#[derive(Clone, Debug)]
pub struct Session {
    pub tokens: Vec<String>,
    pub events: Vec<TokenEvent>,
    pub coherence_history: Vec<f64>,
    pub halted: bool,
    pub soft_halted: bool,
    /// Index of the token that triggered the halt, −1 when nothing halted.
    pub halt_index: i64,
    /// Human-readable reason, empty when nothing halted.
    pub halt_reason: String,
    pub halt_kind: Option<HaltKind>,
    pub warning_count: u32,
    pub token_count: u32,
    pub trace: Trace,
    pub score_sum: f64,
    pub score_min: f64,
    pub started: Instant,
    pub ended: Option<Instant>,
}

impl Session {
    pub fn new(trace: Trace) -> Self {
        Session {
            tokens: Vec::new(),
            events: Vec::new(),
            coherence_history: Vec::new(),
            halted: false,
            soft_halted: false,
            halt_index: -1,
            halt_reason: String::new(),
            halt_kind: None,
            warning_count: 0,
            token_count: 0,
            trace,
            score_sum: 0.0,
            score_min: f64::INFINITY,
            started: Instant::now(),
            ended: None,
        }
    }

    /// Mean of all scores: the running left-to-right sum over the count, 0 when empty.
    pub fn avg_coherence(&self) -> f64 {
        if self.token_count == 0 {
            0.0
        } else {
            self.score_sum / self.token_count as f64
        }
    }

    /// Lowest score, 0 when empty.
    pub fn min_coherence(&self) -> f64 {
        if self.token_count == 0 {
            0.0
        } else {
            self.score_min
        }
    }

    /// Milliseconds from the start to the end of the stream (or to now, while it runs).
    pub fn duration_ms(&self) -> f64 {
        let end = self.ended.unwrap_or_else(Instant::now);
        end.duration_since(self.started).as_secs_f64() * 1000.0
    }

    /// How many leading tokens may be shown: all of them unless a non-soft halt excludes the
    /// halting token and everything after it.
    pub fn output_len(&self) -> usize {
        let n = self.token_count as usize;
        if self.halted && !self.soft_halted && self.halt_index >= 0 {
            (self.halt_index as usize).min(n)
        } else {
            n
        }
    }

    /// The text that may be shown ('' when the monitor does not keep token text).
    pub fn output(&self) -> String {
        let n = self.output_len().min(self.tokens.len());
        self.tokens[..n].concat()
    }
}
