import type { PhysicsSeed, SquareMatrix, UPDEOptions, UPDEState, VectorInput } from '../index.js';
import { type RawUPDEStepper, raw } from './binding.js';
import { call } from './errors.js';

/** `[theta (n), dthetaDt (n), t, rGlobal, stepCount]` → a state. */
function unpackState(p: Float64Array): UPDEState {
  const n = (p.length - 3) / 2;
  return {
    theta: p.subarray(0, n),
    dthetaDt: p.subarray(n, 2 * n),
    t: p[2 * n]!,
    rGlobal: p[2 * n + 1]!,
    stepCount: p[2 * n + 2]!,
  };
}

/**
 * A stochastic Kuramoto integrator (Euler–Maruyama) in Rust, with the options, methods and seeded
 * stream of @backfire/physics's `UPDEStepper`:
 *
 *   θ_n ← wrap(θ_n + f_n·dt + σ·√dt·ξ_n),  f_n = Ω_n + Σ_m K_nm·sin(θ_m − θ_n) + F·cos θ_n
 *
 * `run(initial, nSteps)` crosses the native boundary once for any number of steps.
 */
export class UPDEStepper {
  readonly n: number;
  readonly dt: number;
  readonly fieldPressure: number;
  readonly noiseAmplitude: number;
  readonly #raw: RawUPDEStepper;

  constructor(opts?: UPDEOptions) {
    this.#raw = call(() => new raw.UPDEStepper(opts));
    this.n = this.#raw.n;
    this.dt = this.#raw.dt;
    this.fieldPressure = this.#raw.fieldPressure;
    this.noiseAmplitude = this.#raw.noiseAmplitude;
  }

  /** The seed in use (the drawn one when none was given), so any run can be reproduced. */
  get seed(): bigint {
    return this.#raw.seed;
  }

  /** A copy of Ω. */
  getOmega(): Float64Array {
    return this.#raw.getOmega();
  }

  /** A copy of K. */
  getKnm(): SquareMatrix {
    return { n: this.n, data: this.#raw.getKnm() };
  }

  /** A fresh state at t = 0 from phases (length n, finite; wrapped into [0, 2π)). */
  createState(theta: VectorInput): UPDEState {
    return unpackState(call(() => this.#raw.createState(theta)));
  }

  /** A state with phases uniform in [0, 2π), drawn from its own generator seeded with `seed`. */
  static randomState(n: number, seed?: PhysicsSeed): UPDEState {
    return unpackState(call(() => raw.UPDEStepper.randomState(n, seed)));
  }

  /** One step; returns a new state and leaves `state` untouched. */
  step(state: UPDEState): UPDEState {
    return unpackState(call(() => this.#raw.step(state)));
  }

  /** `nSteps` steps from `initial` (a state, or phases for a fresh state at t = 0). */
  run(initial: UPDEState | VectorInput, nSteps: number): UPDEState {
    return unpackState(call(() => this.#raw.run(initial, nSteps)));
  }
}
