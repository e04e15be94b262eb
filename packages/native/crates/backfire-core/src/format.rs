//! The one score sanitiser (and the names of the scores it replaces), halt-reason text and sentence
//! ends (docs/kernel.md).

use backfire_types::HaltKind;
use backfire_types::jsfmt::{number_to_string, to_fixed};

/// NaN and ±Infinity become 0 (so they halt at any hard limit above 0); finite values are clamped to
/// [0, 1]; −0 becomes 0. Non-numbers are the caller's to map to NaN before calling.
#[inline]
pub fn sanitize_score(x: f64) -> f64 {
    if !x.is_finite() || x <= 0.0 {
        0.0
    } else if x > 1.0 {
        1.0
    } else {
        x
    }
}

/// Names a score the sanitiser replaced because it was not a finite number (docs/kernel.md, "The
/// score sanitiser"): `NaN`, `Infinity` or `-Infinity`. `None` for every finite number, including
/// the out-of-range ones the sanitiser clamps. (A value that is not a number at all is named by its
/// JavaScript type, which only a binding can see: see `Monitor::push_non_number`.)
#[inline]
pub fn invalid_score(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("NaN")
    } else if x == f64::INFINITY {
        Some("Infinity")
    } else if x == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// `hard_limit (0.3000 < 0.5)`: the value as `toFixed(4)`, the limit as `String(limit)`. With
/// `invalid` (the name of a score that was not a finite number) the measured value names it
/// instead: `hard_limit (score NaN → 0 < 0.5)`.
pub fn format_reason(kind: HaltKind, value: f64, limit: f64, invalid: Option<&str>) -> String {
    let op = if kind == HaltKind::DownwardTrend {
        '>'
    } else {
        '<'
    };
    let limit = number_to_string(limit);
    match invalid {
        Some(name) => format!(
            "{} (score {name} \u{2192} {} {op} {limit})",
            kind.as_str(),
            number_to_string(value)
        ),
        None => format!("{} ({} {op} {limit})", kind.as_str(), to_fixed(value, 4)),
    }
}

/// True when the token, without trailing whitespace and closing quotes or brackets, ends with a
/// sentence terminator. Every character involved is in the BMP, so scanning chars from the end
/// agrees with the TypeScript scan over UTF-16 units.
pub fn is_sentence_end(token: &str) -> bool {
    let mut chars = token
        .chars()
        .rev()
        .skip_while(|c| is_trailing_space(*c))
        .skip_while(|c| is_closer(*c));
    matches!(
        chars.next(),
        Some('.' | '!' | '?' | '\u{2026}' | '\u{3002}' | '\u{ff01}' | '\u{ff1f}')
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{00bb}' | ')' | ']'
    )
}

// The whitespace set of JavaScript's String.prototype.trimEnd.
fn is_trailing_space(c: char) -> bool {
    matches!(c,
        '\u{0009}'..='\u{000d}'
        | '\u{0020}'
        | '\u{00a0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200a}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202f}'
        | '\u{205f}'
        | '\u{3000}'
        | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitises() {
        assert_eq!(sanitize_score(f64::NAN), 0.0);
        assert_eq!(sanitize_score(f64::INFINITY), 0.0);
        assert_eq!(sanitize_score(f64::NEG_INFINITY), 0.0);
        assert_eq!(sanitize_score(-0.2), 0.0);
        assert!(sanitize_score(-0.0).is_sign_positive());
        assert_eq!(sanitize_score(1.7), 1.0);
        assert_eq!(sanitize_score(0.42), 0.42);
    }

    #[test]
    fn names_invalid_scores_only() {
        assert_eq!(invalid_score(f64::NAN), Some("NaN"));
        assert_eq!(invalid_score(f64::INFINITY), Some("Infinity"));
        assert_eq!(invalid_score(f64::NEG_INFINITY), Some("-Infinity"));
        for finite in [0.0, -0.0, 0.42, 1.0, 1.7, -0.2, f64::MAX, f64::MIN] {
            assert_eq!(invalid_score(finite), None, "{finite}");
        }
    }

    #[test]
    fn reasons_keep_the_reference_text() {
        assert_eq!(
            format_reason(HaltKind::HardLimit, 0.3, 0.5, None),
            "hard_limit (0.3000 < 0.5)"
        );
        assert_eq!(
            format_reason(HaltKind::WindowAvg, 0.52, 0.55, None),
            "window_avg (0.5200 < 0.55)"
        );
        assert_eq!(
            format_reason(HaltKind::DownwardTrend, 0.21, 0.15, None),
            "downward_trend (0.2100 > 0.15)"
        );
        assert_eq!(
            format_reason(HaltKind::HardLimit, 0.03125, 1.0, None),
            "hard_limit (0.0313 < 1)"
        );
    }

    #[test]
    fn reasons_name_an_invalid_score() {
        assert_eq!(
            format_reason(HaltKind::HardLimit, 0.0, 0.5, Some("NaN")),
            "hard_limit (score NaN \u{2192} 0 < 0.5)"
        );
        assert_eq!(
            format_reason(HaltKind::HardLimit, 0.0, 1.0, Some("-Infinity")),
            "hard_limit (score -Infinity \u{2192} 0 < 1)"
        );
    }

    #[test]
    fn sentence_ends() {
        for yes in [
            "blue. ",
            "done!\"",
            "(really?) ",
            "終わり。",
            "wait…",
            "ok！\u{3000}",
            "no?\u{feff}",
            "a.’»)]",
        ] {
            assert!(is_sentence_end(yes), "{yes:?}");
        }
        for no in ["3.5", "   ", "", "\"", "blue", ". x", ".\u{200b}"] {
            assert!(!is_sentence_end(no), "{no:?}");
        }
    }
}
