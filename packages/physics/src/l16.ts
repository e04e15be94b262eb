import { PhysicsError } from './errors.js';
import { PIController } from './pi.js';
import {
  finite,
  integer,
  knownKeys,
  matrix,
  nonNegative,
  options,
  positive,
  type SquareMatrixInput,
  unitInterval,
} from './validate.js';

/** Options of `L16Controller`. */
export interface L16Options {
  /** Size of the eigenvector matrices of the full H_rec path. Default 16. */
  n?: number;
  /** The PLV gate opens iff the windowed mean PLV is > this. [0, 1]. Default 0.6. */
  plvThreshold?: number;
  /** PLV samples averaged (integer ≥ 1). Default 10. */
  plvWindow?: number;
  /** w: refusal fires when H_rec rose on each of the last w steps; also the dH/dt window. ≥ 1. Default 5. */
  hRecWindow?: number;
  /** lrZScale while refusing (> 0). Default 0.5. */
  refusalLrFactor?: number;
  /** dThetaScale while refusing (> 0). Default 0.5. */
  refusalDFactor?: number;
  /** tauDScale while refusing (> 0). Default 1.5. */
  refusalTauFactor?: number;
  /** Target of the TCBO probability inside H_rec, [0, 1]. Default 0.72. */
  tcboTarget?: number;
}

/** One `step` input. Costs are ≥ 0; probabilities in [0, 1]; dt > 0. */
export interface L16StepInput {
  /** Kuramoto order parameter R in [0, 1]. */
  rGlobal: number;
  /** A phase-locking sample in [0, 1]. */
  plv: number;
  c7: number;
  c8: number;
  c10: number;
  /** TCBO gate probability in [0, 1]. */
  tcboP: number;
  /** Frobenius norm of the PGBO tensor (≥ 0). */
  hFrob: number;
  dt: number;
  /** With `phiTarget`: eigenvectors (as columns) for the full H_rec path. n×n. */
  eigvecs?: SquareMatrixInput;
  phiTarget?: SquareMatrixInput;
}

/** What `step` returns. */
export interface L16StepResult {
  /** Weights from reverse-acting PIs on c7, c8, c10: a higher cost gives a higher weight. [0.01, 10]. */
  lambda7: number;
  lambda8: number;
  lambda10: number;
  /** Output of a direct-acting PI on R with setpoint 0.5: rises while R < 0.5. [0.01, 10]. */
  nuStar: number;
  /** Windowed mean PLV > plvThreshold. */
  gateOpen: boolean;
  avgPlv: number;
  /** H_rec rose on each of the last hRecWindow steps. */
  refusal: boolean;
  refusalCount: number;
  hRec: number;
  /** Which H_rec formula ran: `full` when both eigvecs and phiTarget were given. */
  hRecMode: 'simplified' | 'full';
  /** Least-squares slope of the last hRecWindow H_rec values per unit time. */
  dhRecDt: number;
  /** dhRecDt ≤ 0 (the reference called this `lyapunov_stable`; it proves nothing of the kind). */
  hRecNonIncreasing: boolean;
  lrZScale: number;
  dThetaScale: number;
  tauDScale: number;
}

const OPTION_KEYS = [
  'n',
  'plvThreshold',
  'plvWindow',
  'hRecWindow',
  'refusalLrFactor',
  'refusalDFactor',
  'refusalTauFactor',
  'tcboTarget',
] as const;

const HISTORY_CAP = 100;

/**
 * A supervisory controller: a recovery potential H_rec, a windowed PLV gate, a "refusal" rule that
 * scales learning rates down while H_rec keeps rising, and four PI loops.
 *
 * H_rec (simplified) = (1 − R) + max(0, target − p);
 * H_rec (full) = Σ_k min(‖v_k − φ_k‖², ‖v_k + φ_k‖²) + (1 − R) + max(0, target − p) + 0.01·hFrob,
 * columns compared up to sign (an eigenvector's sign is arbitrary). The reference's full path also
 * added Var sin θ + Var cos θ, which equals 1 − R² and double-counted the dispersion; dropped.
 */
export class L16Controller {
  readonly n: number;
  readonly plvThreshold: number;
  readonly plvWindow: number;
  readonly hRecWindow: number;
  readonly refusalLrFactor: number;
  readonly refusalDFactor: number;
  readonly refusalTauFactor: number;
  readonly tcboTarget: number;
  private readonly pi7: PIController;
  private readonly pi8: PIController;
  private readonly pi10: PIController;
  private readonly piNu: PIController;
  private plvBuffer: number[] = [];
  private hHistory: number[] = [];
  private refusals = 0;
  private lastResult: L16StepResult | null = null;

  constructor(opts?: L16Options) {
    const o = options<L16Options>('options', opts);
    knownKeys('options', o, OPTION_KEYS);
    this.n = integer('n', o.n ?? 16, 1);
    this.plvThreshold = unitInterval('plvThreshold', o.plvThreshold ?? 0.6);
    this.plvWindow = integer('plvWindow', o.plvWindow ?? 10, 1);
    this.hRecWindow = integer('hRecWindow', o.hRecWindow ?? 5, 1);
    if (this.hRecWindow + 1 > HISTORY_CAP) {
      throw new PhysicsError('hRecWindow', this.hRecWindow, `must be ≤ ${HISTORY_CAP - 1}`);
    }
    this.refusalLrFactor = positive('refusalLrFactor', o.refusalLrFactor ?? 0.5);
    this.refusalDFactor = positive('refusalDFactor', o.refusalDFactor ?? 0.5);
    this.refusalTauFactor = positive('refusalTauFactor', o.refusalTauFactor ?? 1.5);
    this.tcboTarget = unitInterval('tcboTarget', o.tcboTarget ?? 0.72);
    // The reference measured costs with e = 0 − cost ≤ 0, so these three sat at the floor for ever;
    // reverse action (e = cost − 0) makes a higher cost raise its weight, as the names intend.
    const costPi = {
      setpoint: 0,
      kp: 0.3,
      ki: 0.03,
      action: 'reverse',
      outputMin: 0.01,
      outputMax: 10,
    } as const;
    this.pi7 = new PIController(costPi);
    this.pi8 = new PIController(costPi);
    this.pi10 = new PIController(costPi);
    this.piNu = new PIController({
      setpoint: 0.5,
      kp: 0.5,
      ki: 0.05,
      outputMin: 0.01,
      outputMax: 10,
    });
  }

  /** One supervisory step; validates every field before changing any state. */
  step(input: L16StepInput): L16StepResult {
    if (typeof input !== 'object' || input === null) {
      throw new PhysicsError('input', input, 'must be an object');
    }
    const r = unitInterval('rGlobal', input.rGlobal);
    const plv = unitInterval('plv', input.plv);
    const c7 = nonNegative('c7', input.c7);
    const c8 = nonNegative('c8', input.c8);
    const c10 = nonNegative('c10', input.c10);
    const p = unitInterval('tcboP', input.tcboP);
    const hFrob = nonNegative('hFrob', input.hFrob);
    const dt = positive('dt', input.dt);
    let hRec: number;
    let hRecMode: 'simplified' | 'full';
    const deficit = Math.max(0, this.tcboTarget - p);
    if (input.eigvecs !== undefined || input.phiTarget !== undefined) {
      if (input.eigvecs === undefined)
        throw new PhysicsError('eigvecs', undefined, 'is required with phiTarget');
      if (input.phiTarget === undefined)
        throw new PhysicsError('phiTarget', undefined, 'is required with eigvecs');
      const v = matrix('eigvecs', input.eigvecs, this.n).data;
      const phi = matrix('phiTarget', input.phiTarget, this.n).data;
      hRec = signInvariantDistance(v, phi, this.n) + (1 - r) + deficit + 0.01 * hFrob;
      hRecMode = 'full';
    } else {
      hRec = 1 - r + deficit;
      hRecMode = 'simplified';
    }
    finite('hRec', hRec);

    this.hHistory.push(hRec);
    if (this.hHistory.length > HISTORY_CAP) this.hHistory.shift();
    this.plvBuffer.push(plv);
    if (this.plvBuffer.length > this.plvWindow) this.plvBuffer.shift();
    let plvSum = 0;
    for (const x of this.plvBuffer) plvSum += x;
    const avgPlv = plvSum / this.plvBuffer.length;
    const gateOpen = avgPlv > this.plvThreshold;

    const refusal = risingRun(this.hHistory, this.hRecWindow);
    if (refusal) this.refusals += 1;
    const dhRecDt = lsSlope(this.hHistory, this.hRecWindow) / dt;

    const result: L16StepResult = {
      lambda7: this.pi7.step(c7, dt),
      lambda8: this.pi8.step(c8, dt),
      lambda10: this.pi10.step(c10, dt),
      nuStar: this.piNu.step(r, dt),
      gateOpen,
      avgPlv,
      refusal,
      refusalCount: this.refusals,
      hRec,
      hRecMode,
      dhRecDt,
      hRecNonIncreasing: dhRecDt <= 0,
      lrZScale: refusal ? this.refusalLrFactor : 1,
      dThetaScale: refusal ? this.refusalDFactor : 1,
      tauDScale: refusal ? this.refusalTauFactor : 1,
    };
    this.lastResult = result;
    return result;
  }

  /** Whether the PLV gate is open now (false before any sample). */
  plvGateOpen(): boolean {
    if (this.plvBuffer.length === 0) return false;
    let sum = 0;
    for (const x of this.plvBuffer) sum += x;
    return sum / this.plvBuffer.length > this.plvThreshold;
  }

  /** The learning-rate scale of the last step (1 before any step). */
  get lrZScale(): number {
    return this.lastResult?.lrZScale ?? 1;
  }

  /** The last result, or null before the first step. */
  get last(): L16StepResult | null {
    return this.lastResult;
  }

  /** The H_rec history (at most 100 values, oldest first). */
  get hRecHistory(): Float64Array {
    return Float64Array.from(this.hHistory);
  }

  reset(): void {
    this.pi7.reset();
    this.pi8.reset();
    this.pi10.reset();
    this.piNu.reset();
    this.plvBuffer = [];
    this.hHistory = [];
    this.refusals = 0;
    this.lastResult = null;
  }
}

/** Σ over columns k of min(‖v_k − φ_k‖², ‖v_k + φ_k‖²), both n×n row-major. */
export function signInvariantDistance(v: Float64Array, phi: Float64Array, n: number): number {
  let total = 0;
  for (let k = 0; k < n; k++) {
    let minus = 0;
    let plus = 0;
    for (let r = 0; r < n; r++) {
      const a = v[r * n + k]!;
      const b = phi[r * n + k]!;
      minus += (a - b) * (a - b);
      plus += (a + b) * (a + b);
    }
    total += Math.min(minus, plus);
  }
  return total;
}

/** true iff the last w + 1 values exist and each is strictly greater than the one before. */
export function risingRun(history: readonly number[], w: number): boolean {
  if (history.length < w + 1) return false;
  for (let i = history.length - w; i < history.length; i++) {
    if (!(history[i]! > history[i - 1]!)) return false;
  }
  return true;
}

/** Least-squares slope (per index) of the last min(len, w) values; 0 with fewer than 2. */
export function lsSlope(history: readonly number[], w: number): number {
  const m = Math.min(history.length, w);
  if (m < 2) return 0;
  const start = history.length - m;
  const xMean = (m - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < m; i++) yMean += history[start + i]!;
  yMean /= m;
  let num = 0;
  let den = 0;
  for (let i = 0; i < m; i++) {
    const dx = i - xMean;
    num += dx * (history[start + i]! - yMean);
    den += dx * dx;
  }
  return num / den;
}
