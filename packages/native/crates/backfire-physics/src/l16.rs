//! Supervisory controller (H_rec, PLV gate, refusal, PI loops); mirrors `L16Controller` in TS.
use std::collections::VecDeque;

use crate::error::{PhysicsError, PhysicsResult};
use crate::pi::{PiAction, PiController, PiOptions};
use crate::validate::{
    at_least, finite, matrix, non_negative, positive, unit_interval, SquareMatrix,
};

const HISTORY_CAP: usize = 100;

#[derive(Debug, Clone)]
pub struct L16Options {
    pub n: usize,
    pub plv_threshold: f64,
    pub plv_window: usize,
    pub h_rec_window: usize,
    pub refusal_lr_factor: f64,
    pub refusal_d_factor: f64,
    pub refusal_tau_factor: f64,
    pub tcbo_target: f64,
}

impl Default for L16Options {
    fn default() -> Self {
        Self {
            n: 16,
            plv_threshold: 0.6,
            plv_window: 10,
            h_rec_window: 5,
            refusal_lr_factor: 0.5,
            refusal_d_factor: 0.5,
            refusal_tau_factor: 1.5,
            tcbo_target: 0.72,
        }
    }
}

/// TS `L16StepInput`.
#[derive(Debug, Clone, Default)]
pub struct L16StepInput {
    pub r_global: f64,
    pub plv: f64,
    pub c7: f64,
    pub c8: f64,
    pub c10: f64,
    pub tcbo_p: f64,
    pub h_frob: f64,
    pub dt: f64,
    pub eigvecs: Option<SquareMatrix>,
    pub phi_target: Option<SquareMatrix>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HRecMode {
    Simplified,
    Full,
}

impl HRecMode {
    pub fn as_str(self) -> &'static str {
        match self {
            HRecMode::Simplified => "simplified",
            HRecMode::Full => "full",
        }
    }
}

/// TS `L16StepResult`.
#[derive(Debug, Clone, PartialEq)]
pub struct L16StepResult {
    pub lambda7: f64,
    pub lambda8: f64,
    pub lambda10: f64,
    pub nu_star: f64,
    pub gate_open: bool,
    pub avg_plv: f64,
    pub refusal: bool,
    pub refusal_count: u64,
    pub h_rec: f64,
    pub h_rec_mode: HRecMode,
    pub dh_rec_dt: f64,
    pub h_rec_non_increasing: bool,
    pub lr_z_scale: f64,
    pub d_theta_scale: f64,
    pub tau_d_scale: f64,
}

#[derive(Debug, Clone)]
pub struct L16Controller {
    n: usize,
    plv_threshold: f64,
    plv_window: usize,
    h_rec_window: usize,
    refusal_lr_factor: f64,
    refusal_d_factor: f64,
    refusal_tau_factor: f64,
    tcbo_target: f64,
    pi7: PiController,
    pi8: PiController,
    pi10: PiController,
    pi_nu: PiController,
    plv_buffer: VecDeque<f64>,
    history: VecDeque<f64>,
    refusals: u64,
    last: Option<L16StepResult>,
}

impl L16Controller {
    pub fn new(o: L16Options) -> PhysicsResult<Self> {
        let n = at_least("n", o.n, 1)?;
        let plv_threshold = unit_interval("plvThreshold", o.plv_threshold)?;
        let plv_window = at_least("plvWindow", o.plv_window, 1)?;
        let h_rec_window = at_least("hRecWindow", o.h_rec_window, 1)?;
        if h_rec_window + 1 > HISTORY_CAP {
            return Err(PhysicsError::new(
                "hRecWindow",
                h_rec_window.to_string(),
                format!("must be ≤ {}", HISTORY_CAP - 1),
            ));
        }
        // Reverse action: a higher cost raises its weight (the reference's e = 0 − cost pinned them).
        let cost_pi = PiOptions {
            setpoint: 0.0,
            kp: 0.3,
            ki: 0.03,
            action: PiAction::Reverse,
            output_min: Some(0.01),
            output_max: Some(10.0),
            ..PiOptions::default()
        };
        Ok(Self {
            n,
            plv_threshold,
            plv_window,
            h_rec_window,
            refusal_lr_factor: positive("refusalLrFactor", o.refusal_lr_factor)?,
            refusal_d_factor: positive("refusalDFactor", o.refusal_d_factor)?,
            refusal_tau_factor: positive("refusalTauFactor", o.refusal_tau_factor)?,
            tcbo_target: unit_interval("tcboTarget", o.tcbo_target)?,
            pi7: PiController::new(cost_pi.clone())?,
            pi8: PiController::new(cost_pi.clone())?,
            pi10: PiController::new(cost_pi)?,
            pi_nu: PiController::new(PiOptions {
                setpoint: 0.5,
                kp: 0.5,
                ki: 0.05,
                output_min: Some(0.01),
                output_max: Some(10.0),
                ..PiOptions::default()
            })?,
            plv_buffer: VecDeque::new(),
            history: VecDeque::new(),
            refusals: 0,
            last: None,
        })
    }

    pub fn step(&mut self, input: &L16StepInput) -> PhysicsResult<L16StepResult> {
        let r = unit_interval("rGlobal", input.r_global)?;
        let plv = unit_interval("plv", input.plv)?;
        let c7 = non_negative("c7", input.c7)?;
        let c8 = non_negative("c8", input.c8)?;
        let c10 = non_negative("c10", input.c10)?;
        let p = unit_interval("tcboP", input.tcbo_p)?;
        let h_frob = non_negative("hFrob", input.h_frob)?;
        let dt = positive("dt", input.dt)?;
        let deficit = (self.tcbo_target - p).max(0.0);
        let (h_rec, mode) = match (&input.eigvecs, &input.phi_target) {
            (None, None) => (1.0 - r + deficit, HRecMode::Simplified),
            (Some(_), None) => {
                return Err(PhysicsError::new(
                    "phiTarget",
                    "undefined",
                    "is required with eigvecs",
                ))
            }
            (None, Some(_)) => {
                return Err(PhysicsError::new(
                    "eigvecs",
                    "undefined",
                    "is required with phiTarget",
                ))
            }
            (Some(v), Some(phi)) => {
                let v = matrix("eigvecs", v, Some(self.n))?;
                let phi = matrix("phiTarget", phi, Some(self.n))?;
                (
                    sign_invariant_distance(&v.data, &phi.data, self.n)
                        + (1.0 - r)
                        + deficit
                        + 0.01 * h_frob,
                    HRecMode::Full,
                )
            }
        };
        finite("hRec", h_rec)?;

        self.history.push_back(h_rec);
        if self.history.len() > HISTORY_CAP {
            self.history.pop_front();
        }
        self.plv_buffer.push_back(plv);
        if self.plv_buffer.len() > self.plv_window {
            self.plv_buffer.pop_front();
        }
        let mut sum = 0.0;
        for x in &self.plv_buffer {
            sum += x;
        }
        let avg_plv = sum / self.plv_buffer.len() as f64;
        let gate_open = avg_plv > self.plv_threshold;
        let hist: Vec<f64> = self.history.iter().copied().collect();
        let refusal = rising_run(&hist, self.h_rec_window);
        if refusal {
            self.refusals += 1;
        }
        let dh_rec_dt = ls_slope(&hist, self.h_rec_window) / dt;
        let result = L16StepResult {
            lambda7: self.pi7.step(c7, dt)?,
            lambda8: self.pi8.step(c8, dt)?,
            lambda10: self.pi10.step(c10, dt)?,
            nu_star: self.pi_nu.step(r, dt)?,
            gate_open,
            avg_plv,
            refusal,
            refusal_count: self.refusals,
            h_rec,
            h_rec_mode: mode,
            dh_rec_dt,
            h_rec_non_increasing: dh_rec_dt <= 0.0,
            lr_z_scale: if refusal { self.refusal_lr_factor } else { 1.0 },
            d_theta_scale: if refusal { self.refusal_d_factor } else { 1.0 },
            tau_d_scale: if refusal {
                self.refusal_tau_factor
            } else {
                1.0
            },
        };
        self.last = Some(result.clone());
        Ok(result)
    }

    pub fn plv_gate_open(&self) -> bool {
        if self.plv_buffer.is_empty() {
            return false;
        }
        let mut sum = 0.0;
        for x in &self.plv_buffer {
            sum += x;
        }
        sum / self.plv_buffer.len() as f64 > self.plv_threshold
    }

    pub fn lr_z_scale(&self) -> f64 {
        self.last.as_ref().map_or(1.0, |r| r.lr_z_scale)
    }

    pub fn last(&self) -> Option<&L16StepResult> {
        self.last.as_ref()
    }

    pub fn h_rec_history(&self) -> Vec<f64> {
        self.history.iter().copied().collect()
    }

    pub fn reset(&mut self) {
        self.pi7.reset();
        self.pi8.reset();
        self.pi10.reset();
        self.pi_nu.reset();
        self.plv_buffer.clear();
        self.history.clear();
        self.refusals = 0;
        self.last = None;
    }
}

/// Σ over columns k of min(‖v_k − φ_k‖², ‖v_k + φ_k‖²), both n×n row-major.
pub fn sign_invariant_distance(v: &[f64], phi: &[f64], n: usize) -> f64 {
    let mut total = 0.0;
    for k in 0..n {
        let mut minus = 0.0;
        let mut plus = 0.0;
        for r in 0..n {
            let a = v[r * n + k];
            let b = phi[r * n + k];
            minus += (a - b) * (a - b);
            plus += (a + b) * (a + b);
        }
        total += if minus < plus { minus } else { plus };
    }
    total
}

/// true iff the last w + 1 values exist and each exceeds the one before.
pub fn rising_run(history: &[f64], w: usize) -> bool {
    if history.len() < w + 1 {
        return false;
    }
    (history.len() - w..history.len()).all(|i| history[i] > history[i - 1])
}

/// Least-squares slope per index of the last min(len, w) values; 0 with fewer than 2.
pub fn ls_slope(history: &[f64], w: usize) -> f64 {
    let m = history.len().min(w);
    if m < 2 {
        return 0.0;
    }
    let start = history.len() - m;
    let x_mean = (m - 1) as f64 / 2.0;
    let mut y_mean = 0.0;
    for i in 0..m {
        y_mean += history[start + i];
    }
    y_mean /= m as f64;
    let mut num = 0.0;
    let mut den = 0.0;
    for i in 0..m {
        let dx = i as f64 - x_mean;
        num += dx * (history[start + i] - y_mean);
        den += dx * dx;
    }
    num / den
}
