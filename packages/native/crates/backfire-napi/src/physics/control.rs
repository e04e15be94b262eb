//! `L16Controller` and `PIController` of `backfire-physics`. An L16 step result crosses as
//! `[lambda7, lambda8, lambda10, nuStar, gateOpen, avgPlv, refusal, refusalCount, hRec, full,
//! dhRecDt, hRecNonIncreasing, lrZScale, dThetaScale, tauDScale]` (booleans as 0/1, `full` 1 when
//! the full H_rec ran); the TypeScript entry builds the `L16StepResult`.

use napi::Result;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use backfire_physics::{
    HRecMode, L16Controller as L16, L16Options, L16StepInput, L16StepResult, PiAction,
    PiController as Pi, PiOptions,
};

use super::args::{self, Opts, b, f64s, is_undefined, matrix, number, ok, reject};
use crate::js::{Js, OBJECT, STRING};

const L16_KEYS: &[&str] = &[
    "n",
    "plvThreshold",
    "plvWindow",
    "hRecWindow",
    "refusalLrFactor",
    "refusalDFactor",
    "refusalTauFactor",
    "tcboTarget",
];

fn pack_l16(r: &L16StepResult) -> [f64; 15] {
    [
        r.lambda7,
        r.lambda8,
        r.lambda10,
        r.nu_star,
        b(r.gate_open),
        r.avg_plv,
        b(r.refusal),
        r.refusal_count as f64,
        r.h_rec,
        b(r.h_rec_mode == HRecMode::Full),
        r.dh_rec_dt,
        b(r.h_rec_non_increasing),
        r.lr_z_scale,
        r.d_theta_scale,
        r.tau_d_scale,
    ]
}

/// Supervisory controller (H_rec, PLV gate, refusal, four PI loops), `@backfire/core/physics`'s
/// `L16Controller`.
#[napi(js_name = "L16Controller")]
pub struct NativeL16Controller {
    inner: L16,
    options: L16Options,
}

#[napi]
impl NativeL16Controller {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "options?: Record<string, unknown>"
    )]
    pub fn new(env: Env, options: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let o = Opts::new(js, "options", options, L16_KEYS)?;
        let options = L16Options {
            n: o.int("n", 16, 1)?,
            plv_threshold: o.num("plvThreshold", 0.6)?,
            plv_window: o.int("plvWindow", 10, 1)?,
            h_rec_window: o.int("hRecWindow", 5, 1)?,
            refusal_lr_factor: o.num("refusalLrFactor", 0.5)?,
            refusal_d_factor: o.num("refusalDFactor", 0.5)?,
            refusal_tau_factor: o.num("refusalTauFactor", 1.5)?,
            tcbo_target: o.num("tcboTarget", 0.72)?,
        };
        let inner = ok(js, L16::new(options.clone()))?;
        Ok(NativeL16Controller { inner, options })
    }

    #[napi(getter)]
    pub fn n(&self) -> u32 {
        self.options.n as u32
    }
    #[napi(getter)]
    pub fn plv_threshold(&self) -> f64 {
        self.options.plv_threshold
    }
    #[napi(getter)]
    pub fn plv_window(&self) -> f64 {
        self.options.plv_window as f64
    }
    #[napi(getter)]
    pub fn h_rec_window(&self) -> f64 {
        self.options.h_rec_window as f64
    }
    #[napi(getter)]
    pub fn refusal_lr_factor(&self) -> f64 {
        self.options.refusal_lr_factor
    }
    #[napi(getter)]
    pub fn refusal_d_factor(&self) -> f64 {
        self.options.refusal_d_factor
    }
    #[napi(getter)]
    pub fn refusal_tau_factor(&self) -> f64 {
        self.options.refusal_tau_factor
    }
    #[napi(getter)]
    pub fn tcbo_target(&self) -> f64 {
        self.options.tcbo_target
    }

    /// One supervisory step (packed result); every field is checked before any state changes.
    #[napi(
        catch_unwind,
        ts_args_type = "input: unknown",
        ts_return_type = "Float64Array"
    )]
    pub fn step<'env>(&mut self, env: &'env Env, input: Unknown) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let v = input;
        if js.type_of(v)? != OBJECT {
            return Err(reject(js, "input", v, "must be an object"));
        }
        let field = |key: &str| -> Result<f64> { number(js, key, args::get(js, v, key)?) };
        let mut step = L16StepInput {
            r_global: field("rGlobal")?,
            plv: field("plv")?,
            c7: field("c7")?,
            c8: field("c8")?,
            c10: field("c10")?,
            tcbo_p: field("tcboP")?,
            h_frob: field("hFrob")?,
            dt: field("dt")?,
            eigvecs: None,
            phi_target: None,
        };
        let eigvecs = args::get(js, v, "eigvecs")?;
        let phi = args::get(js, v, "phiTarget")?;
        match (is_undefined(js, eigvecs)?, is_undefined(js, phi)?) {
            (true, true) => {}
            (true, false) => {
                return Err(reject(js, "eigvecs", eigvecs, "is required with phiTarget"));
            }
            (false, true) => {
                return Err(reject(js, "phiTarget", phi, "is required with eigvecs"));
            }
            (false, false) => {
                let n = self.options.n;
                step.eigvecs = Some(matrix(js, "eigvecs", eigvecs, Some(n))?);
                step.phi_target = Some(matrix(js, "phiTarget", phi, Some(n))?);
            }
        }
        let r = ok(js, self.inner.step(&step))?;
        f64s(env, &pack_l16(&r))
    }

    /// Whether the PLV gate is open now (false before any sample).
    #[napi]
    pub fn plv_gate_open(&self) -> bool {
        self.inner.plv_gate_open()
    }

    /// The learning-rate scale of the last step (1 before any step).
    #[napi(getter)]
    pub fn lr_z_scale(&self) -> f64 {
        self.inner.lr_z_scale()
    }

    /// The last result (packed), or null before the first step.
    #[napi(getter, catch_unwind, ts_return_type = "Float64Array | null")]
    pub fn last<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        match self.inner.last() {
            Some(r) => f64s(env, &pack_l16(r)),
            None => Ok(Js::new(env).null()?),
        }
    }

    /// H_rec values, oldest first (at most 100).
    #[napi(getter, catch_unwind, ts_return_type = "Float64Array")]
    pub fn h_rec_history<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        f64s(env, &self.inner.h_rec_history())
    }

    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}

const PI_KEYS: &[&str] = &[
    "setpoint",
    "kp",
    "ki",
    "bias",
    "action",
    "integralMin",
    "integralMax",
    "outputMin",
    "outputMax",
];

/// Positional PI controller, `@backfire/core/physics`'s `PIController`.
#[napi(js_name = "PIController")]
pub struct NativePiController {
    inner: Pi,
}

#[napi]
impl NativePiController {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "options?: Record<string, unknown>"
    )]
    pub fn new(env: Env, options: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let o = Opts::new(js, "options", options, PI_KEYS)?;
        let setpoint = o.num("setpoint", 0.0)?;
        let kp = o.num("kp", 1.0)?;
        let ki = o.num("ki", 0.0)?;
        let bias = o.num("bias", 0.0)?;
        let raw_action = o.raw("action")?;
        let action = if args::is_nullish(js, raw_action)? {
            PiAction::Direct
        } else {
            let s = if js.type_of(raw_action)? == STRING {
                Some(js.utf8(raw_action)?)
            } else {
                None
            };
            match s.as_deref() {
                Some("direct") => PiAction::Direct,
                Some("reverse") => PiAction::Reverse,
                _ => {
                    return Err(reject(
                        js,
                        "action",
                        raw_action,
                        "must be 'direct' or 'reverse'",
                    ));
                }
            }
        };
        let integral_min = o.num("integralMin", -10.0)?;
        let integral_max = o.num("integralMax", 10.0)?;
        let bound = |key: &str| -> Result<Option<f64>> {
            let v = o.raw(key)?;
            if is_undefined(js, v)? {
                Ok(None)
            } else {
                number(js, key, v).map(Some)
            }
        };
        let output_min = bound("outputMin")?;
        let output_max = bound("outputMax")?;
        let inner = ok(
            js,
            Pi::new(PiOptions {
                setpoint,
                kp,
                ki,
                bias,
                action,
                integral_min,
                integral_max,
                output_min,
                output_max,
            }),
        )?;
        Ok(NativePiController { inner })
    }

    #[napi(getter)]
    pub fn setpoint(&self) -> f64 {
        self.inner.setpoint
    }
    #[napi(getter)]
    pub fn kp(&self) -> f64 {
        self.inner.kp
    }
    #[napi(getter)]
    pub fn ki(&self) -> f64 {
        self.inner.ki
    }
    #[napi(getter)]
    pub fn bias(&self) -> f64 {
        self.inner.bias
    }
    #[napi(getter, ts_return_type = "'direct' | 'reverse'")]
    pub fn action(&self) -> &'static str {
        match self.inner.action {
            PiAction::Direct => "direct",
            PiAction::Reverse => "reverse",
        }
    }
    #[napi(getter)]
    pub fn integral_min(&self) -> f64 {
        self.inner.integral_min
    }
    #[napi(getter)]
    pub fn integral_max(&self) -> f64 {
        self.inner.integral_max
    }
    #[napi(getter)]
    pub fn output_min(&self) -> f64 {
        self.inner.output_min
    }
    #[napi(getter)]
    pub fn output_max(&self) -> f64 {
        self.inner.output_max
    }
    #[napi(getter)]
    pub fn integral(&self) -> f64 {
        self.inner.integral()
    }
    #[napi(getter)]
    pub fn last_error(&self) -> f64 {
        self.inner.last_error()
    }

    /// One control step with the measurement over dt (> 0); returns the output.
    #[napi(catch_unwind, ts_args_type = "measured: unknown, dt: unknown")]
    pub fn step(&mut self, env: Env, measured: Unknown, dt: Unknown) -> Result<f64> {
        let js = Js::new(&env);
        let y = number(js, "measured", measured)?;
        let h = number(js, "dt", dt)?;
        ok(js, self.inner.step(y, h))
    }

    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}
