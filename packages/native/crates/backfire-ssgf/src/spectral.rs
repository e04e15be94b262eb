//! Symmetric eigensolver (cyclic Jacobi) and the normalised Laplacian; mirrors spectral.ts.
use backfire_physics::error::{PhysicsError, PhysicsResult};
use backfire_physics::validate::{at_least, matrix, positive, SquareMatrix};

#[derive(Debug, Clone)]
pub struct EigenOptions {
    pub max_sweeps: usize,
    /// Converged when ‖off-diagonal‖_F ≤ tolerance·‖A‖_F.
    pub tolerance: f64,
}

impl Default for EigenOptions {
    fn default() -> Self {
        Self {
            max_sweeps: 50,
            tolerance: 1e-14,
        }
    }
}

/// TS `EigenResult`: ascending values, eigenvectors as columns (row-major n×n).
#[derive(Debug, Clone, PartialEq)]
pub struct EigenResult {
    pub values: Vec<f64>,
    pub vectors: SquareMatrix,
    pub sweeps: usize,
    pub converged: bool,
}

/// TS `LaplacianSpectrum`.
#[derive(Debug, Clone, PartialEq)]
pub struct LaplacianSpectrum {
    pub eigen: EigenResult,
    pub fiedler_value: f64,
    pub fiedler_gap: f64,
    pub fiedler_ratio: f64,
}

/// Checked entry point: symmetric (to 1e-12 relative), finite, n ≥ 1.
pub fn symmetric_eigen(a: &SquareMatrix, o: &EigenOptions) -> PhysicsResult<EigenResult> {
    let max_sweeps = at_least("maxSweeps", o.max_sweeps, 1)?;
    let tolerance = positive("tolerance", o.tolerance)?;
    let m = matrix("a", a, None)?;
    let n = m.n;
    for i in 0..n {
        for j in (i + 1)..n {
            let x = m.data[i * n + j];
            let y = m.data[j * n + i];
            if (x - y).abs() > 1e-12 * 1f64.max(x.abs()).max(y.abs()) {
                return Err(PhysicsError::number(
                    format!("a.data[{}]", j * n + i),
                    y,
                    format!("must equal a.data[{}] (symmetric)", i * n + j),
                ));
            }
        }
    }
    Ok(jacobi(m.data, n, max_sweeps, tolerance))
}

/// Cyclic Jacobi (threshold variant in the first three sweeps). Only + − × ÷ √, so the result
/// is bit-identical to the TypeScript implementation.
pub fn jacobi(mut a: Vec<f64>, n: usize, max_sweeps: usize, tolerance: f64) -> EigenResult {
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    let mut norm2 = 0.0;
    for x in &a {
        norm2 += x * x;
    }
    let limit = tolerance * norm2.sqrt();
    let mut sweeps = 0;
    let mut converged = false;
    loop {
        let mut off2 = 0.0;
        let mut off_abs = 0.0;
        for p in 0..n {
            for q in (p + 1)..n {
                let x = a[p * n + q];
                off2 += 2.0 * x * x;
                off_abs += x.abs();
            }
        }
        if off2.sqrt() <= limit {
            converged = true;
            break;
        }
        if sweeps == max_sweeps {
            break;
        }
        // Early sweeps skip rotations that are small next to the mean off-diagonal entry (later
        // rotations would undo them); every sweep zeroes, without rotating, entries so small that
        // dropping them cannot keep the matrix from meeting the tolerance.
        let skip = if sweeps < 3 {
            (0.2 * off_abs) / (n * n) as f64
        } else {
            0.0
        };
        let negligible = limit / n as f64;
        for p in 0..n.saturating_sub(1) {
            for q in (p + 1)..n {
                let apq = a[p * n + q];
                if apq == 0.0 || apq.abs() <= skip {
                    continue;
                }
                if apq.abs() <= negligible {
                    a[p * n + q] = 0.0;
                    a[q * n + p] = 0.0;
                    continue;
                }
                let app = a[p * n + p];
                let aqq = a[q * n + q];
                let theta = (aqq - app) / (2.0 * apq);
                let t = if theta.abs() > 1e150 {
                    1.0 / (2.0 * theta)
                } else {
                    (if theta >= 0.0 { 1.0 } else { -1.0 })
                        / (theta.abs() + (theta * theta + 1.0).sqrt())
                };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                let tau = s / (1.0 + c);
                a[p * n + p] = app - t * apq;
                a[q * n + q] = aqq + t * apq;
                a[p * n + q] = 0.0;
                a[q * n + p] = 0.0;
                for r in 0..n {
                    if r == p || r == q {
                        continue;
                    }
                    let arp = a[r * n + p];
                    let arq = a[r * n + q];
                    let np = arp - s * (arq + tau * arp);
                    let nq = arq + s * (arp - tau * arq);
                    a[r * n + p] = np;
                    a[p * n + r] = np;
                    a[r * n + q] = nq;
                    a[q * n + r] = nq;
                }
                for r in 0..n {
                    let vrp = v[r * n + p];
                    let vrq = v[r * n + q];
                    v[r * n + p] = vrp - s * (vrq + tau * vrp);
                    v[r * n + q] = vrq + s * (vrp - tau * vrq);
                }
            }
        }
        sweeps += 1;
    }
    let mut order: Vec<usize> = (0..n).collect();
    // Stable sort by value; ties keep index order, as in TypeScript.
    order.sort_by(|&x, &y| {
        a[x * n + x]
            .partial_cmp(&a[y * n + y])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut values = vec![0.0; n];
    let mut vectors = vec![0.0; n * n];
    for (k, &src) in order.iter().enumerate() {
        values[k] = a[src * n + src];
        for r in 0..n {
            vectors[r * n + k] = v[r * n + src];
        }
    }
    EigenResult {
        values,
        vectors: SquareMatrix { n, data: vectors },
        sweeps,
        converged,
    }
}

/// L = I − D^(−½) W D^(−½), isolated nodes (degree ≤ 1e-12) all-zero.
pub fn laplacian_of(w: &[f64], n: usize) -> Vec<f64> {
    let mut inv = vec![0.0; n];
    for i in 0..n {
        let mut d = 0.0;
        for j in 0..n {
            d += w[i * n + j];
        }
        inv[i] = if d > 1e-12 { 1.0 / d.sqrt() } else { 0.0 };
    }
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let base = if i == j && inv[i] > 0.0 { 1.0 } else { 0.0 };
            l[i * n + j] = base - inv[i] * w[i * n + j] * inv[j];
        }
    }
    l
}

/// Checked `laplacian_of`.
pub fn normalized_laplacian(w: &SquareMatrix) -> PhysicsResult<SquareMatrix> {
    let m = matrix("w", w, None)?;
    Ok(SquareMatrix {
        n: m.n,
        data: laplacian_of(&m.data, m.n),
    })
}

/// Eigenpairs of W's normalised Laplacian, values clamped to [0, 2], signs aligned with
/// `previous` (or largest-magnitude entry positive).
pub fn laplacian_spectrum(
    w: &[f64],
    n: usize,
    previous: Option<&[f64]>,
    max_sweeps: usize,
    tolerance: f64,
) -> LaplacianSpectrum {
    let lap = laplacian_of(w, n);
    let mut eig = match previous {
        // Warm start: in the basis of the previous eigenvectors P the Laplacian of a slightly
        // changed W is nearly diagonal, so Jacobi on Pᵀ L P needs about half the sweeps; the
        // eigenvectors are then P·R.
        Some(prev) => {
            let mut t = vec![0.0; n * n];
            for k in 0..n {
                for j in 0..n {
                    let mut acc = 0.0;
                    for l in 0..n {
                        acc += lap[k * n + l] * prev[l * n + j];
                    }
                    t[k * n + j] = acc;
                }
            }
            let mut b = vec![0.0; n * n];
            for i in 0..n {
                for j in 0..n {
                    let mut acc = 0.0;
                    for k in 0..n {
                        acc += prev[k * n + i] * t[k * n + j];
                    }
                    b[i * n + j] = acc;
                }
            }
            for i in 0..n {
                for j in (i + 1)..n {
                    let v = 0.5 * (b[i * n + j] + b[j * n + i]);
                    b[i * n + j] = v;
                    b[j * n + i] = v;
                }
            }
            let mut e = jacobi(b, n, max_sweeps, tolerance);
            let r = &e.vectors.data;
            let mut v = vec![0.0; n * n];
            for row in 0..n {
                for k in 0..n {
                    let mut acc = 0.0;
                    for m in 0..n {
                        acc += prev[row * n + m] * r[m * n + k];
                    }
                    v[row * n + k] = acc;
                }
            }
            e.vectors.data = v;
            e
        }
        None => jacobi(lap, n, max_sweeps, tolerance),
    };
    for x in eig.values.iter_mut() {
        *x = x.clamp(0.0, 2.0);
    }
    let vec = &mut eig.vectors.data;
    for k in 0..n {
        let flip = match previous {
            Some(prev) => {
                let mut dot = 0.0;
                for r in 0..n {
                    dot += vec[r * n + k] * prev[r * n + k];
                }
                dot < 0.0
            }
            None => {
                let mut best = 0;
                for r in 1..n {
                    if vec[r * n + k].abs() > vec[best * n + k].abs() {
                        best = r;
                    }
                }
                vec[best * n + k] < 0.0
            }
        };
        if flip {
            for r in 0..n {
                vec[r * n + k] = -vec[r * n + k];
            }
        }
    }
    let l1 = if n >= 2 { eig.values[1] } else { 0.0 };
    let l2 = if n >= 3 { eig.values[2] } else { 0.0 };
    LaplacianSpectrum {
        fiedler_value: l1,
        fiedler_gap: if n >= 3 { l2 - l1 } else { 0.0 },
        fiedler_ratio: if n >= 3 && l2 >= 1e-12 { l1 / l2 } else { 0.0 },
        eigen: eig,
    }
}
