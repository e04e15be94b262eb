//! Decoders z → W, the cost terms, ∂U/∂W; mirrors the free functions of ssgf.ts.
use backfire_physics::error::PhysicsResult;
use backfire_physics::math::{circular_mean, order_parameter, softplus};
use backfire_physics::validate::{at_least, positive, vector, SquareMatrix};

/// Weights of the eight cost terms in U_total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SsgfWeights {
    pub micro: f64,
    pub c7: f64,
    pub c8: f64,
    pub c9: f64,
    pub c10: f64,
    pub reg: f64,
    pub c4: f64,
    pub pgbo: f64,
}

impl Default for SsgfWeights {
    fn default() -> Self {
        Self {
            micro: 1.0,
            c7: 0.5,
            c8: 0.3,
            c9: 0.2,
            c10: 0.4,
            reg: 0.1,
            c4: 0.3,
            pgbo: 0.05,
        }
    }
}

/// TS `SSGFCosts`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SsgfCosts {
    pub c_micro: f64,
    pub c7: f64,
    pub c8: f64,
    pub c9: f64,
    pub c10: f64,
    pub r_graph: f64,
    pub c4: f64,
    pub c_pgbo: f64,
    pub u_total: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsgfDecoder {
    GramSoftplus,
    Rbf,
}

/// W_ij = W_ji = softplus(z_k), k-th pair i < j in row-major pair order.
pub fn gram_softplus_weights(z: &[f64], n: usize) -> Vec<f64> {
    let mut w = vec![0.0; n * n];
    let mut k = 0;
    for i in 0..n {
        for j in (i + 1)..n {
            let v = softplus(z[k]);
            w[i * n + j] = v;
            w[j * n + i] = v;
            k += 1;
        }
    }
    w
}

/// W_ij = exp(−‖z_i − z_j‖²/(2σ²)), z as n points of dimension d.
pub fn rbf_weights(z: &[f64], n: usize, d: usize, sigma: f64) -> Vec<f64> {
    let mut w = vec![0.0; n * n];
    let s2 = 2.0 * sigma * sigma;
    for i in 0..n {
        for j in (i + 1)..n {
            let mut dist2 = 0.0;
            for c in 0..d {
                let x = z[i * d + c] - z[j * d + c];
                dist2 += x * x;
            }
            let v = (-dist2 / s2).exp();
            w[i * n + j] = v;
            w[j * n + i] = v;
        }
    }
    w
}

/// Checked decoder: z of length n(n−1)/2 (gram) or n·rbf_dim (RBF).
pub fn decode_weights(
    z: &[f64],
    n: usize,
    decoder: SsgfDecoder,
    rbf_dim: usize,
    rbf_sigma: f64,
) -> PhysicsResult<SquareMatrix> {
    at_least("n", n, 1)?;
    Ok(match decoder {
        SsgfDecoder::Rbf => {
            let d = at_least("rbfDim", rbf_dim, 1)?;
            let sigma = positive("rbfSigma", rbf_sigma)?;
            SquareMatrix {
                n,
                data: rbf_weights(&vector("z", z, Some(n * d))?, n, d, sigma),
            }
        }
        SsgfDecoder::GramSoftplus => SquareMatrix {
            n,
            data: gram_softplus_weights(&vector("z", z, Some(n * (n - 1) / 2))?, n),
        },
    })
}

pub fn is_valid_weights(w: &[f64], n: usize) -> bool {
    for i in 0..n {
        if w[i * n + i].abs() > 1e-12 {
            return false;
        }
        for j in 0..n {
            let x = w[i * n + j];
            if x < -1e-12 || !x.is_finite() || (x - w[j * n + i]).abs() > 1e-12 {
                return false;
            }
        }
    }
    true
}

/// ∂U/∂W of the eigen-free terms (C9 once, C10, Frobenius), W_ij and W_ji as separate variables.
pub fn weight_gradient(
    w: &[f64],
    n: usize,
    weights: &SsgfWeights,
    mask: Option<&[bool]>,
    c9_index: usize,
) -> Vec<f64> {
    let mut g = vec![0.0; n * n];
    if weights.c9 != 0.0 {
        let mut row = 0.0;
        for j in 0..n {
            row += w[c9_index * n + j];
        }
        let coef = (weights.c9 * 2.0 * (row / n as f64 - 1.0)) / n as f64;
        for j in 0..n {
            if j != c9_index {
                g[c9_index * n + j] += coef;
            }
        }
    }
    if let (true, Some(mask)) = (weights.c10 != 0.0, mask) {
        let mut count = 0usize;
        for i in 0..n {
            for j in 0..n {
                if mask[i] != mask[j] {
                    count += 1;
                }
            }
        }
        if count > 0 {
            for i in 0..n {
                for j in 0..n {
                    if mask[i] != mask[j] {
                        g[i * n + j] += (weights.c10 * 2.0 * w[i * n + j]) / count as f64;
                    }
                }
            }
        }
    }
    if weights.reg != 0.0 {
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    g[i * n + j] += weights.reg * 0.02 * w[i * n + j];
                }
            }
        }
    }
    g
}

/// Everything the cost function reads (TS `SSGFCostInput`).
pub struct CostInput<'a> {
    pub theta: &'a [f64],
    pub w: &'a [f64],
    pub n: usize,
    pub eigvals: &'a [f64],
    pub eigvecs: &'a [f64],
    pub phi_target: &'a [f64],
    pub mask: Option<&'a [bool]>,
    pub weights: &'a SsgfWeights,
    pub tcbo_p: f64,
    pub tcbo_threshold: f64,
    pub h: Option<&'a [f64]>,
    pub c8_index: usize,
    pub c9_index: usize,
}

pub fn ssgf_costs(input: &CostInput<'_>) -> SsgfCosts {
    let n = input.n;
    let w = input.w;
    let c_micro = if input.theta.is_empty() {
        1.0
    } else {
        1.0 - order_parameter(input.theta)
    };
    let mut c7 = 0.0;
    if n >= 2 {
        let mut minus = 0.0;
        let mut plus = 0.0;
        for r in 0..n {
            let v = input.eigvecs[r * n + 1];
            let t = input.phi_target[r * n + 1];
            minus += (v - t) * (v - t);
            plus += (v + t) * (v + t);
        }
        c7 = if minus < plus { minus } else { plus };
    }
    let mut c8 = 0.0;
    if input.eigvals.len() >= 2 && input.c8_index < n {
        let psi = circular_mean(input.theta);
        let s = (input.theta[input.c8_index] - psi).sin();
        c8 = (s * s) / input.eigvals[1].max(1e-12);
    }
    let mut c9 = 0.0;
    if input.c9_index < n {
        let mut row = 0.0;
        for j in 0..n {
            row += w[input.c9_index * n + j];
        }
        let d = row / n as f64 - 1.0;
        c9 = d * d;
    }
    let mut c10 = 0.0;
    if let Some(mask) = input.mask {
        let mut sum = 0.0;
        let mut count = 0usize;
        for i in 0..n {
            for j in 0..n {
                if mask[i] != mask[j] {
                    sum += w[i * n + j] * w[i * n + j];
                    count += 1;
                }
            }
        }
        c10 = if count > 0 { sum / count as f64 } else { 0.0 };
    }
    let mut frob2 = 0.0;
    for i in 0..n * n {
        frob2 += w[i] * w[i];
    }
    let r_graph = 0.01 * frob2
        + if input.eigvals.len() >= 2 {
            0.1 / (input.eigvals[1] + 1e-8)
        } else {
            0.1
        };
    let deficit = (input.tcbo_threshold - input.tcbo_p).max(0.0);
    let c4 = deficit * deficit;
    let mut c_pgbo = 0.0;
    if let Some(h) = input.h {
        for x in h {
            c_pgbo += x * x;
        }
        c_pgbo *= 0.01;
    }
    let wt = input.weights;
    let u_total = wt.micro * c_micro
        + wt.c7 * c7
        + wt.c8 * c8
        + wt.c9 * c9
        + wt.c10 * c10
        + wt.reg * r_graph
        + wt.c4 * c4
        + wt.pgbo * c_pgbo;
    SsgfCosts {
        c_micro,
        c7,
        c8,
        c9,
        c10,
        r_graph,
        c4,
        c_pgbo,
        u_total,
    }
}
