//! Sessions cross the boundary as one flat object with typed arrays (one copy, no per-token
//! objects); the hand-written TypeScript entry turns it into the public `StreamSession`.

use napi::Result;
use napi_derive::napi;

use backfire_types::session::Trace;
use backfire_types::{HaltKind as RustHaltKind, Session};

use crate::js::{Js, JsValue};

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

#[allow(dead_code)]
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

/// Indexes into the `stats` Float64Array of a raw session (mirrored in src/binding.ts).
pub mod stat {
    pub const HALTED: usize = 0;
    pub const SOFT_HALTED: usize = 1;
    pub const HALT_INDEX: usize = 2;
    pub const WARNING_COUNT: usize = 3;
    pub const TOKEN_COUNT: usize = 4;
    pub const OUTPUT_LEN: usize = 5;
    pub const AVG: usize = 6;
    pub const MIN: usize = 7;
    pub const DURATION_MS: usize = 8;
    pub const TRACED: usize = 9;
    pub const LEN: usize = 10;
}

/// A session crosses as `[stats, haltReason, haltKind, trace, interrupt]`: `stats` a Float64Array
/// (see `stat`), `trace` one Float64Array of 3·n numbers (scores, timestamps, flags). Array
/// elements and two typed arrays cost far less than an object with named properties, whose keys
/// V8 must internalise and whose map must transition on every call (measured: most of the cost
/// of a short session).
pub fn session_to_js<'e>(
    js: Js<'e>,
    s: &Session,
    interrupt: Option<String>,
) -> Result<JsValue<'e>> {
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    let mut stats = [0.0; stat::LEN];
    stats[stat::HALTED] = b(s.halted);
    stats[stat::SOFT_HALTED] = b(s.soft_halted);
    stats[stat::HALT_INDEX] = s.halt_index as f64;
    stats[stat::WARNING_COUNT] = s.warning_count as f64;
    stats[stat::TOKEN_COUNT] = s.token_count as f64;
    stats[stat::OUTPUT_LEN] = s.output_len() as f64;
    stats[stat::AVG] = s.avg_coherence();
    stats[stat::MIN] = s.min_coherence();
    stats[stat::DURATION_MS] = s.duration_ms();
    stats[stat::TRACED] = b(s.trace != Trace::Off);
    let n = s.events.len();
    let mut trace = Vec::with_capacity(3 * n);
    trace.extend_from_slice(&s.coherence_history[..n.min(s.coherence_history.len())]);
    trace.extend(s.events.iter().map(|e| e.timestamp_ms));
    trace.extend(s.events.iter().map(|e| {
        f64::from(
            (if e.halted { FLAG_HALTED } else { 0 }) | (if e.warning { FLAG_WARNING } else { 0 }),
        )
    }));
    let out = js.array(5)?;
    js.set_element(out, 0, js.f64_array(&stats)?)?;
    js.set_element(out, 1, js.string(&s.halt_reason)?)?;
    let kind = match s.halt_kind {
        Some(k) => js.string(k.as_str())?,
        None => js.undefined()?,
    };
    js.set_element(out, 2, kind)?;
    js.set_element(out, 3, js.f64_array(&trace)?)?;
    let interrupt = match interrupt {
        Some(text) => js.string(&text)?,
        None => js.undefined()?,
    };
    js.set_element(out, 4, interrupt)?;
    Ok(out)
}
