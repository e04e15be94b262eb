//! Shared scalar helpers; each mirrors `packages/core/src/physics/math.ts` operation for operation.
// The polynomial constants are written with the digits they were published with.
#![allow(clippy::excessive_precision)]

use std::f64::consts::PI;
pub use std::f64::consts::TAU;

/// θ reduced to [0, 2π). `%` is exact; the last guard catches a tiny negative input whose `+ 2π`
/// rounds to exactly 2π.
#[inline]
pub fn wrap_phase(x: f64) -> f64 {
    // Fast paths for the common cases; both give exactly what `%` would (x − 2π is exact for
    // x in [2π, 4π) by Sterbenz's lemma), and `%` is a slow libm call.
    if (0.0..TAU).contains(&x) {
        return x;
    }
    if (TAU..2.0 * TAU).contains(&x) {
        return x - TAU;
    }
    let mut r = x % TAU;
    if r < 0.0 {
        r += TAU;
    }
    if r >= TAU {
        0.0
    } else {
        r
    }
}

/// x reduced to [−π, π).
#[inline]
pub fn wrap_pi(x: f64) -> f64 {
    wrap_phase(x + PI) - PI
}

/// Kuramoto order parameter |mean e^{iθ}| in [0, 1]; 0 when empty. `sqrt(s² + c²)` (not hypot):
/// both terms are ≤ 1, and sqrt is correctly rounded everywhere, keeping Rust and TS identical.
pub fn order_parameter(theta: &[f64]) -> f64 {
    let n = theta.len();
    if n == 0 {
        return 0.0;
    }
    let mut s = 0.0;
    let mut c = 0.0;
    for &t in theta {
        s += t.sin();
        c += t.cos();
    }
    s /= n as f64;
    c /= n as f64;
    let r = (s * s + c * c).sqrt();
    if r > 1.0 {
        1.0
    } else {
        r
    }
}

/// Circular mean atan2(mean sin θ, mean cos θ).
pub fn circular_mean(theta: &[f64]) -> f64 {
    let mut s = 0.0;
    let mut c = 0.0;
    for &t in theta {
        s += t.sin();
        c += t.cos();
    }
    let n = theta.len() as f64;
    (s / n).atan2(c / n)
}

/// ln(1 + eˣ) as max(x, 0) + ln(1 + e^(−|x|)): stable, no cut-offs.
#[inline]
pub fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// 1/(1 + e^(−x)) without overflow on either side.
#[inline]
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

#[inline]
pub fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

// Polynomial coefficients of sin and cos on [−π/4, π/4] (the classic fdlibm kernel minimax fits).
const S1: f64 = -1.666_666_666_666_663_243_48e-1;
const S2: f64 = 8.333_333_333_322_489_461_24e-3;
const S3: f64 = -1.984_126_982_985_794_931_34e-4;
const S4: f64 = 2.755_731_370_707_006_767_89e-6;
const S5: f64 = -2.505_076_025_340_686_341_95e-8;
const S6: f64 = 1.589_690_995_211_550_102_21e-10;
const C1: f64 = 4.166_666_666_666_660_190_37e-2;
const C2: f64 = -1.388_888_888_887_410_957_49e-3;
const C3: f64 = 2.480_158_728_947_672_941_78e-5;
const C4: f64 = -2.755_731_435_139_066_330_35e-7;
const C5: f64 = 2.087_572_321_298_174_827_90e-9;
const C6: f64 = -1.135_964_755_778_819_482_65e-11;
// π/2 split so that k·PIO2_HI is exact for the small k used here (Cody–Waite reduction).
const PIO2_HI: f64 = 1.570_796_326_734_125_614_17;
const PIO2_LO: f64 = 6.077_100_506_506_192_249_32e-11;
const TWO_OVER_PI: f64 = std::f64::consts::FRAC_2_PI;

/// (sin x, cos x). For |x| ≤ 64 (every wrapped phase) it uses its own reduction and polynomials —
/// only + − × and floor, so TypeScript's `sinCosInto` computes the very same bits — and is several
/// times faster than two libm calls on the UPDE hot path; error below 1 ulp. Larger |x| falls back
/// to libm.
#[inline]
pub fn sin_cos_phase(x: f64) -> (f64, f64) {
    if x.abs() > 64.0 || x.is_nan() {
        return (x.sin(), x.cos());
    }
    let k = (x * TWO_OVER_PI + 0.5).floor();
    let r = x - k * PIO2_HI - k * PIO2_LO;
    let z = r * r;
    let sr = r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
    let hz = 0.5 * z;
    let w = 1.0 - hz;
    let cr = w + (1.0 - w - hz + z * z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6))))));
    match (k as i64) & 3 {
        0 => (sr, cr),
        1 => (cr, -sr),
        2 => (-sr, -cr),
        _ => (-cr, sr),
    }
}
