// Error classes with the same names, codes and fields as @backfire/core's, so code that handles
// errors by `err.code` (or `err.name`) works on either backend. The addon throws plain `Error`s
// carrying `code`, `field` and `value`; `typed` converts them at the boundary.

import type { RawSession } from './binding.js';
import { NativeStreamSession } from './session.js';

export type BackfireErrorCode =
  | 'BACKFIRE_CONFIG'
  | 'BACKFIRE_INPUT'
  | 'BACKFIRE_STREAM'
  | 'BACKFIRE_NATIVE'
  | (string & {});

export class BackfireError extends Error {
  readonly code: BackfireErrorCode;

  constructor(code: BackfireErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackfireError';
    this.code = code;
  }
}

/** A configuration value is out of range, of the wrong type, or unknown. */
export class BackfireConfigError extends BackfireError {
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, message: string) {
    super('BACKFIRE_CONFIG', message);
    this.name = 'BackfireConfigError';
    this.field = field;
    this.value = value;
  }
}

/** An argument is invalid (a non-string token, a push after `end()`, …). */
export class BackfireInputError extends BackfireError {
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, message: string) {
    super('BACKFIRE_INPUT', message);
    this.name = 'BackfireInputError';
    this.field = field;
    this.value = value;
  }
}

/** The token source failed; `session` is the stream so far, halted with kind `source_error`. */
export class BackfireStreamError<S = NativeStreamSession> extends BackfireError {
  readonly session: S;

  constructor(message: string, session: S, options?: { cause?: unknown }) {
    super('BACKFIRE_STREAM', message, options);
    this.name = 'BackfireStreamError';
    this.session = session;
  }
}

interface NativeErrorShape {
  code?: unknown;
  message: string;
  field?: unknown;
  value?: unknown;
  cause?: unknown;
  session?: RawSession;
}

/**
 * Converts an error thrown by the addon into the matching class; anything else (a callback's own
 * error being rethrown) passes through untouched. `tokens` rebuilds a stream error's session.
 */
export function typed(err: unknown, tokens: readonly string[] = []): unknown {
  if (!(err instanceof Error) || err instanceof BackfireError) return err;
  const e = err as Error & NativeErrorShape;
  const field = typeof e.field === 'string' ? e.field : '';
  let out: BackfireError;
  switch (e.code) {
    case 'BACKFIRE_CONFIG':
      out = new BackfireConfigError(field, e.value, e.message);
      break;
    case 'BACKFIRE_INPUT':
      out = new BackfireInputError(field, e.value, e.message);
      break;
    case 'BACKFIRE_STREAM': {
      const session = Array.isArray(e.session)
        ? new NativeStreamSession(e.session, tokens)
        : undefined;
      return new BackfireStreamError(e.message, session, { cause: typed(e.cause) });
    }
    default:
      return err;
  }
  return out;
}
