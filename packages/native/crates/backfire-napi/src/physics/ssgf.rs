//! `SSGFEngine` of `backfire-ssgf`. A step log crosses as 28 numbers — `step`, the nine costs
//! (`cMicro, c7, c8, c9, c10, rGraph, c4, cPgbo, uTotal`), then `rGlobal, fiedlerValue,
//! fiedlerGap, fiedlerRatio, eigenSweeps, eigenConverged, hRec, l16GateOpen, refusal, lrScale,
//! gradNorm, wValid, eigvalOrdered, pgboUNorm, pgboHFrob, pgboKappa, tcboP, tcboGateOpen`
//! (booleans as 0/1) — and `run(k)` returns k of them back to back in one `Float64Array`. A
//! spectrum crosses as `[values (n), vectors (n²), sweeps, converged, fiedlerValue, fiedlerGap,
//! fiedlerRatio]`.

use napi::Result;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use backfire_ssgf::{
    LaplacianSpectrum, SsgfCosts, SsgfDecoder, SsgfEngine as Engine, SsgfGradient, SsgfOptions,
    SsgfStepLog, SsgfWeights,
};

use super::args::{
    self, Opts, b, boolean, f64s, integer, is_nullish, is_undefined, number, ok, reject,
    reject_number, vector,
};
use crate::js::{Js, JsValue, OBJECT};

pub const LOG_LEN: usize = 28;

const OPTION_KEYS: &[&str] = &[
    "omega",
    "knm",
    "decoder",
    "rbfSigma",
    "rbfDim",
    "nMicro",
    "dtMicro",
    "dtOuter",
    "lrZ",
    "sigmaG",
    "noiseAmp",
    "fieldPressure",
    "weights",
    "plvThreshold",
    "plvWindow",
    "hRecWindow",
    "fdEps",
    "gradient",
    "seed",
    "pgboEnabled",
    "pgboAlpha",
    "pgboKappa",
    "pgboWeight",
    "pgboUCap",
    "pgboTraceless",
    "protectedMask",
    "phiTarget",
    "c8Index",
    "c9Index",
    "plvPair",
    "tcboThreshold",
];

pub const WEIGHT_KEYS: &[&str] = &["micro", "c7", "c8", "c9", "c10", "reg", "c4", "pgbo"];
pub const DECODERS: &[&str] = &["gramSoftplus", "rbf"];
const GRADIENTS: &[&str] = &["analytic", "finiteDifference"];

pub fn pack_costs(c: &SsgfCosts) -> [f64; 9] {
    [
        c.c_micro, c.c7, c.c8, c.c9, c.c10, c.r_graph, c.c4, c.c_pgbo, c.u_total,
    ]
}

pub fn pack_weights(w: &SsgfWeights) -> [f64; 8] {
    [w.micro, w.c7, w.c8, w.c9, w.c10, w.reg, w.c4, w.pgbo]
}

fn pack_log(l: &SsgfStepLog, out: &mut Vec<f64>) {
    out.push(l.step as f64);
    out.extend_from_slice(&pack_costs(&l.costs));
    out.extend_from_slice(&[
        l.r_global,
        l.fiedler_value,
        l.fiedler_gap,
        l.fiedler_ratio,
        l.eigen_sweeps as f64,
        b(l.eigen_converged),
        l.h_rec,
        b(l.l16_gate_open),
        b(l.refusal),
        l.lr_scale,
        l.grad_norm,
        b(l.w_valid),
        b(l.eigval_ordered),
        l.pgbo_u_norm,
        l.pgbo_h_frob,
        l.pgbo_kappa,
        l.tcbo_p,
        b(l.tcbo_gate_open),
    ]);
}

pub fn pack_spectrum(s: &LaplacianSpectrum) -> Vec<f64> {
    let e = &s.eigen;
    let mut p = Vec::with_capacity(e.values.len() + e.vectors.data.len() + 5);
    p.extend_from_slice(&e.values);
    p.extend_from_slice(&e.vectors.data);
    p.extend_from_slice(&[
        e.sweeps as f64,
        b(e.converged),
        s.fiedler_value,
        s.fiedler_gap,
        s.fiedler_ratio,
    ]);
    p
}

/// TS: `options('weights', o.weights)`, unknown keys rejected, each `?? default`, ≥ 0 (checked by
/// the engine).
pub fn read_weights<'e>(js: Js<'e>, v: JsValue<'e>) -> Result<SsgfWeights> {
    let w = Opts::new(js, "weights", v, WEIGHT_KEYS)?;
    let d = SsgfWeights::default();
    Ok(SsgfWeights {
        micro: w.num_as("micro", "weights.micro", d.micro)?,
        c7: w.num_as("c7", "weights.c7", d.c7)?,
        c8: w.num_as("c8", "weights.c8", d.c8)?,
        c9: w.num_as("c9", "weights.c9", d.c9)?,
        c10: w.num_as("c10", "weights.c10", d.c10)?,
        reg: w.num_as("reg", "weights.reg", d.reg)?,
        c4: w.num_as("c4", "weights.c4", d.c4)?,
        pgbo: w.num_as("pgbo", "weights.pgbo", d.pgbo)?,
    })
}

/// TS: an array of exactly n booleans, each named `protectedMask[i]` (`field` for the whole).
pub fn read_mask<'e>(js: Js<'e>, field: &str, v: JsValue<'e>, n: usize) -> Result<Vec<bool>> {
    if js.type_of(v)? != OBJECT || !js.is_array(v)? || js.array_len(v)? as usize != n {
        return Err(reject(
            js,
            field,
            v,
            &format!("must be an array of {n} booleans"),
        ));
    }
    (0..n)
        .map(|i| boolean(js, &format!("{field}[{i}]"), js.element(v, i as u32)?))
        .collect()
}

/// `integer(field, value ?? fallback, 0)` (the engine checks `< n`).
fn index<'e>(js: Js<'e>, field: &str, v: JsValue<'e>, fallback: usize) -> Result<usize> {
    if is_nullish(js, v)? {
        Ok(fallback)
    } else {
        integer(js, field, v, 0)
    }
}

/// Graph-weight learner around a Kuramoto micro-cycle, `@backfire/core/physics`'s `SSGFEngine`.
#[napi(js_name = "SSGFEngine")]
pub struct NativeSsgfEngine {
    inner: Engine,
    decoder: SsgfDecoder,
    gradient: SsgfGradient,
}

#[napi]
impl NativeSsgfEngine {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "options?: Record<string, unknown>"
    )]
    pub fn new(env: Env, options: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let o = Opts::new(js, "options", options, OPTION_KEYS)?;
        let omega = o.vector("omega", None)?;
        let n = omega.as_ref().map_or(16, Vec::len);
        if n < 2 {
            return Err(reject_number(js, "omega.length", n as f64, "must be ≥ 2"));
        }
        let knm_raw = o.raw("knm")?;
        if is_undefined(js, knm_raw)? && n != 16 {
            return Err(reject(
                js,
                "knm",
                knm_raw,
                &format!("is required when omega has length {n} ≠ 16"),
            ));
        }
        let knm = o.matrix("knm", Some(n))?;
        let decoder = match o.one_of("decoder", DECODERS, 0)? {
            0 => SsgfDecoder::GramSoftplus,
            _ => SsgfDecoder::Rbf,
        };
        let gradient = match o.one_of("gradient", GRADIENTS, 0)? {
            0 => SsgfGradient::Analytic,
            _ => SsgfGradient::FiniteDifference,
        };
        let pair = o.raw("plvPair")?;
        let pair = if is_nullish(js, pair)? {
            None
        } else {
            if js.type_of(pair)? != OBJECT || !js.is_array(pair)? || js.array_len(pair)? != 2 {
                return Err(reject(
                    js,
                    "plvPair",
                    pair,
                    "must be a pair of node indices",
                ));
            }
            Some(pair)
        };
        let rbf_sigma = o.num("rbfSigma", 1.0)?;
        let rbf_dim_raw = o.raw("rbfDim")?;
        let rbf_dim = if is_nullish(js, rbf_dim_raw)? {
            None
        } else {
            Some(integer(js, "rbfDim", rbf_dim_raw, 1)?)
        };
        if let Some(d) = rbf_dim
            && decoder == SsgfDecoder::Rbf
        {
            // z holds n·rbfDim numbers.
            args::allocation(js, "rbfDim", d, args::product(n, d))?;
        }
        let n_micro = o.int("nMicro", 10, 1)?;
        let dt_micro = o.num("dtMicro", 0.001)?;
        let dt_outer = o.num("dtOuter", 0.01)?;
        let lr_z = o.num("lrZ", 0.01)?;
        let sigma_g = o.num("sigmaG", 0.1)?;
        let noise_amp = o.num("noiseAmp", 0.02)?;
        let field_pressure = o.num("fieldPressure", 0.05)?;
        let fd_eps = o.num("fdEps", 1e-5)?;
        let pgbo_weight = o.num("pgboWeight", 0.1)?;
        let c8_index = index(js, "c8Index", o.raw("c8Index")?, 7)?;
        let c9_index = index(js, "c9Index", o.raw("c9Index")?, 8)?;
        let plv_pair = match pair {
            None => (6, 8),
            Some(p) => (
                index(js, "plvPair[0]", js.element(p, 0)?, 6)?,
                index(js, "plvPair[1]", js.element(p, 1)?, 8)?,
            ),
        };
        let tcbo_threshold = o.num("tcboThreshold", 0.72)?;
        let weights = read_weights(js, o.raw("weights")?)?;
        let mask_raw = o.raw("protectedMask")?;
        let protected_mask = if is_undefined(js, mask_raw)? {
            None
        } else {
            Some(read_mask(js, "protectedMask", mask_raw, n)?)
        };
        let phi_target = o.matrix("phiTarget", Some(n))?;
        let pgbo_enabled = o.bool_as("pgboEnabled", "pgboEnabled", true)?;
        let plv_threshold = o.num("plvThreshold", 0.6)?;
        let plv_window = o.int("plvWindow", 10, 1)?;
        let h_rec_window = o.int("hRecWindow", 5, 1)?;
        let d = SsgfOptions::default();
        // Read only when PGBO is on (TS builds the PGBO engine, which checks them, only then).
        let (pgbo_alpha, pgbo_kappa, pgbo_u_cap, pgbo_traceless) = if pgbo_enabled {
            (
                o.num_as("pgboAlpha", "alpha", d.pgbo_alpha)?,
                o.num_as("pgboKappa", "kappa", d.pgbo_kappa)?,
                o.num_as("pgboUCap", "uCap", d.pgbo_u_cap)?,
                o.bool_as("pgboTraceless", "traceless", d.pgbo_traceless)?,
            )
        } else {
            (d.pgbo_alpha, d.pgbo_kappa, d.pgbo_u_cap, d.pgbo_traceless)
        };
        let seed = o.seed("seed")?;
        let inner = ok(
            js,
            Engine::new(SsgfOptions {
                omega,
                knm,
                decoder,
                rbf_sigma,
                rbf_dim,
                n_micro,
                dt_micro,
                dt_outer,
                lr_z,
                sigma_g,
                noise_amp,
                field_pressure,
                weights,
                plv_threshold,
                plv_window,
                h_rec_window,
                fd_eps,
                gradient,
                seed,
                pgbo_enabled,
                pgbo_alpha,
                pgbo_kappa,
                pgbo_weight,
                pgbo_u_cap,
                pgbo_traceless,
                protected_mask,
                phi_target,
                c8_index,
                c9_index,
                plv_pair,
                tcbo_threshold,
            }),
        )?;
        Ok(NativeSsgfEngine {
            inner,
            decoder,
            gradient,
        })
    }

    #[napi(getter)]
    pub fn n(&self) -> u32 {
        self.inner.n() as u32
    }
    #[napi(getter, ts_return_type = "'gramSoftplus' | 'rbf'")]
    pub fn decoder(&self) -> &'static str {
        match self.decoder {
            SsgfDecoder::GramSoftplus => "gramSoftplus",
            SsgfDecoder::Rbf => "rbf",
        }
    }
    #[napi(getter, ts_return_type = "'analytic' | 'finiteDifference'")]
    pub fn gradient(&self) -> &'static str {
        match self.gradient {
            SsgfGradient::Analytic => "analytic",
            SsgfGradient::FiniteDifference => "finiteDifference",
        }
    }
    #[napi(getter, catch_unwind, ts_return_type = "bigint")]
    pub fn seed<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        args::bigint(Js::new(env), self.inner.seed())
    }
    #[napi(getter)]
    pub fn step_count(&self) -> f64 {
        self.inner.step_count() as f64
    }
    /// The TCBO probability the next steps use.
    #[napi(getter)]
    pub fn tcbo_p(&self) -> f64 {
        self.inner.tcbo_p()
    }

    #[napi(catch_unwind, ts_args_type = "p: unknown")]
    pub fn set_tcbo_p(&mut self, env: Env, p: Unknown) -> Result<()> {
        let js = Js::new(&env);
        let p = number(js, "p", p)?;
        ok(js, self.inner.set_tcbo_p(p))
    }

    #[napi]
    pub fn r_global(&self) -> f64 {
        self.inner.r_global()
    }

    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn get_theta<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &self.inner.theta())
    }

    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn get_z<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &self.inner.z())
    }

    /// Replaces z (length fixed by the decoder) and recomputes the spectrum.
    #[napi(catch_unwind, ts_args_type = "z: unknown")]
    pub fn set_z(&mut self, env: Env, z: Unknown) -> Result<()> {
        let js = Js::new(&env);
        let len = self.inner.z().len();
        let z = vector(js, "z", z, Some(len))?;
        ok(js, self.inner.set_z(&z))
    }

    /// W's data (n×n row-major), decoded from the current z.
    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn get_w<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &self.inner.w().data)
    }

    /// The spectrum of the last step (packed).
    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn get_spectrum<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &pack_spectrum(&self.inner.spectrum()))
    }

    /// One outer step (packed log).
    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn outer_step<'env>(&mut self, env: &'env Env) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let log = ok(js, self.inner.outer_step())?;
        let mut p = Vec::with_capacity(LOG_LEN);
        pack_log(&log, &mut p);
        f64s(env, &p)
    }

    /// `k` outer steps in one crossing: k packed logs back to back.
    #[napi(
        catch_unwind,
        ts_args_type = "k: unknown",
        ts_return_type = "Float64Array"
    )]
    pub fn run<'env>(&mut self, env: &'env Env, k: Unknown) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let k = integer(js, "k", k, 0)?;
        let logs = ok(js, self.inner.run(k as u64))?;
        let mut p = Vec::with_capacity(LOG_LEN * logs.len());
        for log in &logs {
            pack_log(log, &mut p);
        }
        f64s(env, &p)
    }

    /// ∂U/∂z of the eigen-free terms at the current z.
    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn analytic_gradient<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &self.inner.analytic_gradient())
    }

    /// Central differences of U_total in every component of z (θ and p frozen, no PGBO term).
    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn fd_gradient<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &self.inner.fd_gradient(None))
    }

    /// U_total and its terms at the current state (packed: the nine costs).
    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn costs<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &pack_costs(&self.inner.costs()))
    }
}
