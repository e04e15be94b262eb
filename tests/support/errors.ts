import { expect } from 'vitest';

/**
 * Runs `fn`, expects it to throw an `ErrorClass` and returns that error (typed, so a test reads
 * its fields). Generic over the class: no package's errors are imported here.
 */
export function thrown<E>(fn: () => unknown, ErrorClass: abstract new (...args: never[]) => E): E {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ErrorClass);
    return err as E;
  }
  const { name } = ErrorClass;
  throw new Error(`expected ${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`);
}
