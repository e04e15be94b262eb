//! `BackfireConfig`: converts a JS object into the validated Rust config and back.

use napi::Result;
use napi::bindgen_prelude::{Env, JavaScriptClassExt, Object, Unknown};
use napi_derive::napi;

use backfire_types::{BackfireError, Config, HaltMode as RustHaltMode, Value};

use crate::js::{Js, JsValue, NULL, OBJECT, STRING, UNDEFINED};

/// How a window or trend halt ends the stream.
#[napi(string_enum = "lowercase")]
pub enum HaltMode {
    Hard,
    Soft,
}

/// `(key, value)` pairs read from a JS object, with the raw values kept for error reports.
pub struct Entries<'e> {
    pub pairs: Vec<(String, Value)>,
    raw: Vec<JsValue<'e>>,
}

impl<'e> Entries<'e> {
    pub fn raw_for(&self, field: &str) -> Option<JsValue<'e>> {
        self.pairs
            .iter()
            .position(|(k, _)| k == field)
            .map(|i| self.raw[i])
    }
}

pub fn read_entries<'e>(js: Js<'e>, obj: JsValue<'e>) -> Result<Entries<'e>> {
    let keys = js.keys(obj)?;
    let mut pairs = Vec::with_capacity(keys.len());
    let mut raw = Vec::with_capacity(keys.len());
    for key in keys {
        let value = js.get(obj, key)?;
        pairs.push((js.utf8(key)?, js.describe(value)?));
        raw.push(value);
    }
    Ok(Entries { pairs, raw })
}

/// Throws a config error, attaching the value as passed when it came from `entries`.
pub fn throw_config<'e>(
    js: Js<'e>,
    err: BackfireError,
    entries: Option<&Entries<'e>>,
) -> napi::Error {
    let raw = entries.and_then(|e| e.raw_for(&err.field));
    js.throw_backfire(&err, raw)
}

fn is_plain_object(js: Js<'_>, v: JsValue<'_>) -> Result<bool> {
    Ok(js.type_of(v)? == OBJECT && !js.is_array(v)?)
}

/// The config a kernel constructor receives: nothing or null (defaults), a `BackfireConfig`, or
/// an object of fields. `null_is_default` is false for `new BackfireConfig(null)`, which TS rejects.
pub fn config_from_arg(env: &Env, arg: JsValue<'_>, null_is_default: bool) -> Result<Config> {
    let js = Js::new(env);
    let t = js.type_of(arg)?;
    if t == UNDEFINED || (t == NULL && null_is_default) {
        return Ok(Config::default());
    }
    let mut arg = arg;
    if t == OBJECT && BackfireConfig::instance_of(env, &arg)? {
        // A `BackfireConfig` instance keeps its fields in Rust; read them through `toJSON()`.
        let to_json = js.get_named(arg, c"toJSON")?;
        arg = match js.call(arg, to_json, &[]) {
            Ok(v) => v,
            Err(Ok(e)) => return Err(js.throw(e)),
            Err(Err(e)) => return Err(e),
        };
    }
    if !is_plain_object(js, arg)? {
        return Err(js.throw_backfire(&Config::not_an_object(js.describe(arg)?), Some(arg)));
    }
    let entries = read_entries(js, arg)?;
    Config::from_entries(&entries.pairs).map_err(|e| throw_config(js, e, Some(&entries)))
}

fn overrides<'e>(js: Js<'e>, v: JsValue<'e>) -> Result<Option<Entries<'e>>> {
    match js.type_of(v)? {
        UNDEFINED => Ok(None),
        _ if is_plain_object(js, v)? => Ok(Some(read_entries(js, v)?)),
        // `{ ...preset, ...overrides }` spreads nothing from null or a number; TS then validates.
        _ => Ok(None),
    }
}

/// A validated, immutable Backfire configuration (same fields, rules and messages as
/// `@backfire/core`'s `BackfireConfig`).
#[napi]
pub struct BackfireConfig {
    pub(crate) inner: Config,
}

#[napi]
impl BackfireConfig {
    /// Any subset of the fields; the rest take their defaults. Throws a `BackfireConfigError`
    /// (code `BACKFIRE_CONFIG`) naming the field and the value.
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "init?: Record<string, unknown>"
    )]
    pub fn new(env: Env, init: Unknown) -> Result<Self> {
        Ok(BackfireConfig {
            inner: config_from_arg(&env, init, false)?,
        })
    }

    /// A built-in preset (`default`, `medical`, `finance`, `creative`), optionally with overrides.
    #[napi(
        factory,
        catch_unwind,
        ts_args_type = "name: 'default' | 'medical' | 'finance' | 'creative', overrides?: Record<string, unknown>"
    )]
    pub fn preset(env: Env, name: Unknown, overrides_arg: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let name_value = js.describe(name)?;
        let over = overrides(js, overrides_arg)?;
        let pairs = over.as_ref().map(|e| e.pairs.as_slice()).unwrap_or(&[]);
        Config::preset(&name_value, pairs)
            .map(|inner| BackfireConfig { inner })
            .map_err(|e| {
                if e.field == "preset" {
                    js.throw_backfire(&e, Some(name))
                } else {
                    throw_config(js, e, over.as_ref())
                }
            })
    }

    /// Parses the output of `toJSON()`, as a JSON string or an object. Unknown keys are rejected.
    #[napi(
        factory,
        js_name = "fromJSON",
        catch_unwind,
        ts_args_type = "json: string | Record<string, unknown>"
    )]
    pub fn from_json(env: Env, json: Unknown) -> Result<Self> {
        let js = Js::new(&env);
        let mut data = json;
        if js.type_of(data)? == STRING {
            let global_json = js.get_named(js.global()?, c"JSON")?;
            let parse = js.get_named(global_json, c"parse")?;
            data = match js.call(global_json, parse, &[data]) {
                Ok(v) => v,
                Err(Ok(exception)) => {
                    let message = js.get_named(exception, c"message")?;
                    let message = js.utf8(message)?;
                    let err = BackfireError::config(
                        "json",
                        js.describe(json)?,
                        &format!("must be valid JSON ({message})"),
                    );
                    return Err(js.throw_backfire(&err, Some(json)));
                }
                Err(Err(e)) => return Err(e),
            };
        }
        Ok(BackfireConfig {
            inner: config_from_arg(&env, data, false)?,
        })
    }

    /// A copy with some fields changed (validated again).
    #[napi(catch_unwind, ts_args_type = "overrides: Record<string, unknown>")]
    pub fn with(&self, env: Env, overrides_arg: Unknown) -> Result<BackfireConfig> {
        let js = Js::new(&env);
        let over = overrides(js, overrides_arg)?;
        let pairs = over.as_ref().map(|e| e.pairs.as_slice()).unwrap_or(&[]);
        self.inner
            .with(pairs)
            .map(|inner| BackfireConfig { inner })
            .map_err(|e| throw_config(js, e, over.as_ref()))
    }

    /// Every field as plain data.
    #[napi(
        js_name = "toJSON",
        catch_unwind,
        ts_return_type = "Record<string, number | string>"
    )]
    pub fn to_json<'env>(&self, env: &'env Env) -> Result<Object<'env>> {
        let mut obj = Object::new(env)?;
        for (key, value) in self.inner.to_entries() {
            match value {
                Value::Number(x) => obj.set(&key, x)?,
                Value::String(units) => obj.set(&key, String::from_utf16_lossy(&units))?,
                _ => {}
            }
        }
        Ok(obj)
    }

    #[napi(getter)]
    pub fn coherence_threshold(&self) -> f64 {
        self.inner.coherence_threshold
    }
    #[napi(getter)]
    pub fn hard_limit(&self) -> f64 {
        self.inner.hard_limit
    }
    #[napi(getter)]
    pub fn soft_limit(&self) -> f64 {
        self.inner.soft_limit
    }
    #[napi(getter)]
    pub fn w_logic(&self) -> f64 {
        self.inner.w_logic
    }
    #[napi(getter)]
    pub fn w_fact(&self) -> f64 {
        self.inner.w_fact
    }
    #[napi(getter)]
    pub fn window_size(&self) -> u32 {
        self.inner.window_size
    }
    #[napi(getter)]
    pub fn window_threshold(&self) -> f64 {
        self.inner.window_threshold
    }
    #[napi(getter)]
    pub fn trend_window(&self) -> u32 {
        self.inner.trend_window
    }
    #[napi(getter)]
    pub fn trend_threshold(&self) -> f64 {
        self.inner.trend_threshold
    }
    #[napi(getter)]
    pub fn history_window(&self) -> u32 {
        self.inner.history_window
    }
    #[napi(getter)]
    pub fn halt_mode(&self) -> HaltMode {
        match self.inner.halt_mode {
            RustHaltMode::Hard => HaltMode::Hard,
            RustHaltMode::Soft => HaltMode::Soft,
        }
    }
    #[napi(getter)]
    pub fn soft_halt_cap(&self) -> u32 {
        self.inner.soft_halt_cap
    }
    #[napi(getter)]
    pub fn score_every_n(&self) -> u32 {
        self.inner.score_every_n
    }
}
