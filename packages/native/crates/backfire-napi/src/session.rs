//! Sessions cross the boundary as one flat object with typed arrays (one copy, no per-token
//! objects); the hand-written TypeScript entry turns it into the public `StreamSession`.

use napi::bindgen_prelude::{Float64Array, Uint8Array};
use napi_derive::napi;

use backfire_types::{HaltKind as RustHaltKind, Session};

/// Why a stream halted.
#[napi(string_enum = "snake_case")]
pub enum HaltKind {
    HardLimit,
    WindowAvg,
    DownwardTrend,
    KernelInactive,
    CallbackError,
    Timeout,
    SourceError,
}

impl From<RustHaltKind> for HaltKind {
    fn from(k: RustHaltKind) -> Self {
        match k {
            RustHaltKind::HardLimit => HaltKind::HardLimit,
            RustHaltKind::WindowAvg => HaltKind::WindowAvg,
            RustHaltKind::DownwardTrend => HaltKind::DownwardTrend,
            RustHaltKind::KernelInactive => HaltKind::KernelInactive,
            RustHaltKind::CallbackError => HaltKind::CallbackError,
            RustHaltKind::Timeout => HaltKind::Timeout,
            RustHaltKind::SourceError => HaltKind::SourceError,
        }
    }
}

/// Event flag bits in `RawSession.flags` and in the monitor's push result.
pub const FLAG_HALTED: u8 = 1;
pub const FLAG_WARNING: u8 = 2;
pub const FLAG_RECORDED: u8 = 4;

/// A session as data. Token text is not included: the caller passed the tokens and keeps them;
/// `outputLen` says how many leading tokens make up `output`.
#[napi(object)]
pub struct RawSession {
    pub halted: bool,
    pub soft_halted: bool,
    /// −1 when nothing halted.
    pub halt_index: i64,
    pub halt_reason: String,
    pub halt_kind: Option<HaltKind>,
    pub warning_count: u32,
    pub token_count: u32,
    pub output_len: u32,
    pub avg_coherence: f64,
    pub min_coherence: f64,
    pub duration_ms: f64,
    pub traced: bool,
    /// One score per recorded token (empty when not traced).
    pub coherence: Float64Array,
    /// Milliseconds since the start, per recorded token.
    pub timestamps: Float64Array,
    /// Per recorded token: bit 0 halted, bit 1 warning.
    pub flags: Uint8Array,
    /// `streamOutput`'s interrupt text when the stream halted.
    pub interrupt: Option<String>,
}

pub fn raw_session(s: &Session, interrupt: Option<String>) -> RawSession {
    let flags: Vec<u8> = s
        .events
        .iter()
        .map(|e| {
            (if e.halted { FLAG_HALTED } else { 0 }) | (if e.warning { FLAG_WARNING } else { 0 })
        })
        .collect();
    RawSession {
        halted: s.halted,
        soft_halted: s.soft_halted,
        halt_index: s.halt_index,
        halt_reason: s.halt_reason.clone(),
        halt_kind: s.halt_kind.map(HaltKind::from),
        warning_count: s.warning_count,
        token_count: s.token_count,
        output_len: s.output_len() as u32,
        avg_coherence: s.avg_coherence(),
        min_coherence: s.min_coherence(),
        duration_ms: s.duration_ms(),
        traced: s.trace != backfire_types::session::Trace::Off,
        coherence: Float64Array::new(s.coherence_history.clone()),
        timestamps: Float64Array::new(s.events.iter().map(|e| e.timestamp_ms).collect()),
        flags: Uint8Array::new(flags),
        interrupt,
    }
}
