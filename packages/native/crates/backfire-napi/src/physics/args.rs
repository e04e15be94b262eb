//! Reading physics arguments from JavaScript with the rules and messages of
//! `@backfire/core/physics` (`validate.ts`), and the `PhysicsError` every failure becomes. Integers
//! are checked as numbers (safe, ≥ min) before any cast to `usize`/`u64`; vectors are a
//! `Float64Array` or an array of numbers; matrices `{ n, data }` with data of length n².

use std::ffi::CString;
use std::ptr;

use napi::bindgen_prelude::{Env, FromNapiValue, Unknown};
use napi::{Error, Result, Status, sys};

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
pub fn allocation(js: Js, field: &str, value: usize, count: Option<u64>) -> Result<()> {
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

fn check(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(
            Status::from(status),
            "Node-API call failed".to_owned(),
        ))
    }
}

/// A raw value as the `Unknown` napi-rs returns from a method.
pub fn out<'env>(env: &'env Env, v: JsValue) -> Result<Unknown<'env>> {
    unsafe { Unknown::from_napi_value(env.raw(), v) }
}

/// `Float64Array` result (a copy of `data`).
pub fn f64s<'env>(env: &'env Env, data: &[f64]) -> Result<Unknown<'env>> {
    out(env, Js::new(env.raw()).f64_array(data)?)
}

pub fn bigint(js: Js, x: u64) -> Result<JsValue> {
    let mut v = ptr::null_mut();
    check(unsafe { sys::napi_create_bigint_uint64(js.env, x, &mut v) })?;
    Ok(v)
}

fn error_object(
    js: Js,
    field: &str,
    value: JsValue,
    described: &Value,
    rule: &str,
) -> Result<JsValue> {
    let code = js.string(CODE)?;
    let msg = js.string(&format!("{field} {rule}, got {}", described.describe()))?;
    let mut e = ptr::null_mut();
    check(unsafe { sys::napi_create_error(js.env, code, msg, &mut e) })?;
    js.set_named(e, c"name", js.string("PhysicsError")?)?;
    js.set_named(e, c"field", js.string(field)?)?;
    js.set_named(e, c"rule", js.string(rule)?)?;
    js.set_named(e, c"value", value)?;
    Ok(e)
}

fn throw_object(js: Js, e: Result<JsValue>) -> Error {
    match e {
        Ok(e) => js.throw(e),
        Err(e) => e,
    }
}

/// Throws a `PhysicsError` for a value exactly as the caller passed it.
pub fn reject(js: Js, field: &str, value: JsValue, rule: &str) -> Error {
    let described = match js.describe(value) {
        Ok(d) => d,
        Err(e) => return e,
    };
    throw_object(js, error_object(js, field, value, &described, rule))
}

/// Throws a `PhysicsError` for a number.
pub fn reject_number(js: Js, field: &str, x: f64, rule: &str) -> Error {
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
pub fn thrown(js: Js, e: PhysicsError) -> Error {
    let described = crate_value(&e.value);
    let value = match js.to_js(&described) {
        Ok(v) => v,
        Err(err) => return err,
    };
    throw_object(js, error_object(js, &e.field, value, &described, &e.rule))
}

/// `result.map_err(thrown)` in one call.
pub fn ok<T>(js: Js, r: std::result::Result<T, PhysicsError>) -> Result<T> {
    r.map_err(|e| thrown(js, e))
}

pub fn get(js: Js, obj: JsValue, key: &str) -> Result<JsValue> {
    let key = CString::new(key).map_err(|_| Error::new(Status::InvalidArg, "key".to_owned()))?;
    js.get_named(obj, &key)
}

pub fn is_undefined(js: Js, v: JsValue) -> Result<bool> {
    Ok(js.type_of(v)? == UNDEFINED)
}

pub fn is_nullish(js: Js, v: JsValue) -> Result<bool> {
    let t = js.type_of(v)?;
    Ok(t == UNDEFINED || t == NULL)
}

/// TS `finite`: a number, not NaN or ±Infinity.
pub fn number(js: Js, field: &str, v: JsValue) -> Result<f64> {
    if js.type_of(v)? == NUMBER {
        let x = js.double(v)?;
        if x.is_finite() {
            return Ok(x);
        }
    }
    Err(reject(js, field, v, "must be a finite number"))
}

/// TS `integer`: a safe integer ≥ `min`, checked before the cast.
pub fn integer(js: Js, field: &str, v: JsValue, min: u64) -> Result<usize> {
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
pub fn boolean(js: Js, field: &str, v: JsValue) -> Result<bool> {
    if js.type_of(v)? == BOOLEAN {
        return js.boolean_value(v);
    }
    Err(reject(js, field, v, "must be a boolean"))
}

/// JavaScript truthiness (TS `if (force || …)` on an untyped argument).
pub fn truthy(js: Js, v: JsValue) -> Result<bool> {
    let mut b = ptr::null_mut();
    check(unsafe { sys::napi_coerce_to_bool(js.env, v, &mut b) })?;
    js.boolean_value(b)
}

/// TS `oneOf`: one of the allowed strings; returns its index.
pub fn one_of(js: Js, field: &str, v: JsValue, allowed: &[&str]) -> Result<usize> {
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
pub fn is_float64_array(js: Js, v: JsValue) -> Result<bool> {
    let mut is_typed = false;
    check(unsafe { sys::napi_is_typedarray(js.env, v, &mut is_typed) })?;
    if !is_typed {
        return Ok(false);
    }
    let mut kind = 0;
    // Only the type: asking for the data would make V8 move a small on-heap array off the heap.
    check(unsafe {
        sys::napi_get_typedarray_info(
            js.env,
            v,
            &mut kind,
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    })?;
    Ok(kind == sys::TypedarrayType::float64_array)
}

/// TS `value instanceof Float64Array || Array.isArray(value)`.
pub fn is_vector(js: Js, v: JsValue) -> Result<bool> {
    Ok((js.type_of(v)? == OBJECT && js.is_array(v)?) || is_float64_array(js, v)?)
}

/// Where a `Float64Array`'s elements are: (first byte, element count).
fn float64_view(js: Js, v: JsValue) -> Result<Option<(*const u8, usize)>> {
    if !is_float64_array(js, v)? {
        return Ok(None);
    }
    let mut len = 0usize;
    let mut data: *mut std::ffi::c_void = ptr::null_mut();
    check(unsafe {
        sys::napi_get_typedarray_info(
            js.env,
            v,
            ptr::null_mut(),
            &mut len,
            &mut data,
            ptr::null_mut(),
            ptr::null_mut(),
        )
    })?;
    Ok(Some((
        data.cast::<u8>().cast_const(),
        if data.is_null() { 0 } else { len },
    )))
}

/// The elements of a `Float64Array` view, copied (no JS runs between the view and the copy).
fn copy_view((data, len): (*const u8, usize)) -> Vec<f64> {
    let mut out = vec![0.0f64; len];
    if len > 0 {
        // SAFETY: Node-API reports `len` f64 elements (8·len bytes) at `data`, already adjusted
        // by the byte offset; they are copied byte-wise, so no alignment is assumed.
        unsafe { ptr::copy_nonoverlapping(data, out.as_mut_ptr().cast::<u8>(), len * 8) };
    }
    out
}

/// A vector is copied into Rust memory: more than `MAX_ELEMENTS` numbers are refused (a failed
/// allocation would abort the process).
fn too_long(js: Js, field: &str, len: usize) -> Result<()> {
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

fn length_error(js: Js, field: &str, actual: usize, expected: &str) -> Error {
    reject_number(
        js,
        &format!("{field}.length"),
        actual as f64,
        &format!("must be {expected}"),
    )
}

/// TS `vector`: a `Float64Array` or an array of numbers, of length `len` when given, every
/// element finite (named `field[i]`).
pub fn vector(js: Js, field: &str, v: JsValue, len: Option<usize>) -> Result<Vec<f64>> {
    if let Some(view) = float64_view(js, v)? {
        if let Some(l) = len
            && view.1 != l
        {
            return Err(length_error(js, field, view.1, &l.to_string()));
        }
        too_long(js, field, view.1)?;
        let xs = copy_view(view);
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
pub fn matrix(js: Js, field: &str, v: JsValue, expected: Option<usize>) -> Result<SquareMatrix> {
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
pub fn seed(js: Js, field: &str, v: JsValue) -> Result<Option<u64>> {
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
            let mut sign = 0;
            let mut count = 0usize;
            check(unsafe {
                // Both pointers null: Node-API only reports how many words the value needs.
                sys::napi_get_value_bigint_words(
                    js.env,
                    v,
                    ptr::null_mut(),
                    &mut count,
                    ptr::null_mut(),
                )
            })?;
            let mut words = vec![0u64; count.max(1)];
            let mut cap = words.len();
            check(unsafe {
                sys::napi_get_value_bigint_words(js.env, v, &mut sign, &mut cap, words.as_mut_ptr())
            })?;
            let words = &words[..cap.min(words.len())];
            let zero = words.iter().all(|w| *w == 0);
            if (sign != 0 && !zero) || words.iter().skip(1).any(|w| *w != 0) {
                return Err(reject(js, field, v, "must be in [0, 2^64)"));
            }
            Ok(Some(words.first().copied().unwrap_or(0)))
        }
        _ => Err(seed_error(js, field, v)),
    }
}

fn seed_error(js: Js, field: &str, v: JsValue) -> Error {
    reject(
        js,
        field,
        v,
        "must be a non-negative safe integer or a bigint below 2^64",
    )
}

/// An options object (TS `options` + `knownKeys`): undefined → no options; anything but a plain
/// object is rejected, and so is a key the class does not know.
pub struct Opts {
    js: Js,
    obj: Option<JsValue>,
}

impl Opts {
    pub fn new(js: Js, field: &str, v: JsValue, allowed: &[&str]) -> Result<Self> {
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
    pub fn raw(&self, key: &str) -> Result<JsValue> {
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
