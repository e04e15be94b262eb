/**
 * Every error Backfire throws is a `BackfireError` with a stable machine-readable `code`, so callers
 * can branch on `err.code` instead of parsing messages.
 */
export type BackfireErrorCode =
  | 'BACKFIRE_CONFIG'
  | 'BACKFIRE_INPUT'
  | 'BACKFIRE_STREAM'
  | 'BACKFIRE_NATIVE'
  | 'BACKFIRE_BACKEND'
  | 'BACKFIRE_HALT'
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
  /** The offending field, e.g. `hardLimit`. */
  readonly field: string;
  /** The value that was rejected, as passed. */
  readonly value: unknown;

  /** `message` replaces the default text, `<field> <rule>, got <value>` (the addon's own text). */
  constructor(field: string, value: unknown, rule: string, message?: string) {
    super('BACKFIRE_CONFIG', message ?? `${field} ${rule}, got ${describeValue(value)}`);
    this.name = 'BackfireConfigError';
    this.field = field;
    this.value = value;
  }
}

/**
 * An argument passed to a Backfire call is invalid (a non-string token, a push after `end()`, an
 * unknown option, …).
 */
export class BackfireInputError extends BackfireError {
  readonly field: string;
  readonly value: unknown;

  /** `message` replaces the default text, `<field> <rule>, got <value>`. */
  constructor(field: string, value: unknown, rule: string, message?: string) {
    super('BACKFIRE_INPUT', message ?? `${field} ${rule}, got ${describeValue(value)}`);
    this.name = 'BackfireInputError';
    this.field = field;
    this.value = value;
  }
}

/**
 * A model backend (a Transformers.js cross-encoder, an LLM judge) failed: the package or model is
 * missing, the model produced something unusable (NaN logits, output that breaks the schema), or the
 * call timed out or was aborted. Callers treat it as "no verdict" and fail closed. `backend` is the
 * backend's `name`.
 */
export class BackfireBackendError extends BackfireError {
  readonly backend: string;

  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super('BACKFIRE_BACKEND', `${backend}: ${message}`, options);
    this.name = 'BackfireBackendError';
    this.backend = backend;
  }
}

/**
 * Renders a rejected value for an error message: strings quoted, numbers as JavaScript prints them
 * (`NaN`, `Infinity`), other values by type, long values cut so a 1 MB input never ends up in a log.
 */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    text = typeof value === 'bigint' ? `${value}n` : String(value);
  } else if (value === null) text = 'null';
  else if (value === undefined) text = 'undefined';
  else if (Array.isArray(value)) text = `array(${value.length})`;
  else if (typeof value === 'function') text = 'function';
  else if (typeof value === 'symbol') text = value.toString();
  else text = `object ${Object.prototype.toString.call(value).slice(8, -1)}`;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The token source of a batch call failed (it threw, or yielded a non-string). The stream so far is
 * not lost: `session` holds it, finalised as a halt of kind `source_error`.
 */
export class BackfireStreamError<S = unknown> extends BackfireError {
  readonly session: S;

  constructor(message: string, session: S, options?: { cause?: unknown }) {
    super('BACKFIRE_STREAM', message, options);
    this.name = 'BackfireStreamError';
    this.session = session;
  }
}

/**
 * The reason a guard's `signal` is aborted with when the stream halts: adapters cancel the
 * upstream model call with it, so the provider sees why. `halt` is the full halt record.
 */
export class BackfireHaltError<H = unknown> extends BackfireError {
  readonly halt: H;

  constructor(message: string, halt: H) {
    super('BACKFIRE_HALT', message);
    this.name = 'BackfireHaltError';
    this.halt = halt;
  }
}
