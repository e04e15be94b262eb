import { BackfireError, describeValue } from '@backfire/core';

/**
 * A physics input (an option, a vector, a matrix, a step argument) is invalid. Thrown where the
 * value entered, before any state changed, so a failed call leaves the object as it was.
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
