//! Stochastic Kuramoto integrator (Euler–Maruyama); mirrors `UPDEStepper` in TypeScript.
use crate::error::{PhysicsError, PhysicsResult};
use crate::math::{order_parameter, sin_cos_phase, wrap_phase, TAU};
use crate::params::{default_knm, default_omega};
use crate::rng::PhysicsRng;
use crate::validate::{at_least, finite, matrix, non_negative, positive, vector, SquareMatrix};

/// Options of [`UpdeStepper`] (TS `UPDEOptions`).
#[derive(Debug, Clone)]
pub struct UpdeOptions {
    pub dt: f64,
    pub field_pressure: f64,
    pub noise_amplitude: f64,
    /// Default: the reference's 16 frequencies.
    pub omega: Option<Vec<f64>>,
    /// Default: the reference's 16×16 coupling (required when omega's length ≠ 16).
    pub knm: Option<SquareMatrix>,
    /// `None`: a random seed, reported by `seed()`.
    pub seed: Option<u64>,
}

impl Default for UpdeOptions {
    fn default() -> Self {
        Self {
            dt: 0.01,
            field_pressure: 0.1,
            noise_amplitude: 0.05,
            omega: None,
            knm: None,
            seed: None,
        }
    }
}

/// TS `UPDEState`.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdeState {
    pub theta: Vec<f64>,
    pub dtheta_dt: Vec<f64>,
    pub t: f64,
    pub r_global: f64,
    pub step_count: u64,
}

/// θ_n ← wrap(θ_n + f_n·dt + σ·√dt·ξ_n), f_n = Ω_n + Σ_m K_nm sin(θ_m − θ_n) + F cos θ_n, with
/// ξ_n ~ N(0, 1) drawn in index order (none when σ = 0). The coupling uses
/// sin(θ_m − θ_n) = sin θ_m cos θ_n − cos θ_m sin θ_n: 2n trig calls per step, not n².
#[derive(Debug, Clone)]
pub struct UpdeStepper {
    n: usize,
    dt: f64,
    field_pressure: f64,
    noise_amplitude: f64,
    sqrt_dt: f64,
    omega: Vec<f64>,
    k: Vec<f64>,
    rng: PhysicsRng,
    sin_t: Vec<f64>,
    cos_t: Vec<f64>,
}

impl UpdeStepper {
    pub fn new(opts: UpdeOptions) -> PhysicsResult<Self> {
        let dt = positive("dt", opts.dt)?;
        let field_pressure = finite("fieldPressure", opts.field_pressure)?;
        let noise_amplitude = non_negative("noiseAmplitude", opts.noise_amplitude)?;
        let omega = match &opts.omega {
            Some(o) => vector("omega", o, None)?,
            None => default_omega(),
        };
        if omega.is_empty() {
            return Err(PhysicsError::new("omega.length", "0", "must be ≥ 1"));
        }
        let n = omega.len();
        let k = match &opts.knm {
            Some(m) => matrix("knm", m, Some(n))?.data,
            None if n == 16 => default_knm().data,
            None => {
                return Err(PhysicsError::new(
                    "knm",
                    "undefined",
                    format!("is required when omega has length {n} ≠ 16"),
                ))
            }
        };
        Ok(Self {
            n,
            dt,
            field_pressure,
            noise_amplitude,
            sqrt_dt: dt.sqrt(),
            omega,
            k,
            rng: PhysicsRng::from_option(opts.seed),
            sin_t: vec![0.0; n],
            cos_t: vec![0.0; n],
        })
    }

    pub fn n(&self) -> usize {
        self.n
    }
    pub fn dt(&self) -> f64 {
        self.dt
    }
    pub fn field_pressure(&self) -> f64 {
        self.field_pressure
    }
    pub fn noise_amplitude(&self) -> f64 {
        self.noise_amplitude
    }
    pub fn seed(&self) -> u64 {
        self.rng.seed()
    }
    pub fn omega(&self) -> Vec<f64> {
        self.omega.clone()
    }
    pub fn knm(&self) -> SquareMatrix {
        SquareMatrix {
            n: self.n,
            data: self.k.clone(),
        }
    }

    /// A fresh state at t = 0 (phases wrapped into [0, 2π)).
    pub fn create_state(&self, theta: &[f64]) -> PhysicsResult<UpdeState> {
        let mut th = vector("theta", theta, Some(self.n))?;
        for x in th.iter_mut() {
            *x = wrap_phase(*x);
        }
        let r = order_parameter(&th);
        Ok(UpdeState {
            theta: th,
            dtheta_dt: vec![0.0; self.n],
            t: 0.0,
            r_global: r,
            step_count: 0,
        })
    }

    /// Phases uniform in [0, 2π) from a generator of their own.
    pub fn random_state(n: usize, seed: Option<u64>) -> PhysicsResult<UpdeState> {
        at_least("n", n, 1)?;
        let mut rng = PhysicsRng::from_option(seed);
        let theta: Vec<f64> = (0..n).map(|_| rng.next_f64() * TAU).collect();
        let r = order_parameter(&theta);
        Ok(UpdeState {
            theta,
            dtheta_dt: vec![0.0; n],
            t: 0.0,
            r_global: r,
            step_count: 0,
        })
    }

    pub fn step(&mut self, state: &UpdeState) -> PhysicsResult<UpdeState> {
        self.run(state, 1)
    }

    /// `n_steps` steps from `initial`; the input is not modified.
    pub fn run(&mut self, initial: &UpdeState, n_steps: u64) -> PhysicsResult<UpdeState> {
        let mut theta = vector("state.theta", &initial.theta, Some(self.n))?;
        for x in theta.iter_mut() {
            *x = wrap_phase(*x);
        }
        let mut drift = vector("state.dthetaDt", &initial.dtheta_dt, Some(self.n))?;
        let mut t = finite("state.t", initial.t)?;
        let step_count = initial.step_count.checked_add(n_steps).ok_or_else(|| {
            PhysicsError::new("nSteps", n_steps.to_string(), "overflows stepCount")
        })?;
        for _ in 0..n_steps {
            self.advance(&mut theta, &mut drift);
            t += self.dt;
        }
        // Only absurd parameters (|Ω| or ΣK near f64::MAX) can overflow the drift; say so
        // rather than hand back NaN phases.
        if let Some(i) = theta.iter().position(|x| !x.is_finite()) {
            return Err(PhysicsError::number(
                format!("theta[{i}]"),
                theta[i],
                "became non-finite: the integration overflowed (reduce omega, knm or fieldPressure)",
            ));
        }
        let r = order_parameter(&theta);
        Ok(UpdeState {
            theta,
            dtheta_dt: drift,
            t,
            r_global: r,
            step_count,
        })
    }

    /// `run` from phases (a fresh state at t = 0).
    pub fn run_from_theta(&mut self, theta: &[f64], n_steps: u64) -> PhysicsResult<UpdeState> {
        let s = self.create_state(theta)?;
        self.run(&s, n_steps)
    }

    #[inline]
    fn advance(&mut self, theta: &mut [f64], drift: &mut [f64]) {
        let n = self.n;
        for i in 0..n {
            let (s, c) = sin_cos_phase(theta[i]);
            self.sin_t[i] = s;
            self.cos_t[i] = c;
        }
        let f = self.field_pressure;
        // Four rows at a time: independent accumulators let the CPU overlap the additions, while
        // each row still sums in j order, so the result is bit-identical to the one-row loop (and
        // to TypeScript).
        let mut i = 0;
        while i + 4 <= n {
            let (r0, r1, r2, r3) = (
                &self.k[i * n..],
                &self.k[(i + 1) * n..],
                &self.k[(i + 2) * n..],
                &self.k[(i + 3) * n..],
            );
            let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
            let (mut c0, mut c1, mut c2, mut c3) = (0.0, 0.0, 0.0, 0.0);
            for j in 0..n {
                let (sj, cj) = (self.sin_t[j], self.cos_t[j]);
                s0 += r0[j] * sj;
                c0 += r0[j] * cj;
                s1 += r1[j] * sj;
                c1 += r1[j] * cj;
                s2 += r2[j] * sj;
                c2 += r2[j] * cj;
                s3 += r3[j] * sj;
                c3 += r3[j] * cj;
            }
            for (k, (ss, cc)) in [(s0, c0), (s1, c1), (s2, c2), (s3, c3)]
                .into_iter()
                .enumerate()
            {
                let r = i + k;
                drift[r] =
                    self.omega[r] + (self.cos_t[r] * ss - self.sin_t[r] * cc) + f * self.cos_t[r];
            }
            i += 4;
        }
        while i < n {
            let row = &self.k[i * n..(i + 1) * n];
            let mut sum_sin = 0.0;
            let mut sum_cos = 0.0;
            for j in 0..n {
                sum_sin += row[j] * self.sin_t[j];
                sum_cos += row[j] * self.cos_t[j];
            }
            drift[i] = self.omega[i]
                + (self.cos_t[i] * sum_sin - self.sin_t[i] * sum_cos)
                + f * self.cos_t[i];
            i += 1;
        }
        let dt = self.dt;
        if self.noise_amplitude > 0.0 {
            let scale = self.noise_amplitude * self.sqrt_dt;
            for i in 0..n {
                theta[i] = wrap_phase(theta[i] + drift[i] * dt + scale * self.rng.next_gaussian());
            }
        } else {
            for i in 0..n {
                theta[i] = wrap_phase(theta[i] + drift[i] * dt);
            }
        }
    }
}
