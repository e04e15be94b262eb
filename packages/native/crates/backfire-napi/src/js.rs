//! The few JavaScript operations the bindings need beyond typed `#[napi]` arguments, over
//! napi-rs's safe API (`Unknown`, `Object`, `Env`). Values are `Unknown<'e>`: handles that live as
//! long as the call that received them. Every call that can fail returns `napi::Result`; a failure
//! with a JavaScript exception pending (a throwing getter, a Proxy trap) comes back as
//! `Status::PendingException`, which napi-rs leaves pending, so the original exception reaches
//! the caller.
//!
//! Two operations have no safe napi-rs API and use raw Node-API (`call`, `take_exception`):
//! napi-rs's `Function::call` turns a thrown value into an `Error` by coercing it to a string and
//! reading its `cause` (observable: it runs getters and fails on a thrown Symbol), and nothing
//! in napi-rs hands back a pending exception as the value that was thrown.

use std::ffi::CStr;
use std::ptr;

use napi::bindgen_prelude::{
    Array, Env, FromNapiValue, JsObjectValue, Null, Object, ToNapiValue, Unknown, Utf16String,
};
use napi::{
    Error, JsError, JsValue as _, KeyCollectionMode, KeyConversion, KeyFilter, Result, Status,
    ValueType, sys,
};

use backfire_types::{BackfireError, Value};

/// A JavaScript value received or created during the current call.
pub type JsValue<'e> = Unknown<'e>;

pub const UNDEFINED: ValueType = ValueType::Undefined;
pub const NULL: ValueType = ValueType::Null;
pub const BOOLEAN: ValueType = ValueType::Boolean;
pub const NUMBER: ValueType = ValueType::Number;
pub const STRING: ValueType = ValueType::String;
pub const SYMBOL: ValueType = ValueType::Symbol;
pub const OBJECT: ValueType = ValueType::Object;
pub const FUNCTION: ValueType = ValueType::Function;
pub const BIGINT: ValueType = ValueType::BigInt;

/// The environment of one `#[napi]` call, with the conversions the bindings share.
#[derive(Clone, Copy)]
pub struct Js<'e> {
    pub env: &'e Env,
}

impl<'e> Js<'e> {
    pub fn new(env: &'e Env) -> Self {
        Js { env }
    }

    /// `v` seen as an object, for property access (Node-API coerces a primitive receiver as
    /// JavaScript does and fails on undefined and null).
    fn obj(v: JsValue<'e>) -> Result<Object<'e>> {
        Object::from_unknown(v)
    }

    pub fn type_of(self, v: JsValue<'_>) -> Result<ValueType> {
        v.get_type()
    }

    pub fn double(self, v: JsValue<'_>) -> Result<f64> {
        f64::from_unknown(v)
    }

    pub fn boolean_value(self, v: JsValue<'_>) -> Result<bool> {
        bool::from_unknown(v)
    }

    pub fn is_array(self, v: JsValue<'_>) -> Result<bool> {
        v.is_array()
    }

    pub fn is_error(self, v: JsValue<'_>) -> Result<bool> {
        v.is_error()
    }

    pub fn array_len(self, v: JsValue<'_>) -> Result<u32> {
        Ok(Array::from_unknown(v)?.len())
    }

    pub fn element(self, arr: JsValue<'e>, i: u32) -> Result<JsValue<'e>> {
        Self::obj(arr)?.get_element(i)
    }

    pub fn undefined(self) -> Result<JsValue<'e>> {
        ().into_unknown(self.env)
    }

    pub fn null(self) -> Result<JsValue<'e>> {
        Null.into_unknown(self.env)
    }

    pub fn boolean(self, b: bool) -> Result<JsValue<'e>> {
        b.into_unknown(self.env)
    }

    pub fn number(self, x: f64) -> Result<JsValue<'e>> {
        x.into_unknown(self.env)
    }

    pub fn uint(self, x: u32) -> Result<JsValue<'e>> {
        x.into_unknown(self.env)
    }

    pub fn string(self, s: &str) -> Result<JsValue<'e>> {
        s.into_unknown(self.env)
    }

    pub fn string_utf16(self, s: &[u16]) -> Result<JsValue<'e>> {
        Ok(self.env.create_string_utf16(s)?.to_unknown())
    }

    pub fn array(self, len: usize) -> Result<JsValue<'e>> {
        let len = u32::try_from(len)
            .map_err(|_| Error::new(Status::InvalidArg, "array too long".to_owned()))?;
        self.env.create_array(len)?.into_unknown(self.env)
    }

    pub fn set_element(self, arr: JsValue<'e>, i: u32, v: JsValue<'_>) -> Result<()> {
        Self::obj(arr)?.set_element(i, v)
    }

    pub fn object(self) -> Result<JsValue<'e>> {
        Ok(Object::new(self.env)?.to_unknown())
    }

    /// A `Float64Array` holding a copy of `data` (a plain ArrayBuffer: cheaper than an external one).
    pub fn f64_array(self, data: &[f64]) -> Result<JsValue<'e>> {
        let array = napi::bindgen_prelude::Float64ArraySlice::copy_from(self.env, data)?;
        (&array).into_unknown(self.env)
    }

    pub fn get(self, obj: JsValue<'e>, key: JsValue<'_>) -> Result<JsValue<'e>> {
        Self::obj(obj)?.get_property_unchecked(key)
    }

    pub fn get_named(self, obj: JsValue<'e>, key: &CStr) -> Result<JsValue<'e>> {
        Self::obj(obj)?.get_c_named_property_unchecked(key)
    }

    pub fn set(self, obj: JsValue<'e>, key: JsValue<'_>, v: JsValue<'_>) -> Result<()> {
        Self::obj(obj)?.set_property(key, v)
    }

    pub fn set_named(self, obj: JsValue<'e>, key: &CStr, v: JsValue<'_>) -> Result<()> {
        Self::obj(obj)?.set_c_named_property(key, v)
    }

    pub fn global(self) -> Result<JsValue<'e>> {
        Ok(self.env.get_global()?.to_unknown())
    }

    /// Own enumerable string keys, as `Object.keys` returns them.
    pub fn keys(self, obj: JsValue<'e>) -> Result<Vec<JsValue<'e>>> {
        // napi-rs takes one key filter, not a combination: symbols are dropped here instead.
        let names = Self::obj(obj)?.get_all_property_names(
            KeyCollectionMode::OwnOnly,
            KeyFilter::Enumerable,
            KeyConversion::NumbersToStrings,
        )?;
        let names = names.to_unknown();
        let n = self.array_len(names)?;
        let mut keys = Vec::with_capacity(n as usize);
        for i in 0..n {
            let key = self.element(names, i)?;
            if self.type_of(key)? != SYMBOL {
                keys.push(key);
            }
        }
        Ok(keys)
    }

    /// Calls `f` with `this` and `args`. `Err(Ok(exception))` when the function threw (the
    /// exception is cleared and handed back as thrown), `Err(Err(e))` when Node-API itself failed.
    pub fn call(
        self,
        this: JsValue<'_>,
        f: JsValue<'_>,
        args: &[JsValue<'_>],
    ) -> std::result::Result<JsValue<'e>, Result<JsValue<'e>>> {
        // Every caller passes at most two arguments: no allocation on the per-token path.
        let mut inline = [ptr::null_mut(); 2];
        let heap: Vec<sys::napi_value>;
        let raw_args: &[sys::napi_value] = if args.len() <= inline.len() {
            for (slot, a) in inline.iter_mut().zip(args) {
                *slot = a.raw();
            }
            &inline[..args.len()]
        } else {
            heap = args.iter().map(|a| a.raw()).collect();
            &heap
        };
        let mut out = ptr::null_mut();
        let env = self.env.raw();
        // SAFETY: `env` is this call's environment and `this`, `f` and `args` are handles of the
        // same call (their lifetimes say so); Node-API checks that `f` is a function. `out` is
        // read only when the call succeeded, and is then a handle of this call's scope.
        let (status, result) = unsafe {
            let status = sys::napi_call_function(
                env,
                this.raw(),
                f.raw(),
                raw_args.len(),
                raw_args.as_ptr(),
                &mut out,
            );
            (status, Unknown::from_raw_unchecked(env, out))
        };
        if status == sys::Status::napi_ok {
            return Ok(result);
        }
        match self.take_exception() {
            Ok(Some(e)) => Err(Ok(e)),
            Ok(None) => Err(Err(Error::new(
                Status::from(status),
                "Node-API call failed".to_owned(),
            ))),
            Err(e) => Err(Err(e)),
        }
    }

    /// Clears and returns the pending exception, if any.
    pub fn take_exception(self) -> Result<Option<JsValue<'e>>> {
        let env = self.env.raw();
        let mut pending = false;
        let mut exception = ptr::null_mut();
        // SAFETY: `env` is this call's environment. Both calls are allowed with an exception
        // pending; the exception is read only when one is pending and the read succeeded, and is
        // then a handle of this call's scope.
        let (pending_status, taken_status, exception) = unsafe {
            let pending_status = sys::napi_is_exception_pending(env, &mut pending);
            let taken_status = if pending_status == sys::Status::napi_ok && pending {
                sys::napi_get_and_clear_last_exception(env, &mut exception)
            } else {
                sys::Status::napi_ok
            };
            (
                pending_status,
                taken_status,
                Unknown::from_raw_unchecked(env, exception),
            )
        };
        for status in [pending_status, taken_status] {
            if status != sys::Status::napi_ok {
                return Err(Error::new(
                    Status::from(status),
                    "Node-API call failed".to_owned(),
                ));
            }
        }
        Ok(pending.then_some(exception))
    }

    /// Throws `v` and returns the error napi-rs must return so the exception stays as thrown.
    pub fn throw(self, v: JsValue<'_>) -> Error {
        match self.env.throw(v) {
            Ok(()) => Error::new(Status::PendingException, String::new()),
            Err(e) => e,
        }
    }

    pub fn utf8(self, v: JsValue<'_>) -> Result<String> {
        // Node-API writes valid UTF-8 (lone surrogates become U+FFFD).
        String::from_unknown(v)
    }

    pub fn utf16(self, v: JsValue<'_>) -> Result<Vec<u16>> {
        Ok(Utf16String::from_unknown(v)?.to_vec())
    }

    /// `x.toString()` called as a method (works for symbols and BigInts, which cannot be coerced).
    fn to_string_method(self, v: JsValue<'e>) -> Result<String> {
        let f = self.get_named(v, c"toString")?;
        match self.call(v, f, &[]) {
            Ok(s) if self.type_of(s)? == STRING => self.utf8(s),
            Ok(_) => Ok(String::new()),
            Err(Ok(exception)) => Err(self.throw(exception)),
            Err(Err(e)) => Err(e),
        }
    }

    /// `Object.prototype.toString.call(v).slice(8, -1)`.
    fn object_tag(self, v: JsValue<'e>) -> Result<String> {
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
    pub fn describe(self, v: JsValue<'e>) -> Result<Value> {
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
    pub fn to_js(self, v: &Value) -> Result<JsValue<'e>> {
        match v {
            Value::Null => self.null(),
            Value::Bool(b) => self.boolean(*b),
            Value::Number(x) => self.number(*x),
            Value::String(units) => self.string_utf16(units),
            _ => self.undefined(),
        }
    }

    /// `new Error(message)` with `code` set (Node-API's `napi_create_error`).
    pub fn error_with_code(self, code: &str, message: &str) -> Result<JsValue<'e>> {
        let error = JsError::from(Error::new(code, message.to_owned()));
        Ok(error.into_unknown(Env::from_raw(self.env.raw())))
    }

    /// Builds the JS error for a `BackfireError`: an `Error` with `name` (the TypeScript class name),
    /// `code`, `field` and `value` (the value as passed when the caller has it).
    pub fn error_object(
        self,
        err: &BackfireError,
        value: Option<JsValue<'e>>,
    ) -> Result<JsValue<'e>> {
        let e = self.error_with_code(err.code.as_str(), &err.message)?;
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
    pub fn throw_backfire(self, err: &BackfireError, value: Option<JsValue<'e>>) -> Error {
        match self.error_object(err, value) {
            Ok(e) => self.throw(e),
            Err(e) => e,
        }
    }
}
