//! Thin, checked wrappers over the raw Node-API calls the bindings need. Every call that can fail
//! returns `napi::Result`; a failure with a JavaScript exception pending (a throwing getter, a
//! Proxy trap) comes back as `Status::PendingException`, which napi-rs leaves pending, so the
//! original exception reaches the caller.

use std::ffi::CStr;
use std::ptr;

use napi::{Error, Result, Status, sys};

use backfire_types::{BackfireError, Value};

pub type JsValue = sys::napi_value;

pub const UNDEFINED: i32 = sys::ValueType::napi_undefined;
pub const NULL: i32 = sys::ValueType::napi_null;
pub const BOOLEAN: i32 = sys::ValueType::napi_boolean;
pub const NUMBER: i32 = sys::ValueType::napi_number;
pub const STRING: i32 = sys::ValueType::napi_string;
pub const SYMBOL: i32 = sys::ValueType::napi_symbol;
pub const OBJECT: i32 = sys::ValueType::napi_object;
pub const FUNCTION: i32 = sys::ValueType::napi_function;
pub const BIGINT: i32 = sys::ValueType::napi_bigint;

#[derive(Clone, Copy)]
pub struct Js {
    pub env: sys::napi_env,
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

impl Js {
    pub fn new(env: sys::napi_env) -> Self {
        Js { env }
    }

    pub fn type_of(self, v: JsValue) -> Result<i32> {
        let mut t = 0;
        check(unsafe { sys::napi_typeof(self.env, v, &mut t) })?;
        Ok(t)
    }

    pub fn double(self, v: JsValue) -> Result<f64> {
        let mut x = 0.0;
        check(unsafe { sys::napi_get_value_double(self.env, v, &mut x) })?;
        Ok(x)
    }

    pub fn boolean_value(self, v: JsValue) -> Result<bool> {
        let mut b = false;
        check(unsafe { sys::napi_get_value_bool(self.env, v, &mut b) })?;
        Ok(b)
    }

    pub fn is_array(self, v: JsValue) -> Result<bool> {
        let mut b = false;
        check(unsafe { sys::napi_is_array(self.env, v, &mut b) })?;
        Ok(b)
    }

    pub fn is_error(self, v: JsValue) -> Result<bool> {
        let mut b = false;
        check(unsafe { sys::napi_is_error(self.env, v, &mut b) })?;
        Ok(b)
    }

    pub fn array_len(self, v: JsValue) -> Result<u32> {
        let mut n = 0;
        check(unsafe { sys::napi_get_array_length(self.env, v, &mut n) })?;
        Ok(n)
    }

    pub fn element(self, arr: JsValue, i: u32) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_get_element(self.env, arr, i, &mut v) })?;
        Ok(v)
    }

    pub fn undefined(self) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_get_undefined(self.env, &mut v) })?;
        Ok(v)
    }

    pub fn null(self) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_get_null(self.env, &mut v) })?;
        Ok(v)
    }

    pub fn boolean(self, b: bool) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_get_boolean(self.env, b, &mut v) })?;
        Ok(v)
    }

    pub fn number(self, x: f64) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_create_double(self.env, x, &mut v) })?;
        Ok(v)
    }

    pub fn uint(self, x: u32) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_create_uint32(self.env, x, &mut v) })?;
        Ok(v)
    }

    pub fn string(self, s: &str) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe {
            sys::napi_create_string_utf8(self.env, s.as_ptr().cast(), s.len() as isize, &mut v)
        })?;
        Ok(v)
    }

    pub fn string_utf16(self, s: &[u16]) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe {
            sys::napi_create_string_utf16(self.env, s.as_ptr(), s.len() as isize, &mut v)
        })?;
        Ok(v)
    }

    pub fn array(self, len: usize) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_create_array_with_length(self.env, len, &mut v) })?;
        Ok(v)
    }

    pub fn set_element(self, arr: JsValue, i: u32, v: JsValue) -> Result<()> {
        check(unsafe { sys::napi_set_element(self.env, arr, i, v) })
    }

    pub fn object(self) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_create_object(self.env, &mut v) })?;
        Ok(v)
    }

    /// A `Float64Array` holding a copy of `data` (a plain ArrayBuffer: cheaper than an external one).
    pub fn f64_array(self, data: &[f64]) -> Result<JsValue> {
        self.typed_array(
            data.as_ptr().cast(),
            std::mem::size_of_val(data),
            data.len(),
            sys::TypedarrayType::float64_array,
        )
    }

    fn typed_array(self, src: *const u8, bytes: usize, len: usize, kind: i32) -> Result<JsValue> {
        let mut buf = ptr::null_mut();
        let mut data: *mut std::ffi::c_void = ptr::null_mut();
        check(unsafe { sys::napi_create_arraybuffer(self.env, bytes, &mut data, &mut buf) })?;
        if bytes > 0 {
            // SAFETY: `data` points at a fresh buffer of `bytes` bytes that nothing else aliases.
            unsafe { ptr::copy_nonoverlapping(src, data.cast::<u8>(), bytes) };
        }
        let mut out = ptr::null_mut();
        check(unsafe { sys::napi_create_typedarray(self.env, kind, len, buf, 0, &mut out) })?;
        Ok(out)
    }

    pub fn get(self, obj: JsValue, key: JsValue) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_get_property(self.env, obj, key, &mut v) })?;
        Ok(v)
    }

    pub fn get_named(self, obj: JsValue, key: &CStr) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_get_named_property(self.env, obj, key.as_ptr(), &mut v) })?;
        Ok(v)
    }

    pub fn set(self, obj: JsValue, key: JsValue, v: JsValue) -> Result<()> {
        check(unsafe { sys::napi_set_property(self.env, obj, key, v) })
    }

    pub fn set_named(self, obj: JsValue, key: &CStr, v: JsValue) -> Result<()> {
        check(unsafe { sys::napi_set_named_property(self.env, obj, key.as_ptr(), v) })
    }

    pub fn global(self) -> Result<JsValue> {
        let mut v = ptr::null_mut();
        check(unsafe { sys::napi_get_global(self.env, &mut v) })?;
        Ok(v)
    }

    /// Own enumerable string keys, as `Object.keys` returns them.
    pub fn keys(self, obj: JsValue) -> Result<Vec<JsValue>> {
        let mut names = ptr::null_mut();
        check(unsafe {
            sys::napi_get_all_property_names(
                self.env,
                obj,
                sys::KeyCollectionMode::own_only,
                sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
                sys::KeyConversion::numbers_to_strings,
                &mut names,
            )
        })?;
        let n = self.array_len(names)?;
        (0..n).map(|i| self.element(names, i)).collect()
    }

    /// Calls `f` with `this` and `args`. `Err(Ok(exception))` when the function threw (the
    /// exception is cleared and handed back), `Err(Err(e))` when Node-API itself failed.
    pub fn call(
        self,
        this: JsValue,
        f: JsValue,
        args: &[JsValue],
    ) -> std::result::Result<JsValue, Result<JsValue>> {
        let mut out = ptr::null_mut();
        let status = unsafe {
            sys::napi_call_function(self.env, this, f, args.len(), args.as_ptr(), &mut out)
        };
        if status == sys::Status::napi_ok {
            return Ok(out);
        }
        match self.take_exception() {
            Ok(Some(e)) => Err(Ok(e)),
            Ok(None) => Err(check(status).map(|_| out)),
            Err(e) => Err(Err(e)),
        }
    }

    /// Clears and returns the pending exception, if any.
    pub fn take_exception(self) -> Result<Option<JsValue>> {
        let mut pending = false;
        check(unsafe { sys::napi_is_exception_pending(self.env, &mut pending) })?;
        if !pending {
            return Ok(None);
        }
        let mut e = ptr::null_mut();
        check(unsafe { sys::napi_get_and_clear_last_exception(self.env, &mut e) })?;
        Ok(Some(e))
    }

    /// Throws `v` and returns the error napi-rs must return so the exception stays as thrown.
    pub fn throw(self, v: JsValue) -> Error {
        match check(unsafe { sys::napi_throw(self.env, v) }) {
            Ok(()) => Error::new(Status::PendingException, String::new()),
            Err(e) => e,
        }
    }

    pub fn utf8(self, v: JsValue) -> Result<String> {
        let mut len = 0;
        check(unsafe {
            sys::napi_get_value_string_utf8(self.env, v, ptr::null_mut(), 0, &mut len)
        })?;
        let mut buf: Vec<u8> = vec![0; len + 1];
        let mut written = 0;
        check(unsafe {
            sys::napi_get_value_string_utf8(
                self.env,
                v,
                buf.as_mut_ptr().cast(),
                len + 1,
                &mut written,
            )
        })?;
        buf.truncate(written);
        // Node-API writes valid UTF-8 (lone surrogates become U+FFFD).
        Ok(String::from_utf8(buf)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    pub fn utf16(self, v: JsValue) -> Result<Vec<u16>> {
        let mut len = 0;
        check(unsafe {
            sys::napi_get_value_string_utf16(self.env, v, ptr::null_mut(), 0, &mut len)
        })?;
        let mut buf: Vec<u16> = vec![0; len + 1];
        let mut written = 0;
        check(unsafe {
            sys::napi_get_value_string_utf16(self.env, v, buf.as_mut_ptr(), len + 1, &mut written)
        })?;
        buf.truncate(written);
        Ok(buf)
    }

    /// `x.toString()` called as a method (works for symbols and BigInts, which cannot be coerced).
    fn to_string_method(self, v: JsValue) -> Result<String> {
        let f = self.get_named(v, c"toString")?;
        match self.call(v, f, &[]) {
            Ok(s) if self.type_of(s)? == STRING => self.utf8(s),
            Ok(_) => Ok(String::new()),
            Err(Ok(exception)) => Err(self.throw(exception)),
            Err(Err(e)) => Err(e),
        }
    }

    /// `Object.prototype.toString.call(v).slice(8, -1)`.
    fn object_tag(self, v: JsValue) -> Result<String> {
        let object = self.get_named(self.global()?, c"Object")?;
        let proto = self.get_named(object, c"prototype")?;
        let f = self.get_named(proto, c"toString")?;
        let s = match self.call(v, f, &[]) {
            Ok(s) => self.utf8(s)?,
            Err(Ok(exception)) => return Err(self.throw(exception)),
            Err(Err(e)) => return Err(e),
        };
        Ok(s.strip_prefix("[object ")
            .and_then(|s| s.strip_suffix(']'))
            .unwrap_or(&s)
            .to_owned())
    }

    /// The value as far as an error message needs it (TypeScript's `describeValue`).
    pub fn describe(self, v: JsValue) -> Result<Value> {
        Ok(match self.type_of(v)? {
            UNDEFINED => Value::Undefined,
            NULL => Value::Null,
            BOOLEAN => Value::Bool(self.boolean_value(v)?),
            NUMBER => Value::Number(self.double(v)?),
            STRING => Value::String(self.utf16(v)?),
            SYMBOL => Value::Symbol(self.to_string_method(v)?),
            BIGINT => Value::BigInt(self.to_string_method(v)?),
            FUNCTION => Value::Function,
            _ if self.is_array(v)? => Value::Array(self.array_len(v)?),
            _ => Value::Object(self.object_tag(v)?),
        })
    }

    /// A JavaScript value for a described value (numbers, strings and the simple constants).
    pub fn to_js(self, v: &Value) -> Result<JsValue> {
        match v {
            Value::Null => self.null(),
            Value::Bool(b) => self.boolean(*b),
            Value::Number(x) => self.number(*x),
            Value::String(units) => self.string_utf16(units),
            _ => self.undefined(),
        }
    }

    /// Builds the JS error for a `BackfireError`: an `Error` with `name` (the TypeScript class name),
    /// `code`, `field` and `value` (the value as passed when the caller has it).
    pub fn error_object(self, err: &BackfireError, value: Option<JsValue>) -> Result<JsValue> {
        let code = self.string(err.code.as_str())?;
        let msg = self.string(&err.message)?;
        let mut e = ptr::null_mut();
        check(unsafe { sys::napi_create_error(self.env, code, msg, &mut e) })?;
        self.set_named(e, c"name", self.string(err.code.class_name())?)?;
        if !err.field.is_empty() {
            self.set_named(e, c"field", self.string(&err.field)?)?;
            let value = match value {
                Some(v) => v,
                None => self.to_js(&err.value)?,
            };
            self.set_named(e, c"value", value)?;
        }
        Ok(e)
    }

    /// Throws a `BackfireError` (see `error_object`).
    pub fn throw_backfire(self, err: &BackfireError, value: Option<JsValue>) -> Error {
        match self.error_object(err, value) {
            Ok(e) => self.throw(e),
            Err(e) => e,
        }
    }
}
