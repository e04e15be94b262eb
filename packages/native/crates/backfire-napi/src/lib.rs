//! `@backfire/native`: Node-API bindings over `backfire-core`. Only conversions live here — every
//! rule is in the pure Rust crates. No call panics across the boundary: public entry points use
//! `catch_unwind` (the release profile keeps `panic = "unwind"`), bad input becomes a typed JS error
//! (`code`, `name`, `field`, `value`) and a throwing callback halts the stream with `callback_error`.

#![deny(clippy::all)]

mod config;
mod js;
mod kernel;
mod knowledge;
mod monitor;
mod physics;
mod scoring;
mod session;

use napi_derive::napi;

/// Bumped whenever the binding's shape changes; `@backfire/core` refuses an addon with another ABI.
#[napi]
pub const ABI_VERSION: u32 = 1;

/// The crate version the addon was built from.
#[napi]
pub fn native_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
