//! Radial-spread statistic of a delay-embedded window and its positional PI; mirrors
//! `TCBOObserver` / `TCBOController` in TypeScript.
use std::collections::VecDeque;

use backfire_physics::error::{PhysicsError, PhysicsResult};
use backfire_physics::pi::{PiController, PiOptions};
use backfire_physics::validate::{at_least, finite, non_negative, positive, unit_interval, vector};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcboEmbedding {
    /// Each phase becomes (cos θ, sin θ): a wrap from 2π to 0 is no jump.
    Circle,
    /// Raw values, as the reference did.
    Angle,
}

impl TcboEmbedding {
    pub fn as_str(self) -> &'static str {
        match self {
            TcboEmbedding::Circle => "circle",
            TcboEmbedding::Angle => "angle",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TcboObserverOptions {
    pub n: usize,
    pub threshold: f64,
    pub beta: f64,
    pub s0: f64,
    pub window_size: usize,
    pub embed_dim: usize,
    pub tau_delay: usize,
    pub spread_floor: f64,
    pub compute_every_n: u64,
    pub embedding: TcboEmbedding,
}

impl Default for TcboObserverOptions {
    fn default() -> Self {
        Self {
            n: 16,
            threshold: 0.72,
            beta: 8.0,
            s0: 0.0,
            window_size: 50,
            embed_dim: 3,
            tau_delay: 1,
            spread_floor: 0.05,
            compute_every_n: 1,
            embedding: TcboEmbedding::Circle,
        }
    }
}

/// TS `TCBOState`.
#[derive(Debug, Clone, PartialEq)]
pub struct TcboState {
    pub spread_index: f64,
    pub probability: f64,
    pub gate_open: bool,
    pub deficit: f64,
    pub threshold: f64,
    pub buffer_size: usize,
}

fn open_unit(field: &str, v: f64) -> PhysicsResult<f64> {
    let v = finite(field, v)?;
    if v > 0.0 && v < 1.0 {
        Ok(v)
    } else {
        Err(PhysicsError::number(field, v, "must be in (0, 1)"))
    }
}

/// 0.7 × population std of the points' distances to their centroid, or 0 when that std is ≤ 1e-12.
/// Not topology: a perfect circle scores 0. The name in the reference ("H1 persistence") is wrong.
#[derive(Debug, Clone)]
pub struct TcboObserver {
    n: usize,
    threshold: f64,
    beta: f64,
    s0: f64,
    window_size: usize,
    embed_dim: usize,
    tau_delay: usize,
    spread_floor: f64,
    compute_every_n: u64,
    embedding: TcboEmbedding,
    buffer: VecDeque<Vec<f64>>,
    calls: u64,
    spread: f64,
    p: f64,
}

impl TcboObserver {
    pub fn new(o: TcboObserverOptions) -> PhysicsResult<Self> {
        if o.compute_every_n < 1 {
            return Err(PhysicsError::new(
                "computeEveryN",
                o.compute_every_n.to_string(),
                "must be an integer ≥ 1",
            ));
        }
        Ok(Self {
            n: at_least("n", o.n, 1)?,
            threshold: open_unit("threshold", o.threshold)?,
            beta: positive("beta", o.beta)?,
            s0: finite("s0", o.s0)?,
            window_size: at_least("windowSize", o.window_size, 3)?,
            embed_dim: at_least("embedDim", o.embed_dim, 1)?,
            tau_delay: at_least("tauDelay", o.tau_delay, 1)?,
            spread_floor: non_negative("spreadFloor", o.spread_floor)?,
            compute_every_n: o.compute_every_n,
            embedding: o.embedding,
            buffer: VecDeque::new(),
            calls: 0,
            spread: 0.0,
            p: 0.0,
        })
    }

    pub fn samples_needed(&self) -> usize {
        (self.embed_dim - 1) * self.tau_delay + self.window_size
    }

    pub fn push(&mut self, theta: &[f64]) -> PhysicsResult<()> {
        let v = vector("theta", theta, Some(self.n))?;
        // Distances between points of the cloud must not overflow.
        if let Some(i) = v.iter().position(|x| x.abs() > 1e100) {
            return Err(PhysicsError::number(
                format!("theta[{i}]"),
                v[i],
                "must be within ±1e100",
            ));
        }
        self.buffer.push_back(v);
        if self.buffer.len() > self.samples_needed() {
            self.buffer.pop_front();
        }
        Ok(())
    }

    pub fn compute(&mut self, force: bool) -> TcboState {
        self.calls += 1;
        if (force || self.calls.is_multiple_of(self.compute_every_n))
            && self.buffer.len() >= self.samples_needed()
        {
            let (points, dim) = self.embed_cloud();
            let s = radial_spread_index(&points, dim);
            self.spread = if s > self.spread_floor { s } else { 0.0 };
            self.p = logistic_probability(self.spread, self.s0, self.beta);
        }
        self.state()
    }

    pub fn push_and_compute(&mut self, theta: &[f64], force: bool) -> PhysicsResult<TcboState> {
        self.push(theta)?;
        Ok(self.compute(force))
    }

    pub fn state(&self) -> TcboState {
        TcboState {
            spread_index: self.spread,
            probability: self.p,
            gate_open: self.p > self.threshold,
            deficit: (self.threshold - self.p).max(0.0),
            threshold: self.threshold,
            buffer_size: self.buffer.len(),
        }
    }

    pub fn reset(&mut self) {
        self.buffer.clear();
        self.calls = 0;
        self.spread = 0.0;
        self.p = 0.0;
    }

    fn embed_cloud(&self) -> (Vec<f64>, usize) {
        let m = self.embed_dim;
        let tau = self.tau_delay;
        let per_channel = if self.embedding == TcboEmbedding::Circle {
            2
        } else {
            1
        };
        let dim = self.n * per_channel * m;
        let rows = self.window_size;
        let mut points = vec![0.0; rows * dim];
        let offset = self.buffer.len() - rows;
        for r in 0..rows {
            let t = offset + r;
            let mut col = 0;
            for c in 0..self.n {
                for part in 0..per_channel {
                    for lag in 0..m {
                        let x = self.buffer[t - lag * tau][c];
                        points[r * dim + col] = match (self.embedding, part) {
                            (TcboEmbedding::Angle, _) => x,
                            (TcboEmbedding::Circle, 0) => x.cos(),
                            _ => x.sin(),
                        };
                        col += 1;
                    }
                }
            }
        }
        (points, dim)
    }
}

/// 0.7 × population std of the distances of the rows of `points` (rows × dim) to their centroid.
pub fn radial_spread_index(points: &[f64], dim: usize) -> f64 {
    if dim == 0 {
        return 0.0;
    }
    let count = points.len() / dim;
    if count == 0 {
        return 0.0;
    }
    let mut centroid = vec![0.0; dim];
    for r in 0..count {
        for d in 0..dim {
            centroid[d] += points[r * dim + d];
        }
    }
    for c in centroid.iter_mut() {
        *c /= count as f64;
    }
    let mut dist = vec![0.0; count];
    let mut mean = 0.0;
    for r in 0..count {
        let mut s = 0.0;
        for d in 0..dim {
            let x = points[r * dim + d] - centroid[d];
            s += x * x;
        }
        dist[r] = s.sqrt();
        mean += dist[r];
    }
    mean /= count as f64;
    let mut var = 0.0;
    for x in &dist {
        let d = x - mean;
        var += d * d;
    }
    let sigma = (var / count as f64).sqrt();
    if sigma > 1e-12 {
        0.7 * sigma
    } else {
        0.0
    }
}

/// 1/(1 + e^(−β(s − s₀))), the exponent clamped to ±500.
pub fn logistic_probability(s: f64, s0: f64, beta: f64) -> f64 {
    let x = (-beta * (s - s0)).clamp(-500.0, 500.0);
    1.0 / (1.0 + x.exp())
}

/// s − ln(p/(1 − p))/β, p clamped to [1e-12, 1 − 1e-12].
pub fn s0_for_threshold(s: f64, p: f64, beta: f64) -> PhysicsResult<f64> {
    finite("s", s)?;
    let q = unit_interval("p", p)?.clamp(1e-12, 1.0 - 1e-12);
    let b = positive("beta", beta)?;
    Ok(s - (q / (1.0 - q)).ln() / b)
}

/// Rows (x[r + (m−1)τ], …, x[r]) newest lag first; returns (rows, rows × m row-major).
pub fn delay_embed(x: &[f64], m: usize, tau: usize) -> PhysicsResult<(usize, Vec<f64>)> {
    let xs = vector("x", x, None)?;
    at_least("m", m, 1)?;
    at_least("tau", tau, 1)?;
    let span = (m - 1) * tau;
    if span >= xs.len() {
        return Ok((0, Vec::new()));
    }
    let rows = xs.len() - span;
    let mut data = vec![0.0; rows * m];
    for r in 0..rows {
        for k in 0..m {
            data[r * m + k] = xs[r + span - k * tau];
        }
    }
    Ok((rows, data))
}

#[derive(Debug, Clone)]
pub struct TcboControllerOptions {
    pub threshold: f64,
    pub kp: f64,
    pub ki: f64,
    pub kappa_base: f64,
    pub kappa_min: f64,
    pub kappa_max: f64,
    pub integral_limit: f64,
}

impl Default for TcboControllerOptions {
    fn default() -> Self {
        Self {
            threshold: 0.72,
            kp: 0.8,
            ki: 0.2,
            kappa_base: 1.0,
            kappa_min: 0.0,
            kappa_max: 5.0,
            integral_limit: 5.0,
        }
    }
}

/// κ = clamp(κ_base + kp·e + ki·I, κ_min, κ_max), e = threshold − p, I ← clamp(I + e·dt).
#[derive(Debug, Clone)]
pub struct TcboController {
    threshold: f64,
    pi: PiController,
    last_p: Option<f64>,
    kappa: f64,
}

impl TcboController {
    pub fn new(o: TcboControllerOptions) -> PhysicsResult<Self> {
        let threshold = open_unit("threshold", o.threshold)?;
        let limit = non_negative("integralLimit", o.integral_limit)?;
        let kappa_min = non_negative("kappaMin", o.kappa_min)?;
        let kappa_max = finite("kappaMax", o.kappa_max)?;
        if kappa_max < kappa_min {
            return Err(PhysicsError::number(
                "kappaMax",
                kappa_max,
                "must be ≥ kappaMin",
            ));
        }
        let pi = PiController::new(PiOptions {
            setpoint: threshold,
            kp: finite("kp", o.kp)?,
            ki: finite("ki", o.ki)?,
            bias: finite("kappaBase", o.kappa_base)?,
            integral_min: -limit,
            integral_max: limit,
            output_min: Some(kappa_min),
            output_max: Some(kappa_max),
            ..PiOptions::default()
        })?;
        let kappa = pi.bias.clamp(kappa_min, kappa_max);
        Ok(Self {
            threshold,
            pi,
            last_p: None,
            kappa,
        })
    }

    pub fn step(&mut self, p: f64, dt: f64) -> PhysicsResult<f64> {
        let prob = unit_interval("p", p)?;
        positive("dt", dt)?;
        self.kappa = self.pi.step(prob, dt)?;
        self.last_p = Some(prob);
        Ok(self.kappa)
    }

    pub fn kappa(&self) -> f64 {
        self.kappa
    }
    pub fn integral(&self) -> f64 {
        self.pi.integral()
    }
    pub fn last_error(&self) -> f64 {
        self.pi.last_error()
    }

    pub fn is_gate_open(&self, p: Option<f64>) -> PhysicsResult<bool> {
        let x = match p {
            Some(v) => Some(unit_interval("p", v)?),
            None => self.last_p,
        };
        Ok(matches!(x, Some(v) if v > self.threshold))
    }

    pub fn reset(&mut self) {
        self.pi.reset();
        self.last_p = None;
        self.kappa = self.pi.bias.clamp(self.pi.output_min, self.pi.output_max);
    }
}
