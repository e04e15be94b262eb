import { BackfireError } from '@backfire/core';
import { PhysicsError } from '../errors.js';

/** What the addon attaches to a rejected input (crates/backfire-napi/src/physics). */
interface RawPhysicsError {
  code?: unknown;
  field?: unknown;
  value?: unknown;
  rule?: unknown;
}

/**
 * The addon's `BACKFIRE_PHYSICS` errors as this package's `PhysicsError` — one class for both
 * implementations, so `instanceof PhysicsError` holds whichever computed the result. Anything else
 * passes through.
 */
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
