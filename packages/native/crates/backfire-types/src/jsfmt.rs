//! JavaScript's number formatting, written out because halt reasons and error messages must match
//! the TypeScript kernel exactly: `String(x)` (shortest round-trip digits, ECMAScript layout) and
//! `x.toFixed(n)` (exact decimal value of the double, a tie rounds up — Rust's `{:.n}` rounds ties to
//! even, so it cannot be used as is).

/// `String(x)` for a JavaScript number.
pub fn number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x == 0.0 {
        return "0".into(); // both +0 and -0
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if x < 0.0 {
        return format!("-{}", number_to_string(-x));
    }
    // `{:e}` gives the shortest digits that round-trip, like ECMAScript's Number::toString.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("LowerExp always has an exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
    let k = digits.len() as i32;
    let n = exp + 1;
    if k <= n && n <= 21 {
        let mut s = digits;
        s.extend(std::iter::repeat_n('0', (n - k) as usize));
        s
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{}", "0".repeat((-n) as usize), digits)
    } else {
        let sign = if n > 0 { '+' } else { '-' };
        let e = (n - 1).abs();
        if k == 1 {
            format!("{digits}e{sign}{e}")
        } else {
            format!("{}.{}e{sign}{e}", &digits[..1], &digits[1..])
        }
    }
}

/// `x.toFixed(digits)` for a JavaScript number (`digits` ≤ 100).
pub fn to_fixed(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return number_to_string(x);
    }
    if x.abs() >= 1e21 {
        return number_to_string(x);
    }
    if x < 0.0 {
        let body = to_fixed(-x, digits);
        return format!("-{body}");
    }
    let x = x.abs(); // -0 prints without a sign, as in JavaScript
    // Every finite double has a terminating decimal expansion of at most 1074 fractional digits,
    // so this formats the exact value; rounding is then done here, ties upwards.
    let exact = format!("{:.1100}", x);
    let (int_part, frac) = exact.split_once('.').expect("precision > 0 prints a point");
    let mut kept: Vec<u8> = Vec::with_capacity(int_part.len() + digits);
    kept.extend_from_slice(int_part.as_bytes());
    kept.extend_from_slice(&frac.as_bytes()[..digits]);
    if frac.as_bytes()[digits] >= b'5' {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let split = kept.len() - digits;
    let s = String::from_utf8(kept).expect("ASCII digits");
    if digits == 0 {
        s
    } else {
        format!("{}.{}", &s[..split], &s[split..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_to_string_matches_javascript() {
        let cases: &[(f64, &str)] = &[
            (0.5, "0.5"),
            (1.0, "1"),
            (0.15, "0.15"),
            (-0.0, "0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (123456789.0, "123456789"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (1e20, "100000000000000000000"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (1.25e-7, "1.25e-7"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (-2.5, "-2.5"),
            (2147483648.0, "2147483648"),
        ];
        for (x, want) in cases {
            assert_eq!(number_to_string(*x), *want, "String({x:e})");
        }
    }

    #[test]
    fn to_fixed_rounds_exact_ties_up() {
        let cases: &[(f64, &str)] = &[
            (0.3, "0.3000"),
            (0.03125, "0.0313"), // exact tie: JS rounds up, {:.4} would give 0.0312
            (0.00005, "0.0001"), // 0.00005 is slightly above the tie in binary
            (0.12345, "0.1235"), // 0.12345 is 0.123450000000000004174...
            (1.00005, "1.0001"), // 1.00005 is 1.0000500000000001055...
            (0.99995, "1.0000"), // 0.99995 is 0.9999500000000000055...
            (0.999_999, "1.0000"),
            (9.99995, "10.0000"), // 9.9999500000000001165...
            (0.0, "0.0000"),
            (-0.0, "0.0000"),
            (1.0, "1.0000"),
            (0.5, "0.5000"),
            (-0.03125, "-0.0313"),
        ];
        for (x, want) in cases {
            assert_eq!(to_fixed(*x, 4), *want, "({x}).toFixed(4)");
        }
        assert_eq!(to_fixed(2.5, 0), "3");
        assert_eq!(to_fixed(1e21, 4), "1e+21");
    }
}
