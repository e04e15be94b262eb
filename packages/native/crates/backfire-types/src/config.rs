//! The validated configuration. Rules, order of checks and messages follow
//! `packages/core/src/config/config.ts` exactly (docs/kernel.md, "Config").

use crate::error::BackfireError;
use crate::jsfmt::number_to_string;
use crate::value::Value;

/// How a window or trend halt ends the stream: at once, or after the current sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HaltMode {
    Hard,
    Soft,
}

impl HaltMode {
    pub fn as_str(self) -> &'static str {
        match self {
            HaltMode::Hard => "hard",
            HaltMode::Soft => "soft",
        }
    }
}

/// Field names in declaration order: unknown keys are reported against this list.
pub const FIELD_NAMES: [&str; 13] = [
    "coherenceThreshold",
    "hardLimit",
    "softLimit",
    "wLogic",
    "wFact",
    "windowSize",
    "windowThreshold",
    "trendWindow",
    "trendThreshold",
    "historyWindow",
    "haltMode",
    "softHaltCap",
    "scoreEveryN",
];

pub const PRESET_NAMES: [&str; 4] = ["default", "medical", "finance", "creative"];

const WEIGHT_TOLERANCE: f64 = 1e-9;
const MAX_INT: f64 = 2147483647.0;

/// A validated configuration: no field is NaN, infinite or out of range.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub coherence_threshold: f64,
    pub hard_limit: f64,
    pub soft_limit: f64,
    pub w_logic: f64,
    pub w_fact: f64,
    pub window_size: u32,
    pub window_threshold: f64,
    pub trend_window: u32,
    pub trend_threshold: f64,
    pub history_window: u32,
    pub halt_mode: HaltMode,
    pub soft_halt_cap: u32,
    pub score_every_n: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            coherence_threshold: 0.6,
            hard_limit: 0.5,
            soft_limit: 0.7,
            w_logic: 0.6,
            w_fact: 0.4,
            window_size: 10,
            window_threshold: 0.55,
            trend_window: 5,
            trend_threshold: 0.15,
            history_window: 5,
            halt_mode: HaltMode::Hard,
            soft_halt_cap: 50,
            score_every_n: 1,
        }
    }
}

/// Typed partial configuration for Rust callers; `None` takes the default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfigInit {
    pub coherence_threshold: Option<f64>,
    pub hard_limit: Option<f64>,
    pub soft_limit: Option<f64>,
    pub w_logic: Option<f64>,
    pub w_fact: Option<f64>,
    pub window_size: Option<f64>,
    pub window_threshold: Option<f64>,
    pub trend_window: Option<f64>,
    pub trend_threshold: Option<f64>,
    pub history_window: Option<f64>,
    pub halt_mode: Option<HaltMode>,
    pub soft_halt_cap: Option<f64>,
    pub score_every_n: Option<f64>,
}

impl ConfigInit {
    pub fn to_entries(&self) -> Vec<(String, Value)> {
        let nums = [
            ("coherenceThreshold", self.coherence_threshold),
            ("hardLimit", self.hard_limit),
            ("softLimit", self.soft_limit),
            ("wLogic", self.w_logic),
            ("wFact", self.w_fact),
            ("windowSize", self.window_size),
            ("windowThreshold", self.window_threshold),
            ("trendWindow", self.trend_window),
            ("trendThreshold", self.trend_threshold),
            ("historyWindow", self.history_window),
            ("softHaltCap", self.soft_halt_cap),
            ("scoreEveryN", self.score_every_n),
        ];
        let mut out: Vec<(String, Value)> = nums
            .iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), Value::Number(v))))
            .collect();
        if let Some(mode) = self.halt_mode {
            out.push(("haltMode".into(), Value::string(mode.as_str())));
        }
        out
    }

    pub fn build(&self) -> Result<Config, BackfireError> {
        Config::from_entries(&self.to_entries())
    }
}

impl Config {
    /// Validates a set of `(key, value)` pairs as `new BackfireConfig(init)` does: unknown keys
    /// first (in the given order), then every field in declaration order. `Undefined` values take
    /// the default.
    pub fn from_entries(entries: &[(String, Value)]) -> Result<Config, BackfireError> {
        for (key, value) in entries {
            if !FIELD_NAMES.contains(&key.as_str()) {
                return Err(BackfireError::config(
                    key,
                    value.clone(),
                    &format!("is not a config field (known: {})", FIELD_NAMES.join(", ")),
                ));
            }
        }
        let get = |name: &str| -> Option<&Value> {
            entries
                .iter()
                .rev()
                .find(|(k, v)| k == name && *v != Value::Undefined)
                .map(|(_, v)| v)
        };
        let d = Config::default();
        let num = |name: &str, default: f64| -> Value {
            get(name).cloned().unwrap_or(Value::Number(default))
        };

        let coherence_threshold = unit(
            "coherenceThreshold",
            &num("coherenceThreshold", d.coherence_threshold),
        )?;
        let hard_limit = unit("hardLimit", &num("hardLimit", d.hard_limit))?;
        let soft_limit = unit("softLimit", &num("softLimit", d.soft_limit))?;
        if soft_limit < hard_limit {
            return Err(BackfireError::config(
                "softLimit",
                soft_limit,
                &format!("must be >= hardLimit ({})", number_to_string(hard_limit)),
            ));
        }
        let w_logic = unit("wLogic", &num("wLogic", d.w_logic))?;
        let w_fact = unit("wFact", &num("wFact", d.w_fact))?;
        let sum = w_logic + w_fact;
        if (sum - 1.0).abs() > WEIGHT_TOLERANCE {
            return Err(BackfireError::config(
                "wLogic + wFact",
                sum,
                &format!(
                    "must equal 1 (wLogic {} + wFact {})",
                    number_to_string(w_logic),
                    number_to_string(w_fact)
                ),
            ));
        }
        let window_size = integer("windowSize", &num("windowSize", d.window_size as f64), 1)?;
        let window_threshold = unit(
            "windowThreshold",
            &num("windowThreshold", d.window_threshold),
        )?;
        let trend_window = integer("trendWindow", &num("trendWindow", d.trend_window as f64), 2)?;
        let trend_threshold =
            positive("trendThreshold", &num("trendThreshold", d.trend_threshold))?;
        let history_window = integer(
            "historyWindow",
            &num("historyWindow", d.history_window as f64),
            0,
        )?;
        let halt_mode = match get("haltMode") {
            None => HaltMode::Hard,
            Some(Value::String(units)) if *units == [0x68, 0x61, 0x72, 0x64] => HaltMode::Hard,
            Some(Value::String(units)) if *units == [0x73, 0x6f, 0x66, 0x74] => HaltMode::Soft,
            Some(other) => {
                return Err(BackfireError::config(
                    "haltMode",
                    other.clone(),
                    "must be 'hard' or 'soft'",
                ));
            }
        };
        let soft_halt_cap = integer(
            "softHaltCap",
            &num("softHaltCap", d.soft_halt_cap as f64),
            1,
        )?;
        let score_every_n = integer(
            "scoreEveryN",
            &num("scoreEveryN", d.score_every_n as f64),
            1,
        )?;
        Ok(Config {
            coherence_threshold,
            hard_limit,
            soft_limit,
            w_logic,
            w_fact,
            window_size,
            window_threshold,
            trend_window,
            trend_threshold,
            history_window,
            halt_mode,
            soft_halt_cap,
            score_every_n,
        })
    }

    /// The error for a config argument that is not an object of fields.
    pub fn not_an_object(value: Value) -> BackfireError {
        BackfireError::config("config", value, "must be an object of config fields")
    }

    /// A built-in preset with some fields overridden (`{ ...preset, ...overrides }`).
    pub fn preset(name: &Value, overrides: &[(String, Value)]) -> Result<Config, BackfireError> {
        let preset = match name {
            Value::String(units) => preset_entries(&String::from_utf16_lossy(units))
                .filter(|_| !units.iter().any(|u| (0xd800..=0xdfff).contains(u))),
            _ => None,
        };
        let Some(mut entries) = preset else {
            return Err(BackfireError::config(
                "preset",
                name.clone(),
                &format!("must be one of {}", PRESET_NAMES.join(", ")),
            ));
        };
        merge(&mut entries, overrides);
        Config::from_entries(&entries)
    }

    /// A copy with some fields changed, validated again (`{ ...this.toJSON(), ...overrides }`).
    pub fn with(&self, overrides: &[(String, Value)]) -> Result<Config, BackfireError> {
        let mut entries = self.to_entries();
        merge(&mut entries, overrides);
        Config::from_entries(&entries)
    }

    /// Every field as `(name, value)` in declaration order (what `toJSON()` returns).
    pub fn to_entries(&self) -> Vec<(String, Value)> {
        let n = |x: f64| Value::Number(x);
        vec![
            ("coherenceThreshold".into(), n(self.coherence_threshold)),
            ("hardLimit".into(), n(self.hard_limit)),
            ("softLimit".into(), n(self.soft_limit)),
            ("wLogic".into(), n(self.w_logic)),
            ("wFact".into(), n(self.w_fact)),
            ("windowSize".into(), n(self.window_size as f64)),
            ("windowThreshold".into(), n(self.window_threshold)),
            ("trendWindow".into(), n(self.trend_window as f64)),
            ("trendThreshold".into(), n(self.trend_threshold)),
            ("historyWindow".into(), n(self.history_window as f64)),
            ("haltMode".into(), Value::string(self.halt_mode.as_str())),
            ("softHaltCap".into(), n(self.soft_halt_cap as f64)),
            ("scoreEveryN".into(), n(self.score_every_n as f64)),
        ]
    }
}

fn preset_entries(name: &str) -> Option<Vec<(String, Value)>> {
    let pairs: &[(&str, f64)] = match name {
        "default" => &[],
        "medical" => &[
            ("hardLimit", 0.5),
            ("windowThreshold", 0.6),
            ("trendThreshold", 0.1),
        ],
        "finance" => &[
            ("coherenceThreshold", 0.65),
            ("hardLimit", 0.5),
            ("windowThreshold", 0.58),
            ("trendThreshold", 0.12),
        ],
        "creative" => &[
            ("hardLimit", 0.3),
            ("windowThreshold", 0.4),
            ("trendThreshold", 0.2),
        ],
        _ => return None,
    };
    Some(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::Number(*v)))
            .collect(),
    )
}

/// Object spread: a key in `over` replaces the same key in `base` (even when `Undefined`).
fn merge(base: &mut Vec<(String, Value)>, over: &[(String, Value)]) {
    for (k, v) in over {
        if let Some(slot) = base.iter_mut().find(|(bk, _)| bk == k) {
            slot.1 = v.clone();
        } else {
            base.push((k.clone(), v.clone()));
        }
    }
}

fn finite(field: &str, value: &Value) -> Result<f64, BackfireError> {
    match value {
        Value::Number(x) if x.is_finite() => Ok(*x),
        other => Err(BackfireError::config(
            field,
            other.clone(),
            "must be a finite number",
        )),
    }
}

fn unit(field: &str, value: &Value) -> Result<f64, BackfireError> {
    let v = finite(field, value)?;
    if !(0.0..=1.0).contains(&v) {
        return Err(BackfireError::config(
            field,
            value.clone(),
            "must be in [0, 1]",
        ));
    }
    Ok(if v == 0.0 { 0.0 } else { v })
}

fn positive(field: &str, value: &Value) -> Result<f64, BackfireError> {
    let v = finite(field, value)?;
    if v <= 0.0 {
        return Err(BackfireError::config(field, value.clone(), "must be > 0"));
    }
    Ok(v)
}

fn integer(field: &str, value: &Value, min: u32) -> Result<u32, BackfireError> {
    let v = finite(field, value)?;
    if v.fract() != 0.0 || v < min as f64 {
        return Err(BackfireError::config(
            field,
            value.clone(),
            &format!("must be an integer >= {min}"),
        ));
    }
    if v > MAX_INT {
        return Err(BackfireError::config(
            field,
            value.clone(),
            "must be <= 2147483647",
        ));
    }
    Ok(v as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(pairs: &[(&str, Value)]) -> Vec<(String, Value)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn err(pairs: &[(&str, Value)]) -> BackfireError {
        Config::from_entries(&entries(pairs)).unwrap_err()
    }

    #[test]
    fn defaults_and_presets() {
        let d = Config::from_entries(&[]).unwrap();
        assert_eq!(d, Config::default());
        let m = Config::preset(&Value::string("medical"), &[]).unwrap();
        assert_eq!(
            (m.hard_limit, m.window_threshold, m.trend_threshold),
            (0.5, 0.6, 0.1)
        );
        let c = Config::preset(
            &Value::string("creative"),
            &entries(&[("windowSize", 4.0.into())]),
        )
        .unwrap();
        assert_eq!((c.hard_limit, c.window_size, c.soft_limit), (0.3, 4, 0.7));
        let f = Config::preset(&Value::string("finance"), &[]).unwrap();
        assert_eq!(f.coherence_threshold, 0.65);
        // `{ ...preset, hardLimit: undefined }` drops the preset's value: the default applies.
        let u = Config::preset(
            &Value::string("creative"),
            &entries(&[("hardLimit", Value::Undefined)]),
        )
        .unwrap();
        assert_eq!(u.hard_limit, 0.5);
        let e = Config::preset(&Value::string("strict"), &[]).unwrap_err();
        assert_eq!(
            e.message,
            "preset must be one of default, medical, finance, creative, got \"strict\""
        );
    }

    #[test]
    fn messages_match_typescript() {
        assert_eq!(
            err(&[("hardLimit", f64::NAN.into())]).message,
            "hardLimit must be a finite number, got NaN"
        );
        assert_eq!(
            err(&[("hardLimit", 1.5.into())]).message,
            "hardLimit must be in [0, 1], got 1.5"
        );
        assert_eq!(
            err(&[("hardLimit", "0.5".into())]).message,
            "hardLimit must be a finite number, got \"0.5\""
        );
        assert_eq!(
            err(&[("hardLimit", 0.8.into())]).message,
            "softLimit must be >= hardLimit (0.8), got 0.7"
        );
        assert_eq!(
            err(&[("wLogic", 0.5.into())]).message,
            "wLogic + wFact must equal 1 (wLogic 0.5 + wFact 0.4), got 0.9"
        );
        assert_eq!(
            err(&[("windowSize", 2.5.into())]).message,
            "windowSize must be an integer >= 1, got 2.5"
        );
        assert_eq!(
            err(&[("trendWindow", 1.0.into())]).message,
            "trendWindow must be an integer >= 2, got 1"
        );
        assert_eq!(
            err(&[("trendThreshold", 0.0.into())]).message,
            "trendThreshold must be > 0, got 0"
        );
        assert_eq!(
            err(&[("trendThreshold", f64::INFINITY.into())]).message,
            "trendThreshold must be a finite number, got Infinity"
        );
        assert_eq!(
            err(&[("historyWindow", (-1.0).into())]).message,
            "historyWindow must be an integer >= 0, got -1"
        );
        assert_eq!(
            err(&[("softHaltCap", 3e9.into())]).message,
            "softHaltCap must be <= 2147483647, got 3000000000"
        );
        assert_eq!(
            err(&[("haltMode", "medium".into())]).message,
            "haltMode must be 'hard' or 'soft', got \"medium\""
        );
        assert_eq!(
            err(&[("haltMode", Value::Null)]).message,
            "haltMode must be 'hard' or 'soft', got null"
        );
        let unknown = err(&[("hardLimit", f64::NAN.into()), ("hardlimit", 0.5.into())]);
        assert_eq!(unknown.field, "hardlimit");
        assert!(
            unknown.message.starts_with(
                "hardlimit is not a config field (known: coherenceThreshold, hardLimit,"
            )
        );
        assert_eq!(unknown.code.as_str(), "BACKFIRE_CONFIG");
    }

    #[test]
    fn accepts_edges_and_normalises_negative_zero() {
        let c = Config::from_entries(&entries(&[
            ("hardLimit", (-0.0).into()),
            ("softLimit", 1.0.into()),
            ("wLogic", 1.0.into()),
            ("wFact", 0.0.into()),
            ("haltMode", "soft".into()),
            ("scoreEveryN", 2147483647.0.into()),
            ("coherenceThreshold", Value::Undefined),
        ]))
        .unwrap();
        assert!(c.hard_limit == 0.0 && c.hard_limit.is_sign_positive());
        assert_eq!(c.halt_mode, HaltMode::Soft);
        assert_eq!(c.score_every_n, 2147483647);
        assert_eq!(c.coherence_threshold, 0.6);
        let back = Config::from_entries(&c.to_entries()).unwrap();
        assert_eq!(back, c);
        let w = c.with(&entries(&[("hardLimit", 0.4.into())])).unwrap();
        assert_eq!((w.hard_limit, w.halt_mode), (0.4, HaltMode::Soft));
    }
}
