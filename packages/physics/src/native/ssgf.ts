import type {
  LaplacianSpectrum,
  SquareMatrix,
  SSGFCosts,
  SSGFDecoder,
  SSGFGradient,
  SSGFOptions,
  SSGFStepLog,
  VectorInput,
} from '../index.js';
import { type RawSSGFEngine, raw } from './binding.js';
import { call } from './errors.js';

/** Numbers per step log (crates/backfire-napi/src/physics/ssgf.rs). */
const LOG_LEN = 28;

/** Nine numbers from `at` → the cost terms. */
export function unpackCosts(p: Float64Array, at = 0): SSGFCosts {
  return {
    cMicro: p[at]!,
    c7: p[at + 1]!,
    c8: p[at + 2]!,
    c9: p[at + 3]!,
    c10: p[at + 4]!,
    rGraph: p[at + 5]!,
    c4: p[at + 6]!,
    cPgbo: p[at + 7]!,
    uTotal: p[at + 8]!,
  };
}

function unpackLog(p: Float64Array, at: number): SSGFStepLog {
  const x = at + 10;
  return {
    step: p[at]!,
    costs: unpackCosts(p, at + 1),
    rGlobal: p[x]!,
    fiedlerValue: p[x + 1]!,
    fiedlerGap: p[x + 2]!,
    fiedlerRatio: p[x + 3]!,
    eigenSweeps: p[x + 4]!,
    eigenConverged: p[x + 5] === 1,
    hRec: p[x + 6]!,
    l16GateOpen: p[x + 7] === 1,
    refusal: p[x + 8] === 1,
    lrScale: p[x + 9]!,
    gradNorm: p[x + 10]!,
    wValid: p[x + 11] === 1,
    eigvalOrdered: p[x + 12] === 1,
    pgboUNorm: p[x + 13]!,
    pgboHFrob: p[x + 14]!,
    pgboKappa: p[x + 15]!,
    tcboP: p[x + 16]!,
    tcboGateOpen: p[x + 17] === 1,
  };
}

/** `[values (n), vectors (n²), sweeps, converged, fiedlerValue, fiedlerGap, fiedlerRatio]`. */
function unpackSpectrum(p: Float64Array, n: number): LaplacianSpectrum {
  const at = n + n * n;
  return {
    values: p.subarray(0, n),
    vectors: { n, data: p.subarray(n, at) },
    sweeps: p[at]!,
    converged: p[at + 1] === 1,
    fiedlerValue: p[at + 2]!,
    fiedlerGap: p[at + 3]!,
    fiedlerRatio: p[at + 4]!,
  };
}

/**
 * The graph-weight learner around a Kuramoto micro-cycle in Rust, with the options, seeded stream
 * and logs of @backfire/physics's `SSGFEngine`. `run(k)` crosses the boundary once for k outer
 * steps. With the analytic gradient the "geometry learning" is regularisation of W, not learning
 * from the phases (docs/physics.md §7).
 */
export class SSGFEngine {
  readonly n: number;
  readonly decoder: SSGFDecoder;
  readonly gradient: SSGFGradient;
  readonly #raw: RawSSGFEngine;

  constructor(opts?: SSGFOptions) {
    const r = call(() => new raw.SSGFEngine(opts));
    this.#raw = r;
    this.n = r.n;
    this.decoder = r.decoder;
    this.gradient = r.gradient;
  }

  get seed(): bigint {
    return this.#raw.seed;
  }

  get stepCount(): number {
    return this.#raw.stepCount;
  }

  /** The TCBO probability the next steps use (C4 and the gate). */
  get tcboP(): number {
    return this.#raw.tcboP;
  }

  setTcboP(p: number): void {
    call(() => this.#raw.setTcboP(p));
  }

  rGlobal(): number {
    return this.#raw.rGlobal();
  }

  getTheta(): Float64Array {
    return this.#raw.getTheta();
  }

  getZ(): Float64Array {
    return this.#raw.getZ();
  }

  /** Replaces z (its length depends on the decoder) and recomputes the spectrum. */
  setZ(z: VectorInput): void {
    call(() => this.#raw.setZ(z));
  }

  /** W decoded from the current z. */
  getW(): SquareMatrix {
    return { n: this.n, data: this.#raw.getW() };
  }

  /** The spectrum of the last step (or of the initial W). */
  getSpectrum(): LaplacianSpectrum {
    return unpackSpectrum(this.#raw.getSpectrum(), this.n);
  }

  /** `k` outer steps in one boundary crossing; returns their logs. */
  run(k: number): SSGFStepLog[] {
    const p = call(() => this.#raw.run(k));
    const logs: SSGFStepLog[] = [];
    for (let at = 0; at < p.length; at += LOG_LEN) logs.push(unpackLog(p, at));
    return logs;
  }

  /** One outer step (throws only when extreme options make the numbers overflow). */
  outerStep(): SSGFStepLog {
    return unpackLog(
      call(() => this.#raw.outerStep()),
      0,
    );
  }

  /** ∂U/∂z of the eigen-free, W-dependent terms at the current z. */
  analyticGradient(): Float64Array {
    return this.#raw.analyticGradient();
  }

  /** Central differences of the full U_total in every component of z (θ, p frozen; no h). */
  fdGradient(): Float64Array {
    return this.#raw.fdGradient();
  }

  /** U_total and its terms at the current state. */
  costs(): SSGFCosts {
    return unpackCosts(this.#raw.costs());
  }
}
