//! The natural logarithm exactly as JavaScript's `Math.log` computes it. V8 (and SpiderMonkey)
//! use the classic fdlibm algorithm (< 1 ulp); the platform's `f64::ln` is a different, usually
//! correctly rounded, implementation, so the two differ in the last bit now and then. BM25 idf goes
//! through here so Rust and TypeScript rank passages from bit-identical scores (a 1-ulp difference
//! could otherwise swap two passages with near-equal scores).
//!
//! The algorithm (reduce x = 2^k·(1+f) with √2/2 < 1+f < √2, then a degree-14 minimax polynomial
//! in s = f/(2+f)) and its constants are the published fdlibm `e_log.c` ones.

const LN2_HI: f64 = f64::from_bits(0x3fe62e42_fee00000); // 6.931_471_803_691_238_164_90e-01
const LN2_LO: f64 = f64::from_bits(0x3dea39ef_35793c76); // 1.908_214_929_270_587_700_02e-10
const TWO54: f64 = f64::from_bits(0x43500000_00000000); // 1.801_439_850_948_198_400_00e+16
const LG1: f64 = f64::from_bits(0x3fe55555_55555593); // 6.666_666_666_666_735_130e-01
const LG2: f64 = f64::from_bits(0x3fd99999_9997fa04); // 3.999_999_999_940_941_908e-01
const LG3: f64 = f64::from_bits(0x3fd24924_94229359); // 2.857_142_874_366_239_149e-01
const LG4: f64 = f64::from_bits(0x3fcc71c5_1d8e78af); // 2.222_219_843_214_978_396e-01
const LG5: f64 = f64::from_bits(0x3fc74664_96cb03de); // 1.818_357_216_161_805_012e-01
const LG6: f64 = f64::from_bits(0x3fc39a09_d078c69f); // 1.531_383_769_920_937_332e-01
/// The double nearest 1/3 (fdlibm writes it `0.33333333333333333`).
const ONE_THIRD: f64 = f64::from_bits(0x3fd55555_55555555);
const LG7: f64 = f64::from_bits(0x3fc2f112_df3e5244); // 1.479_819_860_511_658_591e-01

fn high(x: f64) -> i32 {
    (x.to_bits() >> 32) as i32
}

fn with_high(x: f64, hi: i32) -> f64 {
    f64::from_bits((u64::from(hi as u32) << 32) | (x.to_bits() & 0xffff_ffff))
}

/// `Math.log(x)`.
#[allow(clippy::many_single_char_names)]
pub fn js_log(mut x: f64) -> f64 {
    let mut hx = high(x);
    let lx = x.to_bits() as u32;
    let mut k: i32 = 0;
    if hx < 0x0010_0000 {
        if ((hx & 0x7fff_ffff) as u32 | lx) == 0 {
            return f64::NEG_INFINITY;
        }
        if hx < 0 {
            return f64::NAN;
        }
        // Subnormal: scale up.
        k -= 54;
        x *= TWO54;
        hx = high(x);
    }
    if hx >= 0x7ff0_0000 {
        return x + x;
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000f_ffff;
    let i = (hx + 0x95f64) & 0x0010_0000;
    // Normalise x or x/2.
    x = with_high(x, hx | (i ^ 0x3ff0_0000));
    k += i >> 20;
    let f = x - 1.0;
    if (0x000f_ffff & (2 + hx)) < 3 {
        // |f| < 2^-20
        if f == 0.0 {
            if k == 0 {
                return 0.0;
            }
            let dk = f64::from(k);
            return dk * LN2_HI + dk * LN2_LO;
        }
        let r = f * f * (0.5 - ONE_THIRD * f);
        if k == 0 {
            return f - r;
        }
        let dk = f64::from(k);
        return dk * LN2_HI - ((r - dk * LN2_LO) - f);
    }
    let s = f / (2.0 + f);
    let dk = f64::from(k);
    let z = s * s;
    let mut i = hx - 0x6147a;
    let w = z * z;
    let j = 0x6b851 - hx;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    i |= j;
    let r = t2 + t1;
    if i > 0 {
        let hfsq = 0.5 * f * f;
        if k == 0 {
            f - (hfsq - s * (hfsq + r))
        } else {
            dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
        }
    } else if k == 0 {
        f - s * (f - r)
    } else {
        dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)
    }
}

#[cfg(test)]
mod tests {
    use super::js_log;

    #[test]
    fn matches_javascript_where_the_platform_log_does_not() {
        // (x, Math.log(x) in Node 20) where f64::ln rounds the other way.
        for (x, js) in [
            (5.502466471041156, 1.705196440995309),
            (73.78649201709777, 4.301175679854802),
            (1.3366418657824397, 0.2901603982007589),
        ] {
            assert_eq!(js_log(x).to_bits(), f64::to_bits(js), "log({x})");
        }
    }

    #[test]
    fn edge_values() {
        assert_eq!(js_log(1.0), 0.0);
        assert_eq!(js_log(0.0), f64::NEG_INFINITY);
        assert!(js_log(-1.0).is_nan() && js_log(f64::NAN).is_nan());
        assert_eq!(js_log(f64::INFINITY), f64::INFINITY);
        assert_eq!(js_log(5e-324), -744.4400719213812);
        assert!((js_log(std::f64::consts::E) - 1.0).abs() < 1e-15);
    }
}
