import { BackfireError } from '../errors.js';

/**
 * A physics input (an option, a vector, a matrix, a step argument) is invalid, or absurd
 * parameters made a result overflow — the same class, code, fields and message as
 * @backfire/core/physics's `PhysicsError`. Thrown before any state changed.
 */
export class PhysicsError extends BackfireError {
  /** The offending field, e.g. `dt`, `theta[3]`, `knm.data`. */
  readonly field: string;
  /** The rejected value, as passed (for a vector element: that element). */
  readonly value: unknown;

  constructor(field: string, value: unknown, rule: string) {
    super('BACKFIRE_PHYSICS', `${field} ${rule}, got ${describeValue(value)}`);
    this.name = 'PhysicsError';
    this.field = field;
    this.value = value;
  }
}

/** How a rejected value reads in a message (as @backfire/core renders it). */
function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else if (value === null) text = 'null';
  else if (value === undefined) text = 'undefined';
  else if (Array.isArray(value)) text = `array(${value.length})`;
  else if (typeof value === 'function') text = 'function';
  else if (typeof value === 'symbol') text = value.toString();
  else text = `object ${Object.prototype.toString.call(value).slice(8, -1)}`;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

interface RawPhysicsError {
  code?: unknown;
  field?: unknown;
  value?: unknown;
  rule?: unknown;
}

/** The addon's `BACKFIRE_PHYSICS` errors as `PhysicsError`; anything else passes through. */
export function physicsError(err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof BackfireError) return err;
  const e = err as Error & RawPhysicsError;
  if (e.code !== 'BACKFIRE_PHYSICS' || typeof e.field !== 'string') return err;
  return new PhysicsError(e.field, e.value, typeof e.rule === 'string' ? e.rule : 'is invalid');
}

/** Runs an addon call, rethrowing its errors as `PhysicsError`. */
export function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw physicsError(err);
  }
}
