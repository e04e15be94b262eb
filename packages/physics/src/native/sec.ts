import type {
  SECOptions,
  SECResult,
  SquareMatrix,
  SquareMatrixInput,
  VectorInput,
} from '../index.js';
import { type RawSECFunctional, raw } from './binding.js';
import { call } from './errors.js';

/** `[v, vNormalised, phaseScore, rGlobal, hasDvDt, dvDt, vCoupling, vFrequency, vEntropy]`. */
function unpackResult(p: Float64Array): SECResult {
  return {
    v: p[0]!,
    vNormalised: p[1]!,
    phaseScore: p[2]!,
    rGlobal: p[3]!,
    dvDt: p[4] === 1 ? p[5]! : null,
    vCoupling: p[6]!,
    vFrequency: p[7]!,
    vEntropy: p[8]!,
  };
}

/**
 * The phase-coherence potential V = V_c + V_f + V_e in Rust, with the semantics of
 * @backfire/physics's `SECFunctional` (a heuristic dispersion score, not a Lyapunov function).
 */
export class SECFunctional {
  readonly n: number;
  readonly lambdaOmega: number;
  readonly lambdaEntropy: number;
  readonly kappa: number;
  readonly #raw: RawSECFunctional;

  constructor(opts?: SECOptions) {
    this.#raw = call(() => new raw.SECFunctional(opts));
    this.n = this.#raw.n;
    this.lambdaOmega = this.#raw.lambdaOmega;
    this.lambdaEntropy = this.#raw.lambdaEntropy;
    this.kappa = this.#raw.kappa;
  }

  /** V_max = max(2·ΣK, 1e-12). */
  get vMax(): number {
    return this.#raw.vMax;
  }

  /** Replaces K (n×n, finite, ≥ 0) and recomputes V_max. */
  updateCoupling(knm: SquareMatrixInput): void {
    call(() => this.#raw.updateCoupling(knm));
  }

  getKnm(): SquareMatrix {
    return { n: this.n, data: this.#raw.getKnm() };
  }

  /** V_c = Σ_{n,m} K_nm (1 − cos(θ_n − θ_m)). */
  couplingPotential(theta: VectorInput): number {
    return call(() => this.#raw.couplingPotential(theta));
  }

  /** V_f = λ_ω Σ (wrap_π(θ − θ_prev)/dt − Ω)². */
  frequencyPenalty(theta: VectorInput, thetaPrev: VectorInput, dt: number): number {
    return call(() => this.#raw.frequencyPenalty(theta, thetaPrev, dt));
  }

  /** V_e = λ_S · max(0, ln M − H), M = max(n, 16). */
  entropyTerm(theta: VectorInput): number {
    return call(() => this.#raw.entropyTerm(theta));
  }

  /** V at θ; `dvDt` only when `thetaPrev` is exactly the θ of the previous call. */
  evaluate(theta: VectorInput, thetaPrev?: VectorInput, dt?: number): SECResult {
    return unpackResult(call(() => this.#raw.evaluate(theta, thetaPrev, dt)));
  }

  /** Forgets the previous call, so the next `dvDt` is null. */
  reset(): void {
    this.#raw.reset();
  }

  /** K_c = √(8/π)·σ_Ω. */
  criticalCoupling(): number {
    return this.#raw.criticalCoupling();
  }

  /** true iff the result has a `dvDt` and it is ≤ `tolerance` (default 0). */
  static isStable(result: SECResult, tolerance?: number): boolean {
    return call(() => raw.SECFunctional.isStable(result, tolerance));
  }
}
