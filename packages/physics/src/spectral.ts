import { PhysicsError } from './errors.js';
import {
  integer,
  knownKeys,
  matrix,
  options,
  positive,
  type SquareMatrix,
  type SquareMatrixInput,
} from './validate.js';

/** Options of `symmetricEigen`. */
export interface EigenOptions {
  /** Cyclic Jacobi sweeps at most (integer ≥ 1). Default 50. */
  maxSweeps?: number;
  /** Converged when ‖off-diagonal‖_F ≤ tolerance·‖A‖_F (> 0). Default 1e-14. */
  tolerance?: number;
}

/** Eigenpairs of a symmetric matrix. */
export interface EigenResult {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Eigenvectors as the columns of an n×n row-major matrix, in the order of `values`. */
  vectors: SquareMatrix;
  /** Sweeps performed. */
  sweeps: number;
  /** Whether the tolerance was met within maxSweeps. */
  converged: boolean;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations. It uses only + − × ÷ and √,
 * which IEEE 754 rounds exactly, so Rust and TypeScript produce bit-identical results. The
 * tolerance is relative to ‖A‖_F (the reference's absolute 1e-14 means different things at
 * different scales), and the result says whether it converged instead of failing silently.
 */
export function symmetricEigen(a: SquareMatrixInput, opts?: EigenOptions): EigenResult {
  const o = options<EigenOptions>('options', opts);
  knownKeys('options', o, ['maxSweeps', 'tolerance']);
  const maxSweeps = integer('maxSweeps', o.maxSweeps ?? 50, 1);
  const tolerance = positive('tolerance', o.tolerance ?? 1e-14);
  const m = matrix('a', a);
  const n = m.n;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = m.data[i * n + j]!;
      const y = m.data[j * n + i]!;
      if (Math.abs(x - y) > 1e-12 * Math.max(1, Math.abs(x), Math.abs(y))) {
        throw new PhysicsError(
          `a.data[${j * n + i}]`,
          y,
          `must equal a.data[${i * n + j}] (symmetric)`,
        );
      }
    }
  }
  return jacobi(m.data, n, maxSweeps, tolerance);
}

/** The unchecked solver behind `symmetricEigen`; `a` is consumed (overwritten). */
export function jacobi(
  a: Float64Array,
  n: number,
  maxSweeps: number,
  tolerance: number,
): EigenResult {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let norm2 = 0;
  for (let i = 0; i < n * n; i++) norm2 += a[i]! * a[i]!;
  const limit = tolerance * Math.sqrt(norm2);
  let sweeps = 0;
  let converged = false;
  for (;;) {
    let off2 = 0;
    let offAbs = 0;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const x = a[p * n + q]!;
        off2 += 2 * x * x;
        offAbs += Math.abs(x);
      }
    }
    if (Math.sqrt(off2) <= limit) {
      converged = true;
      break;
    }
    if (sweeps === maxSweeps) break;
    // Early sweeps skip rotations that are small next to the mean off-diagonal entry (later
    // rotations would undo them); every sweep zeroes, without rotating, entries so small that
    // dropping them cannot keep the matrix from meeting the tolerance.
    const skip = sweeps < 3 ? (0.2 * offAbs) / (n * n) : 0;
    const negligible = limit / n;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0 || Math.abs(apq) <= skip) continue;
        if (Math.abs(apq) <= negligible) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        let t: number;
        if (Math.abs(theta) > 1e150) t = 1 / (2 * theta);
        else t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const tau = s / (1 + c);
        a[p * n + p] = app - t * apq;
        a[q * n + q] = aqq + t * apq;
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (let r = 0; r < n; r++) {
          if (r === p || r === q) continue;
          const arp = a[r * n + p]!;
          const arq = a[r * n + q]!;
          const np = arp - s * (arq + tau * arp);
          const nq = arq + s * (arp - tau * arq);
          a[r * n + p] = np;
          a[p * n + r] = np;
          a[r * n + q] = nq;
          a[q * n + r] = nq;
        }
        for (let r = 0; r < n; r++) {
          const vrp = v[r * n + p]!;
          const vrq = v[r * n + q]!;
          v[r * n + p] = vrp - s * (vrq + tau * vrp);
          v[r * n + q] = vrq + s * (vrp - tau * vrq);
        }
      }
    }
    sweeps += 1;
  }
  // Ascending order; ties keep their index order (a stable sort) so both languages agree.
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((x, y) => a[x * n + x]! - a[y * n + y]! || x - y);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = order[k]!;
    values[k] = a[src * n + src]!;
    for (let r = 0; r < n; r++) vectors[r * n + k] = v[r * n + src]!;
  }
  return { values, vectors: { n, data: vectors }, sweeps, converged };
}

/**
 * The normalised Laplacian L = I − D^(−½) W D^(−½), d_i = Σ_j W_ij. An isolated node (d_i ≤ 1e-12)
 * gets an all-zero row and column, so it contributes the eigenvalue 0. W must be symmetric and
 * non-negative for the spectrum to lie in [0, 2].
 */
export function normalizedLaplacian(w: SquareMatrixInput): SquareMatrix {
  const m = matrix('w', w);
  return { n: m.n, data: laplacianOf(m.data, m.n) };
}

export function laplacianOf(w: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let j = 0; j < n; j++) d += w[i * n + j]!;
    inv[i] = d > 1e-12 ? 1 / Math.sqrt(d) : 0;
  }
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const base = i === j && inv[i]! > 0 ? 1 : 0;
      l[i * n + j] = base - inv[i]! * w[i * n + j]! * inv[j]!;
    }
  }
  return l;
}

/** The spectrum of W's normalised Laplacian and the quantities derived from it. */
export interface LaplacianSpectrum extends EigenResult {
  /** λ₁, the second-smallest eigenvalue (algebraic connectivity); 0 if n < 2. */
  fiedlerValue: number;
  /** λ₂ − λ₁; 0 if n < 3. */
  fiedlerGap: number;
  /** λ₁ / λ₂ (the reference's "spectral_gap"); 0 if n < 3 or λ₂ < 1e-12. */
  fiedlerRatio: number;
}

/**
 * Eigenpairs of W's normalised Laplacian, eigenvalues clamped to [0, 2] (the exact range; only
 * round-off leaves it) and each eigenvector's sign fixed: aligned with the same column of
 * `previous` when given (so vectors do not flip between steps; the solve is then warm-started from
 * `previous`), else with its largest-magnitude entry positive.
 */
export function laplacianSpectrum(
  w: Float64Array,
  n: number,
  previous: Float64Array | null,
  maxSweeps = 50,
  tolerance = 1e-14,
): LaplacianSpectrum {
  const lap = laplacianOf(w, n);
  let eig: EigenResult;
  if (previous !== null) {
    // Warm start: in the basis of the previous eigenvectors P the Laplacian of a slightly changed
    // W is nearly diagonal, so Jacobi on Pᵀ L P needs about half the sweeps; the eigenvectors are
    // then P·R. Same operation order as the Rust crate.
    const t = new Float64Array(n * n);
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let l = 0; l < n; l++) acc += lap[k * n + l]! * previous[l * n + j]!;
        t[k * n + j] = acc;
      }
    }
    const b = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += previous[k * n + i]! * t[k * n + j]!;
        b[i * n + j] = acc;
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const v = 0.5 * (b[i * n + j]! + b[j * n + i]!);
        b[i * n + j] = v;
        b[j * n + i] = v;
      }
    }
    eig = jacobi(b, n, maxSweeps, tolerance);
    const r = eig.vectors.data;
    const v = new Float64Array(n * n);
    for (let row = 0; row < n; row++) {
      for (let k = 0; k < n; k++) {
        let acc = 0;
        for (let m = 0; m < n; m++) acc += previous[row * n + m]! * r[m * n + k]!;
        v[row * n + k] = acc;
      }
    }
    eig = { ...eig, vectors: { n, data: v } };
  } else {
    eig = jacobi(lap, n, maxSweeps, tolerance);
  }
  const vals = eig.values;
  for (let k = 0; k < n; k++) vals[k] = vals[k]! < 0 ? 0 : Math.min(vals[k]!, 2);
  const vec = eig.vectors.data;
  for (let k = 0; k < n; k++) {
    let flip: boolean;
    if (previous !== null) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += vec[r * n + k]! * previous[r * n + k]!;
      flip = dot < 0;
    } else {
      let best = 0;
      for (let r = 1; r < n; r++)
        if (Math.abs(vec[r * n + k]!) > Math.abs(vec[best * n + k]!)) best = r;
      flip = vec[best * n + k]! < 0;
    }
    if (flip) for (let r = 0; r < n; r++) vec[r * n + k] = -vec[r * n + k]!;
  }
  const l1 = n >= 2 ? vals[1]! : 0;
  const l2 = n >= 3 ? vals[2]! : 0;
  return {
    ...eig,
    fiedlerValue: l1,
    fiedlerGap: n >= 3 ? l2 - l1 : 0,
    fiedlerRatio: n >= 3 && l2 >= 1e-12 ? l1 / l2 : 0,
  };
}
