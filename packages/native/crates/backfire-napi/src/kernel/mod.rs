//! `RustStreamingKernel` and `RustSafetyKernel`: the seed's two kernel classes. Both are a
//! `StreamingKernel` underneath (the safety kernel's window and trend checks are off), so their
//! kill switch and batch calls share one body (`Batch`); each class only adds what is its own
//! (the config and `monitor()`, or the hard limit); their shared `#[napi]` methods are written once
//! (`shared_kernel_methods!`).

mod batch;

use napi::Result;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use backfire_core::types::Value;
use backfire_core::types::session::Trace;
use backfire_core::{SafetyKernel, StreamingKernel};

use crate::config::{BackfireConfig, config_from_arg, throw_config};
use crate::js::{BOOLEAN, Js, NULL, NUMBER, OBJECT, UNDEFINED};
use crate::monitor::RustStreamMonitor;
use batch::BatchArgs;

/// What both classes' shared methods act on: the kernel, and how its batch calls behave.
struct Batch<'k> {
    kernel: &'k StreamingKernel,
    /// Rethrow a throwing callback's error instead of halting with `callback_error`.
    rethrow: bool,
    /// The safety kernel's batch call reports the seed's interrupt text.
    safety: bool,
}

impl Batch<'_> {
    fn stream_tokens<'e>(&self, env: &'e Env, args: BatchArgs<'e>) -> Result<Unknown<'e>> {
        batch::stream_tokens(env, self.kernel, self.rethrow, args, self.safety)
    }

    fn stream_scores<'e>(
        &self,
        env: &'e Env,
        tokens: Unknown<'e>,
        scores: &[f64],
        source_error: Unknown<'e>,
        checked: Unknown<'e>,
    ) -> Result<Unknown<'e>> {
        // A score batch has no callback: the unused slots hold `sourceError`, which is never read.
        let args = BatchArgs {
            tokens,
            callback: source_error,
            source_error,
            invoke: source_error,
            checked,
        };
        batch::stream_scores(env, self.kernel, scores, args, self.safety)
    }
}

/// The methods both kernel classes expose, written once over each class's `batch()`: napi-rs has
/// no inheritance between classes, and a second `#[napi] impl` block adds methods to the same
/// JS class, so one macro gives both the same kill switch and batch calls.
macro_rules! shared_kernel_methods {
    ($class:ident) => {
        #[napi]
        impl $class {
            /// False between `emergencyStop()` and `reactivate()`.
            #[napi(getter)]
            pub fn is_active(&self) -> bool {
                self.batch().kernel.is_active()
            }

            /// Halts every monitor of this kernel at its next token, until `reactivate()`.
            #[napi]
            pub fn emergency_stop(&self) {
                self.batch().kernel.emergency_stop();
            }

            #[napi]
            pub fn reactivate(&self) {
                self.batch().kernel.reactivate();
            }

            /// The seed's batch call: `callback(token, { index, text })` for every due token, one
            /// boundary crossing for the whole stream. `sourceError` (internal) is what the token
            /// iterable threw after its last element; `invoke` (internal) a JS adapter that builds
            /// the `ctx` object; `checked` how many leading array elements the entry verified are
            /// strings. The safety kernel's result holds the interrupt text when halted (its
            /// `streamOutput`).
            #[napi(
                catch_unwind,
                ts_args_type = "tokens: string[] | Iterator<unknown>, callback: (token: string, ctx: { index: number; text: string }) => number, sourceError?: unknown, invoke?: (index: number) => unknown, checked?: number",
                ts_return_type = "[stats: Float64Array, haltReason: string, haltKind: HaltKind | undefined, trace: Float64Array, interrupt: string | undefined]"
            )]
            pub fn stream_tokens<'env>(
                &self,
                env: &'env Env,
                tokens: Unknown<'env>,
                callback: Unknown<'env>,
                source_error: Unknown<'env>,
                invoke: Unknown<'env>,
                checked: Unknown<'env>,
            ) -> Result<Unknown<'env>> {
                let args = BatchArgs {
                    tokens,
                    callback,
                    source_error,
                    invoke,
                    checked,
                };
                self.batch().stream_tokens(env, args)
            }

            /// The whole session in one call: `scores[i]` is the score of `tokens[i]` (ignored for
            /// tokens that are not due under `scoreEveryN`). Same semantics as `streamTokens`
            /// with `(t, { index }) => scores[index]`.
            #[napi(
                catch_unwind,
                ts_args_type = "tokens: string[], scores: Float64Array, sourceError?: unknown, checked?: number",
                ts_return_type = "[stats: Float64Array, haltReason: string, haltKind: HaltKind | undefined, trace: Float64Array, interrupt: string | undefined]"
            )]
            pub fn stream_scores<'env>(
                &self,
                env: &'env Env,
                tokens: Unknown<'env>,
                scores: &[f64],
                source_error: Unknown<'env>,
                checked: Unknown<'env>,
            ) -> Result<Unknown<'env>> {
                self.batch()
                    .stream_scores(env, tokens, scores, source_error, checked)
            }
        }
    };
}

/// The streaming interlock: hard limit, sliding-window average and least-squares downward trend,
/// with the same behaviour as `@backfire/core`'s `StreamingKernel`.
#[napi]
pub struct RustStreamingKernel {
    inner: StreamingKernel,
    rethrow: bool,
}

impl RustStreamingKernel {
    fn batch(&self) -> Batch<'_> {
        Batch {
            kernel: &self.inner,
            rethrow: self.rethrow,
            safety: false,
        }
    }
}

#[napi]
impl RustStreamingKernel {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "config?: BackfireConfig | Record<string, unknown> | null, options?: { rethrowCallbackErrors?: boolean }"
    )]
    pub fn new(env: Env, config: Unknown, options: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let cfg = config_from_arg(&env, config, true)?;
        // Read by hand, not as a `#[napi(object)]`: an option of another type is ignored, as in TS.
        let mut rethrow = false;
        if js.type_of(options)? == OBJECT {
            let v = js.get_named(options, c"rethrowCallbackErrors")?;
            rethrow = js.type_of(v)? == BOOLEAN && js.boolean_value(v)?;
        }
        Ok(RustStreamingKernel {
            inner: StreamingKernel::new(cfg),
            rethrow,
        })
    }

    #[napi(getter)]
    pub fn config(&self) -> BackfireConfig {
        BackfireConfig {
            inner: self.inner.config().clone(),
        }
    }

    /// An independent monitor for one stream (`trace: false` keeps counters only).
    #[napi(catch_unwind)]
    pub fn monitor(&self, trace: Option<bool>) -> RustStreamMonitor {
        let trace = if trace == Some(false) {
            Trace::Off
        } else {
            Trace::Scores
        };
        RustStreamMonitor::new(self.inner.monitor(trace))
    }
}

shared_kernel_methods!(RustStreamingKernel);

/// The seed's hard-limit interlock: window and trend checks are off.
#[napi]
pub struct RustSafetyKernel {
    inner: SafetyKernel,
}

impl RustSafetyKernel {
    fn batch(&self) -> Batch<'_> {
        Batch {
            kernel: self.inner.kernel(),
            rethrow: false,
            safety: true,
        }
    }
}

#[napi]
impl RustSafetyKernel {
    /// `new RustSafetyKernel(0.5)` or `new RustSafetyKernel({ hardLimit: 0.5 })`.
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "hardLimit?: number | { hardLimit?: number }"
    )]
    pub fn new(env: Env, hard_limit: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let raw = hard_limit;
        let (value, passed) = match js.type_of(raw)? {
            UNDEFINED => (Value::Number(0.5), raw),
            NUMBER => (Value::Number(js.double(raw)?), raw),
            OBJECT => {
                let v = js.get_named(raw, c"hardLimit")?;
                match js.type_of(v)? {
                    UNDEFINED | NULL => (Value::Number(0.5), v),
                    _ => (js.describe(v)?, v),
                }
            }
            _ => {
                let err = SafetyKernel::invalid_limit(js.describe(raw)?);
                return Err(js.throw_backfire(&err, Some(raw)));
            }
        };
        SafetyKernel::new(&value)
            .map(|inner| RustSafetyKernel { inner })
            .map_err(|e| {
                if e.field == "hardLimit" {
                    js.throw_backfire(&e, Some(passed))
                } else {
                    throw_config(js, e, None)
                }
            })
    }

    #[napi(getter)]
    pub fn hard_limit(&self) -> f64 {
        self.inner.hard_limit()
    }
}

shared_kernel_methods!(RustSafetyKernel);
