import { PhysicsError } from './errors.js';
import { L16Controller } from './l16.js';
import {
  circularMean,
  orderParameter,
  sigmoid,
  sinCosInto,
  softplus,
  TAU,
  wrapPhase,
} from './math.js';
import { defaultKnm, defaultOmega } from './params.js';
import { PGBOEngine } from './pgbo.js';
import { PhysicsRng, type PhysicsSeed } from './rng.js';
import { type LaplacianSpectrum, laplacianSpectrum } from './spectral.js';
import {
  boolean,
  finite,
  integer,
  knownKeys,
  matrix,
  nonNegative,
  oneOf,
  options,
  positive,
  type SquareMatrix,
  type SquareMatrixInput,
  unitInterval,
  type VectorInput,
  vector,
} from './validate.js';

/** z → W decoders. */
export type SSGFDecoder = 'gramSoftplus' | 'rbf';
/** How ∂U/∂z is computed. */
export type SSGFGradient = 'analytic' | 'finiteDifference';

/** The weights of the cost terms in U_total (each finite, ≥ 0). */
export interface SSGFWeights {
  micro: number;
  c7: number;
  c8: number;
  c9: number;
  c10: number;
  reg: number;
  c4: number;
  pgbo: number;
}

export const DEFAULT_SSGF_WEIGHTS: Readonly<SSGFWeights> = Object.freeze({
  micro: 1,
  c7: 0.5,
  c8: 0.3,
  c9: 0.2,
  c10: 0.4,
  reg: 0.1,
  c4: 0.3,
  pgbo: 0.05,
});

/** Options of `SSGFEngine`. */
export interface SSGFOptions {
  /** Natural frequencies (length n ≥ 2). Default: the reference's 16. */
  omega?: VectorInput;
  /** Coupling K (n×n, finite). Default: the reference's 16×16 (then omega must have length 16). */
  knm?: SquareMatrixInput;
  /** Default 'gramSoftplus': W_ij = softplus(z_k) for the k-th pair i < j; z has n(n−1)/2 entries. */
  decoder?: SSGFDecoder;
  /** RBF: W_ij = exp(−‖z_i − z_j‖²/(2σ²)); σ > 0. Default 1. */
  rbfSigma?: number;
  /** RBF: dimension d of each node's point; z has n·d entries (integer ≥ 1). Default ⌊(n−1)/2⌋ or 1. */
  rbfDim?: number;
  /** Micro steps per outer step (integer ≥ 1). Default 10. */
  nMicro?: number;
  /** Micro time step (> 0). Default 0.001. */
  dtMicro?: number;
  /** Outer time step (> 0), used by PGBO differencing and L16. Default 0.01. */
  dtOuter?: number;
  /** Learning rate of z (≥ 0). Default 0.01. */
  lrZ?: number;
  /** Gain σ_g of the geometry coupling W in the micro-cycle. Default 0.1. */
  sigmaG?: number;
  /** ν ≥ 0: micro noise, ν·√dtMicro·ξ per step. Default 0.02. */
  noiseAmp?: number;
  /** F of the F·cos θ drift term. Default 0.05. */
  fieldPressure?: number;
  /** Cost weights; missing ones take `DEFAULT_SSGF_WEIGHTS`. */
  weights?: Partial<SSGFWeights>;
  plvThreshold?: number;
  plvWindow?: number;
  hRecWindow?: number;
  /** Central-difference step of the finite-difference gradient (> 0). Default 1e-5. */
  fdEps?: number;
  /** Default 'analytic' (eigen-free terms only; see the docs). */
  gradient?: SSGFGradient;
  /** PRNG seed: z and θ are drawn first, then the micro noise. Omit for a crypto-drawn seed. */
  seed?: PhysicsSeed;
  pgboEnabled?: boolean;
  pgboAlpha?: number;
  pgboKappa?: number;
  /** Weight of the PGBO tensor h in the micro-cycle coupling. Default 0.1. */
  pgboWeight?: number;
  pgboUCap?: number;
  pgboTraceless?: boolean;
  /** Nodes on one side of the boundary of C10 (length n). Default: none (C10 = 0). */
  protectedMask?: readonly boolean[];
  /** Target eigenvector matrix Φ (n×n). Default: the identity. */
  phiTarget?: SquareMatrixInput;
  /** The node whose phase C8 compares with the circular mean. Default 7. */
  c8Index?: number;
  /** The node whose mean connectivity C9 pulls towards 1. Default 8. */
  c9Index?: number;
  /** The two nodes whose |cos(θ_i − θ_j)| feeds the L16 PLV gate. Default [6, 8]. */
  plvPair?: readonly [number, number];
  /** TCBO target of C4 and threshold of the TCBO gate, in [0, 1]. Default 0.72. */
  tcboThreshold?: number;
}

/** The cost terms of one outer step. */
export interface SSGFCosts {
  /** 1 − R(θ). */
  cMicro: number;
  /** min(‖v₁ − φ₁‖², ‖v₁ + φ₁‖²): Fiedler vector against column 1 of Φ, up to sign. */
  c7: number;
  /** sin²(θ_c8 − ψ)/max(λ₁, 1e-12), ψ the circular mean. */
  c8: number;
  /** (Σ_j W[c9, j]/n − 1)². */
  c9: number;
  /** Mean W_ij² over ordered pairs across the protected mask's boundary; 0 without one. */
  c10: number;
  /** 0.01·‖W‖_F² + 0.1/(λ₁ + 1e-8). */
  rGraph: number;
  /** max(0, tcboThreshold − p)². */
  c4: number;
  /** 0.01·‖h‖_F². */
  cPgbo: number;
  /** Σ weight·term. */
  uTotal: number;
}

/** What one outer step reports. */
export interface SSGFStepLog {
  step: number;
  costs: SSGFCosts;
  rGlobal: number;
  fiedlerValue: number;
  fiedlerGap: number;
  fiedlerRatio: number;
  eigenSweeps: number;
  eigenConverged: boolean;
  hRec: number;
  l16GateOpen: boolean;
  refusal: boolean;
  /** lrZ scale applied this step (L16's refusal factor, or 1). */
  lrScale: number;
  gradNorm: number;
  /** W symmetric, ≥ 0, zero diagonal (always true by construction; checked, not assumed). */
  wValid: boolean;
  /** Eigenvalues ascending (checked). */
  eigvalOrdered: boolean;
  pgboUNorm: number;
  pgboHFrob: number;
  pgboKappa: number;
  tcboP: number;
  tcboGateOpen: boolean;
}

const OPTION_KEYS = [
  'omega',
  'knm',
  'decoder',
  'rbfSigma',
  'rbfDim',
  'nMicro',
  'dtMicro',
  'dtOuter',
  'lrZ',
  'sigmaG',
  'noiseAmp',
  'fieldPressure',
  'weights',
  'plvThreshold',
  'plvWindow',
  'hRecWindow',
  'fdEps',
  'gradient',
  'seed',
  'pgboEnabled',
  'pgboAlpha',
  'pgboKappa',
  'pgboWeight',
  'pgboUCap',
  'pgboTraceless',
  'protectedMask',
  'phiTarget',
  'c8Index',
  'c9Index',
  'plvPair',
  'tcboThreshold',
] as const;

const WEIGHT_KEYS = ['micro', 'c7', 'c8', 'c9', 'c10', 'reg', 'c4', 'pgbo'] as const;

/** Everything the cost function reads. */
export interface SSGFCostInput {
  theta: Float64Array;
  w: Float64Array;
  n: number;
  eigvals: Float64Array;
  eigvecs: Float64Array;
  phiTarget: Float64Array;
  mask: readonly boolean[] | null;
  weights: SSGFWeights;
  tcboP: number;
  tcboThreshold: number;
  h: Float64Array | null;
  c8Index: number;
  c9Index: number;
}

/**
 * A graph-weight learner around a Kuramoto micro-cycle. Latent z decodes to a symmetric,
 * non-negative, zero-diagonal W; each outer step runs nMicro noisy Kuramoto steps coupled through
 * K + σ_g·W + w_pgbo·h, takes the spectrum of W's normalised Laplacian, evaluates the cost terms
 * and moves z down the gradient of U_total. With the analytic gradient z depends on θ only through
 * the L16 refusal factor, so the "geometry learning" is regularisation of W (weight decay and a
 * row-mean target), not learning from the phases; docs/physics.md says so at length.
 */
export class SSGFEngine {
  readonly n: number;
  readonly decoder: SSGFDecoder;
  readonly gradient: SSGFGradient;
  private readonly cfg: {
    rbfSigma: number;
    rbfDim: number;
    nMicro: number;
    dtMicro: number;
    dtOuter: number;
    lrZ: number;
    sigmaG: number;
    noiseAmp: number;
    fieldPressure: number;
    fdEps: number;
    pgboWeight: number;
    c8Index: number;
    c9Index: number;
    plvI: number;
    plvJ: number;
    tcboThreshold: number;
  };
  private readonly weights: SSGFWeights;
  private readonly omega: Float64Array;
  private readonly k: Float64Array;
  private readonly phiTarget: Float64Array;
  private readonly mask: boolean[] | null;
  private readonly rng: PhysicsRng;
  private readonly l16: L16Controller;
  private readonly pgbo: PGBOEngine | null;
  private z: Float64Array;
  private theta: Float64Array;
  private prevVectors: Float64Array | null = null;
  private spectrum: LaplacianSpectrum;
  private steps = 0;
  private p = 0;

  constructor(opts?: SSGFOptions) {
    const o = options<SSGFOptions>('options', opts);
    knownKeys('options', o, OPTION_KEYS);
    this.omega = o.omega === undefined ? defaultOmega() : vector('omega', o.omega);
    const n = this.omega.length;
    if (n < 2) throw new PhysicsError('omega.length', n, 'must be ≥ 2');
    this.n = n;
    if (o.knm === undefined && n !== 16) {
      throw new PhysicsError('knm', undefined, `is required when omega has length ${n} ≠ 16`);
    }
    this.k = o.knm === undefined ? defaultKnm().data : matrix('knm', o.knm, n).data;
    this.decoder = oneOf('decoder', o.decoder ?? 'gramSoftplus', ['gramSoftplus', 'rbf'] as const);
    this.gradient = oneOf('gradient', o.gradient ?? 'analytic', [
      'analytic',
      'finiteDifference',
    ] as const);
    const index = (field: string, value: unknown, fallback: number): number => {
      const v = integer(field, value ?? fallback, 0);
      if (v >= n) throw new PhysicsError(field, v, `must be < n = ${n}`);
      return v;
    };
    const pair = o.plvPair ?? [6, 8];
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new PhysicsError('plvPair', pair, 'must be a pair of node indices');
    }
    this.cfg = {
      rbfSigma: positive('rbfSigma', o.rbfSigma ?? 1),
      rbfDim: integer('rbfDim', o.rbfDim ?? Math.max(1, Math.floor((n - 1) / 2)), 1),
      nMicro: integer('nMicro', o.nMicro ?? 10, 1),
      dtMicro: positive('dtMicro', o.dtMicro ?? 0.001),
      dtOuter: positive('dtOuter', o.dtOuter ?? 0.01),
      lrZ: nonNegative('lrZ', o.lrZ ?? 0.01),
      sigmaG: finite('sigmaG', o.sigmaG ?? 0.1),
      noiseAmp: nonNegative('noiseAmp', o.noiseAmp ?? 0.02),
      fieldPressure: finite('fieldPressure', o.fieldPressure ?? 0.05),
      fdEps: positive('fdEps', o.fdEps ?? 1e-5),
      pgboWeight: finite('pgboWeight', o.pgboWeight ?? 0.1),
      c8Index: index('c8Index', o.c8Index, 7),
      c9Index: index('c9Index', o.c9Index, 8),
      plvI: index('plvPair[0]', pair[0], 6),
      plvJ: index('plvPair[1]', pair[1], 8),
      tcboThreshold: unitInterval('tcboThreshold', o.tcboThreshold ?? 0.72),
    };
    const wIn = options<Partial<SSGFWeights>>('weights', o.weights);
    knownKeys('weights', wIn, WEIGHT_KEYS);
    const weights = { ...DEFAULT_SSGF_WEIGHTS };
    for (const key of WEIGHT_KEYS) {
      weights[key] = nonNegative(`weights.${key}`, wIn[key] ?? DEFAULT_SSGF_WEIGHTS[key]);
    }
    this.weights = weights;
    if (o.protectedMask === undefined) this.mask = null;
    else {
      if (!Array.isArray(o.protectedMask) || o.protectedMask.length !== n) {
        throw new PhysicsError(
          'protectedMask',
          o.protectedMask,
          `must be an array of ${n} booleans`,
        );
      }
      this.mask = o.protectedMask.map((b, i) => boolean(`protectedMask[${i}]`, b));
    }
    if (o.phiTarget === undefined) {
      this.phiTarget = new Float64Array(n * n);
      for (let i = 0; i < n; i++) this.phiTarget[i * n + i] = 1;
    } else this.phiTarget = matrix('phiTarget', o.phiTarget, n).data;
    const pgboEnabled = boolean('pgboEnabled', o.pgboEnabled ?? true);
    this.l16 = new L16Controller({
      n,
      plvThreshold: o.plvThreshold ?? 0.6,
      plvWindow: o.plvWindow ?? 10,
      hRecWindow: o.hRecWindow ?? 5,
      tcboTarget: this.cfg.tcboThreshold,
    });
    this.pgbo = pgboEnabled
      ? new PGBOEngine({
          n,
          alpha: o.pgboAlpha ?? 0.5,
          kappa: o.pgboKappa ?? 0.3,
          uCap: o.pgboUCap ?? 10,
          traceless: o.pgboTraceless ?? false,
        })
      : null;
    this.rng = new PhysicsRng(o.seed);
    const zLen = this.decoder === 'rbf' ? n * this.cfg.rbfDim : (n * (n - 1)) / 2;
    this.z = new Float64Array(zLen);
    for (let i = 0; i < zLen; i++) this.z[i] = this.rng.nextFloat() - 0.5;
    this.theta = new Float64Array(n);
    for (let i = 0; i < n; i++) this.theta[i] = this.rng.nextFloat() * TAU;
    this.spectrum = this.refreshSpectrum(this.decode(this.z));
  }

  get seed(): bigint {
    return this.rng.seed;
  }

  get stepCount(): number {
    return this.steps;
  }

  /** The TCBO probability the next steps use (C4 and the gate); set it from a TCBOObserver. */
  get tcboP(): number {
    return this.p;
  }

  setTcboP(p: number): void {
    this.p = unitInterval('p', p);
  }

  rGlobal(): number {
    return orderParameter(this.theta);
  }

  getTheta(): Float64Array {
    return this.theta.slice();
  }

  getZ(): Float64Array {
    return this.z.slice();
  }

  /** Replaces z (its length depends on the decoder) and recomputes the spectrum. */
  setZ(z: VectorInput): void {
    const next = vector('z', z, this.z.length);
    this.z = next;
    this.spectrum = this.refreshSpectrum(this.decode(next));
  }

  /** W decoded from the current z. */
  getW(): SquareMatrix {
    return { n: this.n, data: this.decode(this.z) };
  }

  /** The spectrum of the last step (or of the initial W). */
  getSpectrum(): LaplacianSpectrum {
    const s = this.spectrum;
    return { ...s, values: s.values.slice(), vectors: { n: this.n, data: s.vectors.data.slice() } };
  }

  /** `k` outer steps; returns their logs (the engine keeps none, so memory stays flat). */
  run(k: number): SSGFStepLog[] {
    const count = integer('k', k, 0);
    const logs: SSGFStepLog[] = [];
    for (let i = 0; i < count; i++) logs.push(this.outerStep());
    return logs;
  }

  /**
   * One outer step. It throws only when extreme options make the numbers overflow (a phase or a
   * cost turns non-finite); the engine should then be discarded.
   */
  outerStep(): SSGFStepLog {
    const n = this.n;
    const cfg = this.cfg;
    const w = this.decode(this.z);
    const wValid = isValidWeights(w, n);
    let h: Float64Array | null = null;
    let uNorm = 0;
    let hFrob = 0;
    if (this.pgbo !== null) {
      const res = this.pgbo.compute(this.theta, cfg.dtOuter);
      h = res.h.data;
      uNorm = res.uNorm;
      hFrob = res.hFrob;
    }
    this.microCycle(w, h);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(this.theta[i]!)) {
        throw new PhysicsError(
          `theta[${i}]`,
          this.theta[i],
          'became non-finite: the micro-cycle overflowed (reduce omega, knm or the gains)',
        );
      }
    }
    const r = orderParameter(this.theta);
    const spec = this.refreshSpectrum(w);
    this.spectrum = spec;
    let ordered = true;
    for (let i = 0; i + 1 < n; i++)
      if (!(spec.values[i]! <= spec.values[i + 1]! + 1e-10)) ordered = false;
    const costs = ssgfCosts(this.costInput(this.theta, w, spec, h));
    const plv = Math.abs(Math.cos(this.theta[cfg.plvI]! - this.theta[cfg.plvJ]!));
    const l16 = this.l16.step({
      rGlobal: r,
      plv,
      c7: costs.c7,
      c8: costs.c8,
      c10: costs.c10,
      tcboP: this.p,
      hFrob,
      dt: cfg.dtOuter,
      eigvecs: spec.vectors,
      phiTarget: { n, data: this.phiTarget },
    });
    // The reference applied the previous step's refusal factor; this step's is used here.
    const grad = this.gradient === 'analytic' ? this.analyticGradient(w) : this.fdGradient(h);
    let g2 = 0;
    const lr = cfg.lrZ * l16.lrZScale;
    for (let i = 0; i < this.z.length; i++) {
      g2 += grad[i]! * grad[i]!;
      this.z[i] = this.z[i]! - lr * grad[i]!;
    }
    if (this.pgbo !== null && !l16.refusal) {
      const kappa = this.pgbo.kappa * (0.9 + 0.2 * r);
      this.pgbo.setKappa(kappa < 0 ? 0 : Math.min(kappa, 5));
    }
    const log: SSGFStepLog = {
      step: this.steps,
      costs,
      rGlobal: r,
      fiedlerValue: spec.fiedlerValue,
      fiedlerGap: spec.fiedlerGap,
      fiedlerRatio: spec.fiedlerRatio,
      eigenSweeps: spec.sweeps,
      eigenConverged: spec.converged,
      hRec: l16.hRec,
      l16GateOpen: l16.gateOpen,
      refusal: l16.refusal,
      lrScale: l16.lrZScale,
      gradNorm: Math.sqrt(g2),
      wValid,
      eigvalOrdered: ordered,
      pgboUNorm: uNorm,
      pgboHFrob: hFrob,
      pgboKappa: this.pgbo?.kappa ?? 0,
      tcboP: this.p,
      tcboGateOpen: this.p > cfg.tcboThreshold,
    };
    this.steps += 1;
    return log;
  }

  /** ∂U/∂z of the eigen-free, W-dependent terms (C9, C10, the Frobenius part of R_graph). */
  analyticGradient(w?: Float64Array): Float64Array {
    const n = this.n;
    const wm = w ?? this.decode(this.z);
    const g = weightGradient(wm, n, this.weights, this.mask, this.cfg.c9Index);
    const grad = new Float64Array(this.z.length);
    if (this.decoder === 'gramSoftplus') {
      let k = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          grad[k] = (g[i * n + j]! + g[j * n + i]!) * sigmoid(this.z[k]!);
          k += 1;
        }
      }
    } else {
      const d = this.cfg.rbfDim;
      const s2 = this.cfg.rbfSigma * this.cfg.rbfSigma;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const coef = ((g[i * n + j]! + g[j * n + i]!) * wm[i * n + j]!) / s2;
          for (let c = 0; c < d; c++) {
            const diff = this.z[j * d + c]! - this.z[i * d + c]!;
            grad[i * d + c] = grad[i * d + c]! + coef * diff;
            grad[j * d + c] = grad[j * d + c]! - coef * diff;
          }
        }
      }
    }
    return grad;
  }

  /**
   * Central differences of the full U_total (eigen terms included) in every component of z, with
   * θ, p and h frozen: 2·len(z) eigen-decompositions.
   */
  fdGradient(h: Float64Array | null = null): Float64Array {
    const eps = this.cfg.fdEps;
    const grad = new Float64Array(this.z.length);
    const zz = this.z.slice();
    const u = (): number => {
      const w = this.decode(zz);
      const spec = laplacianSpectrum(w, this.n, null);
      return ssgfCosts(this.costInput(this.theta, w, spec, h)).uTotal;
    };
    for (let i = 0; i < zz.length; i++) {
      const z0 = zz[i]!;
      zz[i] = z0 + eps;
      const up = u();
      zz[i] = z0 - eps;
      const down = u();
      zz[i] = z0;
      grad[i] = (up - down) / (2 * eps);
    }
    return grad;
  }

  /** U_total and its terms at the current state (θ, z, p, PGBO h). */
  costs(): SSGFCosts {
    const w = this.decode(this.z);
    const h = this.pgbo === null ? null : this.pgbo.result().h.data;
    return ssgfCosts(this.costInput(this.theta, w, this.spectrum, h));
  }

  private costInput(
    theta: Float64Array,
    w: Float64Array,
    spec: LaplacianSpectrum,
    h: Float64Array | null,
  ): SSGFCostInput {
    return {
      theta,
      w,
      n: this.n,
      eigvals: spec.values,
      eigvecs: spec.vectors.data,
      phiTarget: this.phiTarget,
      mask: this.mask,
      weights: this.weights,
      tcboP: this.p,
      tcboThreshold: this.cfg.tcboThreshold,
      h,
      c8Index: this.cfg.c8Index,
      c9Index: this.cfg.c9Index,
    };
  }

  private decode(z: Float64Array): Float64Array {
    return this.decoder === 'rbf'
      ? rbfWeights(z, this.n, this.cfg.rbfDim, this.cfg.rbfSigma)
      : gramSoftplusWeights(z, this.n);
  }

  private refreshSpectrum(w: Float64Array): LaplacianSpectrum {
    const spec = laplacianSpectrum(w, this.n, this.prevVectors);
    this.prevVectors = spec.vectors.data.slice();
    return spec;
  }

  /** nMicro Euler–Maruyama Kuramoto steps coupled through C = K + σ_g·W + w_pgbo·h (zero diagonal). */
  private microCycle(w: Float64Array, h: Float64Array | null): void {
    const n = this.n;
    const cfg = this.cfg;
    const c = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        let v = this.k[i * n + j]! + cfg.sigmaG * w[i * n + j]!;
        if (h !== null) v += cfg.pgboWeight * h[i * n + j]!;
        c[i * n + j] = v;
      }
    }
    const sinT = new Float64Array(n);
    const cosT = new Float64Array(n);
    const drift = new Float64Array(n);
    const theta = this.theta;
    const dt = cfg.dtMicro;
    const scale = cfg.noiseAmp * Math.sqrt(dt);
    for (let step = 0; step < cfg.nMicro; step++) {
      for (let i = 0; i < n; i++) sinCosInto(theta[i]!, sinT, cosT, i);
      for (let i = 0; i < n; i++) {
        let sumSin = 0;
        let sumCos = 0;
        for (let j = 0; j < n; j++) {
          sumSin += c[i * n + j]! * sinT[j]!;
          sumCos += c[i * n + j]! * cosT[j]!;
        }
        drift[i] =
          this.omega[i]! + (cosT[i]! * sumSin - sinT[i]! * sumCos) + cfg.fieldPressure * cosT[i]!;
      }
      if (scale > 0) {
        for (let i = 0; i < n; i++) {
          theta[i] = wrapPhase(theta[i]! + drift[i]! * dt + scale * this.rng.nextGaussian());
        }
      } else {
        for (let i = 0; i < n; i++) theta[i] = wrapPhase(theta[i]! + drift[i]! * dt);
      }
    }
  }
}

/** W_ij = W_ji = softplus(z_k) for the k-th pair i < j in row-major pair order; zero diagonal. */
export function gramSoftplusWeights(z: Float64Array, n: number): Float64Array {
  const w = new Float64Array(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = softplus(z[k]!);
      w[i * n + j] = v;
      w[j * n + i] = v;
      k += 1;
    }
  }
  return w;
}

/** W_ij = exp(−‖z_i − z_j‖²/(2σ²)) for i ≠ j, z read as n points of dimension d; zero diagonal. */
export function rbfWeights(z: Float64Array, n: number, d: number, sigma: number): Float64Array {
  const w = new Float64Array(n * n);
  const s2 = 2 * sigma * sigma;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dist2 = 0;
      for (let c = 0; c < d; c++) {
        const x = z[i * d + c]! - z[j * d + c]!;
        dist2 += x * x;
      }
      const v = Math.exp(-dist2 / s2);
      w[i * n + j] = v;
      w[j * n + i] = v;
    }
  }
  return w;
}

/** Checked decoders for users: z length n(n−1)/2 (gram) or n·d (rbf). */
export function decodeWeights(
  z: VectorInput,
  n: number,
  opts?: { decoder?: SSGFDecoder; rbfDim?: number; rbfSigma?: number },
): SquareMatrix {
  integer('n', n, 1);
  const o = options<{ decoder?: SSGFDecoder; rbfDim?: number; rbfSigma?: number }>('options', opts);
  knownKeys('options', o, ['decoder', 'rbfDim', 'rbfSigma']);
  const decoder = oneOf('decoder', o.decoder ?? 'gramSoftplus', ['gramSoftplus', 'rbf'] as const);
  if (decoder === 'rbf') {
    const d = integer('rbfDim', o.rbfDim ?? Math.max(1, Math.floor((n - 1) / 2)), 1);
    const sigma = positive('rbfSigma', o.rbfSigma ?? 1);
    return { n, data: rbfWeights(vector('z', z, n * d), n, d, sigma) };
  }
  return { n, data: gramSoftplusWeights(vector('z', z, (n * (n - 1)) / 2), n) };
}

/** W symmetric (to 1e-12), no entry below −1e-12, diagonal within 1e-12 of 0. */
export function isValidWeights(w: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    if (Math.abs(w[i * n + i]!) > 1e-12) return false;
    for (let j = 0; j < n; j++) {
      if (w[i * n + j]! < -1e-12 || !Number.isFinite(w[i * n + j]!)) return false;
      if (Math.abs(w[i * n + j]! - w[j * n + i]!) > 1e-12) return false;
    }
  }
  return true;
}

/** ∂U/∂W of the eigen-free terms, with W_ij and W_ji as separate variables. */
export function weightGradient(
  w: Float64Array,
  n: number,
  weights: SSGFWeights,
  mask: readonly boolean[] | null,
  c9Index: number,
): Float64Array {
  const g = new Float64Array(n * n);
  if (weights.c9 !== 0) {
    let row = 0;
    for (let j = 0; j < n; j++) row += w[c9Index * n + j]!;
    // C9 depends on row c9Index only: ∂/∂W[r, j] = 2(m − 1)/n, counted once (the reference also
    // added it at W[j, r], doubling the gradient).
    const coef = (weights.c9 * 2 * (row / n - 1)) / n;
    for (let j = 0; j < n; j++) if (j !== c9Index) g[c9Index * n + j] = g[c9Index * n + j]! + coef;
  }
  if (weights.c10 !== 0 && mask !== null) {
    let count = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (mask[i] !== mask[j]) count += 1;
    if (count > 0) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (mask[i] !== mask[j])
            g[i * n + j] = g[i * n + j]! + (weights.c10 * 2 * w[i * n + j]!) / count;
        }
      }
    }
  }
  if (weights.reg !== 0) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++)
        if (i !== j) g[i * n + j] = g[i * n + j]! + weights.reg * 0.02 * w[i * n + j]!;
    }
  }
  return g;
}

/** The eight cost terms and U_total. */
export function ssgfCosts(input: SSGFCostInput): SSGFCosts {
  const { theta, w, n, eigvals, eigvecs, phiTarget, mask, weights, h } = input;
  const cMicro = theta.length === 0 ? 1 : 1 - orderParameter(theta);
  let c7 = 0;
  if (n >= 2) {
    const v = new Float64Array(n);
    const t = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      v[r] = eigvecs[r * n + 1]!;
      t[r] = phiTarget[r * n + 1]!;
    }
    c7 = columnDistance(v, t);
  }
  let c8 = 0;
  if (eigvals.length >= 2 && input.c8Index < n) {
    const psi = circularMean(theta);
    const s = Math.sin(theta[input.c8Index]! - psi);
    c8 = (s * s) / Math.max(eigvals[1]!, 1e-12);
  }
  let c9 = 0;
  if (input.c9Index < n) {
    let row = 0;
    for (let j = 0; j < n; j++) row += w[input.c9Index * n + j]!;
    const d = row / n - 1;
    c9 = d * d;
  }
  let c10 = 0;
  if (mask !== null) {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (mask[i] !== mask[j]) {
          sum += w[i * n + j]! * w[i * n + j]!;
          count += 1;
        }
      }
    }
    c10 = count > 0 ? sum / count : 0;
  }
  let frob2 = 0;
  for (let i = 0; i < n * n; i++) frob2 += w[i]! * w[i]!;
  const rGraph = 0.01 * frob2 + (eigvals.length >= 2 ? 0.1 / (eigvals[1]! + 1e-8) : 0.1);
  const deficit = Math.max(0, input.tcboThreshold - input.tcboP);
  const c4 = deficit * deficit;
  let cPgbo = 0;
  if (h !== null) {
    for (let i = 0; i < h.length; i++) cPgbo += h[i]! * h[i]!;
    cPgbo *= 0.01;
  }
  const uTotal =
    weights.micro * cMicro +
    weights.c7 * c7 +
    weights.c8 * c8 +
    weights.c9 * c9 +
    weights.c10 * c10 +
    weights.reg * rGraph +
    weights.c4 * c4 +
    weights.pgbo * cPgbo;
  return { cMicro, c7, c8, c9, c10, rGraph, c4, cPgbo, uTotal };
}

/** min(‖v − t‖², ‖v + t‖²): an eigenvector's sign is arbitrary, so both signs are compared. */
function columnDistance(v: Float64Array, t: Float64Array): number {
  let minus = 0;
  let plus = 0;
  for (let r = 0; r < v.length; r++) {
    minus += (v[r]! - t[r]!) * (v[r]! - t[r]!);
    plus += (v[r]! + t[r]!) * (v[r]! + t[r]!);
  }
  return Math.min(minus, plus);
}
