import { PhysicsError } from './errors.js';
import { finite, knownKeys, options, positive } from './validate.js';

/** Options of `PIController`. */
export interface PIOptions {
  /** The target value of the measurement. Default 0. */
  setpoint?: number;
  /** Proportional gain (finite). Default 1. */
  kp?: number;
  /** Integral gain (finite). Default 0. */
  ki?: number;
  /** Output when the error and its integral are zero. Default 0. */
  bias?: number;
  /**
   * `direct`: e = setpoint − measured (output rises when the measurement is low);
   * `reverse`: e = measured − setpoint (output rises when the measurement is high). Default direct.
   */
  action?: 'direct' | 'reverse';
  /** Bounds of the integral (anti-windup). Default [−10, 10]. */
  integralMin?: number;
  integralMax?: number;
  /** Bounds of the output (finite). Default: unbounded. */
  outputMin?: number;
  outputMax?: number;
}

const OPTION_KEYS = [
  'setpoint',
  'kp',
  'ki',
  'bias',
  'action',
  'integralMin',
  'integralMax',
  'outputMin',
  'outputMax',
] as const;

/**
 * A positional PI controller: u = clamp(bias + kp·e + ki·I), I ← clamp(I + e·dt). Positional —
 * the output is computed afresh from the error and its integral each step, never added to the
 * previous output (the reference's TCBO controller did that, which made it a double integrator).
 */
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
  private integralValue = 0;
  private lastErrorValue = 0;

  constructor(opts?: PIOptions) {
    const o = options<PIOptions>('options', opts);
    knownKeys('options', o, OPTION_KEYS);
    this.setpoint = finite('setpoint', o.setpoint ?? 0);
    this.kp = finite('kp', o.kp ?? 1);
    this.ki = finite('ki', o.ki ?? 0);
    this.bias = finite('bias', o.bias ?? 0);
    const action = o.action ?? 'direct';
    if (action !== 'direct' && action !== 'reverse') {
      throw new PhysicsError('action', action, "must be 'direct' or 'reverse'");
    }
    this.action = action;
    this.integralMin = finite('integralMin', o.integralMin ?? -10);
    this.integralMax = finite('integralMax', o.integralMax ?? 10);
    if (this.integralMin > this.integralMax) {
      throw new PhysicsError('integralMin', this.integralMin, 'must be ≤ integralMax');
    }
    this.outputMin =
      o.outputMin === undefined ? -Number.MAX_VALUE : finite('outputMin', o.outputMin);
    this.outputMax =
      o.outputMax === undefined ? Number.MAX_VALUE : finite('outputMax', o.outputMax);
    if (this.outputMin > this.outputMax) {
      throw new PhysicsError('outputMin', this.outputMin, 'must be ≤ outputMax');
    }
  }

  get integral(): number {
    return this.integralValue;
  }

  get lastError(): number {
    return this.lastErrorValue;
  }

  /** One control step with the measurement `measured` over `dt` (> 0); returns the output. */
  step(measured: number, dt: number): number {
    const y = finite('measured', measured);
    const h = positive('dt', dt);
    const e = this.action === 'direct' ? this.setpoint - y : y - this.setpoint;
    this.integralValue = clamp(this.integralValue + e * h, this.integralMin, this.integralMax);
    this.lastErrorValue = e;
    return clamp(
      this.bias + this.kp * e + this.ki * this.integralValue,
      this.outputMin,
      this.outputMax,
    );
  }

  reset(): void {
    this.integralValue = 0;
    this.lastErrorValue = 0;
  }
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : Math.min(x, hi);
}
