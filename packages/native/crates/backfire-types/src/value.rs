//! A JavaScript value as far as an error message needs it. The napi layer builds one from the value
//! that was rejected; pure Rust callers mostly use `Value::Number`.

use crate::jsfmt::number_to_string;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    /// Decimal digits of a BigInt, with a leading `-` when negative.
    BigInt(String),
    /// UTF-16 code units, so lone surrogates survive until the message is rendered.
    String(Vec<u16>),
    /// An array and its length.
    Array(u32),
    Function,
    /// A symbol's `toString()`, e.g. `Symbol(x)`.
    Symbol(String),
    /// Any other object, by its `Object.prototype.toString` tag (`Object`, `Date`, `Map`, …).
    Object(String),
}

impl Value {
    pub fn string(s: &str) -> Self {
        Value::String(s.encode_utf16().collect())
    }

    /// The value as TypeScript's `describeValue` renders it in an error message: strings as JSON,
    /// numbers as `String(n)`, other values by type, cut to 80 UTF-16 units.
    pub fn describe(&self) -> String {
        let units: Vec<u16> = match self {
            Value::String(units) => json_quote(units),
            other => other.describe_short().encode_utf16().collect(),
        };
        if units.len() > 80 {
            let mut cut = String::from_utf16_lossy(&units[..77]);
            cut.push_str("...");
            cut
        } else {
            String::from_utf16_lossy(&units)
        }
    }

    fn describe_short(&self) -> String {
        match self {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => number_to_string(*n),
            Value::BigInt(digits) => format!("{digits}n"),
            Value::String(units) => String::from_utf16_lossy(units),
            Value::Array(len) => format!("array({len})"),
            Value::Function => "function".into(),
            Value::Symbol(s) => s.clone(),
            Value::Object(tag) => format!("object {tag}"),
        }
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Value::Number(n)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::string(s)
    }
}

/// `JSON.stringify` of a string (well-formed: lone surrogates are escaped).
fn json_quote(units: &[u16]) -> Vec<u16> {
    let mut out: Vec<u16> = Vec::with_capacity(units.len() + 2);
    out.push(b'"' as u16);
    let mut i = 0;
    while i < units.len() {
        let c = units[i];
        let escaped: Option<&str> = match c {
            0x22 => Some("\\\""),
            0x5c => Some("\\\\"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            0x0a => Some("\\n"),
            0x0d => Some("\\r"),
            0x09 => Some("\\t"),
            _ => None,
        };
        if let Some(e) = escaped {
            out.extend(e.encode_utf16());
        } else if c < 0x20 {
            out.extend(format!("\\u{c:04x}").encode_utf16());
        } else if (0xd800..=0xdbff).contains(&c)
            && i + 1 < units.len()
            && (0xdc00..=0xdfff).contains(&units[i + 1])
        {
            out.push(c);
            out.push(units[i + 1]);
            i += 1;
        } else if (0xd800..=0xdfff).contains(&c) {
            out.extend(format!("\\u{c:04x}").encode_utf16());
        } else {
            out.push(c);
        }
        i += 1;
    }
    out.push(b'"' as u16);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_like_typescript() {
        assert_eq!(Value::Number(f64::NAN).describe(), "NaN");
        assert_eq!(Value::Number(1.5).describe(), "1.5");
        assert_eq!(Value::string("0.5").describe(), "\"0.5\"");
        assert_eq!(
            Value::string("a\"b\\c\n\u{1}").describe(),
            "\"a\\\"b\\\\c\\n\\u0001\""
        );
        assert_eq!(Value::String(vec![0x61, 0xd800]).describe(), "\"a\\ud800\"");
        assert_eq!(Value::string("😀").describe(), "\"😀\"");
        assert_eq!(Value::Null.describe(), "null");
        assert_eq!(Value::Undefined.describe(), "undefined");
        assert_eq!(Value::Bool(true).describe(), "true");
        assert_eq!(Value::BigInt("-12".into()).describe(), "-12n");
        assert_eq!(Value::Array(3).describe(), "array(3)");
        assert_eq!(Value::Function.describe(), "function");
        assert_eq!(Value::Object("Date".into()).describe(), "object Date");
        assert_eq!(Value::Symbol("Symbol(x)".into()).describe(), "Symbol(x)");
        let long = Value::string(&"x".repeat(100)).describe();
        assert_eq!(long.len(), 80);
        assert!(long.starts_with("\"xxx") && long.ends_with("x..."));
    }
}
