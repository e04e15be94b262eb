use std::fmt;

/// An invalid physics input: the field (named as in the TypeScript API, e.g. `theta[3]`,
/// `noiseAmplitude`), the rejected value rendered as JavaScript would print it, and the rule it
/// broke. The napi layer maps it to a JS error with code `BACKFIRE_PHYSICS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhysicsError {
    pub field: String,
    pub value: String,
    pub rule: String,
}

impl PhysicsError {
    pub fn new(
        field: impl Into<String>,
        value: impl Into<String>,
        rule: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            value: value.into(),
            rule: rule.into(),
        }
    }

    /// The error for a rejected number.
    pub fn number(field: impl Into<String>, value: f64, rule: impl Into<String>) -> Self {
        Self::new(field, describe_f64(value), rule)
    }

    /// The JS-side error code.
    pub fn code(&self) -> &'static str {
        "BACKFIRE_PHYSICS"
    }
}

impl fmt::Display for PhysicsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}, got {}", self.field, self.rule, self.value)
    }
}

impl std::error::Error for PhysicsError {}

/// f64 as JavaScript's `String(x)` would print the common cases (NaN, Infinity, integers).
pub fn describe_f64(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x == f64::INFINITY {
        "Infinity".into()
    } else if x == f64::NEG_INFINITY {
        "-Infinity".into()
    } else {
        format!("{x}")
    }
}

pub type PhysicsResult<T> = Result<T, PhysicsError>;
