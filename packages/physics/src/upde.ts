import { PhysicsError } from './errors.js';
import { orderParameter, sinCosInto, TAU, wrapPhase } from './math.js';
import { defaultKnm, defaultOmega } from './params.js';
import { PhysicsRng, type PhysicsSeed } from './rng.js';
import {
  finite,
  integer,
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

/** Options of `UPDEStepper`; every field has a default. */
export interface UPDEOptions {
  /** Time step (> 0). Default 0.01. Keep max|Ω|·dt well below π or phase differences alias. */
  dt?: number;
  /** F in the drift term F·cos θ, which pulls every phase towards π/2. Default 0.1. */
  fieldPressure?: number;
  /** σ ≥ 0, the noise amplitude: each step adds σ·√dt·ξ, ξ ~ N(0, 1). Default 0.05. */
  noiseAmplitude?: number;
  /** Natural frequencies Ω (length n ≥ 1, finite). Default: the reference's 16 values. */
  omega?: VectorInput;
  /** Coupling K (n×n, finite). Default: the reference's 16×16 matrix. Needed if omega's length ≠ 16. */
  knm?: SquareMatrixInput;
  /** PRNG seed. Omit for a seed from the platform's crypto source (reported as `seed`). */
  seed?: PhysicsSeed;
}

/** The state of the oscillators after a step or a run. */
export interface UPDEState {
  /** Phases, each in [0, 2π). */
  theta: Float64Array;
  /** The drift f of the last step (without the noise); zeros in a fresh state. */
  dthetaDt: Float64Array;
  /** Time: t0 + stepCount·dt. */
  t: number;
  /** Kuramoto order parameter R of `theta`, in [0, 1]. */
  rGlobal: number;
  /** Steps taken since the state was created. */
  stepCount: number;
}

const OPTION_KEYS = ['dt', 'fieldPressure', 'noiseAmplitude', 'omega', 'knm', 'seed'] as const;

/**
 * A stochastic Kuramoto integrator (Euler–Maruyama):
 *
 *   θ_n ← wrap(θ_n + f_n·dt + σ·√dt·ξ_n),  f_n = Ω_n + Σ_m K_nm·sin(θ_m − θ_n) + F·cos θ_n
 *
 * with ξ_n ~ N(0, 1) drawn in index order, one per oscillator per step, from the seeded
 * `PhysicsRng` (none are drawn when σ = 0). The coupling sum uses
 * sin(θ_m − θ_n) = sin θ_m cos θ_n − cos θ_m sin θ_n, so a step costs 2n trig calls, not n².
 * The PRNG stream continues across `step` and `run` calls.
 */
export class UPDEStepper {
  readonly n: number;
  readonly dt: number;
  readonly fieldPressure: number;
  readonly noiseAmplitude: number;
  private readonly omega: Float64Array;
  private readonly k: Float64Array;
  private readonly rng: PhysicsRng;
  private readonly sqrtDt: number;
  // Scratch buffers reused by every step so a run allocates nothing per step.
  private readonly sinT: Float64Array;
  private readonly cosT: Float64Array;

  constructor(opts?: UPDEOptions) {
    const o = options<UPDEOptions>('options', opts);
    knownKeys('options', o, OPTION_KEYS);
    this.dt = positive('dt', o.dt ?? 0.01);
    this.fieldPressure = finite('fieldPressure', o.fieldPressure ?? 0.1);
    this.noiseAmplitude = nonNegative('noiseAmplitude', o.noiseAmplitude ?? 0.05);
    this.omega = o.omega === undefined ? defaultOmega() : vector('omega', o.omega);
    if (this.omega.length === 0) throw new PhysicsError('omega.length', 0, 'must be ≥ 1');
    this.n = this.omega.length;
    if (o.knm === undefined) {
      if (this.n !== 16) {
        throw new PhysicsError(
          'knm',
          undefined,
          `is required when omega has length ${this.n} ≠ 16`,
        );
      }
      this.k = defaultKnm().data;
    } else {
      this.k = matrix('knm', o.knm, this.n).data;
    }
    this.rng = new PhysicsRng(o.seed);
    this.sqrtDt = Math.sqrt(this.dt);
    this.sinT = new Float64Array(this.n);
    this.cosT = new Float64Array(this.n);
  }

  /** The seed in use (the drawn one when none was given), so any run can be reproduced. */
  get seed(): bigint {
    return this.rng.seed;
  }

  /** A copy of Ω. */
  getOmega(): Float64Array {
    return this.omega.slice();
  }

  /** A copy of K. */
  getKnm(): SquareMatrix {
    return { n: this.n, data: this.k.slice() };
  }

  /** A fresh state at t = 0 from phases (length n, finite; wrapped into [0, 2π)). */
  createState(theta: VectorInput): UPDEState {
    const th = vector('theta', theta, this.n);
    for (let i = 0; i < th.length; i++) th[i] = wrapPhase(th[i]!);
    return {
      theta: th,
      dthetaDt: new Float64Array(this.n),
      t: 0,
      rGlobal: orderParameter(th),
      stepCount: 0,
    };
  }

  /** A state with phases uniform in [0, 2π), drawn from its own generator seeded with `seed`. */
  static randomState(n: number, seed?: PhysicsSeed): UPDEState {
    integer('n', n, 1);
    const rng = new PhysicsRng(seed);
    const theta = new Float64Array(n);
    for (let i = 0; i < n; i++) theta[i] = rng.nextFloat() * TAU;
    return {
      theta,
      dthetaDt: new Float64Array(n),
      t: 0,
      rGlobal: orderParameter(theta),
      stepCount: 0,
    };
  }

  /** One step; returns a new state and leaves `state` untouched. */
  step(state: UPDEState): UPDEState {
    return this.run(state, 1);
  }

  /**
   * `nSteps` steps from `initial` (a state, or phases for a fresh state at t = 0). `nSteps = 0`
   * returns a validated copy. One call crosses the native boundary once, whatever `nSteps` is.
   */
  run(initial: UPDEState | VectorInput, nSteps: number): UPDEState {
    const steps = integer('nSteps', nSteps, 0);
    const start = this.checkState(initial);
    const theta = start.theta;
    const drift = start.dthetaDt;
    let t = start.t;
    if (!Number.isSafeInteger(start.stepCount + steps)) {
      throw new PhysicsError('nSteps', steps, 'overflows stepCount');
    }
    for (let s = 0; s < steps; s++) {
      this.advance(theta, drift);
      t += this.dt;
    }
    // Only absurd parameters (|Ω| or ΣK near Number.MAX_VALUE) can overflow the drift; say so
    // rather than hand back NaN phases.
    for (let i = 0; i < theta.length; i++) {
      if (!Number.isFinite(theta[i]!)) {
        throw new PhysicsError(
          `theta[${i}]`,
          theta[i],
          'became non-finite: the integration overflowed (reduce omega, knm or fieldPressure)',
        );
      }
    }
    return {
      theta,
      dthetaDt: drift,
      t,
      rGlobal: orderParameter(theta),
      stepCount: start.stepCount + steps,
    };
  }

  private checkState(initial: UPDEState | VectorInput): UPDEState {
    if (initial instanceof Float64Array || Array.isArray(initial)) return this.createState(initial);
    if (typeof initial !== 'object' || initial === null) {
      throw new PhysicsError('state', initial, 'must be a UPDEState or a phase vector');
    }
    const st = initial as UPDEState;
    const theta = vector('state.theta', st.theta, this.n);
    for (let i = 0; i < theta.length; i++) theta[i] = wrapPhase(theta[i]!);
    return {
      theta,
      dthetaDt: vector('state.dthetaDt', st.dthetaDt, this.n),
      t: finite('state.t', st.t),
      rGlobal: orderParameter(theta),
      stepCount: integer('state.stepCount', st.stepCount, 0),
    };
  }

  /** One Euler–Maruyama step in place: `theta` is overwritten, `drift` receives f. */
  private advance(theta: Float64Array, drift: Float64Array): void {
    const n = this.n;
    const k = this.k;
    const sinT = this.sinT;
    const cosT = this.cosT;
    for (let i = 0; i < n; i++) sinCosInto(theta[i]!, sinT, cosT, i);
    const f = this.fieldPressure;
    const omega = this.omega;
    // Four rows at a time: independent accumulators let the CPU overlap the additions, while each
    // row still sums in j order, so the result is bit-identical to the one-row loop (and to Rust).
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let j = 0; j < n; j++) {
        const sj = sinT[j]!;
        const cj = cosT[j]!;
        s0 += k[r0 + j]! * sj;
        c0 += k[r0 + j]! * cj;
        s1 += k[r1 + j]! * sj;
        c1 += k[r1 + j]! * cj;
        s2 += k[r2 + j]! * sj;
        c2 += k[r2 + j]! * cj;
        s3 += k[r3 + j]! * sj;
        c3 += k[r3 + j]! * cj;
      }
      drift[i] = omega[i]! + (cosT[i]! * s0 - sinT[i]! * c0) + f * cosT[i]!;
      drift[i + 1] = omega[i + 1]! + (cosT[i + 1]! * s1 - sinT[i + 1]! * c1) + f * cosT[i + 1]!;
      drift[i + 2] = omega[i + 2]! + (cosT[i + 2]! * s2 - sinT[i + 2]! * c2) + f * cosT[i + 2]!;
      drift[i + 3] = omega[i + 3]! + (cosT[i + 3]! * s3 - sinT[i + 3]! * c3) + f * cosT[i + 3]!;
    }
    for (; i < n; i++) {
      let sumSin = 0;
      let sumCos = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) {
        const kij = k[row + j]!;
        sumSin += kij * sinT[j]!;
        sumCos += kij * cosT[j]!;
      }
      drift[i] = omega[i]! + (cosT[i]! * sumSin - sinT[i]! * sumCos) + f * cosT[i]!;
    }
    const sigma = this.noiseAmplitude;
    const dt = this.dt;
    if (sigma > 0) {
      const scale = sigma * this.sqrtDt;
      for (let i = 0; i < n; i++) {
        theta[i] = wrapPhase(theta[i]! + drift[i]! * dt + scale * this.rng.nextGaussian());
      }
    } else {
      for (let i = 0; i < n; i++) theta[i] = wrapPhase(theta[i]! + drift[i]! * dt);
    }
  }
}
