import { type BackfireError, BackfireInputError } from '../errors/errors.js';

/**
 * The typed error a failed check throws: `BackfireConfigError` for a constructor's options,
 * `BackfireInputError` (the default) for a call's arguments. Both render
 * `<field> <rule>, got <value>`, so a check only chooses the rule's words.
 */
export type CheckError = new (field: string, value: unknown, rule: string) => BackfireError;

/** How a check reports: which error class, and (for the few rules spelt differently) the words. */
export interface CheckOptions {
  readonly error?: CheckError;
  /** Replaces the check's usual rule text, e.g. `must be a non-empty string (a folder or an id)`. */
  readonly rule?: string;
}

/**
 * Rejects unless `ok`: the one throw every check below goes through, and the check for a rule
 * none of them names. An assertion, so `check(x !== undefined, …)` narrows `x` after it.
 */
export function check(
  ok: boolean,
  field: string,
  value: unknown,
  rule: string,
  error: CheckError = BackfireInputError,
): asserts ok {
  if (!ok) throw new error(field, value, rule);
}

/** A string, empty or not: `must be a string`. */
export function checkText(field: string, value: unknown, options?: CheckOptions): string {
  check(
    typeof value === 'string',
    field,
    value,
    options?.rule ?? 'must be a string',
    options?.error,
  );
  return value as string;
}

/**
 * A string with at least one character — or, with `blank: 'rejected'`, at least one that is not
 * white space: `must be a non-empty string`.
 */
export function checkNonEmptyText(
  field: string,
  value: unknown,
  options?: CheckOptions & { readonly blank?: 'accepted' | 'rejected' },
): string {
  const ok =
    typeof value === 'string' && (options?.blank === 'rejected' ? value.trim() : value) !== '';
  check(ok, field, value, options?.rule ?? 'must be a non-empty string', options?.error);
  return value as string;
}

/** A number that is neither NaN nor ±Infinity: `must be a finite number`. */
export function checkFiniteNumber(field: string, value: unknown, options?: CheckOptions): number {
  const ok = typeof value === 'number' && Number.isFinite(value);
  check(ok, field, value, options?.rule ?? 'must be a finite number', options?.error);
  return value as number;
}

/**
 * An integer ≥ `min`: `must be an integer >= <min>`. Config and the adapters write `>=`, the NLI
 * backends `≥`; `atLeast` keeps each message as its tests and users' log filters know it.
 */
export function checkInteger(
  field: string,
  value: unknown,
  min: number,
  options?: CheckOptions & { readonly atLeast?: '>=' | '≥' },
): number {
  if (!(Number.isInteger(value) && (value as number) >= min)) {
    // The rule is only spelt out on failure: some of these checks run per call.
    const rule = options?.rule ?? `must be an integer ${options?.atLeast ?? '>='} ${min}`;
    check(false, field, value, rule, options?.error);
  }
  return value as number;
}

/** A number above zero (NaN fails): `must be > 0`. */
export function checkPositive(field: string, value: number, options?: CheckOptions): number {
  check(value > 0, field, value, options?.rule ?? 'must be > 0', options?.error);
  return value;
}

/** One of `allowed`: `must be one of a, b, c`. */
export function checkOneOf<T>(
  field: string,
  value: unknown,
  allowed: readonly T[],
  options?: CheckOptions,
): T {
  if (!allowed.includes(value as T)) {
    check(
      false,
      field,
      value,
      options?.rule ?? `must be one of ${allowed.join(', ')}`,
      options?.error,
    );
  }
  return value as T;
}

/** `true` or `false`: `must be a boolean`. */
export function checkBoolean(field: string, value: unknown, options?: CheckOptions): boolean {
  check(
    typeof value === 'boolean',
    field,
    value,
    options?.rule ?? 'must be a boolean',
    options?.error,
  );
  return value as boolean;
}

/** Anything callable: `must be a function`. */
export function checkFunction(field: string, value: unknown, options?: CheckOptions): void {
  check(
    typeof value === 'function',
    field,
    value,
    options?.rule ?? 'must be a function',
    options?.error,
  );
}

/** An array, of anything: `must be an array`. */
export function checkArray(field: string, value: unknown, options?: CheckOptions): unknown[] {
  check(Array.isArray(value), field, value, options?.rule ?? 'must be an array', options?.error);
  return value as unknown[];
}

/**
 * A non-null object; arrays pass unless `arrays: 'rejected'`. There is no usual wording — each
 * caller says what object it wants (`must be an object with a model`).
 */
export function checkObject(
  field: string,
  value: unknown,
  options: CheckOptions & { readonly rule: string; readonly arrays?: 'accepted' | 'rejected' },
): object {
  const ok =
    value !== null &&
    typeof value === 'object' &&
    !(options.arrays === 'rejected' && Array.isArray(value));
  check(ok, field, value, options.rule, options.error);
  return value as object;
}

/**
 * A list of `[premise, hypothesis]` string pairs, as every NLI backend's `divergenceBatch` takes:
 * `pairs must be an array`, `pairs[i] must be a [premise, hypothesis] pair`,
 * `pairs[i][0] must be a string`.
 */
export function checkTextPairs(
  field: string,
  value: unknown,
): ReadonlyArray<readonly [string, string]> {
  checkArray(field, value).forEach((pair, i) => {
    const isPair = Array.isArray(pair) && pair.length === 2;
    check(isPair, `${field}[${i}]`, pair, 'must be a [premise, hypothesis] pair');
    checkText(`${field}[${i}][0]`, (pair as unknown[])[0]);
    checkText(`${field}[${i}][1]`, (pair as unknown[])[1]);
  });
  return value as ReadonlyArray<readonly [string, string]>;
}
