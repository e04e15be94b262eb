//! `UPDEStepper`: the stochastic Kuramoto integrator of `backfire-physics`. A state crosses as one
//! packed `Float64Array` — `[theta (n), dthetaDt (n), t, rGlobal, stepCount]` — which the
//! TypeScript entry splits into a `UPDEState`; `run(initial, nSteps)` is one crossing for any
//! number of steps.

use napi::Result;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use backfire_physics::{UpdeOptions, UpdeState, UpdeStepper as Stepper};

use super::args::{self, Opts, f64s, integer, number, ok, reject, reject_number, vector};
use crate::js::{Js, JsValue, OBJECT};

const MAX_SAFE: u64 = 9_007_199_254_740_991;
const OPTION_KEYS: &[&str] = &[
    "dt",
    "fieldPressure",
    "noiseAmplitude",
    "omega",
    "knm",
    "seed",
];

fn pack(s: &UpdeState) -> Vec<f64> {
    let mut p = Vec::with_capacity(2 * s.theta.len() + 3);
    p.extend_from_slice(&s.theta);
    p.extend_from_slice(&s.dtheta_dt);
    p.extend_from_slice(&[s.t, s.r_global, s.step_count as f64]);
    p
}

/// Stochastic Kuramoto integrator (Euler–Maruyama), `@backfire/core/physics`'s `UPDEStepper`.
#[napi(js_name = "UPDEStepper")]
pub struct NativeUpdeStepper {
    inner: Stepper,
}

impl NativeUpdeStepper {
    /// TS `checkState`: phases (→ a fresh state) or a `UPDEState`, every field checked.
    fn read_state<'e>(&self, js: Js<'e>, v: JsValue<'e>) -> Result<UpdeState> {
        let n = self.inner.n();
        if args::is_vector(js, v)? {
            let theta = vector(js, "theta", v, Some(n))?;
            return ok(js, self.inner.create_state(&theta));
        }
        if js.type_of(v)? != OBJECT {
            return Err(reject(
                js,
                "state",
                v,
                "must be a UPDEState or a phase vector",
            ));
        }
        let theta = vector(js, "state.theta", args::get(js, v, "theta")?, Some(n))?;
        let dtheta_dt = vector(js, "state.dthetaDt", args::get(js, v, "dthetaDt")?, Some(n))?;
        let t = number(js, "state.t", args::get(js, v, "t")?)?;
        let step_count = integer(js, "state.stepCount", args::get(js, v, "stepCount")?, 0)?;
        Ok(UpdeState {
            theta,
            dtheta_dt,
            t,
            r_global: 0.0,
            step_count: step_count as u64,
        })
    }
}

#[napi]
impl NativeUpdeStepper {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "options?: Record<string, unknown>"
    )]
    pub fn new(env: Env, options: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let o = Opts::new(js, "options", options, OPTION_KEYS)?;
        let dt = o.num("dt", 0.01)?;
        let field_pressure = o.num("fieldPressure", 0.1)?;
        let noise_amplitude = o.num("noiseAmplitude", 0.05)?;
        let omega = o.vector("omega", None)?;
        let n = omega.as_ref().map_or(16, Vec::len);
        // An empty omega is reported by the stepper before the coupling is looked at.
        let knm = if n == 0 {
            None
        } else {
            o.matrix("knm", Some(n))?
        };
        let seed = o.seed("seed")?;
        let inner = ok(
            js,
            Stepper::new(UpdeOptions {
                dt,
                field_pressure,
                noise_amplitude,
                omega,
                knm,
                seed,
            }),
        )?;
        Ok(NativeUpdeStepper { inner })
    }

    #[napi(getter)]
    pub fn n(&self) -> u32 {
        self.inner.n() as u32
    }
    #[napi(getter)]
    pub fn dt(&self) -> f64 {
        self.inner.dt()
    }
    #[napi(getter)]
    pub fn field_pressure(&self) -> f64 {
        self.inner.field_pressure()
    }
    #[napi(getter)]
    pub fn noise_amplitude(&self) -> f64 {
        self.inner.noise_amplitude()
    }

    /// The seed in use (the drawn one when none was given).
    #[napi(getter, catch_unwind, ts_return_type = "bigint")]
    pub fn seed<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        args::bigint(Js::new(env), self.inner.seed())
    }

    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn get_omega<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &self.inner.omega())
    }

    /// K's data, row-major n×n.
    #[napi(catch_unwind, ts_return_type = "Float64Array")]
    pub fn get_knm<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &self.inner.knm().data)
    }

    /// A fresh state at t = 0 (packed).
    #[napi(
        catch_unwind,
        ts_args_type = "theta: unknown",
        ts_return_type = "Float64Array"
    )]
    pub fn create_state<'env>(&self, env: &'env Env, theta: Unknown) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let th = vector(js, "theta", theta, Some(self.inner.n()))?;
        let s = ok(js, self.inner.create_state(&th))?;
        f64s(env, &pack(&s))
    }

    /// Phases uniform in [0, 2π) from a generator of their own (packed state).
    #[napi(
        catch_unwind,
        ts_args_type = "n: unknown, seed?: unknown",
        ts_return_type = "Float64Array"
    )]
    pub fn random_state<'env>(env: &'env Env, n: Unknown, seed: Unknown) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let n = integer(js, "n", n, 1)?;
        args::allocation(js, "n", n, Some(n as u64))?;
        let seed = args::seed(js, "seed", seed)?;
        let s = ok(js, Stepper::random_state(n, seed))?;
        f64s(env, &pack(&s))
    }

    /// One step from `state` (packed result).
    #[napi(
        catch_unwind,
        ts_args_type = "state: unknown",
        ts_return_type = "Float64Array"
    )]
    pub fn step<'env>(&mut self, env: &'env Env, state: Unknown) -> Result<Unknown<'env>> {
        self.advance(env, state, 1)
    }

    /// `nSteps` steps from a state or from phases, in one crossing (packed result).
    #[napi(
        catch_unwind,
        ts_args_type = "initial: unknown, nSteps: unknown",
        ts_return_type = "Float64Array"
    )]
    pub fn run<'env>(
        &mut self,
        env: &'env Env,
        initial: Unknown,
        n_steps: Unknown,
    ) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let steps = integer(js, "nSteps", n_steps, 0)? as u64;
        self.advance(env, initial, steps)
    }
}

impl NativeUpdeStepper {
    fn advance<'env, 'e>(
        &mut self,
        env: &'env Env,
        initial: JsValue<'e>,
        steps: u64,
    ) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let start = self.read_state(js, initial)?;
        // stepCount is a JS number: it must stay a safe integer.
        if start
            .step_count
            .checked_add(steps)
            .is_none_or(|s| s > MAX_SAFE)
        {
            return Err(reject_number(
                js,
                "nSteps",
                steps as f64,
                "overflows stepCount",
            ));
        }
        let s = ok(js, self.inner.run(&start, steps))?;
        f64s(env, &pack(&s))
    }
}
