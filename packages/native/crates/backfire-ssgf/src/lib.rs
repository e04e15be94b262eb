//! Backfire's experimental SSGF engine, pure Rust (no napi): z → W decoders, the normalised
//! Laplacian and a cyclic Jacobi eigensolver that reports convergence, the cost terms and U_total,
//! analytic and finite-difference gradients, and the outer step ([`SsgfEngine`]). Maps 1:1 onto
//! `SSGFEngine` in `@backfire/core/physics`; see docs/physics.md.
// Index loops mirror the TypeScript code line for line, which keeps the two numerically identical.
#![allow(clippy::needless_range_loop)]

pub mod costs;
pub mod engine;
pub mod spectral;

pub use costs::{
    decode_weights, gram_softplus_weights, is_valid_weights, rbf_weights, ssgf_costs,
    weight_gradient, CostInput, SsgfCosts, SsgfDecoder, SsgfWeights,
};
pub use engine::{SsgfEngine, SsgfGradient, SsgfOptions, SsgfStepLog};
pub use spectral::{
    jacobi, laplacian_of, laplacian_spectrum, normalized_laplacian, symmetric_eigen, EigenOptions,
    EigenResult, LaplacianSpectrum,
};
