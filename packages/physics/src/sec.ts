import { PhysicsError } from './errors.js';
import { orderParameter, TAU, wrapPi } from './math.js';
import { defaultKnm, defaultOmega } from './params.js';
import {
  finite,
  knownKeys,
  matrix,
  nonNegative,
  options,
  positive,
  type SquareMatrix,
  type SquareMatrixInput,
  type VectorInput,
  vector,
} from './validate.js';

/** Options of `SECFunctional`. */
export interface SECOptions {
  /** λ_ω ≥ 0, weight of the frequency penalty. Default 0.1. */
  lambdaOmega?: number;
  /** λ_S ≥ 0, weight of the entropy term. Default 0.01. */
  lambdaEntropy?: number;
  /** κ in (0, 100], concentration of the von Mises kernel of the entropy term. Default 2. */
  kappa?: number;
  /** Coupling K (n×n, finite, ≥ 0). Default: the reference's 16×16 matrix. */
  knm?: SquareMatrixInput;
  /** Natural frequencies Ω (length n). Default: the reference's 16 values. */
  omega?: VectorInput;
}

/** What `evaluate` returns. */
export interface SECResult {
  /** V = vCoupling + vFrequency + vEntropy. */
  v: number;
  /** clamp(V / V_max, 0, 1) with V_max = 2·ΣK (the bound of vCoupling only; the sum is clamped). */
  vNormalised: number;
  /** 1 − vNormalised: 1 for aligned phases, lower for dispersed ones. Unrelated to guard scores. */
  phaseScore: number;
  /** Kuramoto order parameter of θ. */
  rGlobal: number;
  /** (V − V_previous)/dt when `thetaPrev` equals the θ of the previous call, else null. */
  dvDt: number | null;
  /** Σ_{n,m} K_nm (1 − cos(θ_n − θ_m)), over ordered pairs. */
  vCoupling: number;
  /** λ_ω Σ (wrap_π(θ − θ_prev)/dt − Ω)²; 0 without `thetaPrev`. */
  vFrequency: number;
  /** λ_S · max(0, ln M − H) for the entropy H of a von Mises density of θ on M grid points. */
  vEntropy: number;
}

const OPTION_KEYS = ['lambdaOmega', 'lambdaEntropy', 'kappa', 'knm', 'omega'] as const;

/**
 * A phase-coherence potential (the reference calls it a Lyapunov functional; with heterogeneous
 * Ω, the extra terms and noise nothing guarantees dV/dt ≤ 0, so it is a heuristic dispersion score).
 * V(θ) = V_c + V_f + V_e as documented on `SECResult`.
 */
export class SECFunctional {
  readonly n: number;
  readonly lambdaOmega: number;
  readonly lambdaEntropy: number;
  readonly kappa: number;
  private k: Float64Array;
  private readonly omega: Float64Array;
  private vMaxValue: number;
  private lastTheta: Float64Array | null = null;
  private lastV = 0;

  constructor(opts?: SECOptions) {
    const o = options<SECOptions>('options', opts);
    knownKeys('options', o, OPTION_KEYS);
    this.lambdaOmega = nonNegative('lambdaOmega', o.lambdaOmega ?? 0.1);
    this.lambdaEntropy = nonNegative('lambdaEntropy', o.lambdaEntropy ?? 0.01);
    this.kappa = positive('kappa', o.kappa ?? 2);
    // e^(κ·cos) summed over n points must stay finite.
    if (this.kappa > 100) throw new PhysicsError('kappa', this.kappa, 'must be ≤ 100');
    this.omega = o.omega === undefined ? defaultOmega() : vector('omega', o.omega);
    if (this.omega.length === 0) throw new PhysicsError('omega.length', 0, 'must be ≥ 1');
    this.n = this.omega.length;
    if (o.knm === undefined && this.n !== 16) {
      throw new PhysicsError('knm', undefined, `is required when omega has length ${this.n} ≠ 16`);
    }
    this.k = checkCoupling('knm', o.knm === undefined ? defaultKnm() : o.knm, this.n);
    this.vMaxValue = vMaxOf(this.k);
  }

  /** V_max = max(2·ΣK, 1e-12). */
  get vMax(): number {
    return this.vMaxValue;
  }

  /** Replaces K (n×n, finite, ≥ 0) and recomputes V_max. Ω is unchanged. */
  updateCoupling(knm: SquareMatrixInput): void {
    this.k = checkCoupling('knm', knm, this.n);
    this.vMaxValue = vMaxOf(this.k);
  }

  getKnm(): SquareMatrix {
    return { n: this.n, data: this.k.slice() };
  }

  /** V_c = Σ_{n,m} K_nm (1 − cos(θ_n − θ_m)). */
  couplingPotential(theta: VectorInput): number {
    return this.vc(vector('theta', theta, this.n));
  }

  /** V_f = λ_ω Σ (wrap_π(θ − θ_prev)/dt − Ω)², the phase step read as a frequency. */
  frequencyPenalty(theta: VectorInput, thetaPrev: VectorInput, dt: number): number {
    return this.vf(
      vector('theta', theta, this.n),
      vector('thetaPrev', thetaPrev, this.n),
      positive('dt', dt),
    );
  }

  /** V_e = λ_S · max(0, ln M − H), M = max(n, 16). */
  entropyTerm(theta: VectorInput): number {
    return this.ve(vector('theta', theta, this.n));
  }

  /**
   * Evaluates V at θ. With `thetaPrev` (the phases one step of `dt` earlier) the frequency penalty
   * is included, and if `thetaPrev` is exactly the θ of the previous call, `dvDt` is the change
   * of V over that step; otherwise `dvDt` is null (the reference differenced unrelated calls).
   */
  evaluate(theta: VectorInput, thetaPrev?: VectorInput, dt = 0.01): SECResult {
    const th = vector('theta', theta, this.n);
    const prev = thetaPrev === undefined ? null : vector('thetaPrev', thetaPrev, this.n);
    const step = positive('dt', dt);
    const vCoupling = this.vc(th);
    const vFrequency = prev === null ? 0 : this.vf(th, prev, step);
    const vEntropy = this.ve(th);
    const v = vCoupling + vFrequency + vEntropy;
    const ratio = v / this.vMaxValue;
    const vNormalised = ratio < 0 ? 0 : Math.min(ratio, 1);
    let dvDt: number | null = null;
    if (prev !== null && this.lastTheta !== null && sameVector(prev, this.lastTheta)) {
      dvDt = (v - this.lastV) / step;
    }
    this.lastTheta = th;
    this.lastV = v;
    return {
      v,
      vNormalised,
      phaseScore: 1 - vNormalised,
      rGlobal: orderParameter(th),
      dvDt,
      vCoupling,
      vFrequency,
      vEntropy,
    };
  }

  /** Forgets the previous call, so the next `dvDt` is null. */
  reset(): void {
    this.lastTheta = null;
    this.lastV = 0;
  }

  /**
   * K_c = √(8/π)·σ_Ω (population standard deviation of Ω), Kuramoto's mean-field threshold for a
   * Gaussian frequency density; 0 if σ_Ω < 1e-12. Only indicative here: it assumes (K/N) coupling
   * and N → ∞.
   */
  criticalCoupling(): number {
    const n = this.omega.length;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += this.omega[i]!;
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) {
      const d = this.omega[i]! - mean;
      variance += d * d;
    }
    const sigma = Math.sqrt(variance / n);
    return sigma < 1e-12 ? 0 : Math.sqrt(8 / Math.PI) * sigma;
  }

  /** true iff the result has a `dvDt` and it is ≤ `tolerance`. */
  static isStable(result: SECResult, tolerance = 0): boolean {
    finite('tolerance', tolerance);
    return result.dvDt !== null && result.dvDt <= tolerance;
  }

  private vc(theta: Float64Array): number {
    const n = this.n;
    let v = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) v += this.k[i * n + j]! * (1 - Math.cos(theta[i]! - theta[j]!));
    }
    return v;
  }

  private vf(theta: Float64Array, prev: Float64Array, dt: number): number {
    let sum = 0;
    for (let i = 0; i < this.n; i++) {
      const rate = wrapPi(theta[i]! - prev[i]!) / dt;
      const d = rate - this.omega[i]!;
      sum += d * d;
    }
    return this.lambdaOmega * sum;
  }

  private ve(theta: Float64Array): number {
    const m = Math.max(this.n, 16);
    const density = new Float64Array(m);
    let total = 0;
    for (let k = 0; k < m; k++) {
      const x = (TAU * k) / m;
      let d = 0;
      for (let j = 0; j < this.n; j++) d += Math.exp(this.kappa * Math.cos(x - theta[j]!));
      density[k] = d;
      total += d;
    }
    let h = 0;
    for (let k = 0; k < m; k++) {
      const p = density[k]! / total;
      if (p > 1e-12) h -= p * Math.log(p);
    }
    return this.lambdaEntropy * Math.max(0, Math.log(m) - h);
  }
}

function checkCoupling(field: string, knm: unknown, n: number): Float64Array {
  const k = matrix(field, knm, n).data;
  for (let i = 0; i < k.length; i++) {
    if (k[i]! < 0) throw new PhysicsError(`${field}.data[${i}]`, k[i], 'must be ≥ 0');
  }
  if (!Number.isFinite(vMaxOf(k)))
    throw new PhysicsError(`${field}.data`, 'sum', 'must have a finite sum');
  return k;
}

function vMaxOf(k: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < k.length; i++) sum += k[i]!;
  return Math.max(2 * sum, 1e-12);
}

function sameVector(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
