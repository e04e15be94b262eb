import { describe, expect, it } from 'vitest';
import {
  BackfireConfigError,
  BackfireError,
  BackfireInputError,
  BackfireStreamError,
} from '../errors/errors.js';
import { callAddon, fromAddonError } from './errors.js';

/** An error as the addon throws it: a plain `Error` with `code`, `field` and `value`. */
function addonError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code }, extra);
}

describe('fromAddonError: one error hierarchy', () => {
  it('BACKFIRE_CONFIG becomes a BackfireConfigError with the same code, field, value and message', () => {
    const err = fromAddonError(
      addonError('BACKFIRE_CONFIG', 'hardLimit must be a finite number, got NaN', {
        field: 'hardLimit',
        value: Number.NaN,
      }),
    );
    expect(err).toBeInstanceOf(BackfireConfigError);
    expect(err).toBeInstanceOf(BackfireError);
    expect(err).toMatchObject({
      name: 'BackfireConfigError',
      code: 'BACKFIRE_CONFIG',
      field: 'hardLimit',
      value: Number.NaN,
      message: 'hardLimit must be a finite number, got NaN',
    });
  });

  it('BACKFIRE_INPUT becomes a BackfireInputError', () => {
    const err = fromAddonError(
      addonError('BACKFIRE_INPUT', 'token must be a string, got 1', { field: 'token', value: 1 }),
    );
    expect(err).toBeInstanceOf(BackfireInputError);
    expect(err).toMatchObject({ code: 'BACKFIRE_INPUT', field: 'token', value: 1 });
  });

  it('BACKFIRE_STREAM becomes a BackfireStreamError with a rebuilt session and a typed cause', () => {
    const cause = addonError('BACKFIRE_INPUT', 'token must be a string, got 7', { field: 'token' });
    const raw = [new Float64Array(10), '', undefined, new Float64Array(0), undefined];
    const err = fromAddonError(
      addonError('BACKFIRE_STREAM', 'token source failed: token must be a string, got 7', {
        session: raw,
        cause,
      }),
      (session) => ({ rebuiltFrom: session }),
    );
    expect(err).toBeInstanceOf(BackfireStreamError);
    const stream = err as BackfireStreamError<{ rebuiltFrom: unknown }>;
    expect(stream.session.rebuiltFrom).toBe(raw);
    expect(stream.cause).toBeInstanceOf(BackfireInputError);
  });

  it('anything else passes through untouched (a callback’s own error, a core error, a non-Error)', () => {
    const own = new Error('scorer down');
    const core = new BackfireInputError('k', 0, 'must be an integer ≥ 1');
    const unknownCode = addonError('SOMETHING_ELSE', 'x');
    for (const e of [own, core, unknownCode, 'text', null]) expect(fromAddonError(e)).toBe(e);
  });

  it('callAddon rethrows the addon’s errors as core’s classes and returns what the call returns', () => {
    expect(callAddon(() => 42)).toBe(42);
    expect(() =>
      callAddon(() => {
        throw addonError('BACKFIRE_CONFIG', 'windowSize must be an integer >= 1, got 0', {
          field: 'windowSize',
          value: 0,
        });
      }),
    ).toThrow(BackfireConfigError);
  });
});
