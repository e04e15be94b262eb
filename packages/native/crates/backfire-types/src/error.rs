//! Typed errors with the stable codes of `@backfire/core` (`BACKFIRE_CONFIG`, `BACKFIRE_INPUT`, …).
//! Messages are `<field> <rule>, got <value>` exactly as the TypeScript errors print them.

use std::fmt;

use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    Config,
    Input,
    Stream,
    Native,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Config => "BACKFIRE_CONFIG",
            ErrorCode::Input => "BACKFIRE_INPUT",
            ErrorCode::Stream => "BACKFIRE_STREAM",
            ErrorCode::Native => "BACKFIRE_NATIVE",
        }
    }

    /// The class name the TypeScript side uses for this code.
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorCode::Config => "BackfireConfigError",
            ErrorCode::Input => "BackfireInputError",
            ErrorCode::Stream => "BackfireStreamError",
            ErrorCode::Native => "BackfireError",
        }
    }
}

impl AsRef<str> for ErrorCode {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct BackfireError {
    pub code: ErrorCode,
    /// The offending field (`hardLimit`, `token`, `scores[3]`); empty when none applies.
    pub field: String,
    /// The rejected value.
    pub value: Value,
    pub message: String,
}

impl BackfireError {
    pub fn new(code: ErrorCode, field: &str, value: Value, rule: &str) -> Self {
        let message = format!("{field} {rule}, got {}", value.describe());
        BackfireError {
            code,
            field: field.to_owned(),
            value,
            message,
        }
    }

    pub fn config(field: &str, value: impl Into<Value>, rule: &str) -> Self {
        Self::new(ErrorCode::Config, field, value.into(), rule)
    }

    pub fn input(field: &str, value: impl Into<Value>, rule: &str) -> Self {
        Self::new(ErrorCode::Input, field, value.into(), rule)
    }

    /// An error whose message is not of the `<field> <rule>, got <value>` shape.
    pub fn plain(code: ErrorCode, message: impl Into<String>) -> Self {
        BackfireError {
            code,
            field: String::new(),
            value: Value::Undefined,
            message: message.into(),
        }
    }
}

impl fmt::Display for BackfireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for BackfireError {}
