//! `SECFunctional`: the phase-coherence potential of `backfire-physics`. `evaluate` returns
//! `[v, vNormalised, phaseScore, rGlobal, hasDvDt, dvDt, vCoupling, vFrequency, vEntropy]`, which the
//! TypeScript entry turns into an `SECResult` (`dvDt` null when `hasDvDt` is 0).

use napi::Result;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use backfire_physics::{SecFunctional as Sec, SecOptions, SecResult};

use super::args::{self, Opts, b, f64s, is_undefined, matrix, number, ok, reject, vector};
use crate::js::{Js, NUMBER, OBJECT};

const OPTION_KEYS: &[&str] = &["lambdaOmega", "lambdaEntropy", "kappa", "knm", "omega"];

/// Phase-coherence potential V = V_c + V_f + V_e, `@backfire/core/physics`'s `SECFunctional`.
#[napi(js_name = "SECFunctional")]
pub struct NativeSecFunctional {
    inner: Sec,
    lambda_omega: f64,
    lambda_entropy: f64,
    kappa: f64,
}

#[napi]
impl NativeSecFunctional {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "options?: Record<string, unknown>"
    )]
    pub fn new(env: Env, options: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let o = Opts::new(js, "options", options, OPTION_KEYS)?;
        let lambda_omega = o.num("lambdaOmega", 0.1)?;
        let lambda_entropy = o.num("lambdaEntropy", 0.01)?;
        let kappa = o.num("kappa", 2.0)?;
        let omega = o.vector("omega", None)?;
        let n = omega.as_ref().map_or(16, Vec::len);
        let knm = if n == 0 {
            None
        } else {
            o.matrix("knm", Some(n))?
        };
        let inner = ok(
            js,
            Sec::new(SecOptions {
                lambda_omega,
                lambda_entropy,
                kappa,
                knm,
                omega,
            }),
        )?;
        Ok(NativeSecFunctional {
            inner,
            lambda_omega,
            lambda_entropy,
            kappa,
        })
    }

    #[napi(getter)]
    pub fn n(&self) -> u32 {
        self.inner.n() as u32
    }
    #[napi(getter)]
    pub fn lambda_omega(&self) -> f64 {
        self.lambda_omega
    }
    #[napi(getter)]
    pub fn lambda_entropy(&self) -> f64 {
        self.lambda_entropy
    }
    #[napi(getter)]
    pub fn kappa(&self) -> f64 {
        self.kappa
    }
    /// V_max = max(2·ΣK, 1e-12).
    #[napi(getter)]
    pub fn v_max(&self) -> f64 {
        self.inner.v_max()
    }

    /// Replaces K (n×n, finite, ≥ 0).
    #[napi(catch_unwind, ts_args_type = "knm: unknown")]
    pub fn update_coupling(&mut self, env: Env, knm: Unknown) -> Result<()> {
        let js = Js::new(&env);
        let m = matrix(js, "knm", knm, Some(self.inner.n()))?;
        ok(js, self.inner.update_coupling(&m))
    }

    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn get_knm<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &self.inner.knm().data)
    }

    #[napi(catch_unwind, ts_args_type = "theta: unknown")]
    pub fn coupling_potential(&self, env: Env, theta: Unknown) -> Result<f64> {
        let js = Js::new(&env);
        let th = vector(js, "theta", theta, Some(self.inner.n()))?;
        ok(js, self.inner.coupling_potential(&th))
    }

    #[napi(
        catch_unwind,
        ts_args_type = "theta: unknown, thetaPrev: unknown, dt: unknown"
    )]
    pub fn frequency_penalty(
        &self,
        env: Env,
        theta: Unknown,
        theta_prev: Unknown,
        dt: Unknown,
    ) -> Result<f64> {
        let js = Js::new(&env);
        let n = self.inner.n();
        let th = vector(js, "theta", theta, Some(n))?;
        let prev = vector(js, "thetaPrev", theta_prev, Some(n))?;
        let dt = number(js, "dt", dt)?;
        ok(js, self.inner.frequency_penalty(&th, &prev, dt))
    }

    #[napi(catch_unwind, ts_args_type = "theta: unknown")]
    pub fn entropy_term(&self, env: Env, theta: Unknown) -> Result<f64> {
        let js = Js::new(&env);
        let th = vector(js, "theta", theta, Some(self.inner.n()))?;
        ok(js, self.inner.entropy_term(&th))
    }

    /// V at θ (packed result; see the module comment). `dt` defaults to 0.01.
    #[napi(
        catch_unwind,
        ts_args_type = "theta: unknown, thetaPrev?: unknown, dt?: unknown",
        ts_return_type = "Float64Array"
    )]
    pub fn evaluate<'env>(
        &mut self,
        env: &'env Env,
        theta: Unknown,
        theta_prev: Unknown,
        dt: Unknown,
    ) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let n = self.inner.n();
        let th = vector(js, "theta", theta, Some(n))?;
        let prev = if is_undefined(js, theta_prev)? {
            None
        } else {
            Some(vector(js, "thetaPrev", theta_prev, Some(n))?)
        };
        let dt = if is_undefined(js, dt)? {
            0.01
        } else {
            number(js, "dt", dt)?
        };
        let r = ok(js, self.inner.evaluate(&th, prev.as_deref(), dt))?;
        f64s(
            env,
            &[
                r.v,
                r.v_normalised,
                r.phase_score,
                r.r_global,
                b(r.dv_dt.is_some()),
                r.dv_dt.unwrap_or(0.0),
                r.v_coupling,
                r.v_frequency,
                r.v_entropy,
            ],
        )
    }

    /// Forgets the previous call (the next `dvDt` is null).
    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset();
    }

    /// √(8/π)·σ_Ω.
    #[napi]
    pub fn critical_coupling(&self) -> f64 {
        self.inner.critical_coupling()
    }

    /// true iff `result.dvDt` is a number ≤ `tolerance` (default 0).
    #[napi(catch_unwind, ts_args_type = "result: unknown, tolerance?: unknown")]
    pub fn is_stable(env: Env, result: Unknown, tolerance: Unknown) -> Result<bool> {
        let js = Js::new(&env);
        let tol = if is_undefined(js, tolerance)? {
            0.0
        } else {
            number(js, "tolerance", tolerance)?
        };
        if js.type_of(result)? != OBJECT {
            return Err(reject(js, "result", result, "must be an SECResult"));
        }
        let dv = args::get(js, result, "dvDt")?;
        let dv_dt = if js.type_of(dv)? == NUMBER {
            Some(js.double(dv)?)
        } else {
            None
        };
        let r = SecResult {
            v: 0.0,
            v_normalised: 0.0,
            phase_score: 0.0,
            r_global: 0.0,
            dv_dt,
            v_coupling: 0.0,
            v_frequency: 0.0,
            v_entropy: 0.0,
        };
        ok(js, Sec::is_stable(&r, tol))
    }
}
