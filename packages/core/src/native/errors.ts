// The addon throws plain `Error`s carrying `code`, `field` and `value` (it depends on nothing of
// ours, so it has no classes to throw). This is the one place they become core's classes, so
// `instanceof BackfireConfigError` holds whichever engine rejected the value.
import {
  BackfireConfigError,
  BackfireError,
  BackfireInputError,
  BackfireStreamError,
} from '../errors/errors.js';

/** What an addon error carries besides its message. */
interface AddonErrorFields {
  code?: unknown;
  field?: unknown;
  value?: unknown;
  cause?: unknown;
  /** `BACKFIRE_STREAM` only: the stream so far, in the addon's raw session layout. */
  session?: unknown;
}

/**
 * Converts an error thrown by the addon into core's class with the same code, field, value and
 * message; anything else (a callback's own error being rethrown) passes through untouched.
 * `session` rebuilds a stream error's session from the addon's raw one (kernels only).
 */
export function fromAddonError(err: unknown, session?: (raw: unknown) => unknown): unknown {
  if (!(err instanceof Error) || err instanceof BackfireError) return err;
  const e = err as Error & AddonErrorFields;
  const field = typeof e.field === 'string' ? e.field : '';
  switch (e.code) {
    case 'BACKFIRE_CONFIG':
      return new BackfireConfigError(field, e.value, '', e.message);
    case 'BACKFIRE_INPUT':
      return new BackfireInputError(field, e.value, '', e.message);
    case 'BACKFIRE_STREAM': {
      const rebuilt = Array.isArray(e.session) && session ? session(e.session) : undefined;
      return new BackfireStreamError(e.message, rebuilt, { cause: fromAddonError(e.cause) });
    }
    default:
      return err;
  }
}

/** Runs an addon call, rethrowing its errors as core's classes. */
export function callAddon<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fromAddonError(err);
  }
}
