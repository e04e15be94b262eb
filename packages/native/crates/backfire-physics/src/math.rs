//! Shared scalar helpers; each mirrors `packages/core/src/physics/math.ts` operation for operation.
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
