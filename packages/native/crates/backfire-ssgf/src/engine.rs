//! The SSGF outer loop; mirrors `SSGFEngine` in TypeScript.
use backfire_observers::{PgboEngine, PgboOptions};
use backfire_physics::error::{PhysicsError, PhysicsResult};
use backfire_physics::math::{order_parameter, sigmoid, sin_cos_phase, wrap_phase, TAU};
use backfire_physics::params::{default_knm, default_omega};
use backfire_physics::rng::PhysicsRng;
use backfire_physics::validate::{
    at_least, finite, matrix, non_negative, positive, unit_interval, vector, SquareMatrix,
};
use backfire_physics::{L16Controller, L16Options, L16StepInput};

use crate::costs::{
    gram_softplus_weights, is_valid_weights, rbf_weights, ssgf_costs, weight_gradient, CostInput,
    SsgfCosts, SsgfDecoder, SsgfWeights,
};
use crate::spectral::{laplacian_spectrum, LaplacianSpectrum};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsgfGradient {
    /// ∂U/∂z of the eigen-free terms (C9, C10, the Frobenius part of R_graph).
    Analytic,
    /// Central differences of the full U_total.
    FiniteDifference,
}

/// Options of [`SsgfEngine`] (TS `SSGFOptions`).
#[derive(Debug, Clone)]
pub struct SsgfOptions {
    pub omega: Option<Vec<f64>>,
    pub knm: Option<SquareMatrix>,
    pub decoder: SsgfDecoder,
    pub rbf_sigma: f64,
    /// `None`: max(1, ⌊(n − 1)/2⌋).
    pub rbf_dim: Option<usize>,
    pub n_micro: usize,
    pub dt_micro: f64,
    pub dt_outer: f64,
    pub lr_z: f64,
    pub sigma_g: f64,
    pub noise_amp: f64,
    pub field_pressure: f64,
    pub weights: SsgfWeights,
    pub plv_threshold: f64,
    pub plv_window: usize,
    pub h_rec_window: usize,
    pub fd_eps: f64,
    pub gradient: SsgfGradient,
    pub seed: Option<u64>,
    pub pgbo_enabled: bool,
    pub pgbo_alpha: f64,
    pub pgbo_kappa: f64,
    pub pgbo_weight: f64,
    pub pgbo_u_cap: f64,
    pub pgbo_traceless: bool,
    pub protected_mask: Option<Vec<bool>>,
    pub phi_target: Option<SquareMatrix>,
    pub c8_index: usize,
    pub c9_index: usize,
    pub plv_pair: (usize, usize),
    pub tcbo_threshold: f64,
}

impl Default for SsgfOptions {
    fn default() -> Self {
        Self {
            omega: None,
            knm: None,
            decoder: SsgfDecoder::GramSoftplus,
            rbf_sigma: 1.0,
            rbf_dim: None,
            n_micro: 10,
            dt_micro: 0.001,
            dt_outer: 0.01,
            lr_z: 0.01,
            sigma_g: 0.1,
            noise_amp: 0.02,
            field_pressure: 0.05,
            weights: SsgfWeights::default(),
            plv_threshold: 0.6,
            plv_window: 10,
            h_rec_window: 5,
            fd_eps: 1e-5,
            gradient: SsgfGradient::Analytic,
            seed: None,
            pgbo_enabled: true,
            pgbo_alpha: 0.5,
            pgbo_kappa: 0.3,
            pgbo_weight: 0.1,
            pgbo_u_cap: 10.0,
            pgbo_traceless: false,
            protected_mask: None,
            phi_target: None,
            c8_index: 7,
            c9_index: 8,
            plv_pair: (6, 8),
            tcbo_threshold: 0.72,
        }
    }
}

/// TS `SSGFStepLog`.
#[derive(Debug, Clone, PartialEq)]
pub struct SsgfStepLog {
    pub step: u64,
    pub costs: SsgfCosts,
    pub r_global: f64,
    pub fiedler_value: f64,
    pub fiedler_gap: f64,
    pub fiedler_ratio: f64,
    pub eigen_sweeps: usize,
    pub eigen_converged: bool,
    pub h_rec: f64,
    pub l16_gate_open: bool,
    pub refusal: bool,
    pub lr_scale: f64,
    pub grad_norm: f64,
    pub w_valid: bool,
    pub eigval_ordered: bool,
    pub pgbo_u_norm: f64,
    pub pgbo_h_frob: f64,
    pub pgbo_kappa: f64,
    pub tcbo_p: f64,
    pub tcbo_gate_open: bool,
}

/// A graph-weight learner around a Kuramoto micro-cycle (see docs/physics.md for what it does and
/// does not learn).
#[derive(Debug, Clone)]
pub struct SsgfEngine {
    n: usize,
    decoder: SsgfDecoder,
    gradient: SsgfGradient,
    rbf_sigma: f64,
    rbf_dim: usize,
    n_micro: usize,
    dt_micro: f64,
    dt_outer: f64,
    lr_z: f64,
    sigma_g: f64,
    noise_amp: f64,
    field_pressure: f64,
    fd_eps: f64,
    pgbo_weight: f64,
    c8_index: usize,
    c9_index: usize,
    plv_i: usize,
    plv_j: usize,
    tcbo_threshold: f64,
    weights: SsgfWeights,
    omega: Vec<f64>,
    k: Vec<f64>,
    phi_target: Vec<f64>,
    mask: Option<Vec<bool>>,
    rng: PhysicsRng,
    l16: L16Controller,
    pgbo: Option<PgboEngine>,
    z: Vec<f64>,
    theta: Vec<f64>,
    prev_vectors: Option<Vec<f64>>,
    spectrum: LaplacianSpectrum,
    steps: u64,
    p: f64,
}

fn check_weights(w: &SsgfWeights) -> PhysicsResult<SsgfWeights> {
    Ok(SsgfWeights {
        micro: non_negative("weights.micro", w.micro)?,
        c7: non_negative("weights.c7", w.c7)?,
        c8: non_negative("weights.c8", w.c8)?,
        c9: non_negative("weights.c9", w.c9)?,
        c10: non_negative("weights.c10", w.c10)?,
        reg: non_negative("weights.reg", w.reg)?,
        c4: non_negative("weights.c4", w.c4)?,
        pgbo: non_negative("weights.pgbo", w.pgbo)?,
    })
}

impl SsgfEngine {
    pub fn new(o: SsgfOptions) -> PhysicsResult<Self> {
        let omega = match &o.omega {
            Some(v) => vector("omega", v, None)?,
            None => default_omega(),
        };
        let n = omega.len();
        if n < 2 {
            return Err(PhysicsError::new(
                "omega.length",
                n.to_string(),
                "must be ≥ 2",
            ));
        }
        let k = match &o.knm {
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
        let index = |field: &str, v: usize| -> PhysicsResult<usize> {
            if v >= n {
                Err(PhysicsError::new(
                    field,
                    v.to_string(),
                    format!("must be < n = {n}"),
                ))
            } else {
                Ok(v)
            }
        };
        let rbf_sigma = positive("rbfSigma", o.rbf_sigma)?;
        let rbf_dim = at_least("rbfDim", o.rbf_dim.unwrap_or(1.max((n - 1) / 2)), 1)?;
        let n_micro = at_least("nMicro", o.n_micro, 1)?;
        let dt_micro = positive("dtMicro", o.dt_micro)?;
        let dt_outer = positive("dtOuter", o.dt_outer)?;
        let lr_z = non_negative("lrZ", o.lr_z)?;
        let sigma_g = finite("sigmaG", o.sigma_g)?;
        let noise_amp = non_negative("noiseAmp", o.noise_amp)?;
        let field_pressure = finite("fieldPressure", o.field_pressure)?;
        let fd_eps = positive("fdEps", o.fd_eps)?;
        let pgbo_weight = finite("pgboWeight", o.pgbo_weight)?;
        let c8_index = index("c8Index", o.c8_index)?;
        let c9_index = index("c9Index", o.c9_index)?;
        let plv_i = index("plvPair[0]", o.plv_pair.0)?;
        let plv_j = index("plvPair[1]", o.plv_pair.1)?;
        let tcbo_threshold = unit_interval("tcboThreshold", o.tcbo_threshold)?;
        let weights = check_weights(&o.weights)?;
        let mask = match &o.protected_mask {
            Some(m) if m.len() != n => {
                return Err(PhysicsError::new(
                    "protectedMask",
                    format!("array({})", m.len()),
                    format!("must be an array of {n} booleans"),
                ))
            }
            other => other.clone(),
        };
        let phi_target = match &o.phi_target {
            Some(m) => matrix("phiTarget", m, Some(n))?.data,
            None => SquareMatrix::identity(n).data,
        };
        let l16 = L16Controller::new(L16Options {
            n,
            plv_threshold: o.plv_threshold,
            plv_window: o.plv_window,
            h_rec_window: o.h_rec_window,
            tcbo_target: tcbo_threshold,
            ..L16Options::default()
        })?;
        let pgbo = if o.pgbo_enabled {
            Some(PgboEngine::new(PgboOptions {
                n,
                alpha: o.pgbo_alpha,
                kappa: o.pgbo_kappa,
                u_cap: o.pgbo_u_cap,
                traceless: o.pgbo_traceless,
            })?)
        } else {
            None
        };
        let mut rng = PhysicsRng::from_option(o.seed);
        let z_len = match o.decoder {
            SsgfDecoder::Rbf => n * rbf_dim,
            SsgfDecoder::GramSoftplus => n * (n - 1) / 2,
        };
        let z: Vec<f64> = (0..z_len).map(|_| rng.next_f64() - 0.5).collect();
        let theta: Vec<f64> = (0..n).map(|_| rng.next_f64() * TAU).collect();
        let mut engine = Self {
            n,
            decoder: o.decoder,
            gradient: o.gradient,
            rbf_sigma,
            rbf_dim,
            n_micro,
            dt_micro,
            dt_outer,
            lr_z,
            sigma_g,
            noise_amp,
            field_pressure,
            fd_eps,
            pgbo_weight,
            c8_index,
            c9_index,
            plv_i,
            plv_j,
            tcbo_threshold,
            weights,
            omega,
            k,
            phi_target,
            mask,
            rng,
            l16,
            pgbo,
            z,
            theta,
            prev_vectors: None,
            spectrum: LaplacianSpectrum {
                eigen: crate::spectral::EigenResult {
                    values: Vec::new(),
                    vectors: SquareMatrix::zeros(0),
                    sweeps: 0,
                    converged: true,
                },
                fiedler_value: 0.0,
                fiedler_gap: 0.0,
                fiedler_ratio: 0.0,
            },
            steps: 0,
            p: 0.0,
        };
        let w = engine.decode(&engine.z);
        engine.spectrum = engine.refresh_spectrum(&w);
        Ok(engine)
    }

    pub fn n(&self) -> usize {
        self.n
    }
    pub fn seed(&self) -> u64 {
        self.rng.seed()
    }
    pub fn step_count(&self) -> u64 {
        self.steps
    }
    pub fn tcbo_p(&self) -> f64 {
        self.p
    }
    pub fn set_tcbo_p(&mut self, p: f64) -> PhysicsResult<()> {
        self.p = unit_interval("p", p)?;
        Ok(())
    }
    pub fn r_global(&self) -> f64 {
        order_parameter(&self.theta)
    }
    pub fn theta(&self) -> Vec<f64> {
        self.theta.clone()
    }
    pub fn z(&self) -> Vec<f64> {
        self.z.clone()
    }
    pub fn set_z(&mut self, z: &[f64]) -> PhysicsResult<()> {
        let next = vector("z", z, Some(self.z.len()))?;
        let w = self.decode(&next);
        self.z = next;
        self.spectrum = self.refresh_spectrum(&w);
        Ok(())
    }
    pub fn w(&self) -> SquareMatrix {
        SquareMatrix {
            n: self.n,
            data: self.decode(&self.z),
        }
    }
    pub fn spectrum(&self) -> LaplacianSpectrum {
        self.spectrum.clone()
    }

    /// `k` outer steps; the engine keeps no log, so memory stays flat.
    pub fn run(&mut self, k: u64) -> PhysicsResult<Vec<SsgfStepLog>> {
        (0..k).map(|_| self.outer_step()).collect()
    }

    /// One outer step. It fails only when extreme options make the numbers overflow (a phase or
    /// a cost turns non-finite); the engine should then be discarded.
    pub fn outer_step(&mut self) -> PhysicsResult<SsgfStepLog> {
        let n = self.n;
        let w = self.decode(&self.z);
        let w_valid = is_valid_weights(&w, n);
        let mut h: Option<Vec<f64>> = None;
        let mut u_norm = 0.0;
        let mut h_frob = 0.0;
        if let Some(pgbo) = self.pgbo.as_mut() {
            let res = pgbo.compute(&self.theta, self.dt_outer)?;
            u_norm = res.u_norm;
            h_frob = res.h_frob;
            h = Some(res.h.data);
        }
        self.micro_cycle(&w, h.as_deref());
        if let Some(i) = self.theta.iter().position(|x| !x.is_finite()) {
            return Err(PhysicsError::number(
                format!("theta[{i}]"),
                self.theta[i],
                "became non-finite: the micro-cycle overflowed (reduce omega, knm or the gains)",
            ));
        }
        let r = order_parameter(&self.theta);
        let spec = self.refresh_spectrum(&w);
        self.spectrum = spec.clone();
        let vals = &spec.eigen.values;
        let ordered = (0..n.saturating_sub(1)).all(|i| vals[i] <= vals[i + 1] + 1e-10);
        let costs = ssgf_costs(&self.cost_input(&self.theta, &w, &spec, h.as_deref()));
        let plv = (self.theta[self.plv_i] - self.theta[self.plv_j])
            .cos()
            .abs();
        let l16 = self.l16.step(&L16StepInput {
            r_global: r,
            plv,
            c7: costs.c7,
            c8: costs.c8,
            c10: costs.c10,
            tcbo_p: self.p,
            h_frob,
            dt: self.dt_outer,
            eigvecs: Some(spec.eigen.vectors.clone()),
            phi_target: Some(SquareMatrix {
                n,
                data: self.phi_target.clone(),
            }),
        })?;
        let grad = match self.gradient {
            SsgfGradient::Analytic => self.analytic_gradient_for(&w),
            SsgfGradient::FiniteDifference => self.fd_gradient(h.as_deref()),
        };
        let lr = self.lr_z * l16.lr_z_scale;
        let mut g2 = 0.0;
        for i in 0..self.z.len() {
            g2 += grad[i] * grad[i];
            self.z[i] -= lr * grad[i];
        }
        if let Some(pgbo) = self.pgbo.as_mut() {
            if !l16.refusal {
                let kappa = pgbo.kappa() * (0.9 + 0.2 * r);
                pgbo.set_kappa(kappa.clamp(0.0, 5.0))?;
            }
        }
        let log = SsgfStepLog {
            step: self.steps,
            costs,
            r_global: r,
            fiedler_value: spec.fiedler_value,
            fiedler_gap: spec.fiedler_gap,
            fiedler_ratio: spec.fiedler_ratio,
            eigen_sweeps: spec.eigen.sweeps,
            eigen_converged: spec.eigen.converged,
            h_rec: l16.h_rec,
            l16_gate_open: l16.gate_open,
            refusal: l16.refusal,
            lr_scale: l16.lr_z_scale,
            grad_norm: g2.sqrt(),
            w_valid,
            eigval_ordered: ordered,
            pgbo_u_norm: u_norm,
            pgbo_h_frob: h_frob,
            pgbo_kappa: self.pgbo.as_ref().map_or(0.0, |p| p.kappa()),
            tcbo_p: self.p,
            tcbo_gate_open: self.p > self.tcbo_threshold,
        };
        self.steps += 1;
        Ok(log)
    }

    /// ∂U/∂z of the eigen-free, W-dependent terms at the current z.
    pub fn analytic_gradient(&self) -> Vec<f64> {
        let w = self.decode(&self.z);
        self.analytic_gradient_for(&w)
    }

    fn analytic_gradient_for(&self, w: &[f64]) -> Vec<f64> {
        let n = self.n;
        let g = weight_gradient(w, n, &self.weights, self.mask.as_deref(), self.c9_index);
        let mut grad = vec![0.0; self.z.len()];
        match self.decoder {
            SsgfDecoder::GramSoftplus => {
                let mut k = 0;
                for i in 0..n {
                    for j in (i + 1)..n {
                        grad[k] = (g[i * n + j] + g[j * n + i]) * sigmoid(self.z[k]);
                        k += 1;
                    }
                }
            }
            SsgfDecoder::Rbf => {
                let d = self.rbf_dim;
                let s2 = self.rbf_sigma * self.rbf_sigma;
                for i in 0..n {
                    for j in (i + 1)..n {
                        let coef = ((g[i * n + j] + g[j * n + i]) * w[i * n + j]) / s2;
                        for c in 0..d {
                            let diff = self.z[j * d + c] - self.z[i * d + c];
                            grad[i * d + c] += coef * diff;
                            grad[j * d + c] -= coef * diff;
                        }
                    }
                }
            }
        }
        grad
    }

    /// Central differences of the full U_total with θ, p and h frozen (2·len z eigen-solves).
    pub fn fd_gradient(&self, h: Option<&[f64]>) -> Vec<f64> {
        let eps = self.fd_eps;
        let mut zz = self.z.clone();
        let mut grad = vec![0.0; zz.len()];
        let u = |zz: &[f64]| -> f64 {
            let w = self.decode(zz);
            let spec = laplacian_spectrum(&w, self.n, None, 50, 1e-14);
            ssgf_costs(&self.cost_input(&self.theta, &w, &spec, h)).u_total
        };
        for i in 0..zz.len() {
            let z0 = zz[i];
            zz[i] = z0 + eps;
            let up = u(&zz);
            zz[i] = z0 - eps;
            let down = u(&zz);
            zz[i] = z0;
            grad[i] = (up - down) / (2.0 * eps);
        }
        grad
    }

    /// U_total and its terms at the current state.
    pub fn costs(&self) -> SsgfCosts {
        let w = self.decode(&self.z);
        let h = self.pgbo.as_ref().map(|p| p.result().h.data);
        ssgf_costs(&self.cost_input(&self.theta, &w, &self.spectrum, h.as_deref()))
    }

    fn cost_input<'a>(
        &'a self,
        theta: &'a [f64],
        w: &'a [f64],
        spec: &'a LaplacianSpectrum,
        h: Option<&'a [f64]>,
    ) -> CostInput<'a> {
        CostInput {
            theta,
            w,
            n: self.n,
            eigvals: &spec.eigen.values,
            eigvecs: &spec.eigen.vectors.data,
            phi_target: &self.phi_target,
            mask: self.mask.as_deref(),
            weights: &self.weights,
            tcbo_p: self.p,
            tcbo_threshold: self.tcbo_threshold,
            h,
            c8_index: self.c8_index,
            c9_index: self.c9_index,
        }
    }

    fn decode(&self, z: &[f64]) -> Vec<f64> {
        match self.decoder {
            SsgfDecoder::Rbf => rbf_weights(z, self.n, self.rbf_dim, self.rbf_sigma),
            SsgfDecoder::GramSoftplus => gram_softplus_weights(z, self.n),
        }
    }

    fn refresh_spectrum(&mut self, w: &[f64]) -> LaplacianSpectrum {
        let spec = laplacian_spectrum(w, self.n, self.prev_vectors.as_deref(), 50, 1e-14);
        self.prev_vectors = Some(spec.eigen.vectors.data.clone());
        spec
    }

    fn micro_cycle(&mut self, w: &[f64], h: Option<&[f64]>) {
        let n = self.n;
        let mut c = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                if i == j {
                    continue;
                }
                let mut v = self.k[i * n + j] + self.sigma_g * w[i * n + j];
                if let Some(h) = h {
                    v += self.pgbo_weight * h[i * n + j];
                }
                c[i * n + j] = v;
            }
        }
        let mut sin_t = vec![0.0; n];
        let mut cos_t = vec![0.0; n];
        let mut drift = vec![0.0; n];
        let dt = self.dt_micro;
        let scale = self.noise_amp * dt.sqrt();
        for _ in 0..self.n_micro {
            for i in 0..n {
                let (s, co) = sin_cos_phase(self.theta[i]);
                sin_t[i] = s;
                cos_t[i] = co;
            }
            for i in 0..n {
                let mut sum_sin = 0.0;
                let mut sum_cos = 0.0;
                for j in 0..n {
                    sum_sin += c[i * n + j] * sin_t[j];
                    sum_cos += c[i * n + j] * cos_t[j];
                }
                drift[i] = self.omega[i]
                    + (cos_t[i] * sum_sin - sin_t[i] * sum_cos)
                    + self.field_pressure * cos_t[i];
            }
            if scale > 0.0 {
                for i in 0..n {
                    self.theta[i] = wrap_phase(
                        self.theta[i] + drift[i] * dt + scale * self.rng.next_gaussian(),
                    );
                }
            } else {
                for i in 0..n {
                    self.theta[i] = wrap_phase(self.theta[i] + drift[i] * dt);
                }
            }
        }
    }
}
