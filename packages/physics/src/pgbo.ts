import { PhysicsError } from './errors.js';
import { wrapPi } from './math.js';
import {
  boolean,
  finite,
  integer,
  knownKeys,
  nonNegative,
  options,
  positive,
  type SquareMatrix,
  type VectorInput,
  vector,
} from './validate.js';

/** Options of `PGBOEngine` (and, less `n`, of `phaseGeometryBridge`). */
export interface PGBOOptions {
  /** Dimension D (integer ≥ 1). Default 16. */
  n?: number;
  /** α ≥ 0, gain of the boundary potential in u ← u − α·A. Default 0.5. */
  alpha?: number;
  /** κ ≥ 0, scale of h = κ·u uᵀ. Default 0.3. */
  kappa?: number;
  /** u_cap > 0 of the soft saturation u ← u/(1 + |u|/u_cap), so |u| < u_cap. Default 10. */
  uCap?: number;
  /** Subtract (tr h / D)·I. Then tr h = 0 but h is no longer positive semi-definite. Default false. */
  traceless?: boolean;
}

/** What `compute` returns. */
export interface PGBOResult {
  /** The saturated drive u (length D). */
  u: Float64Array;
  /** h = κ·u uᵀ (minus its trace part when traceless), D×D row-major, symmetric. */
  h: SquareMatrix;
  uNorm: number;
  /** tr h (0 when traceless). */
  hTrace: number;
  /** ‖h‖_F. */
  hFrob: number;
}

const OPTION_KEYS = ['n', 'alpha', 'kappa', 'uCap', 'traceless'] as const;

interface BridgeParams {
  alpha: number;
  kappa: number;
  uCap: number;
  traceless: boolean;
}

/**
 * Phase-velocity outer product. Each `compute(θ, dt)`:
 * u = wrap_π(θ − θ_prev)/dt (0 on the first call) − α·A, saturated to |u| < u_cap, then
 * h = κ·u uᵀ (rank one, symmetric, PSD when not traceless). The name is the reference's; it is an
 * outer product of a phase-velocity vector, not a geometry.
 */
export class PGBOEngine {
  readonly n: number;
  readonly alpha: number;
  readonly uCap: number;
  readonly traceless: boolean;
  private kappaValue: number;
  private a: Float64Array;
  private prev: Float64Array | null = null;
  private u: Float64Array;
  private h: Float64Array;
  private uNormValue = 0;
  private hTraceValue = 0;
  private hFrobValue = 0;

  constructor(opts?: PGBOOptions) {
    const o = options<PGBOOptions>('options', opts);
    knownKeys('options', o, OPTION_KEYS);
    this.n = integer('n', o.n ?? 16, 1);
    this.alpha = nonNegative('alpha', o.alpha ?? 0.5);
    this.kappaValue = nonNegative('kappa', o.kappa ?? 0.3);
    this.uCap = positive('uCap', o.uCap ?? 10);
    this.traceless = boolean('traceless', o.traceless ?? false);
    this.a = new Float64Array(this.n);
    this.u = new Float64Array(this.n);
    this.h = new Float64Array(this.n * this.n);
  }

  get kappa(): number {
    return this.kappaValue;
  }

  /** Sets κ (≥ 0) for the next compute. */
  setKappa(kappa: number): void {
    this.kappaValue = nonNegative('kappa', kappa);
  }

  get uNorm(): number {
    return this.uNormValue;
  }

  get hFrob(): number {
    return this.hFrobValue;
  }

  get hTrace(): number {
    return this.hTraceValue;
  }

  /** Sets the boundary potential A (length D, finite). Kept across `reset`. */
  setBoundaryPotential(a: VectorInput): void {
    this.a = vector('a', a, this.n);
  }

  getBoundaryPotential(): Float64Array {
    return this.a.slice();
  }

  /** One update from phases θ (length D, finite) observed dt (> 0) after the previous ones. */
  compute(theta: VectorInput, dt: number): PGBOResult {
    const th = vector('theta', theta, this.n);
    const step = positive('dt', dt);
    const raw = new Float64Array(this.n);
    if (this.prev !== null) {
      for (let i = 0; i < this.n; i++) raw[i] = wrapPi(th[i]! - this.prev[i]!) / step;
    }
    const out = bridge(raw, this.a, this.params());
    this.prev = th;
    this.u = out.u;
    this.h = out.h;
    this.uNormValue = out.uNorm;
    this.hTraceValue = out.hTrace;
    this.hFrobValue = out.hFrob;
    return this.result();
  }

  /** The last result (zeros before the first compute). */
  result(): PGBOResult {
    return {
      u: this.u.slice(),
      h: { n: this.n, data: this.h.slice() },
      uNorm: this.uNormValue,
      hTrace: this.hTraceValue,
      hFrob: this.hFrobValue,
    };
  }

  /** Forgets the previous phases and zeroes u and h; keeps A and κ (configuration, not state). */
  reset(): void {
    this.prev = null;
    this.u = new Float64Array(this.n);
    this.h = new Float64Array(this.n * this.n);
    this.uNormValue = 0;
    this.hTraceValue = 0;
    this.hFrobValue = 0;
  }

  private params(): BridgeParams {
    return {
      alpha: this.alpha,
      kappa: this.kappaValue,
      uCap: this.uCap,
      traceless: this.traceless,
    };
  }
}

/**
 * The stateless step of `PGBOEngine`: from a phase velocity dφ and a boundary potential A (same
 * length), u = sat(dφ − α·A) and h = κ·u uᵀ (traceless if asked).
 */
export function phaseGeometryBridge(
  dphi: VectorInput,
  a: VectorInput,
  opts?: Omit<PGBOOptions, 'n'>,
): { u: Float64Array; h: SquareMatrix } {
  const o = options<Omit<PGBOOptions, 'n'>>('options', opts);
  knownKeys('options', o, ['alpha', 'kappa', 'uCap', 'traceless']);
  const d = vector('dphi', dphi);
  if (d.length === 0) throw new PhysicsError('dphi.length', 0, 'must be ≥ 1');
  const av = vector('a', a, d.length);
  const out = bridge(d, av, {
    alpha: nonNegative('alpha', o.alpha ?? 0.5),
    kappa: nonNegative('kappa', o.kappa ?? 0.3),
    uCap: positive('uCap', o.uCap ?? 10),
    traceless: boolean('traceless', o.traceless ?? false),
  });
  return { u: out.u, h: { n: d.length, data: out.h } };
}

function bridge(
  raw: Float64Array,
  a: Float64Array,
  p: BridgeParams,
): { u: Float64Array; h: Float64Array; uNorm: number; hTrace: number; hFrob: number } {
  const n = raw.length;
  const u = new Float64Array(n);
  let norm2 = 0;
  for (let i = 0; i < n; i++) {
    u[i] = raw[i]! - p.alpha * a[i]!;
    norm2 += u[i]! * u[i]!;
  }
  let norm = Math.sqrt(norm2);
  // An overflowing |u| would saturate to 0 below; reject it instead.
  finite('u', norm);
  if (norm > 1e-12) {
    const scale = 1 / (1 + norm / p.uCap);
    norm2 = 0;
    for (let i = 0; i < n; i++) {
      u[i] = u[i]! * scale;
      norm2 += u[i]! * u[i]!;
    }
    norm = Math.sqrt(norm2);
  }
  const h = new Float64Array(n * n);
  let trace = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) h[i * n + j] = p.kappa * u[i]! * u[j]!;
    trace += h[i * n + i]!;
  }
  if (p.traceless) {
    const shift = trace / n;
    for (let i = 0; i < n; i++) h[i * n + i] = h[i * n + i]! - shift;
    trace = 0;
  }
  let frob = 0;
  for (let i = 0; i < n * n; i++) frob += h[i]! * h[i]!;
  finite('u', norm);
  finite('h', Math.sqrt(frob));
  return { u, h, uNorm: norm, hTrace: trace, hFrob: Math.sqrt(frob) };
}
