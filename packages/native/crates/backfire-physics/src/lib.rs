//! Backfire's experimental numerical modules, pure Rust (no napi): a stochastic Kuramoto
//! integrator ([`UpdeStepper`]), a phase-coherence potential ([`SecFunctional`]), a supervisory
//! controller ([`L16Controller`]) and the seeded PRNG every stochastic type shares
//! ([`PhysicsRng`]). Each type maps 1:1 onto a class of `@backfire/core/physics`; the mapping
//! is in docs/physics.md. None of this takes part in a guard decision.
// Index loops mirror the TypeScript code line for line, which keeps the two numerically identical.
#![allow(clippy::needless_range_loop)]

pub mod error;
pub mod l16;
pub mod math;
pub mod params;
pub mod pi;
pub mod rng;
pub mod sec;
pub mod upde;
pub mod validate;

pub use error::{describe_f64, PhysicsError, PhysicsResult};
pub use l16::{HRecMode, L16Controller, L16Options, L16StepInput, L16StepResult};
pub use math::{
    circular_mean, order_parameter, sigmoid, sin_cos_phase, softplus, wrap_phase, wrap_pi, TAU,
};
pub use params::{default_knm, default_omega, DEFAULT_OMEGA};
pub use pi::{PiAction, PiController, PiOptions};
pub use rng::PhysicsRng;
pub use sec::{SecFunctional, SecOptions, SecResult};
pub use upde::{UpdeOptions, UpdeState, UpdeStepper};
pub use validate::SquareMatrix;
