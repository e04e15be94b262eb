//! Phase-coherence potential; mirrors `SECFunctional` in TypeScript.
use crate::error::{PhysicsError, PhysicsResult};
use crate::math::{clamp, order_parameter, wrap_pi, TAU};
use crate::params::{default_knm, default_omega};
use crate::validate::{finite, matrix, non_negative, positive, vector, SquareMatrix};

#[derive(Debug, Clone)]
pub struct SecOptions {
    pub lambda_omega: f64,
    pub lambda_entropy: f64,
    /// Von Mises concentration, (0, 100].
    pub kappa: f64,
    pub knm: Option<SquareMatrix>,
    pub omega: Option<Vec<f64>>,
}

impl Default for SecOptions {
    fn default() -> Self {
        Self {
            lambda_omega: 0.1,
            lambda_entropy: 0.01,
            kappa: 2.0,
            knm: None,
            omega: None,
        }
    }
}

/// TS `SECResult`.
#[derive(Debug, Clone, PartialEq)]
pub struct SecResult {
    pub v: f64,
    pub v_normalised: f64,
    pub phase_score: f64,
    pub r_global: f64,
    /// `Some` only when `theta_prev` equals the θ of the previous `evaluate`.
    pub dv_dt: Option<f64>,
    pub v_coupling: f64,
    pub v_frequency: f64,
    pub v_entropy: f64,
}

/// V(θ) = Σ_{n,m} K_nm(1 − cos(θ_n − θ_m)) + λ_ω Σ (wrap_π(θ − θ_prev)/dt − Ω)²
///        + λ_S·max(0, ln M − H(von Mises density on M = max(n, 16) points)).
#[derive(Debug, Clone)]
pub struct SecFunctional {
    n: usize,
    lambda_omega: f64,
    lambda_entropy: f64,
    kappa: f64,
    k: Vec<f64>,
    omega: Vec<f64>,
    v_max: f64,
    last_theta: Option<Vec<f64>>,
    last_v: f64,
}

fn check_coupling(m: &SquareMatrix, n: usize) -> PhysicsResult<Vec<f64>> {
    let k = matrix("knm", m, Some(n))?.data;
    for (i, x) in k.iter().enumerate() {
        if *x < 0.0 {
            return Err(PhysicsError::number(
                format!("knm.data[{i}]"),
                *x,
                "must be ≥ 0",
            ));
        }
    }
    if !v_max_of(&k).is_finite() {
        return Err(PhysicsError::new(
            "knm.data",
            "sum",
            "must have a finite sum",
        ));
    }
    Ok(k)
}

fn v_max_of(k: &[f64]) -> f64 {
    let mut s = 0.0;
    for x in k {
        s += x;
    }
    (2.0 * s).max(1e-12)
}

impl SecFunctional {
    pub fn new(opts: SecOptions) -> PhysicsResult<Self> {
        let lambda_omega = non_negative("lambdaOmega", opts.lambda_omega)?;
        let lambda_entropy = non_negative("lambdaEntropy", opts.lambda_entropy)?;
        let kappa = positive("kappa", opts.kappa)?;
        if kappa > 100.0 {
            return Err(PhysicsError::number("kappa", kappa, "must be ≤ 100"));
        }
        let omega = match &opts.omega {
            Some(o) => vector("omega", o, None)?,
            None => default_omega(),
        };
        if omega.is_empty() {
            return Err(PhysicsError::new("omega.length", "0", "must be ≥ 1"));
        }
        let n = omega.len();
        let k = match &opts.knm {
            Some(m) => check_coupling(m, n)?,
            None if n == 16 => default_knm().data,
            None => {
                return Err(PhysicsError::new(
                    "knm",
                    "undefined",
                    format!("is required when omega has length {n} ≠ 16"),
                ))
            }
        };
        let v_max = v_max_of(&k);
        Ok(Self {
            n,
            lambda_omega,
            lambda_entropy,
            kappa,
            k,
            omega,
            v_max,
            last_theta: None,
            last_v: 0.0,
        })
    }

    pub fn n(&self) -> usize {
        self.n
    }
    pub fn v_max(&self) -> f64 {
        self.v_max
    }
    pub fn knm(&self) -> SquareMatrix {
        SquareMatrix {
            n: self.n,
            data: self.k.clone(),
        }
    }

    pub fn update_coupling(&mut self, knm: &SquareMatrix) -> PhysicsResult<()> {
        self.k = check_coupling(knm, self.n)?;
        self.v_max = v_max_of(&self.k);
        Ok(())
    }

    pub fn coupling_potential(&self, theta: &[f64]) -> PhysicsResult<f64> {
        Ok(self.vc(&vector("theta", theta, Some(self.n))?))
    }

    pub fn frequency_penalty(
        &self,
        theta: &[f64],
        theta_prev: &[f64],
        dt: f64,
    ) -> PhysicsResult<f64> {
        let th = vector("theta", theta, Some(self.n))?;
        let prev = vector("thetaPrev", theta_prev, Some(self.n))?;
        Ok(self.vf(&th, &prev, positive("dt", dt)?))
    }

    pub fn entropy_term(&self, theta: &[f64]) -> PhysicsResult<f64> {
        Ok(self.ve(&vector("theta", theta, Some(self.n))?))
    }

    pub fn evaluate(
        &mut self,
        theta: &[f64],
        theta_prev: Option<&[f64]>,
        dt: f64,
    ) -> PhysicsResult<SecResult> {
        let th = vector("theta", theta, Some(self.n))?;
        let prev = match theta_prev {
            Some(p) => Some(vector("thetaPrev", p, Some(self.n))?),
            None => None,
        };
        let step = positive("dt", dt)?;
        let v_coupling = self.vc(&th);
        let v_frequency = match &prev {
            Some(p) => self.vf(&th, p, step),
            None => 0.0,
        };
        let v_entropy = self.ve(&th);
        let v = v_coupling + v_frequency + v_entropy;
        let ratio = v / self.v_max;
        let v_normalised = clamp(ratio, 0.0, 1.0);
        let dv_dt = match (&prev, &self.last_theta) {
            (Some(p), Some(last)) if p == last => Some((v - self.last_v) / step),
            _ => None,
        };
        let r_global = order_parameter(&th);
        self.last_theta = Some(th);
        self.last_v = v;
        Ok(SecResult {
            v,
            v_normalised,
            phase_score: 1.0 - v_normalised,
            r_global,
            dv_dt,
            v_coupling,
            v_frequency,
            v_entropy,
        })
    }

    pub fn reset(&mut self) {
        self.last_theta = None;
        self.last_v = 0.0;
    }

    /// √(8/π)·σ_Ω (population std); 0 if σ_Ω < 1e-12.
    pub fn critical_coupling(&self) -> f64 {
        let n = self.omega.len() as f64;
        let mut mean = 0.0;
        for w in &self.omega {
            mean += w;
        }
        mean /= n;
        let mut var = 0.0;
        for w in &self.omega {
            let d = w - mean;
            var += d * d;
        }
        let sigma = (var / n).sqrt();
        if sigma < 1e-12 {
            0.0
        } else {
            (8.0 / std::f64::consts::PI).sqrt() * sigma
        }
    }

    /// true iff the result has a dv/dt and it is ≤ tolerance.
    pub fn is_stable(result: &SecResult, tolerance: f64) -> PhysicsResult<bool> {
        let tol = finite("tolerance", tolerance)?;
        Ok(matches!(result.dv_dt, Some(d) if d <= tol))
    }

    fn vc(&self, theta: &[f64]) -> f64 {
        let n = self.n;
        let mut v = 0.0;
        for i in 0..n {
            for j in 0..n {
                v += self.k[i * n + j] * (1.0 - (theta[i] - theta[j]).cos());
            }
        }
        v
    }

    fn vf(&self, theta: &[f64], prev: &[f64], dt: f64) -> f64 {
        let mut sum = 0.0;
        for i in 0..self.n {
            let rate = wrap_pi(theta[i] - prev[i]) / dt;
            let d = rate - self.omega[i];
            sum += d * d;
        }
        self.lambda_omega * sum
    }

    fn ve(&self, theta: &[f64]) -> f64 {
        let m = self.n.max(16);
        let mut density = vec![0.0; m];
        let mut total = 0.0;
        for (k, slot) in density.iter_mut().enumerate() {
            let x = (TAU * k as f64) / m as f64;
            let mut d = 0.0;
            for &t in theta {
                d += (self.kappa * (x - t).cos()).exp();
            }
            *slot = d;
            total += d;
        }
        let mut h = 0.0;
        for d in &density {
            let p = d / total;
            if p > 1e-12 {
                h -= p * p.ln();
            }
        }
        self.lambda_entropy * ((m as f64).ln() - h).max(0.0)
    }
}
