//! Backfire's plain data: the validated configuration, halt kinds, token events, sessions and the
//! typed errors. Knows nothing of JavaScript; the napi crate converts these at the boundary.
//!
//! Error messages and number formatting reproduce the TypeScript implementation byte for byte, so
//! a log line or a test expectation never depends on which backend ran.

pub mod config;
pub mod error;
pub mod jsfmt;
pub mod session;
pub mod value;

pub use config::{Config, ConfigInit, HaltMode, PRESET_NAMES};
pub use error::{BackfireError, ErrorCode};
pub use session::{HaltKind, Session, TokenEvent};
pub use value::Value;
