import { expect } from 'vitest';
import { PhysicsError } from './errors.js';

/** Asserts that `fn` throws a PhysicsError (code BACKFIRE_PHYSICS) whose field is `field`. */
export function expectPhysicsError(fn: () => unknown, field: string): void {
  let thrown: unknown = null;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `expected a PhysicsError on ${field}`).toBeInstanceOf(PhysicsError);
  const err = thrown as PhysicsError;
  expect(err.code).toBe('BACKFIRE_PHYSICS');
  expect(err.field).toBe(field);
  expect(err.message.startsWith(field)).toBe(true);
}
