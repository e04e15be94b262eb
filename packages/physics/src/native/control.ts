import type { L16Options, L16StepInput, L16StepResult, PIOptions } from '../index.js';
import { type RawL16Controller, type RawPIController, raw } from './binding.js';
import { call } from './errors.js';

/** The 15 numbers of crates/backfire-napi/src/physics/control.rs → a result. */
function unpackStep(p: Float64Array): L16StepResult {
  return {
    lambda7: p[0]!,
    lambda8: p[1]!,
    lambda10: p[2]!,
    nuStar: p[3]!,
    gateOpen: p[4] === 1,
    avgPlv: p[5]!,
    refusal: p[6] === 1,
    refusalCount: p[7]!,
    hRec: p[8]!,
    hRecMode: p[9] === 1 ? 'full' : 'simplified',
    dhRecDt: p[10]!,
    hRecNonIncreasing: p[11] === 1,
    lrZScale: p[12]!,
    dThetaScale: p[13]!,
    tauDScale: p[14]!,
  };
}

/**
 * The supervisory controller (H_rec, PLV gate, refusal, four PI loops) in Rust, with the semantics
 * of @backfire/physics's `L16Controller`.
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
  readonly #raw: RawL16Controller;

  constructor(opts?: L16Options) {
    const r = call(() => new raw.L16Controller(opts));
    this.#raw = r;
    this.n = r.n;
    this.plvThreshold = r.plvThreshold;
    this.plvWindow = r.plvWindow;
    this.hRecWindow = r.hRecWindow;
    this.refusalLrFactor = r.refusalLrFactor;
    this.refusalDFactor = r.refusalDFactor;
    this.refusalTauFactor = r.refusalTauFactor;
    this.tcboTarget = r.tcboTarget;
  }

  /** One supervisory step; validates every field before changing any state. */
  step(input: L16StepInput): L16StepResult {
    return unpackStep(call(() => this.#raw.step(input)));
  }

  /** Whether the PLV gate is open now (false before any sample). */
  plvGateOpen(): boolean {
    return this.#raw.plvGateOpen();
  }

  /** The learning-rate scale of the last step (1 before any step). */
  get lrZScale(): number {
    return this.#raw.lrZScale;
  }

  /** The last result, or null before the first step. */
  get last(): L16StepResult | null {
    const p = this.#raw.last;
    return p === null ? null : unpackStep(p);
  }

  /** The H_rec history (at most 100 values, oldest first). */
  get hRecHistory(): Float64Array {
    return this.#raw.hRecHistory;
  }

  reset(): void {
    this.#raw.reset();
  }
}

/** A positional PI controller in Rust: u = clamp(bias + kp·e + ki·I), I ← clamp(I + e·dt). */
export class PIController {
  readonly setpoint: number;
  readonly kp: number;
  readonly ki: number;
  readonly bias: number;
  readonly action: 'direct' | 'reverse';
  readonly integralMin: number;
  readonly integralMax: number;
  readonly outputMin: number;
  readonly outputMax: number;
  readonly #raw: RawPIController;

  constructor(opts?: PIOptions) {
    const r = call(() => new raw.PIController(opts));
    this.#raw = r;
    this.setpoint = r.setpoint;
    this.kp = r.kp;
    this.ki = r.ki;
    this.bias = r.bias;
    this.action = r.action;
    this.integralMin = r.integralMin;
    this.integralMax = r.integralMax;
    this.outputMin = r.outputMin;
    this.outputMax = r.outputMax;
  }

  get integral(): number {
    return this.#raw.integral;
  }

  get lastError(): number {
    return this.#raw.lastError;
  }

  /** One control step with the measurement over `dt` (> 0); returns the output. */
  step(measured: number, dt: number): number {
    return call(() => this.#raw.step(measured, dt));
  }

  reset(): void {
    this.#raw.reset();
  }
}
