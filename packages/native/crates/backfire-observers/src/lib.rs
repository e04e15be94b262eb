//! Backfire's experimental observers, pure Rust (no napi): the TCBO radial-spread statistic
//! ([`TcboObserver`]) and its positional PI ([`TcboController`]), and the PGBO phase-velocity
//! outer product ([`PgboEngine`]). Each maps 1:1 onto a class of `@backfire/core/physics`.
// Index loops mirror the TypeScript code line for line, which keeps the two numerically identical.
#![allow(clippy::needless_range_loop)]

pub mod pgbo;
pub mod tcbo;

pub use pgbo::{phase_geometry_bridge, BridgeOptions, PgboEngine, PgboOptions, PgboResult};
pub use tcbo::{
    delay_embed, logistic_probability, radial_spread_index, s0_for_threshold, TcboController,
    TcboControllerOptions, TcboEmbedding, TcboObserver, TcboObserverOptions, TcboState,
};
