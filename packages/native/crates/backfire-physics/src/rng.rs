//! The one PRNG of every physics type: xoshiro256++ seeded by SplitMix64, identical to
//! `PhysicsRng` in TypeScript. Uniforms are `(x >> 11)·2⁻⁵³`; normals are Marsaglia's polar
//! method: u = 2U − 1, v = 2U − 1 until 0 < s = u² + v² < 1, f = √(−2 ln s / s); u·f is returned
//! and v·f kept for the next call. (No sin/cos: cheaper than Box–Muller, the UPDE hot path.)
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

#[derive(Debug, Clone)]
pub struct PhysicsRng {
    seed: u64,
    s: [u64; 4],
    spare: Option<f64>,
}

/// One SplitMix64 step: returns (new state, output).
pub fn split_mix64(state: u64) -> (u64, u64) {
    let s = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = s;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (s, z ^ (z >> 31))
}

/// A seed from the process's hash randomness and the clock — used only when no seed was given,
/// and reported back through `seed()` so the run can be reproduced.
pub fn random_seed() -> u64 {
    let mut h = RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    h.write_u64(nanos);
    h.finish()
}

impl PhysicsRng {
    pub fn new(seed: u64) -> Self {
        let mut state = seed;
        let mut s = [0u64; 4];
        for w in s.iter_mut() {
            let (next, out) = split_mix64(state);
            state = next;
            *w = out;
        }
        Self {
            seed,
            s,
            spare: None,
        }
    }

    /// `new(seed)` or, without a seed, `new(random_seed())`.
    pub fn from_option(seed: Option<u64>) -> Self {
        Self::new(seed.unwrap_or_else(random_seed))
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 random bits.
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Standard normal (Marsaglia's polar method, both outputs used: u·f first, then v·f).
    #[inline]
    pub fn next_gaussian(&mut self) -> f64 {
        if let Some(x) = self.spare.take() {
            return x;
        }
        loop {
            let u = 2.0 * self.next_f64() - 1.0;
            let v = 2.0 * self.next_f64() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let f = (-2.0 * s.ln() / s).sqrt();
                self.spare = Some(v * f);
                return u * f;
            }
        }
    }
}
