//! `TCBOObserver`, `TCBOController` and `PGBOEngine` of `backfire-observers`. A TCBO state crosses
//! as `[spreadIndex, probability, gateOpen, deficit, threshold, bufferSize]`, a PGBO result as
//! `[u (n), h (n²), uNorm, hTrace, hFrob]`; the TypeScript entry builds the objects.

use napi::Result;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use backfire_observers::{
    PgboEngine as Pgbo, PgboOptions, PgboResult, TcboController as TcboCtl, TcboControllerOptions,
    TcboEmbedding, TcboObserver as Tcbo, TcboObserverOptions, TcboState,
};

use super::args::{
    Opts, allocation, b, f64s, is_undefined, number, ok, product, reject_number, truthy, vector,
};

const MAX_SAFE: u64 = 9_007_199_254_740_991;
use crate::js::Js;

const OBSERVER_KEYS: &[&str] = &[
    "n",
    "threshold",
    "beta",
    "s0",
    "windowSize",
    "embedDim",
    "tauDelay",
    "spreadFloor",
    "computeEveryN",
    "embedding",
];

fn pack_tcbo(s: &TcboState) -> [f64; 6] {
    [
        s.spread_index,
        s.probability,
        b(s.gate_open),
        s.deficit,
        s.threshold,
        s.buffer_size as f64,
    ]
}

/// Radial-spread index of a delay-embedded window, `@backfire/core/physics`'s `TCBOObserver`.
#[napi(js_name = "TCBOObserver")]
pub struct NativeTcboObserver {
    inner: Tcbo,
    options: TcboObserverOptions,
}

impl NativeTcboObserver {
    fn force<'e>(js: Js<'e>, force: Unknown<'e>) -> Result<bool> {
        if is_undefined(js, force)? {
            Ok(true)
        } else {
            truthy(js, force)
        }
    }
}

#[napi]
impl NativeTcboObserver {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "options?: Record<string, unknown>"
    )]
    pub fn new(env: Env, options: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let o = Opts::new(js, "options", options, OBSERVER_KEYS)?;
        let options = TcboObserverOptions {
            n: o.int("n", 16, 1)?,
            threshold: o.num("threshold", 0.72)?,
            beta: o.num("beta", 8.0)?,
            s0: o.num("s0", 0.0)?,
            window_size: o.int("windowSize", 50, 3)?,
            embed_dim: o.int("embedDim", 3, 1)?,
            tau_delay: o.int("tauDelay", 1, 1)?,
            spread_floor: o.num("spreadFloor", 0.05)?,
            compute_every_n: o.int("computeEveryN", 1, 1)? as u64,
            embedding: match o.one_of("embedding", &["circle", "angle"], 0)? {
                0 => TcboEmbedding::Circle,
                _ => TcboEmbedding::Angle,
            },
        };
        // samplesNeeded = (m − 1)·τ_d + windowSize must stay a safe integer (TypeScript's number);
        // beyond that Rust's usize arithmetic would overflow.
        let span = product(options.embed_dim.saturating_sub(1), options.tau_delay);
        if span.is_none_or(|s| s > MAX_SAFE) {
            return Err(reject_number(
                js,
                "tauDelay",
                options.tau_delay as f64,
                "makes (embedDim − 1)·tauDelay exceed 2^53 − 1",
            ));
        }
        if span
            .and_then(|s| s.checked_add(options.window_size as u64))
            .is_none_or(|s| s > MAX_SAFE)
        {
            return Err(reject_number(
                js,
                "windowSize",
                options.window_size as f64,
                "makes samplesNeeded exceed 2^53 − 1",
            ));
        }
        let inner = ok(js, Tcbo::new(options.clone()))?;
        Ok(NativeTcboObserver { inner, options })
    }

    #[napi(getter)]
    pub fn n(&self) -> u32 {
        self.options.n as u32
    }
    #[napi(getter)]
    pub fn threshold(&self) -> f64 {
        self.options.threshold
    }
    #[napi(getter)]
    pub fn beta(&self) -> f64 {
        self.options.beta
    }
    #[napi(getter)]
    pub fn s0(&self) -> f64 {
        self.options.s0
    }
    #[napi(getter)]
    pub fn window_size(&self) -> f64 {
        self.options.window_size as f64
    }
    #[napi(getter)]
    pub fn embed_dim(&self) -> f64 {
        self.options.embed_dim as f64
    }
    #[napi(getter)]
    pub fn tau_delay(&self) -> f64 {
        self.options.tau_delay as f64
    }
    #[napi(getter)]
    pub fn spread_floor(&self) -> f64 {
        self.options.spread_floor
    }
    #[napi(getter)]
    pub fn compute_every_n(&self) -> f64 {
        self.options.compute_every_n as f64
    }
    #[napi(getter, ts_return_type = "'circle' | 'angle'")]
    pub fn embedding(&self) -> &'static str {
        self.options.embedding.as_str()
    }
    /// (m − 1)·τ_d + windowSize.
    #[napi(getter)]
    pub fn samples_needed(&self) -> f64 {
        self.inner.samples_needed() as f64
    }

    /// Appends one phase vector (length n, finite, within ±1e100).
    #[napi(catch_unwind, ts_args_type = "theta: unknown")]
    pub fn push(&mut self, env: Env, theta: Unknown) -> Result<()> {
        let js = Js::new(&env);
        let th = vector(js, "theta", theta, Some(self.options.n))?;
        ok(js, self.inner.push(&th))
    }

    /// Recomputes (with `force`, default true, or every `computeEveryN`-th call); packed state.
    #[napi(
        catch_unwind,
        ts_args_type = "force?: unknown",
        ts_return_type = "Float64Array"
    )]
    pub fn compute<'env>(&mut self, env: &'env Env, force: Unknown) -> Result<Unknown<'env>> {
        let force = Self::force(Js::new(env), force)?;
        f64s(env, &pack_tcbo(&self.inner.compute(force)))
    }

    #[napi(
        catch_unwind,
        ts_args_type = "theta: unknown, force?: unknown",
        ts_return_type = "Float64Array"
    )]
    pub fn push_and_compute<'env>(
        &mut self,
        env: &'env Env,
        theta: Unknown,
        force: Unknown,
    ) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let th = vector(js, "theta", theta, Some(self.options.n))?;
        let force = Self::force(js, force)?;
        let s = ok(js, self.inner.push_and_compute(&th, force))?;
        f64s(env, &pack_tcbo(&s))
    }

    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn state<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &pack_tcbo(&self.inner.state()))
    }

    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}

const CONTROLLER_KEYS: &[&str] = &[
    "threshold",
    "kp",
    "ki",
    "kappaBase",
    "kappaMin",
    "kappaMax",
    "integralLimit",
];

/// Positional PI on the TCBO probability, `@backfire/core/physics`'s `TCBOController`.
#[napi(js_name = "TCBOController")]
pub struct NativeTcboController {
    inner: TcboCtl,
    threshold: f64,
}

#[napi]
impl NativeTcboController {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "options?: Record<string, unknown>"
    )]
    pub fn new(env: Env, options: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let o = Opts::new(js, "options", options, CONTROLLER_KEYS)?;
        let threshold = o.num("threshold", 0.72)?;
        let integral_limit = o.num("integralLimit", 5.0)?;
        let kappa_min = o.num("kappaMin", 0.0)?;
        let kappa_max = o.num("kappaMax", 5.0)?;
        let kp = o.num("kp", 0.8)?;
        let ki = o.num("ki", 0.2)?;
        let kappa_base = o.num("kappaBase", 1.0)?;
        let inner = ok(
            js,
            TcboCtl::new(TcboControllerOptions {
                threshold,
                kp,
                ki,
                kappa_base,
                kappa_min,
                kappa_max,
                integral_limit,
            }),
        )?;
        Ok(NativeTcboController { inner, threshold })
    }

    #[napi(getter)]
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// One step with probability p ∈ [0, 1] over dt > 0; returns κ.
    #[napi(catch_unwind, ts_args_type = "p: unknown, dt: unknown")]
    pub fn step(&mut self, env: Env, p: Unknown, dt: Unknown) -> Result<f64> {
        let js = Js::new(&env);
        let p = number(js, "p", p)?;
        let dt = number(js, "dt", dt)?;
        ok(js, self.inner.step(p, dt))
    }

    #[napi(getter)]
    pub fn kappa(&self) -> f64 {
        self.inner.kappa()
    }
    #[napi(getter)]
    pub fn integral(&self) -> f64 {
        self.inner.integral()
    }
    #[napi(getter)]
    pub fn last_error(&self) -> f64 {
        self.inner.last_error()
    }

    /// p (or the last p stepped; false if none) > threshold.
    #[napi(catch_unwind, ts_args_type = "p?: unknown")]
    pub fn is_gate_open(&self, env: Env, p: Unknown) -> Result<bool> {
        let js = Js::new(&env);
        let p = if is_undefined(js, p)? {
            None
        } else {
            Some(number(js, "p", p)?)
        };
        ok(js, self.inner.is_gate_open(p))
    }

    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}

const PGBO_KEYS: &[&str] = &["n", "alpha", "kappa", "uCap", "traceless"];

pub fn pack_pgbo(r: &PgboResult) -> Vec<f64> {
    let mut p = Vec::with_capacity(r.u.len() + r.h.data.len() + 3);
    p.extend_from_slice(&r.u);
    p.extend_from_slice(&r.h.data);
    p.extend_from_slice(&[r.u_norm, r.h_trace, r.h_frob]);
    p
}

/// Phase-velocity outer product, `@backfire/core/physics`'s `PGBOEngine`.
#[napi(js_name = "PGBOEngine")]
pub struct NativePgboEngine {
    inner: Pgbo,
    options: PgboOptions,
}

#[napi]
impl NativePgboEngine {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "options?: Record<string, unknown>"
    )]
    pub fn new(env: Env, options: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let o = Opts::new(js, "options", options, PGBO_KEYS)?;
        let options = PgboOptions {
            n: o.int("n", 16, 1)?,
            alpha: o.num("alpha", 0.5)?,
            kappa: o.num("kappa", 0.3)?,
            u_cap: o.num("uCap", 10.0)?,
            traceless: o.bool_as("traceless", "traceless", false)?,
        };
        // u (n) and h (n²) are allocated up front.
        allocation(js, "n", options.n, product(options.n, options.n))?;
        let inner = ok(js, Pgbo::new(options.clone()))?;
        Ok(NativePgboEngine { inner, options })
    }

    #[napi(getter)]
    pub fn n(&self) -> u32 {
        self.options.n as u32
    }
    #[napi(getter)]
    pub fn alpha(&self) -> f64 {
        self.options.alpha
    }
    #[napi(getter)]
    pub fn u_cap(&self) -> f64 {
        self.options.u_cap
    }
    #[napi(getter)]
    pub fn traceless(&self) -> bool {
        self.options.traceless
    }
    #[napi(getter)]
    pub fn kappa(&self) -> f64 {
        self.inner.kappa()
    }
    #[napi(getter)]
    pub fn u_norm(&self) -> f64 {
        self.inner.u_norm()
    }
    #[napi(getter)]
    pub fn h_frob(&self) -> f64 {
        self.inner.h_frob()
    }
    #[napi(getter)]
    pub fn h_trace(&self) -> f64 {
        self.inner.h_trace()
    }

    /// Sets κ (≥ 0) for the next compute.
    #[napi(catch_unwind, ts_args_type = "kappa: unknown")]
    pub fn set_kappa(&mut self, env: Env, kappa: Unknown) -> Result<()> {
        let js = Js::new(&env);
        let k = number(js, "kappa", kappa)?;
        ok(js, self.inner.set_kappa(k))
    }

    /// Sets the boundary potential A (length n, finite); kept across `reset`.
    #[napi(catch_unwind, ts_args_type = "a: unknown")]
    pub fn set_boundary_potential(&mut self, env: Env, a: Unknown) -> Result<()> {
        let js = Js::new(&env);
        let a = vector(js, "a", a, Some(self.options.n))?;
        ok(js, self.inner.set_boundary_potential(&a))
    }

    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn get_boundary_potential<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &self.inner.boundary_potential())
    }

    /// One update from phases θ observed dt after the previous ones (packed result).
    #[napi(
        catch_unwind,
        ts_args_type = "theta: unknown, dt: unknown",
        ts_return_type = "Float64Array"
    )]
    pub fn compute<'env>(
        &mut self,
        env: &'env Env,
        theta: Unknown,
        dt: Unknown,
    ) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let th = vector(js, "theta", theta, Some(self.options.n))?;
        let dt = number(js, "dt", dt)?;
        let r = ok(js, self.inner.compute(&th, dt))?;
        f64s(env, &pack_pgbo(&r))
    }

    /// The last result (zeros before the first compute), packed.
    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn result<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &pack_pgbo(&self.inner.result()))
    }

    /// Forgets the previous phases and zeroes u and h; keeps A and κ.
    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}
