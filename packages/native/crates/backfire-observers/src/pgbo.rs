//! Phase-velocity outer product; mirrors `PGBOEngine` / `phaseGeometryBridge` in TypeScript.
use backfire_physics::error::{PhysicsError, PhysicsResult};
use backfire_physics::math::wrap_pi;
use backfire_physics::validate::{at_least, finite, non_negative, positive, vector, SquareMatrix};

#[derive(Debug, Clone)]
pub struct PgboOptions {
    pub n: usize,
    pub alpha: f64,
    pub kappa: f64,
    pub u_cap: f64,
    pub traceless: bool,
}

impl Default for PgboOptions {
    fn default() -> Self {
        Self {
            n: 16,
            alpha: 0.5,
            kappa: 0.3,
            u_cap: 10.0,
            traceless: false,
        }
    }
}

/// Options of [`phase_geometry_bridge`] (PgboOptions less n).
#[derive(Debug, Clone)]
pub struct BridgeOptions {
    pub alpha: f64,
    pub kappa: f64,
    pub u_cap: f64,
    pub traceless: bool,
}

impl Default for BridgeOptions {
    fn default() -> Self {
        Self {
            alpha: 0.5,
            kappa: 0.3,
            u_cap: 10.0,
            traceless: false,
        }
    }
}

/// TS `PGBOResult`.
#[derive(Debug, Clone, PartialEq)]
pub struct PgboResult {
    pub u: Vec<f64>,
    pub h: SquareMatrix,
    pub u_norm: f64,
    pub h_trace: f64,
    pub h_frob: f64,
}

/// u = wrap_π(θ − θ_prev)/dt (0 first) − α·A, saturated u/(1 + |u|/u_cap); h = κ·u uᵀ
/// (minus (tr h/D)·I when traceless).
#[derive(Debug, Clone)]
pub struct PgboEngine {
    n: usize,
    alpha: f64,
    u_cap: f64,
    traceless: bool,
    kappa: f64,
    a: Vec<f64>,
    prev: Option<Vec<f64>>,
    last: PgboResult,
}

fn zero_result(n: usize) -> PgboResult {
    PgboResult {
        u: vec![0.0; n],
        h: SquareMatrix::zeros(n),
        u_norm: 0.0,
        h_trace: 0.0,
        h_frob: 0.0,
    }
}

impl PgboEngine {
    pub fn new(o: PgboOptions) -> PhysicsResult<Self> {
        let n = at_least("n", o.n, 1)?;
        Ok(Self {
            n,
            alpha: non_negative("alpha", o.alpha)?,
            u_cap: positive("uCap", o.u_cap)?,
            traceless: o.traceless,
            kappa: non_negative("kappa", o.kappa)?,
            a: vec![0.0; n],
            prev: None,
            last: zero_result(n),
        })
    }

    pub fn n(&self) -> usize {
        self.n
    }
    pub fn kappa(&self) -> f64 {
        self.kappa
    }
    pub fn set_kappa(&mut self, kappa: f64) -> PhysicsResult<()> {
        self.kappa = non_negative("kappa", kappa)?;
        Ok(())
    }
    pub fn u_norm(&self) -> f64 {
        self.last.u_norm
    }
    pub fn h_frob(&self) -> f64 {
        self.last.h_frob
    }
    pub fn h_trace(&self) -> f64 {
        self.last.h_trace
    }

    pub fn set_boundary_potential(&mut self, a: &[f64]) -> PhysicsResult<()> {
        self.a = vector("a", a, Some(self.n))?;
        Ok(())
    }

    pub fn boundary_potential(&self) -> Vec<f64> {
        self.a.clone()
    }

    pub fn compute(&mut self, theta: &[f64], dt: f64) -> PhysicsResult<PgboResult> {
        let th = vector("theta", theta, Some(self.n))?;
        let step = positive("dt", dt)?;
        let mut raw = vec![0.0; self.n];
        if let Some(prev) = &self.prev {
            for i in 0..self.n {
                raw[i] = wrap_pi(th[i] - prev[i]) / step;
            }
        }
        let out = bridge(
            &raw,
            &self.a,
            &BridgeOptions {
                alpha: self.alpha,
                kappa: self.kappa,
                u_cap: self.u_cap,
                traceless: self.traceless,
            },
        )?;
        self.prev = Some(th);
        self.last = out.clone();
        Ok(out)
    }

    pub fn result(&self) -> PgboResult {
        self.last.clone()
    }

    /// Forgets the previous phases and zeroes u and h; keeps A and κ.
    pub fn reset(&mut self) {
        self.prev = None;
        self.last = zero_result(self.n);
    }
}

/// The stateless step: u = sat(dφ − α·A), h = κ·u uᵀ. `a` must have the length of `dphi`.
pub fn phase_geometry_bridge(
    dphi: &[f64],
    a: &[f64],
    o: &BridgeOptions,
) -> PhysicsResult<PgboResult> {
    let d = vector("dphi", dphi, None)?;
    if d.is_empty() {
        return Err(PhysicsError::new("dphi.length", "0", "must be ≥ 1"));
    }
    let av = vector("a", a, Some(d.len()))?;
    bridge(
        &d,
        &av,
        &BridgeOptions {
            alpha: non_negative("alpha", o.alpha)?,
            kappa: non_negative("kappa", o.kappa)?,
            u_cap: positive("uCap", o.u_cap)?,
            traceless: o.traceless,
        },
    )
}

fn bridge(raw: &[f64], a: &[f64], p: &BridgeOptions) -> PhysicsResult<PgboResult> {
    let n = raw.len();
    let mut u = vec![0.0; n];
    let mut norm2 = 0.0;
    for i in 0..n {
        u[i] = raw[i] - p.alpha * a[i];
        norm2 += u[i] * u[i];
    }
    let mut norm = norm2.sqrt();
    // An overflowing |u| would saturate to 0 below; reject it instead.
    finite("u", norm)?;
    if norm > 1e-12 {
        let scale = 1.0 / (1.0 + norm / p.u_cap);
        norm2 = 0.0;
        for x in u.iter_mut() {
            *x *= scale;
            norm2 += *x * *x;
        }
        norm = norm2.sqrt();
    }
    let mut h = vec![0.0; n * n];
    let mut trace = 0.0;
    for i in 0..n {
        for j in 0..n {
            h[i * n + j] = p.kappa * u[i] * u[j];
        }
        trace += h[i * n + i];
    }
    if p.traceless {
        let shift = trace / n as f64;
        for i in 0..n {
            h[i * n + i] -= shift;
        }
        trace = 0.0;
    }
    let mut frob = 0.0;
    for x in &h {
        frob += x * x;
    }
    finite("u", norm)?;
    finite("h", frob)?;
    Ok(PgboResult {
        u,
        h: SquareMatrix { n, data: h },
        u_norm: norm,
        h_trace: trace,
        h_frob: frob.sqrt(),
    })
}
