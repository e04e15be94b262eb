//! The free functions and the PRNG of `@backfire/core/physics`, over the pure Rust crates: the
//! PGBO bridge, the eigensolver and Laplacian, the decoders and cost terms, the TCBO helpers, the
//! phase helpers and the defaults. Inputs are checked as in TypeScript; where TypeScript does not
//! check (the scalar helpers), non-finite input is a `PhysicsError` here rather than a NaN.

use napi::Result;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use backfire_observers::{
    BridgeOptions, delay_embed as embed, logistic_probability as logistic,
    phase_geometry_bridge as bridge, radial_spread_index as spread, s0_for_threshold as s0_for,
};
use backfire_physics::{
    PhysicsRng as Rng, circular_mean as circ_mean, default_knm as knm16, default_omega as omega16,
    order_parameter as order, sigmoid as sig, softplus as splus, wrap_phase as wrap,
    wrap_pi as wrap_pm,
};
use backfire_ssgf::{
    CostInput, EigenOptions, SsgfDecoder, SsgfWeights, decode_weights as decode,
    normalized_laplacian as laplacian, ssgf_costs as costs, symmetric_eigen as eigen,
};

use super::args::{
    self, Opts, b, f64s, integer, is_nullish, matrix, number, ok, reject_number, vector,
};
use super::ssgf::{DECODERS, pack_costs, pack_weights, read_mask, read_weights};
use crate::js::Js;

/// The seeded generator every stochastic class uses (xoshiro256++ seeded by SplitMix64).
#[napi(js_name = "PhysicsRng")]
pub struct NativePhysicsRng {
    inner: Rng,
}

#[napi]
impl NativePhysicsRng {
    #[napi(constructor, catch_unwind, ts_args_type = "seed?: number | bigint")]
    pub fn new(env: Env, seed: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let seed = args::seed(js, "seed", seed)?;
        Ok(NativePhysicsRng {
            inner: Rng::from_option(seed),
        })
    }

    #[napi(getter, catch_unwind, ts_return_type = "bigint")]
    pub fn seed<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        args::bigint(Js::new(env), self.inner.seed())
    }

    /// The next raw 64-bit output.
    #[napi(catch_unwind, ts_return_type = "bigint")]
    pub fn next_u64<'env>(&mut self, env: &'env Env) -> Result<Unknown<'env>> {
        let x = self.inner.next_u64();
        args::bigint(Js::new(env), x)
    }

    /// Uniform in [0, 1) with 53 random bits.
    #[napi]
    pub fn next_float(&mut self) -> f64 {
        self.inner.next_f64()
    }

    /// Standard normal (Marsaglia's polar method).
    #[napi]
    pub fn next_gaussian(&mut self) -> f64 {
        self.inner.next_gaussian()
    }
}

/// The stateless PGBO step: `[u (n), h (n²)]`.
#[napi(
    catch_unwind,
    ts_args_type = "dphi: unknown, a: unknown, options?: Record<string, unknown>",
    ts_return_type = "Float64Array"
)]
pub fn phase_geometry_bridge<'env>(
    env: &'env Env,
    dphi: Unknown,
    a: Unknown,
    options: Unknown,
) -> Result<Unknown<'env>> {
    let js = Js::new(env);
    let o = Opts::new(
        js,
        "options",
        options,
        &["alpha", "kappa", "uCap", "traceless"],
    )?;
    let d = vector(js, "dphi", dphi, None)?;
    if d.is_empty() {
        return Err(reject_number(js, "dphi.length", 0.0, "must be ≥ 1"));
    }
    let av = vector(js, "a", a, Some(d.len()))?;
    let opts = BridgeOptions {
        alpha: o.num("alpha", 0.5)?,
        kappa: o.num("kappa", 0.3)?,
        u_cap: o.num("uCap", 10.0)?,
        traceless: o.bool_as("traceless", "traceless", false)?,
    };
    let r = ok(js, bridge(&d, &av, &opts))?;
    let mut p = r.u;
    p.extend_from_slice(&r.h.data);
    f64s(env, &p)
}

/// Eigenpairs of a symmetric matrix: `[n, values (n), vectors (n², as columns), sweeps,
/// converged]`.
#[napi(
    catch_unwind,
    ts_args_type = "a: unknown, options?: Record<string, unknown>",
    ts_return_type = "Float64Array"
)]
pub fn symmetric_eigen<'env>(
    env: &'env Env,
    a: Unknown,
    options: Unknown,
) -> Result<Unknown<'env>> {
    let js = Js::new(env);
    let o = Opts::new(js, "options", options, &["maxSweeps", "tolerance"])?;
    let max_sweeps = o.int("maxSweeps", 50, 1)?;
    let tolerance = o.num("tolerance", 1e-14)?;
    let m = matrix(js, "a", a, None)?;
    let r = ok(
        js,
        eigen(
            &m,
            &EigenOptions {
                max_sweeps,
                tolerance,
            },
        ),
    )?;
    let mut p = Vec::with_capacity(1 + r.values.len() + r.vectors.data.len() + 2);
    p.push(m.n as f64);
    p.extend_from_slice(&r.values);
    p.extend_from_slice(&r.vectors.data);
    p.extend_from_slice(&[r.sweeps as f64, b(r.converged)]);
    f64s(env, &p)
}

/// L = I − D^(−½) W D^(−½) (data, n×n row-major).
#[napi(
    catch_unwind,
    ts_args_type = "w: unknown",
    ts_return_type = "Float64Array"
)]
pub fn normalized_laplacian<'env>(env: &'env Env, w: Unknown) -> Result<Unknown<'env>> {
    let js = Js::new(env);
    let m = matrix(js, "w", w, None)?;
    let l = ok(js, laplacian(&m))?;
    f64s(env, &l.data)
}

/// z → W (data, n×n row-major) with the gram-softplus or RBF decoder.
#[napi(
    catch_unwind,
    ts_args_type = "z: unknown, n: unknown, options?: Record<string, unknown>",
    ts_return_type = "Float64Array"
)]
pub fn decode_weights<'env>(
    env: &'env Env,
    z: Unknown,
    n: Unknown,
    options: Unknown,
) -> Result<Unknown<'env>> {
    let js = Js::new(env);
    let n = integer(js, "n", n, 1)?;
    let o = Opts::new(js, "options", options, &["decoder", "rbfDim", "rbfSigma"])?;
    let (decoder, d, sigma, len) = match o.one_of("decoder", DECODERS, 0)? {
        0 => (
            SsgfDecoder::GramSoftplus,
            1,
            1.0,
            n.checked_mul(n - 1).map(|x| x / 2),
        ),
        _ => {
            // W holds n² numbers (z only n·d, which the caller already holds).
            args::allocation(js, "n", n, args::product(n, n))?;
            let d = o.int("rbfDim", 1.max((n - 1) / 2), 1)?;
            let sigma = o.num("rbfSigma", 1.0)?;
            (SsgfDecoder::Rbf, d, sigma, n.checked_mul(d))
        }
    };
    let Some(len) = len else {
        return Err(reject_number(js, "n", n as f64, "is too large"));
    };
    let z = vector(js, "z", z, Some(len))?;
    let w = ok(js, decode(&z, n, decoder, d, sigma))?;
    f64s(env, &w.data)
}

/// The eight SSGF cost terms and U_total for explicit inputs (packed: the nine costs). Every
/// length is checked against `n`.
#[napi(
    catch_unwind,
    ts_args_type = "input: unknown",
    ts_return_type = "Float64Array"
)]
pub fn ssgf_costs<'env>(env: &'env Env, input: Unknown) -> Result<Unknown<'env>> {
    let js = Js::new(env);
    let v = input;
    if js.type_of(v)? != crate::js::OBJECT {
        return Err(args::reject(js, "input", v, "must be an object"));
    }
    let get = |key: &str| args::get(js, v, key);
    let n = integer(js, "n", get("n")?, 1)?;
    let Some(n2) = n.checked_mul(n) else {
        return Err(reject_number(js, "n", n as f64, "is too large"));
    };
    let theta = vector(js, "theta", get("theta")?, Some(n))?;
    let w = vector(js, "w", get("w")?, Some(n2))?;
    let eigvals = vector(js, "eigvals", get("eigvals")?, Some(n))?;
    let eigvecs = vector(js, "eigvecs", get("eigvecs")?, Some(n2))?;
    let phi_target = vector(js, "phiTarget", get("phiTarget")?, Some(n2))?;
    let mask_raw = get("mask")?;
    let mask = if is_nullish(js, mask_raw)? {
        None
    } else {
        Some(read_mask(js, "mask", mask_raw, n)?)
    };
    let weights: SsgfWeights = read_weights(js, get("weights")?)?;
    for (i, x) in pack_weights(&weights).iter().enumerate() {
        if *x < 0.0 {
            let key = super::ssgf::WEIGHT_KEYS[i];
            return Err(reject_number(
                js,
                &format!("weights.{key}"),
                *x,
                "must be ≥ 0",
            ));
        }
    }
    let tcbo_p = number(js, "tcboP", get("tcboP")?)?;
    let tcbo_threshold = number(js, "tcboThreshold", get("tcboThreshold")?)?;
    let h_raw = get("h")?;
    let h = if is_nullish(js, h_raw)? {
        None
    } else {
        Some(vector(js, "h", h_raw, Some(n2))?)
    };
    let c8_index = integer(js, "c8Index", get("c8Index")?, 0)?;
    let c9_index = integer(js, "c9Index", get("c9Index")?, 0)?;
    let c = costs(&CostInput {
        theta: &theta,
        w: &w,
        n,
        eigvals: &eigvals,
        eigvecs: &eigvecs,
        phi_target: &phi_target,
        mask: mask.as_deref(),
        weights: &weights,
        tcbo_p,
        tcbo_threshold,
        h: h.as_deref(),
        c8_index,
        c9_index,
    });
    f64s(env, &pack_costs(&c))
}

/// Delay embedding of one series (data, rows × m row-major, newest lag first).
#[napi(
    catch_unwind,
    ts_args_type = "x: unknown, m: unknown, tau: unknown",
    ts_return_type = "Float64Array"
)]
pub fn delay_embed<'env>(
    env: &'env Env,
    x: Unknown,
    m: Unknown,
    tau: Unknown,
) -> Result<Unknown<'env>> {
    let js = Js::new(env);
    let xs = vector(js, "x", x, None)?;
    let m = integer(js, "m", m, 1)?;
    let tau = integer(js, "tau", tau, 1)?;
    // (m − 1)·τ ≥ length: no rows (checked here, where the product cannot overflow).
    let span = args::product(m - 1, tau);
    if span.is_none_or(|s| s >= xs.len() as u64) {
        return f64s(env, &[]);
    }
    let rows = xs.len() - span.unwrap_or(0) as usize;
    args::allocation(js, "m", m, args::product(rows, m))?;
    let (_, data) = ok(js, embed(&xs, m, tau))?;
    f64s(env, &data)
}

/// 1/(1 + e^(−β(s − s₀))), the exponent clamped to ±500.
#[napi(catch_unwind, ts_args_type = "s: unknown, s0: unknown, beta: unknown")]
pub fn logistic_probability(env: Env, s: Unknown, s0: Unknown, beta: Unknown) -> Result<f64> {
    let js = Js::new(&env);
    Ok(logistic(
        number(js, "s", s)?,
        number(js, "s0", s0)?,
        number(js, "beta", beta)?,
    ))
}

/// The s₀ that maps spread index s to probability p.
#[napi(catch_unwind, ts_args_type = "s: unknown, p: unknown, beta: unknown")]
pub fn s0_for_threshold(env: Env, s: Unknown, p: Unknown, beta: Unknown) -> Result<f64> {
    let js = Js::new(&env);
    let s = number(js, "s", s)?;
    let p = number(js, "p", p)?;
    let beta = number(js, "beta", beta)?;
    ok(js, s0_for(s, p, beta))
}

/// 0.7 × the population std of the rows' distances to their centroid (`points` rows × dim).
#[napi(catch_unwind, ts_args_type = "points: unknown, dim: unknown")]
pub fn radial_spread_index(env: Env, points: Unknown, dim: Unknown) -> Result<f64> {
    let js = Js::new(&env);
    let pts = vector(js, "points", points, None)?;
    let dim = integer(js, "dim", dim, 1)?;
    if pts.len() % dim != 0 {
        return Err(reject_number(
            js,
            "points.length",
            pts.len() as f64,
            &format!("must be a multiple of dim = {dim}"),
        ));
    }
    Ok(spread(&pts, dim))
}

/// R = |mean e^{iθ}| in [0, 1] (0 for an empty vector).
#[napi(catch_unwind, ts_args_type = "theta: unknown")]
pub fn order_parameter(env: Env, theta: Unknown) -> Result<f64> {
    let js = Js::new(&env);
    Ok(order(&vector(js, "theta", theta, None)?))
}

/// atan2(mean sin θ, mean cos θ).
#[napi(catch_unwind, ts_args_type = "theta: unknown")]
pub fn circular_mean(env: Env, theta: Unknown) -> Result<f64> {
    let js = Js::new(&env);
    Ok(circ_mean(&vector(js, "theta", theta, None)?))
}

fn scalar<'e>(env: &'e Env, x: Unknown<'e>, f: fn(f64) -> f64) -> Result<f64> {
    let js = Js::new(env);
    Ok(f(number(js, "x", x)?))
}

/// x reduced to [0, 2π).
#[napi(catch_unwind, ts_args_type = "x: number")]
pub fn wrap_phase(env: Env, x: Unknown) -> Result<f64> {
    scalar(&env, x, wrap)
}

/// x reduced to [−π, π).
#[napi(catch_unwind, ts_args_type = "x: number")]
pub fn wrap_pi(env: Env, x: Unknown) -> Result<f64> {
    scalar(&env, x, wrap_pm)
}

/// max(x, 0) + ln(1 + e^(−|x|)).
#[napi(catch_unwind, ts_args_type = "x: number")]
pub fn softplus(env: Env, x: Unknown) -> Result<f64> {
    scalar(&env, x, splus)
}

/// 1/(1 + e^(−x)), stable on both sides.
#[napi(catch_unwind, ts_args_type = "x: number")]
pub fn sigmoid(env: Env, x: Unknown) -> Result<f64> {
    scalar(&env, x, sig)
}

/// The reference's 16 natural frequencies.
#[napi(catch_unwind, ts_return_type = "Float64Array")]
pub fn default_omega<'env>(env: &'env Env) -> Result<Unknown<'env>> {
    f64s(env, &omega16())
}

/// The reference's 16×16 coupling (data, row-major).
#[napi(catch_unwind, ts_return_type = "Float64Array")]
pub fn default_knm<'env>(env: &'env Env) -> Result<Unknown<'env>> {
    f64s(env, &knm16().data)
}

/// The default SSGF cost weights: micro, c7, c8, c9, c10, reg, c4, pgbo.
#[napi(catch_unwind, ts_return_type = "Float64Array")]
pub fn default_ssgf_weights<'env>(env: &'env Env) -> Result<Unknown<'env>> {
    f64s(env, &pack_weights(&SsgfWeights::default()))
}
