//! `RustStreamMonitor`: one stream, pushed token by token or in batches.

use napi::Result;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use backfire_core::types::{BackfireError, HaltKind, Value};
use backfire_core::{Monitor, Step, is_sentence_end};

use crate::js::{
    BIGINT, BOOLEAN, FUNCTION, Js, JsValue, NULL, NUMBER, OBJECT, STRING, SYMBOL, UNDEFINED,
};
/// A caller-provided `Float64Array` the result is written into (a type alias, so the macro borrows
/// the typed array's memory instead of expecting a class instance).
type Out<'a> = &'a mut [f64];

use crate::session::{FLAG_HALTED, FLAG_RECORDED, FLAG_WARNING, session_to_js};

/// One stream's monitor. The token text stays in JavaScript: it is read here only when a soft
/// halt needs to know whether a token ends a sentence.
#[napi]
pub struct RustStreamMonitor {
    inner: Monitor,
}

fn write_step(step: &Step, out: &mut [f64]) -> u32 {
    out[0] = step.event.coherence;
    out[1] = step.event.timestamp_ms;
    out[2] = step.event.index as f64;
    let mut flags = 0u8;
    if step.event.halted {
        flags |= FLAG_HALTED;
    }
    if step.event.warning {
        flags |= FLAG_WARNING;
    }
    if step.recorded {
        flags |= FLAG_RECORDED;
    }
    flags as u32
}

impl RustStreamMonitor {
    pub fn new(inner: Monitor) -> Self {
        RustStreamMonitor { inner }
    }

    /// TypeScript's checks before a push: the token is a string, the stream has not ended.
    fn check_token<'e>(&self, js: Js<'e>, token: JsValue<'e>, field: &str) -> Result<()> {
        if js.type_of(token)? != STRING {
            let err = BackfireError::input(field, js.describe(token)?, "must be a string");
            return Err(js.throw_backfire(&err, Some(token)));
        }
        if self.inner.ended() {
            let err =
                BackfireError::input(field, js.describe(token)?, "cannot be pushed after end()");
            return Err(js.throw_backfire(&err, Some(token)));
        }
        Ok(())
    }
}

/// `typeof` of a value that is not a number (`null` as `"null"`), as the halt reason names it.
fn type_name(t: napi::ValueType) -> &'static str {
    match t {
        UNDEFINED => "undefined",
        NULL => "null",
        BOOLEAN => "boolean",
        STRING => "string",
        SYMBOL => "symbol",
        FUNCTION => "function",
        BIGINT => "bigint",
        // Objects, and externals (which JavaScript sees as objects).
        _ => "object",
    }
}

fn check_out<'e>(js: Js<'e>, out: &[f64]) -> Result<()> {
    if out.len() < 3 {
        let err = BackfireError::input(
            "out",
            Value::Number(out.len() as f64),
            "must be a Float64Array of length >= 3",
        );
        return Err(js.throw_backfire(&err, None));
    }
    Ok(())
}

#[napi]
impl RustStreamMonitor {
    /// Records one token. Writes `[coherence, timestampMs, index]` into `out` and returns the
    /// flags: bit 0 halted, bit 1 warning, bit 2 recorded.
    #[napi(
        catch_unwind,
        ts_args_type = "token: string, score: number, out: Float64Array"
    )]
    pub fn push(&mut self, env: Env, token: Unknown, score: f64, out: Out<'_>) -> Result<u32> {
        let js = Js::new(&env);
        check_out(js, out)?;
        self.check_token(js, token, "token")?;
        let raw = token;
        let step = self
            .inner
            .push_with(score, None, || {
                js.utf8(raw).map(|t| is_sentence_end(&t)).unwrap_or(false)
            })
            .map_err(|e| js.throw_backfire(&e, Some(raw)))?;
        Ok(write_step(&step, out))
    }

    /// `push` for a score of any JavaScript type: a number is pushed as is; anything else counts
    /// as 0 (fail closed) and a hard-limit reason names its type (`score string → 0`), as
    /// TypeScript's monitor does. The wrapper sends only non-numbers here (numbers take `push`).
    #[napi(
        catch_unwind,
        ts_args_type = "token: string, score: unknown, out: Float64Array"
    )]
    pub fn push_value(
        &mut self,
        env: Env,
        token: Unknown,
        score: Unknown,
        out: Out<'_>,
    ) -> Result<u32> {
        let js = Js::new(&env);
        check_out(js, out)?;
        self.check_token(js, token, "token")?;
        let raw = token;
        let sentence_end = || js.utf8(raw).map(|t| is_sentence_end(&t)).unwrap_or(false);
        let step = match js.type_of(score)? {
            NUMBER => self.inner.push_with(js.double(score)?, None, sentence_end),
            t => self.inner.push_non_number(type_name(t), None, sentence_end),
        }
        .map_err(|e| js.throw_backfire(&e, Some(raw)))?;
        Ok(write_step(&step, out))
    }

    /// Records a token whose score could not be produced: `kind` is `callback_error` or `timeout`.
    #[napi(
        catch_unwind,
        ts_args_type = "token: string, kind: 'callback_error' | 'timeout', out: Float64Array"
    )]
    pub fn fail(&mut self, env: Env, token: Unknown, kind: String, out: Out<'_>) -> Result<u32> {
        let js = Js::new(&env);
        check_out(js, out)?;
        self.check_token(js, token, "token")?;
        let kind = match HaltKind::parse(&kind) {
            Some(k @ (HaltKind::CallbackError | HaltKind::Timeout)) => k,
            _ => {
                let err = BackfireError::input(
                    "kind",
                    Value::string(&kind),
                    "must be 'callback_error' or 'timeout'",
                );
                return Err(js.throw_backfire(&err, None));
            }
        };
        let step = self
            .inner
            .fail(None, kind)
            .map_err(|e| js.throw_backfire(&e, None))?;
        Ok(write_step(&step, out))
    }

    /// Pushes `scores[i]` (with `tokens[i]` when given, for sentence ends) until the stream halts
    /// or the scores run out, in one boundary crossing. Returns how many tokens were recorded.
    #[napi(catch_unwind, ts_args_type = "scores: Float64Array, tokens?: string[]")]
    pub fn push_many(&mut self, env: Env, scores: &[f64], tokens: Unknown) -> Result<u32> {
        let js = Js::new(&env);
        let with_tokens = js.type_of(tokens)? != UNDEFINED;
        if with_tokens {
            if js.type_of(tokens)? != OBJECT || !js.is_array(tokens)? {
                let err = BackfireError::input(
                    "tokens",
                    js.describe(tokens)?,
                    "must be an array of strings",
                );
                return Err(js.throw_backfire(&err, Some(tokens)));
            }
            let len = js.array_len(tokens)?;
            if (len as usize) < scores.len() {
                let err = BackfireError::input(
                    "tokens",
                    Value::Array(len),
                    &format!("must hold one token per score ({} scores)", scores.len()),
                );
                return Err(js.throw_backfire(&err, Some(tokens)));
            }
        } else if self.inner.ended() {
            let err =
                BackfireError::input("token", Value::Undefined, "cannot be pushed after end()");
            return Err(js.throw_backfire(&err, None));
        }
        let mut recorded = 0u32;
        for (i, &score) in scores.iter().enumerate() {
            if self.inner.halted() {
                break;
            }
            let token = if with_tokens {
                let t = js.element(tokens, i as u32)?;
                self.check_token(js, t, &format!("tokens[{i}]"))?;
                Some(t)
            } else {
                None
            };
            let step = self
                .inner
                .push_with(score, None, || match token {
                    Some(t) => js.utf8(t).map(|t| is_sentence_end(&t)).unwrap_or(false),
                    None => false,
                })
                .map_err(|e| js.throw_backfire(&e, None))?;
            if step.recorded {
                recorded += 1;
            }
        }
        Ok(recorded)
    }

    #[napi(getter)]
    pub fn halted(&self) -> bool {
        self.inner.halted()
    }

    /// True while a soft halt waits for the end of its sentence.
    #[napi(getter)]
    pub fn halt_pending(&self) -> bool {
        self.inner.halt_pending()
    }

    /// Index the next pushed token will get.
    #[napi(getter)]
    pub fn next_index(&self) -> u32 {
        self.inner.next_index()
    }

    /// Whether the next token is scored under `scoreEveryN`.
    #[napi(getter)]
    pub fn score_due(&self) -> bool {
        self.inner.score_due()
    }

    #[napi(getter)]
    pub fn ended(&self) -> bool {
        self.inner.ended()
    }

    /// The session so far.
    #[napi(
        catch_unwind,
        ts_return_type = "[stats: Float64Array, haltReason: string, haltKind: HaltKind | undefined, trace: Float64Array, interrupt: string | undefined]"
    )]
    pub fn snapshot<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        session_to_js(Js::new(env), self.inner.session(), None)
    }

    /// Finalises the stream (a pending soft halt becomes a soft halt). Idempotent.
    #[napi(
        catch_unwind,
        ts_return_type = "[stats: Float64Array, haltReason: string, haltKind: HaltKind | undefined, trace: Float64Array, interrupt: string | undefined]"
    )]
    pub fn end<'env>(&mut self, env: &'env Env) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        session_to_js(js, self.inner.end(), None)
    }
}
