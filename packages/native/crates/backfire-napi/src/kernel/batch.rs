//! The seed's batch calls (`streamTokens`, `streamScores`) shared by both kernel classes. The loop
//! lives in `backfire-core` (`run_batch`); this file only adapts a JS array or iterator and a
//! callback to its source trait.

use napi::Result;
use napi::bindgen_prelude::Env;

use backfire_core::types::session::Trace;
use backfire_core::types::{BackfireError, ErrorCode};
use backfire_core::{
    BatchError, BatchSource, Scored, StreamingKernel, interrupt_text, is_sentence_end,
};

use crate::js::{BIGINT, BOOLEAN, FUNCTION, Js, JsValue, NULL, NUMBER, OBJECT, STRING, UNDEFINED};
use crate::session::session_to_js;

enum Fail<'e> {
    /// A token that is not a string.
    NotString(JsValue<'e>),
    /// The token source threw (passed in by the caller, which iterated it).
    Thrown(JsValue<'e>),
    /// The callback's error, to be rethrown as is.
    Rethrow(JsValue<'e>),
    /// Node-API failed (an exception may be pending).
    Napi(napi::Error),
}

enum Scoring<'a, 'e> {
    Callback {
        cb: JsValue<'e>,
        /// `invoke(token, index)`: a JS adapter that builds `{ index, text }` and calls `cb`. An
        /// object literal built in JS is far cheaper than one assembled property by property
        /// through Node-API (measured: the largest per-token cost). `None` → built here.
        invoke: Option<JsValue<'e>>,
        text: JsValue<'e>,
        concat: JsValue<'e>,
        key_index: JsValue<'e>,
        key_text: JsValue<'e>,
        this: JsValue<'e>,
        rethrow: bool,
    },
    Scores(&'a [f64]),
}

/// Where tokens come from: an array read by index, or an iterator (`next()` per token, so a lazy
/// or endless generator is only read as far as the stream goes, as in TypeScript's `for…of`).
enum Tokens<'e> {
    /// `checked`: how many leading elements the caller already verified are strings (the TS
    /// entry checks in a plain JS loop, ~1 ns an element); those are not read here at all unless a
    /// soft halt needs their text.
    Array {
        arr: JsValue<'e>,
        len: u32,
        checked: u32,
    },
    Iterator {
        it: JsValue<'e>,
        next: JsValue<'e>,
        done: bool,
        threw: bool,
    },
}

/// Tokens read one at a time (a non-string token fails where TypeScript fails), scored by a JS
/// callback or by a score slice.
struct ArraySource<'a, 'e> {
    js: Js<'e>,
    tokens: Tokens<'e>,
    pos: u32,
    /// The current token; `None` while a pre-checked array element has not been read.
    cur: Option<JsValue<'e>>,
    tail_error: Option<JsValue<'e>>,
    scoring: Scoring<'a, 'e>,
}

impl<'e> ArraySource<'_, 'e> {
    fn callback_failed(&self, rethrow: bool, error: JsValue<'e>) -> Scored<Fail<'e>> {
        if rethrow {
            Scored::Rethrow(Fail::Rethrow(error))
        } else {
            Scored::Failed
        }
    }

    /// A callback result that is not a number (TypeScript: `BackfireInputError` inside the try).
    fn bad_result(&self, rethrow: bool, result: JsValue<'e>) -> Scored<Fail<'e>> {
        let js = self.js;
        let described = match js.describe(result) {
            Ok(v) => v,
            Err(_) => return Scored::Failed,
        };
        let t = js.type_of(result).unwrap_or(UNDEFINED);
        let mut promise = false;
        if t == OBJECT || t == FUNCTION {
            match js.get_named(result, c"then") {
                Ok(then) => promise = js.type_of(then).ok() == Some(FUNCTION),
                Err(_) => {
                    return match js.take_exception() {
                        Ok(Some(e)) => self.callback_failed(rethrow, e),
                        _ => Scored::Failed,
                    };
                }
            }
        }
        if !rethrow {
            return Scored::Failed;
        }
        let err = if promise {
            BackfireError::input(
                "callback",
                described,
                "returned a Promise; use streamTokensAsync for async callbacks",
            )
        } else {
            BackfireError::input("callback result", described, "must be a number")
        };
        match js.error_object(&err, Some(result)) {
            Ok(e) => Scored::Rethrow(Fail::Rethrow(e)),
            Err(e) => Scored::Rethrow(Fail::Napi(e)),
        }
    }
}

impl<'e> ArraySource<'_, 'e> {
    /// The current token's JS value (read now if it was skipped as pre-checked).
    fn current(&mut self) -> Result<JsValue<'e>> {
        if let Some(v) = self.cur {
            return Ok(v);
        }
        let Tokens::Array { arr, .. } = self.tokens else {
            return self.js.undefined();
        };
        let v = self.js.element(arr, self.pos - 1)?;
        self.cur = Some(v);
        Ok(v)
    }

    /// A callback's return value (or exception) as a score outcome.
    fn outcome(
        &self,
        rethrow: bool,
        result: std::result::Result<JsValue<'e>, Result<JsValue<'e>>>,
    ) -> Scored<Fail<'e>> {
        let js = self.js;
        match result {
            Ok(r) => match js.type_of(r) {
                Ok(NUMBER) => js.double(r).map_or(Scored::Failed, Scored::Score),
                Ok(_) => self.bad_result(rethrow, r),
                Err(_) => Scored::Failed,
            },
            Err(Ok(exception)) => self.callback_failed(rethrow, exception),
            Err(Err(_)) => Scored::Failed,
        }
    }
}

impl<'e> BatchSource for ArraySource<'_, 'e> {
    type Error = Fail<'e>;

    fn advance(&mut self) -> std::result::Result<bool, Fail<'e>> {
        let js = self.js;
        let v = match &mut self.tokens {
            Tokens::Array { arr, len, checked } => {
                if self.pos == *len {
                    return match self.tail_error.take() {
                        Some(e) => Err(Fail::Thrown(e)),
                        None => Ok(false),
                    };
                }
                if self.pos < *checked
                    && !matches!(self.scoring, Scoring::Callback { invoke: None, .. })
                {
                    self.cur = None;
                    self.pos += 1;
                    return Ok(true);
                }
                js.element(*arr, self.pos).map_err(Fail::Napi)?
            }
            Tokens::Iterator {
                it,
                next,
                done,
                threw,
            } => {
                let step = match js.call(*it, *next, &[]) {
                    Ok(step) => step,
                    Err(Ok(e)) => {
                        *threw = true;
                        return Err(Fail::Thrown(e));
                    }
                    Err(Err(e)) => return Err(Fail::Napi(e)),
                };
                let t = js.type_of(step).map_err(Fail::Napi)?;
                if t != OBJECT && t != FUNCTION {
                    *threw = true;
                    let err = BackfireError::input(
                        "iterator result",
                        js.describe(step).map_err(Fail::Napi)?,
                        "must be an object",
                    );
                    return Err(Fail::Thrown(
                        js.error_object(&err, Some(step)).map_err(Fail::Napi)?,
                    ));
                }
                let got = |key: &std::ffi::CStr| match js.get_named(step, key) {
                    Ok(v) => Ok(v),
                    Err(e) => Err(match js.take_exception() {
                        Ok(Some(exc)) => Fail::Thrown(exc),
                        _ => Fail::Napi(e),
                    }),
                };
                let d = got(c"done").inspect_err(|_| *threw = true)?;
                if truthy(js, d).map_err(Fail::Napi)? {
                    *done = true;
                    return Ok(false);
                }
                got(c"value").inspect_err(|_| *threw = true)?
            }
        };
        if js.type_of(v).map_err(Fail::Napi)? != STRING {
            return Err(Fail::NotString(v));
        }
        self.cur = Some(v);
        self.pos += 1;
        if let Scoring::Callback {
            text,
            concat,
            invoke: None,
            ..
        } = &mut self.scoring
        {
            // `text += token` through String.prototype.concat: V8 builds a rope, so the total cost
            // stays linear instead of copying the growing prefix for every token.
            *text = match js.call(*text, *concat, &[v]) {
                Ok(t) => t,
                Err(Ok(e)) => return Err(Fail::Napi(js.throw(e))),
                Err(Err(e)) => return Err(Fail::Napi(e)),
            };
        }
        Ok(true)
    }

    fn score(&mut self, index: u32) -> Scored<Fail<'e>> {
        let js = self.js;
        match &self.scoring {
            Scoring::Scores(s) => Scored::Score(s[index as usize]),
            Scoring::Callback {
                cb,
                invoke: Some(invoke),
                this,
                rethrow,
                ..
            } => {
                let _ = cb;
                let index_value = match js.uint(index) {
                    Ok(v) => v,
                    Err(e) => return Scored::Rethrow(Fail::Napi(e)),
                };
                self.outcome(*rethrow, js.call(*this, *invoke, &[index_value]))
            }
            Scoring::Callback {
                cb,
                text,
                key_index,
                key_text,
                this,
                rethrow,
                ..
            } => {
                let ctx = (|| -> Result<JsValue<'e>> {
                    let ctx = js.object()?;
                    js.set(ctx, *key_index, js.uint(index)?)?;
                    js.set(ctx, *key_text, *text)?;
                    Ok(ctx)
                })();
                let ctx = match ctx {
                    Ok(c) => c,
                    Err(e) => return Scored::Rethrow(Fail::Napi(e)),
                };
                let (this, cb, rethrow) = (*this, *cb, *rethrow);
                let token = match self.current() {
                    Ok(t) => t,
                    Err(e) => return Scored::Rethrow(Fail::Napi(e)),
                };
                self.outcome(rethrow, js.call(this, cb, &[token, ctx]))
            }
        }
    }

    fn text(&mut self) -> Option<String> {
        None
    }

    fn sentence_end(&mut self) -> bool {
        match self.current() {
            Ok(v) => self
                .js
                .utf8(v)
                .map(|t| is_sentence_end(&t))
                .unwrap_or(false),
            Err(_) => false,
        }
    }
}

/// JavaScript truthiness for an iterator's `done`.
fn truthy(js: Js<'_>, v: JsValue<'_>) -> Result<bool> {
    Ok(match js.type_of(v)? {
        UNDEFINED | NULL => false,
        BOOLEAN => js.boolean_value(v)?,
        NUMBER => {
            let x = js.double(v)?;
            x != 0.0 && !x.is_nan()
        }
        STRING => !js.utf16(v)?.is_empty(),
        BIGINT => js.describe(v)?.describe() != "0n",
        _ => true,
    })
}

/// An array, or an iterator object (what `tokens[Symbol.iterator]()` returned).
fn tokens_source<'e>(js: Js<'e>, tokens: JsValue<'e>, checked: JsValue<'e>) -> Result<Tokens<'e>> {
    let t = js.type_of(tokens)?;
    if t == OBJECT && js.is_array(tokens)? {
        let len = js.array_len(tokens)?;
        let checked = if js.type_of(checked)? == NUMBER {
            let c = js.double(checked)?;
            if c.is_finite() && c > 0.0 {
                (c as u32).min(len)
            } else {
                0
            }
        } else {
            0
        };
        return Ok(Tokens::Array {
            arr: tokens,
            len,
            checked,
        });
    }
    if t == OBJECT || t == FUNCTION {
        let next = js.get_named(tokens, c"next")?;
        if js.type_of(next)? == FUNCTION {
            return Ok(Tokens::Iterator {
                it: tokens,
                next,
                done: false,
                threw: false,
            });
        }
    }
    let err = BackfireError::input(
        "tokens",
        js.describe(tokens)?,
        "must be an array or an iterator of strings",
    );
    Err(js.throw_backfire(&err, Some(tokens)))
}

/// `for…of` closes an iterator it leaves early (IteratorClose); errors from `return()` are dropped.
fn close(js: Js<'_>, tokens: &Tokens<'_>) {
    if let Tokens::Iterator {
        it,
        done: false,
        threw: false,
        ..
    } = tokens
    {
        if let Ok(ret) = js.get_named(*it, c"return")
            && js.type_of(ret).ok() == Some(FUNCTION)
        {
            let _ = js.call(*it, ret, &[]);
        }
        let _ = js.take_exception();
    }
}

fn tail<'e>(js: Js<'e>, source_error: JsValue<'e>) -> Result<Option<JsValue<'e>>> {
    Ok(if js.type_of(source_error)? == UNDEFINED {
        None
    } else {
        Some(source_error)
    })
}

/// Runs a batch call and converts the outcome: a session, a `BackfireStreamError` carrying the
/// session so far, or the callback's own error when the kernel rethrows.
fn finish<'e>(
    kernel: &StreamingKernel,
    source: &mut ArraySource<'_, 'e>,
    safety: bool,
) -> Result<JsValue<'e>> {
    let js = source.js;
    let outcome = kernel.run_batch(source, Trace::Scores);
    close(js, &source.tokens);
    match outcome {
        Ok(s) => session_to_js(js, &s, interrupt_text(&s, safety)),
        Err(BatchError::Rethrow { error, .. }) => Err(match error {
            Fail::Rethrow(e) | Fail::Thrown(e) | Fail::NotString(e) => js.throw(e),
            Fail::Napi(e) => e,
        }),
        Err(BatchError::Source { error, session }) => {
            let (detail, cause) = match error {
                Fail::NotString(v) => {
                    let inner = BackfireError::input("token", js.describe(v)?, "must be a string");
                    (inner.message.clone(), js.error_object(&inner, Some(v))?)
                }
                Fail::Thrown(e) => {
                    let detail = if js.is_error(e)? {
                        let m = js.get_named(e, c"message")?;
                        if js.type_of(m)? == STRING {
                            js.utf8(m)?
                        } else {
                            js.describe(m)?.describe()
                        }
                    } else {
                        js.describe(e)?.describe()
                    };
                    (detail, e)
                }
                Fail::Rethrow(e) => return Err(js.throw(e)),
                Fail::Napi(e) => return Err(e),
            };
            let err =
                BackfireError::plain(ErrorCode::Stream, format!("token source failed: {detail}"));
            let obj = js.error_object(&err, None)?;
            js.set_named(obj, c"cause", cause)?;
            let raw = session_to_js(js, &session, interrupt_text(&session, safety))?;
            js.set_named(obj, c"session", raw)?;
            Err(js.throw(obj))
        }
    }
}

/// The JS arguments of a batch call, as they came. `source_error`: what the token iterable threw
/// after its last element (the TS entry collects it); `invoke`: the ctx-building adapter;
/// `checked`: leading array elements already verified to be strings.
pub struct BatchArgs<'e> {
    pub tokens: JsValue<'e>,
    pub callback: JsValue<'e>,
    pub source_error: JsValue<'e>,
    pub invoke: JsValue<'e>,
    pub checked: JsValue<'e>,
}

pub fn stream_tokens<'e>(
    env: &'e Env,
    kernel: &StreamingKernel,
    rethrow: bool,
    args: BatchArgs<'e>,
    safety: bool,
) -> Result<JsValue<'e>> {
    let BatchArgs {
        tokens,
        callback,
        source_error,
        invoke,
        checked,
    } = args;
    let js = Js::new(env);
    if js.type_of(callback)? != FUNCTION {
        let err = BackfireError::input("callback", js.describe(callback)?, "must be a function");
        return Err(js.throw_backfire(&err, Some(callback)));
    }
    let tokens = tokens_source(js, tokens, checked)?;
    let string_ctor = js.get_named(js.global()?, c"String")?;
    let concat = js.get_named(js.get_named(string_ctor, c"prototype")?, c"concat")?;
    let mut source = ArraySource {
        js,
        tokens,
        pos: 0,
        cur: None,
        tail_error: tail(js, source_error)?,
        scoring: Scoring::Callback {
            cb: callback,
            invoke: if js.type_of(invoke)? == FUNCTION {
                Some(invoke)
            } else {
                None
            },
            text: js.string("")?,
            concat,
            key_index: js.string("index")?,
            key_text: js.string("text")?,
            this: js.undefined()?,
            rethrow,
        },
    };
    finish(kernel, &mut source, safety)
}

pub fn stream_scores<'e>(
    env: &'e Env,
    kernel: &StreamingKernel,
    scores: &[f64],
    args: BatchArgs<'e>,
    safety: bool,
) -> Result<JsValue<'e>> {
    let BatchArgs {
        tokens,
        source_error,
        checked,
        ..
    } = args;
    let js = Js::new(env);
    let tokens = match tokens_source(js, tokens, checked)? {
        array @ Tokens::Array { .. } => array,
        Tokens::Iterator { .. } => {
            let err = BackfireError::input(
                "tokens",
                js.describe(tokens)?,
                "must be an array of strings",
            );
            return Err(js.throw_backfire(&err, Some(tokens)));
        }
    };
    if let Tokens::Array { len, .. } = tokens
        && let Err(err) = backfire_core::kernel::check_scores_len(len as usize, scores.len())
    {
        return Err(js.throw_backfire(&err, None));
    }
    let mut source = ArraySource {
        js,
        tokens,
        pos: 0,
        cur: None,
        tail_error: tail(js, source_error)?,
        scoring: Scoring::Scores(scores),
    };
    finish(kernel, &mut source, safety)
}
