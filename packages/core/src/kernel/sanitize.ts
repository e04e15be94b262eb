/**
 * The one score sanitiser. Every score that reaches a kernel or a scorer passes through here, so
 * there is exactly one answer to "what happens to a bad score": it fails closed. A value that is not
 * a number, NaN or ±Infinity becomes 0 (which halts at any hard limit above 0); a finite number is
 * clamped to [0, 1].
 */
export function sanitizeScore(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 0;
  if (value <= 0) return 0; // also turns -0 into 0
  if (value > 1) return 1;
  return value;
}

/**
 * Names a score the sanitiser replaced with 0 because it was not a finite number, so a halt can
 * say what happened instead of reading like a low score: `'NaN'`, `'Infinity'`, `'-Infinity'`, or
 * for a value that is not a number its type (`'string'`, `'undefined'`, `'null'`, `'object'`,
 * `'boolean'`, `'bigint'`, `'symbol'`, `'function'`). Null for every finite number, including the
 * out-of-range ones the sanitiser clamps.
 */
export function invalidScoreOf(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : String(value);
  return value === null ? 'null' : typeof value;
}
