//! Reading physics arguments from JavaScript with the rules and messages of
//! `@backfire/core/physics` (`validate.ts`), and the `PhysicsError` every failure becomes. Integers
//! are checked as numbers (safe, ≥ min) before any cast to `usize`/`u64`; vectors are a
//! `Float64Array` or an array of numbers; matrices `{ n, data }` with data of length n².

use std::ffi::CString;

use napi::bindgen_prelude::{
    BigInt, Env, Float64ArraySlice, FromNapiValue, ToNapiValue, TypedArray, TypedArrayType, Unknown,
};
use napi::{Error, JsValue as _, Result, Status};

use backfire_physics::{PhysicsError, SquareMatrix};
use backfire_types::Value;

use crate::js::{BIGINT, BOOLEAN, Js, JsValue, NULL, NUMBER, OBJECT, STRING, UNDEFINED};

pub const CODE: &str = "BACKFIRE_PHYSICS";
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// The most numbers one object may allocate from a size option (2^27 f64 = 1 GiB). TypeScript
/// would throw a `RangeError` from `new Float64Array(...)` somewhere above this; Rust would abort
/// the process on a failed allocation, so the glue refuses the size first.
pub const MAX_ELEMENTS: u64 = 1 << 27;

/// Rejects a size option whose allocation (`count` numbers, `None` on overflow) exceeds
/// `MAX_ELEMENTS`.
pub fn allocation<'e>(js: Js<'e>, field: &str, value: usize, count: Option<u64>) -> Result<()> {
    match count {
        Some(c) if c <= MAX_ELEMENTS => Ok(()),
        _ => Err(reject_number(
            js,
            field,
            value as f64,
            "is too large (more than 2^27 numbers would be allocated)",
        )),
    }
}

/// a·b as u64, `None` on overflow.
pub fn product(a: usize, b: usize) -> Option<u64> {
    (a as u64).checked_mul(b as u64)
}

/// `Float64Array` result (a copy of `data`).
pub fn f64s<'env>(env: &'env Env, data: &[f64]) -> Result<Unknown<'env>> {
    Js::new(env).f64_array(data)
}

pub fn bigint<'e>(js: Js<'e>, x: u64) -> Result<JsValue<'e>> {
    BigInt::from(x).into_unknown(js.env)
}

fn error_object<'e>(
    js: Js<'e>,
    field: &str,
    value: JsValue<'e>,
    described: &Value,
    rule: &str,
) -> Result<JsValue<'e>> {
    let e = js.error_with_code(
        CODE,
        &format!("{field} {rule}, got {}", described.describe()),
    )?;
    js.set_named(e, c"name", js.string("PhysicsError")?)?;
    js.set_named(e, c"field", js.string(field)?)?;
    js.set_named(e, c"rule", js.string(rule)?)?;
    js.set_named(e, c"value", value)?;
    Ok(e)
}

fn throw_object<'e>(js: Js<'e>, e: Result<JsValue<'e>>) -> Error {
    match e {
        Ok(e) => js.throw(e),
        Err(e) => e,
    }
}

/// Throws a `PhysicsError` for a value exactly as the caller passed it.
pub fn reject<'e>(js: Js<'e>, field: &str, value: JsValue<'e>, rule: &str) -> Error {
    let described = match js.describe(value) {
        Ok(d) => d,
        Err(e) => return e,
    };
    throw_object(js, error_object(js, field, value, &described, rule))
}

/// Throws a `PhysicsError` for a number.
pub fn reject_number<'e>(js: Js<'e>, field: &str, x: f64, rule: &str) -> Error {
    let value = match js.number(x) {
        Ok(v) => v,
        Err(e) => return e,
    };
    throw_object(js, error_object(js, field, value, &Value::Number(x), rule))
}

/// The value of a Rust `PhysicsError` (rendered as text) as the JavaScript value TS would carry.
fn crate_value(s: &str) -> Value {
    match s {
        "NaN" => Value::Number(f64::NAN),
        "Infinity" => Value::Number(f64::INFINITY),
        "-Infinity" => Value::Number(f64::NEG_INFINITY),
        "undefined" => Value::Undefined,
        _ if s.starts_with(|c: char| c.is_ascii_digit() || c == '-') => s
            .parse::<f64>()
            .map(Value::Number)
            .unwrap_or_else(|_| Value::string(s)),
        _ => Value::string(s),
    }
}

/// Throws the JS form of an error from the pure Rust crates (same field, rule and message shape).
pub fn thrown<'e>(js: Js<'e>, e: PhysicsError) -> Error {
    let described = crate_value(&e.value);
    let value = match js.to_js(&described) {
        Ok(v) => v,
        Err(err) => return err,
    };
    throw_object(js, error_object(js, &e.field, value, &described, &e.rule))
}

/// `result.map_err(thrown)` in one call.
pub fn ok<'e, T>(js: Js<'e>, r: std::result::Result<T, PhysicsError>) -> Result<T> {
    r.map_err(|e| thrown(js, e))
}

pub fn get<'e>(js: Js<'e>, obj: JsValue<'e>, key: &str) -> Result<JsValue<'e>> {
    let key = CString::new(key).map_err(|_| Error::new(Status::InvalidArg, "key".to_owned()))?;
    js.get_named(obj, &key)
}

pub fn is_undefined<'e>(js: Js<'e>, v: JsValue<'e>) -> Result<bool> {
    Ok(js.type_of(v)? == UNDEFINED)
}

pub fn is_nullish<'e>(js: Js<'e>, v: JsValue<'e>) -> Result<bool> {
    let t = js.type_of(v)?;
    Ok(t == UNDEFINED || t == NULL)
}

/// TS `finite`: a number, not NaN or ±Infinity.
pub fn number<'e>(js: Js<'e>, field: &str, v: JsValue<'e>) -> Result<f64> {
    if js.type_of(v)? == NUMBER {
        let x = js.double(v)?;
        if x.is_finite() {
            return Ok(x);
        }
    }
    Err(reject(js, field, v, "must be a finite number"))
}

/// TS `integer`: a safe integer ≥ `min`, checked before the cast.
pub fn integer<'e>(js: Js<'e>, field: &str, v: JsValue<'e>, min: u64) -> Result<usize> {
    if js.type_of(v)? == NUMBER {
        let x = js.double(v)?;
        if x.is_finite()
            && x.fract() == 0.0
            && x.abs() <= MAX_SAFE
            && x >= min as f64
            && let Ok(n) = usize::try_from(x as u64)
        {
            return Ok(n);
        }
    }
    Err(reject(js, field, v, &format!("must be an integer ≥ {min}")))
}

/// TS `boolean`.
pub fn boolean<'e>(js: Js<'e>, field: &str, v: JsValue<'e>) -> Result<bool> {
    if js.type_of(v)? == BOOLEAN {
        return js.boolean_value(v);
    }
    Err(reject(js, field, v, "must be a boolean"))
}

/// JavaScript truthiness (TS `if (force || …)` on an untyped argument).
pub fn truthy<'e>(js: Js<'e>, v: JsValue<'e>) -> Result<bool> {
    let _ = js;
    v.coerce_to_bool()
}

/// TS `oneOf`: one of the allowed strings; returns its index.
pub fn one_of<'e>(js: Js<'e>, field: &str, v: JsValue<'e>, allowed: &[&str]) -> Result<usize> {
    if js.type_of(v)? == STRING {
        let s = js.utf8(v)?;
        if let Some(i) = allowed.iter().position(|a| *a == s) {
            return Ok(i);
        }
    }
    let list: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
    Err(reject(
        js,
        field,
        v,
        &format!("must be one of {}", list.join(", ")),
    ))
}

/// Whether `v` is a `Float64Array` (TS `instanceof Float64Array`).
pub fn is_float64_array<'e>(js: Js<'e>, v: JsValue<'e>) -> Result<bool> {
    let _ = js;
    Ok(v.is_typedarray()?
        && TypedArray::from_unknown(v)?.typed_array_type == TypedArrayType::Float64)
}

/// TS `value instanceof Float64Array || Array.isArray(value)`.
pub fn is_vector<'e>(js: Js<'e>, v: JsValue<'e>) -> Result<bool> {
    Ok((js.type_of(v)? == OBJECT && js.is_array(v)?) || is_float64_array(js, v)?)
}

/// The elements of `v` when it is a `Float64Array` (a view napi-rs checked the type of).
fn float64_view<'e>(js: Js<'e>, v: JsValue<'e>) -> Result<Option<Float64ArraySlice<'e>>> {
    if !is_float64_array(js, v)? {
        return Ok(None);
    }
    Float64ArraySlice::from_unknown(v).map(Some)
}

/// A vector is copied into Rust memory: more than `MAX_ELEMENTS` numbers are refused (a failed
/// allocation would abort the process).
fn too_long<'e>(js: Js<'e>, field: &str, len: usize) -> Result<()> {
    if len as u64 > MAX_ELEMENTS {
        return Err(reject_number(
            js,
            &format!("{field}.length"),
            len as f64,
            "is too large (more than 2^27 numbers)",
        ));
    }
    Ok(())
}

fn length_error<'e>(js: Js<'e>, field: &str, actual: usize, expected: &str) -> Error {
    reject_number(
        js,
        &format!("{field}.length"),
        actual as f64,
        &format!("must be {expected}"),
    )
}

/// TS `vector`: a `Float64Array` or an array of numbers, of length `len` when given, every
/// element finite (named `field[i]`).
pub fn vector<'e>(js: Js<'e>, field: &str, v: JsValue<'e>, len: Option<usize>) -> Result<Vec<f64>> {
    if let Some(view) = float64_view(js, v)? {
        if let Some(l) = len
            && view.len() != l
        {
            return Err(length_error(js, field, view.len(), &l.to_string()));
        }
        too_long(js, field, view.len())?;
        // Copied before any JavaScript runs again (nothing here calls back into it).
        let xs = view.to_vec();
        if let Some(i) = xs.iter().position(|x| !x.is_finite()) {
            return Err(reject_number(
                js,
                &format!("{field}[{i}]"),
                xs[i],
                "must be a finite number",
            ));
        }
        return Ok(xs);
    }
    if js.type_of(v)? == OBJECT && js.is_array(v)? {
        let n = js.array_len(v)? as usize;
        if let Some(l) = len
            && n != l
        {
            return Err(length_error(js, field, n, &l.to_string()));
        }
        too_long(js, field, n)?;
        let mut xs = Vec::with_capacity(n);
        for i in 0..n {
            let el = js.element(v, i as u32)?;
            xs.push(number(js, &format!("{field}[{i}]"), el)?);
        }
        return Ok(xs);
    }
    Err(reject(
        js,
        field,
        v,
        "must be a Float64Array or an array of numbers",
    ))
}

/// TS `matrix`: `{ n, data }`, n an integer ≥ 1 (= `expected` when given), data of length n².
pub fn matrix<'e>(
    js: Js<'e>,
    field: &str,
    v: JsValue<'e>,
    expected: Option<usize>,
) -> Result<SquareMatrix> {
    if js.type_of(v)? != OBJECT {
        return Err(reject(js, field, v, "must be a matrix { n, data }"));
    }
    let n_field = format!("{field}.n");
    let n = integer(js, &n_field, get(js, v, "n")?, 1)?;
    if let Some(e) = expected
        && n != e
    {
        return Err(reject_number(
            js,
            &n_field,
            n as f64,
            &format!("must be {e}"),
        ));
    }
    let data_field = format!("{field}.data");
    let data_raw = get(js, v, "data")?;
    let data = match n.checked_mul(n) {
        Some(len) => vector(js, &data_field, data_raw, Some(len))?,
        None => {
            // n² does not fit in memory: no array can have that length.
            let expected = Value::Number(n as f64 * n as f64).describe();
            let actual = vector(js, &data_field, data_raw, None)?.len();
            return Err(length_error(js, &data_field, actual, &expected));
        }
    };
    Ok(SquareMatrix { n, data })
}

/// TS `normalizeSeed`: a non-negative safe integer or a bigint below 2^64; `None` when undefined.
pub fn seed<'e>(js: Js<'e>, field: &str, v: JsValue<'e>) -> Result<Option<u64>> {
    match js.type_of(v)? {
        UNDEFINED => Ok(None),
        NUMBER => {
            let x = js.double(v)?;
            if x.is_finite() && x.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&x) {
                Ok(Some(x as u64))
            } else {
                Err(seed_error(js, field, v))
            }
        }
        BIGINT => {
            let BigInt { sign_bit, words } = BigInt::from_unknown(v)?;
            let sign = sign_bit;
            let zero = words.iter().all(|w| *w == 0);
            if (sign && !zero) || words.iter().skip(1).any(|w| *w != 0) {
                return Err(reject(js, field, v, "must be in [0, 2^64)"));
            }
            Ok(Some(words.first().copied().unwrap_or(0)))
        }
        _ => Err(seed_error(js, field, v)),
    }
}

fn seed_error<'e>(js: Js<'e>, field: &str, v: JsValue<'e>) -> Error {
    reject(
        js,
        field,
        v,
        "must be a non-negative safe integer or a bigint below 2^64",
    )
}

/// An options object (TS `options` + `knownKeys`): undefined → no options; anything but a plain
/// object is rejected, and so is a key the class does not know.
pub struct Opts<'e> {
    js: Js<'e>,
    obj: Option<JsValue<'e>>,
}

impl<'e> Opts<'e> {
    pub fn new(js: Js<'e>, field: &str, v: JsValue<'e>, allowed: &[&str]) -> Result<Self> {
        let t = js.type_of(v)?;
        if t == UNDEFINED {
            return Ok(Opts { js, obj: None });
        }
        if t != OBJECT || js.is_array(v)? {
            return Err(reject(js, field, v, "must be an options object"));
        }
        for key in js.keys(v)? {
            let name = js.utf8(key)?;
            if !allowed.contains(&name.as_str()) {
                let hint = match backfire_physics::validate::closest_key(&name, allowed) {
                    Some(s) => format!(" (did you mean \"{s}\"?)"),
                    None => String::new(),
                };
                return Err(reject(
                    js,
                    &format!("{field}.{name}"),
                    key,
                    &format!("is not a known option{hint}"),
                ));
            }
        }
        Ok(Opts { js, obj: Some(v) })
    }

    /// The raw value of `key` (undefined without options).
    pub fn raw(&self, key: &str) -> Result<JsValue<'e>> {
        match self.obj {
            Some(o) => get(self.js, o, key),
            None => self.js.undefined(),
        }
    }

    /// `o.key ?? default` through TS `finite` (the error names `field`).
    pub fn num_as(&self, key: &str, field: &str, default: f64) -> Result<f64> {
        let v = self.raw(key)?;
        if is_nullish(self.js, v)? {
            Ok(default)
        } else {
            number(self.js, field, v)
        }
    }

    pub fn num(&self, key: &str, default: f64) -> Result<f64> {
        self.num_as(key, key, default)
    }

    /// `o.key ?? default` through TS `integer`.
    pub fn int(&self, key: &str, default: usize, min: u64) -> Result<usize> {
        let v = self.raw(key)?;
        if is_nullish(self.js, v)? {
            Ok(default)
        } else {
            integer(self.js, key, v, min)
        }
    }

    /// `o.key ?? default` through TS `boolean` (the error names `field`).
    pub fn bool_as(&self, key: &str, field: &str, default: bool) -> Result<bool> {
        let v = self.raw(key)?;
        if is_nullish(self.js, v)? {
            Ok(default)
        } else {
            boolean(self.js, field, v)
        }
    }

    /// `o.key ?? allowed[default]` through TS `oneOf`; the index of the value.
    pub fn one_of(&self, key: &str, allowed: &[&str], default: usize) -> Result<usize> {
        let v = self.raw(key)?;
        if is_nullish(self.js, v)? {
            Ok(default)
        } else {
            one_of(self.js, key, v, allowed)
        }
    }

    /// `o.key === undefined ? None : vector(key, o.key)`.
    pub fn vector(&self, key: &str, len: Option<usize>) -> Result<Option<Vec<f64>>> {
        let v = self.raw(key)?;
        if is_undefined(self.js, v)? {
            Ok(None)
        } else {
            vector(self.js, key, v, len).map(Some)
        }
    }

    /// `o.key === undefined ? None : matrix(key, o.key, expected)`.
    pub fn matrix(&self, key: &str, expected: Option<usize>) -> Result<Option<SquareMatrix>> {
        let v = self.raw(key)?;
        if is_undefined(self.js, v)? {
            Ok(None)
        } else {
            matrix(self.js, key, v, expected).map(Some)
        }
    }

    pub fn seed(&self, key: &str) -> Result<Option<u64>> {
        seed(self.js, key, self.raw(key)?)
    }
}

pub fn b(x: bool) -> f64 {
    if x { 1.0 } else { 0.0 }
}
