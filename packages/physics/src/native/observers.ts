import type {
  PGBOOptions,
  PGBOResult,
  TCBOControllerOptions,
  TCBOEmbedding,
  TCBOObserverOptions,
  TCBOState,
  VectorInput,
} from '../index.js';
import {
  type RawPGBOEngine,
  type RawTCBOController,
  type RawTCBOObserver,
  raw,
} from './binding.js';
import { call } from './errors.js';

/** `[spreadIndex, probability, gateOpen, deficit, threshold, bufferSize]` → a state. */
function unpackState(p: Float64Array): TCBOState {
  return {
    spreadIndex: p[0]!,
    probability: p[1]!,
    gateOpen: p[2] === 1,
    deficit: p[3]!,
    threshold: p[4]!,
    bufferSize: p[5]!,
  };
}

/**
 * The radial-spread index of a delay-embedded window of phase vectors, mapped to (0, 1) by a
 * logistic, in Rust (@backfire/physics's `TCBOObserver`). Not topology: a circle scores 0.
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
  readonly #raw: RawTCBOObserver;

  constructor(opts?: TCBOObserverOptions) {
    const r = call(() => new raw.TCBOObserver(opts));
    this.#raw = r;
    this.n = r.n;
    this.threshold = r.threshold;
    this.beta = r.beta;
    this.s0 = r.s0;
    this.windowSize = r.windowSize;
    this.embedDim = r.embedDim;
    this.tauDelay = r.tauDelay;
    this.spreadFloor = r.spreadFloor;
    this.computeEveryN = r.computeEveryN;
    this.embedding = r.embedding;
  }

  /** Samples needed before a compute produces a value: (m − 1)·τ_d + windowSize. */
  get samplesNeeded(): number {
    return this.#raw.samplesNeeded;
  }

  /** Appends one phase vector (length n, finite). */
  push(theta: VectorInput): void {
    call(() => this.#raw.push(theta));
  }

  /** Recomputes (with `force`, or every `computeEveryN`-th call) once enough samples arrived. */
  compute(force = true): TCBOState {
    return unpackState(this.#raw.compute(force));
  }

  pushAndCompute(theta: VectorInput, force = true): TCBOState {
    return unpackState(call(() => this.#raw.pushAndCompute(theta, force)));
  }

  state(): TCBOState {
    return unpackState(this.#raw.state());
  }

  reset(): void {
    this.#raw.reset();
  }
}

/** A positional PI that sets κ from the observer's probability (`TCBOController`), in Rust. */
export class TCBOController {
  readonly threshold: number;
  readonly #raw: RawTCBOController;

  constructor(opts?: TCBOControllerOptions) {
    this.#raw = call(() => new raw.TCBOController(opts));
    this.threshold = this.#raw.threshold;
  }

  /** One control step with probability p ∈ [0, 1] over dt > 0; returns the new κ. */
  step(p: number, dt: number): number {
    return call(() => this.#raw.step(p, dt));
  }

  get kappa(): number {
    return this.#raw.kappa;
  }

  get integral(): number {
    return this.#raw.integral;
  }

  get lastError(): number {
    return this.#raw.lastError;
  }

  /** p (or the last p stepped, false if none) > threshold. */
  isGateOpen(p?: number): boolean {
    return call(() => this.#raw.isGateOpen(p));
  }

  reset(): void {
    this.#raw.reset();
  }
}

/** `[u (n), h (n²), uNorm, hTrace, hFrob]` → a result. */
function unpackResult(p: Float64Array, n: number): PGBOResult {
  return {
    u: p.subarray(0, n),
    h: { n, data: p.subarray(n, n + n * n) },
    uNorm: p[n + n * n]!,
    hTrace: p[n + n * n + 1]!,
    hFrob: p[n + n * n + 2]!,
  };
}

/** The phase-velocity outer product h = κ·u uᵀ (`PGBOEngine`), in Rust. */
export class PGBOEngine {
  readonly n: number;
  readonly alpha: number;
  readonly uCap: number;
  readonly traceless: boolean;
  readonly #raw: RawPGBOEngine;

  constructor(opts?: PGBOOptions) {
    const r = call(() => new raw.PGBOEngine(opts));
    this.#raw = r;
    this.n = r.n;
    this.alpha = r.alpha;
    this.uCap = r.uCap;
    this.traceless = r.traceless;
  }

  get kappa(): number {
    return this.#raw.kappa;
  }

  /** Sets κ (≥ 0) for the next compute. */
  setKappa(kappa: number): void {
    call(() => this.#raw.setKappa(kappa));
  }

  get uNorm(): number {
    return this.#raw.uNorm;
  }

  get hFrob(): number {
    return this.#raw.hFrob;
  }

  get hTrace(): number {
    return this.#raw.hTrace;
  }

  /** Sets the boundary potential A (length n, finite). Kept across `reset`. */
  setBoundaryPotential(a: VectorInput): void {
    call(() => this.#raw.setBoundaryPotential(a));
  }

  getBoundaryPotential(): Float64Array {
    return this.#raw.getBoundaryPotential();
  }

  /** One update from phases θ (length n, finite) observed dt (> 0) after the previous ones. */
  compute(theta: VectorInput, dt: number): PGBOResult {
    return unpackResult(
      call(() => this.#raw.compute(theta, dt)),
      this.n,
    );
  }

  /** The last result (zeros before the first compute). */
  result(): PGBOResult {
    return unpackResult(this.#raw.result(), this.n);
  }

  /** Forgets the previous phases and zeroes u and h; keeps A and κ. */
  reset(): void {
    this.#raw.reset();
  }
}
