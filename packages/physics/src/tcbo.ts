import { PhysicsError } from './errors.js';
import { PIController } from './pi.js';
import {
  finite,
  integer,
  knownKeys,
  nonNegative,
  oneOf,
  options,
  positive,
  type VectorInput,
  vector,
} from './validate.js';

/** How each phase channel enters the delay embedding. */
export type TCBOEmbedding = 'circle' | 'angle';

/** Options of `TCBOObserver`. */
export interface TCBOObserverOptions {
  /** Channels per pushed vector (≥ 1). Default 16. */
  n?: number;
  /** Gate threshold τ on the probability, in (0, 1). Default 0.72. */
  threshold?: number;
  /** β > 0, slope of the logistic map from spread index to probability. Default 8. */
  beta?: number;
  /** s₀, the spread index at which the probability is 0.5. Default 0. */
  s0?: number;
  /** Points in the cloud (integer ≥ 3). Default 50. */
  windowSize?: number;
  /** Delay-embedding dimension m (integer ≥ 1). Default 3. */
  embedDim?: number;
  /** Delay τ_d in samples (integer ≥ 1). Default 1. */
  tauDelay?: number;
  /** Spread indices ≤ this read as 0 (≥ 0). Default 0.05. */
  spreadFloor?: number;
  /** `compute(false)` recomputes only every Nth call (integer ≥ 1). Default 1. */
  computeEveryN?: number;
  /**
   * `circle` (default): each phase becomes (cos θ, sin θ), so a wrap from 2π to 0 is no jump.
   * `angle`: raw values, as the reference did (use for non-phase signals).
   */
  embedding?: TCBOEmbedding;
}

/** The observer's state after a compute. */
export interface TCBOState {
  /** 0.7·σ_r (σ_r: population std of the points' distances to their centroid), floored to 0. */
  spreadIndex: number;
  /** 1/(1 + e^(−β(spreadIndex − s₀))); 0 before enough samples arrived. */
  probability: number;
  /** probability > threshold. */
  gateOpen: boolean;
  /** max(0, threshold − probability). */
  deficit: number;
  threshold: number;
  bufferSize: number;
}

const OBSERVER_KEYS = [
  'n',
  'threshold',
  'beta',
  's0',
  'windowSize',
  'embedDim',
  'tauDelay',
  'spreadFloor',
  'computeEveryN',
  'embedding',
] as const;

/**
 * A radial-spread index of a delay-embedded window of phase vectors, mapped to (0, 1) by a
 * logistic. The reference called this "H1 persistence" and its gate "consciousness"; it is neither
 * topology nor anything else: it measures how unevenly the points of the cloud sit around their
 * centroid (a perfect circle scores 0). Its use is as a cheap, deterministic dispersion signal.
 */
export class TCBOObserver {
  readonly n: number;
  readonly threshold: number;
  readonly beta: number;
  readonly s0: number;
  readonly windowSize: number;
  readonly embedDim: number;
  readonly tauDelay: number;
  readonly spreadFloor: number;
  readonly computeEveryN: number;
  readonly embedding: TCBOEmbedding;
  private buffer: Float64Array[] = [];
  private calls = 0;
  private spread = 0;
  private p = 0;

  constructor(opts?: TCBOObserverOptions) {
    const o = options<TCBOObserverOptions>('options', opts);
    knownKeys('options', o, OBSERVER_KEYS);
    this.n = integer('n', o.n ?? 16, 1);
    this.threshold = finite('threshold', o.threshold ?? 0.72);
    if (!(this.threshold > 0 && this.threshold < 1)) {
      throw new PhysicsError('threshold', this.threshold, 'must be in (0, 1)');
    }
    this.beta = positive('beta', o.beta ?? 8);
    this.s0 = finite('s0', o.s0 ?? 0);
    this.windowSize = integer('windowSize', o.windowSize ?? 50, 3);
    this.embedDim = integer('embedDim', o.embedDim ?? 3, 1);
    this.tauDelay = integer('tauDelay', o.tauDelay ?? 1, 1);
    this.spreadFloor = nonNegative('spreadFloor', o.spreadFloor ?? 0.05);
    this.computeEveryN = integer('computeEveryN', o.computeEveryN ?? 1, 1);
    this.embedding = oneOf('embedding', o.embedding ?? 'circle', ['circle', 'angle'] as const);
  }

  /** Samples needed before a compute produces a value: (m − 1)·τ_d + windowSize. */
  get samplesNeeded(): number {
    return (this.embedDim - 1) * this.tauDelay + this.windowSize;
  }

  /** Appends one phase vector (length n, finite); only the last `samplesNeeded` are kept. */
  push(theta: VectorInput): void {
    const v = vector('theta', theta, this.n);
    // Distances between points of the cloud must not overflow.
    for (let i = 0; i < v.length; i++) {
      if (Math.abs(v[i]!) > 1e100)
        throw new PhysicsError(`theta[${i}]`, v[i], 'must be within ±1e100');
    }
    this.buffer.push(v);
    if (this.buffer.length > this.samplesNeeded) this.buffer.shift();
  }

  /**
   * Recomputes the statistic (with `force`, or on every `computeEveryN`-th call) once enough samples
   * arrived; otherwise returns the cached state.
   */
  compute(force = true): TCBOState {
    this.calls += 1;
    if (
      (force || this.calls % this.computeEveryN === 0) &&
      this.buffer.length >= this.samplesNeeded
    ) {
      const cloud = this.embedCloud();
      const s = radialSpreadIndex(cloud.points, cloud.dim);
      this.spread = s > this.spreadFloor ? s : 0;
      this.p = logisticProbability(this.spread, this.s0, this.beta);
    }
    return this.state();
  }

  pushAndCompute(theta: VectorInput, force = true): TCBOState {
    this.push(theta);
    return this.compute(force);
  }

  state(): TCBOState {
    return {
      spreadIndex: this.spread,
      probability: this.p,
      gateOpen: this.p > this.threshold,
      deficit: Math.max(0, this.threshold - this.p),
      threshold: this.threshold,
      bufferSize: this.buffer.length,
    };
  }

  reset(): void {
    this.buffer = [];
    this.calls = 0;
    this.spread = 0;
    this.p = 0;
  }

  /** The last windowSize delay vectors, channel-major: channel c contributes m (or 2m) columns. */
  private embedCloud(): { points: Float64Array; dim: number } {
    const m = this.embedDim;
    const tau = this.tauDelay;
    const perChannel = this.embedding === 'circle' ? 2 : 1;
    const dim = this.n * perChannel * m;
    const rows = this.windowSize;
    const points = new Float64Array(rows * dim);
    const offset = this.buffer.length - rows; // buffer holds exactly samplesNeeded
    for (let r = 0; r < rows; r++) {
      const t = offset + r;
      let col = 0;
      for (let c = 0; c < this.n; c++) {
        for (let part = 0; part < perChannel; part++) {
          for (let lag = 0; lag < m; lag++) {
            const x = this.buffer[t - lag * tau]![c]!;
            points[r * dim + col] =
              this.embedding === 'angle' ? x : part === 0 ? Math.cos(x) : Math.sin(x);
            col += 1;
          }
        }
      }
    }
    return { points, dim };
  }
}

/** 0.7 × the population standard deviation of the points' Euclidean distances to their centroid. */
export function radialSpreadIndex(points: Float64Array, dim: number): number {
  const count = points.length / dim;
  if (count === 0) return 0;
  const centroid = new Float64Array(dim);
  for (let r = 0; r < count; r++)
    for (let d = 0; d < dim; d++) centroid[d]! += points[r * dim + d]!;
  for (let d = 0; d < dim; d++) centroid[d]! /= count;
  const dist = new Float64Array(count);
  let mean = 0;
  for (let r = 0; r < count; r++) {
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const x = points[r * dim + d]! - centroid[d]!;
      s += x * x;
    }
    dist[r] = Math.sqrt(s);
    mean += dist[r]!;
  }
  mean /= count;
  let variance = 0;
  for (let r = 0; r < count; r++) {
    const d = dist[r]! - mean;
    variance += d * d;
  }
  const sigma = Math.sqrt(variance / count);
  return sigma > 1e-12 ? 0.7 * sigma : 0;
}

/** 1/(1 + e^(−β(s − s₀))), the exponent clamped to ±500 so it never overflows. */
export function logisticProbability(s: number, s0: number, beta: number): number {
  const x = Math.max(-500, Math.min(500, -beta * (s - s0)));
  return 1 / (1 + Math.exp(x));
}

/** The s₀ that maps spread index `s` to probability `p`: s − ln(p/(1 − p))/β. */
export function s0ForThreshold(s: number, p: number, beta: number): number {
  finite('s', s);
  const q = Math.min(1 - 1e-12, Math.max(1e-12, unitIn('p', p)));
  positive('beta', beta);
  return s - Math.log(q / (1 - q)) / beta;
}

function unitIn(field: string, v: number): number {
  const x = finite(field, v);
  if (x < 0 || x > 1) throw new PhysicsError(field, v, 'must be in [0, 1]');
  return x;
}

/**
 * Delay embedding of one series: row r is (x[r + (m−1)τ], x[r + (m−1)τ − τ], …, x[r]), newest lag
 * first. Returns rows × m row-major; empty when (m − 1)·τ ≥ length.
 */
export function delayEmbed(
  x: VectorInput,
  m: number,
  tau: number,
): { rows: number; data: Float64Array } {
  const xs = vector('x', x);
  integer('m', m, 1);
  integer('tau', tau, 1);
  const span = (m - 1) * tau;
  if (span >= xs.length) return { rows: 0, data: new Float64Array(0) };
  const rows = xs.length - span;
  const data = new Float64Array(rows * m);
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < m; k++) data[r * m + k] = xs[r + span - k * tau]!;
  return { rows, data };
}

/** Options of `TCBOController`. */
export interface TCBOControllerOptions {
  /** Gate threshold τ, in (0, 1). Default 0.72. */
  threshold?: number;
  kp?: number;
  ki?: number;
  /** κ at zero error and zero integral. Default 1. */
  kappaBase?: number;
  kappaMin?: number;
  kappaMax?: number;
  /** Bound of |integral|. Default 5. */
  integralLimit?: number;
}

const CONTROLLER_KEYS = [
  'threshold',
  'kp',
  'ki',
  'kappaBase',
  'kappaMin',
  'kappaMax',
  'integralLimit',
] as const;

/**
 * A positional PI that sets a coupling gain κ from the observer's probability p:
 * κ = clamp(κ_base + kp·e + ki·I, κ_min, κ_max), e = threshold − p (signed), I ← clamp(I + e·dt).
 * The reference added kp·e + ki·I to the *current* κ with a deficit-only error, so κ could only
 * ratchet up to its cap; here κ falls back towards κ_base once p exceeds the threshold.
 */
export class TCBOController {
  readonly threshold: number;
  private readonly pi: PIController;
  private lastP: number | null = null;
  private lastKappa: number;

  constructor(opts?: TCBOControllerOptions) {
    const o = options<TCBOControllerOptions>('options', opts);
    knownKeys('options', o, CONTROLLER_KEYS);
    this.threshold = finite('threshold', o.threshold ?? 0.72);
    if (!(this.threshold > 0 && this.threshold < 1)) {
      throw new PhysicsError('threshold', this.threshold, 'must be in (0, 1)');
    }
    const limit = nonNegative('integralLimit', o.integralLimit ?? 5);
    const kappaMin = nonNegative('kappaMin', o.kappaMin ?? 0);
    const kappaMax = finite('kappaMax', o.kappaMax ?? 5);
    if (kappaMax < kappaMin) throw new PhysicsError('kappaMax', kappaMax, 'must be ≥ kappaMin');
    this.pi = new PIController({
      setpoint: this.threshold,
      kp: finite('kp', o.kp ?? 0.8),
      ki: finite('ki', o.ki ?? 0.2),
      bias: finite('kappaBase', o.kappaBase ?? 1),
      integralMin: -limit,
      integralMax: limit,
      outputMin: kappaMin,
      outputMax: kappaMax,
    });
    this.lastKappa = this.pi.bias < kappaMin ? kappaMin : Math.min(this.pi.bias, kappaMax);
  }

  /** One control step with probability p ∈ [0, 1] over dt > 0; returns the new κ. */
  step(p: number, dt: number): number {
    const prob = unitIn('p', p);
    positive('dt', dt);
    this.lastKappa = this.pi.step(prob, dt);
    this.lastP = prob;
    return this.lastKappa;
  }

  get kappa(): number {
    return this.lastKappa;
  }

  get integral(): number {
    return this.pi.integral;
  }

  get lastError(): number {
    return this.pi.lastError;
  }

  /** p (or the last p stepped, false if none) > threshold. */
  isGateOpen(p?: number): boolean {
    const x = p === undefined ? this.lastP : unitIn('p', p);
    return x !== null && x > this.threshold;
  }

  reset(): void {
    this.pi.reset();
    this.lastP = null;
    this.lastKappa = Math.min(this.pi.outputMax, Math.max(this.pi.outputMin, this.pi.bias));
  }
}
