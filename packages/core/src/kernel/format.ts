import type { HaltKind } from './types.js';

/**
 * Halt reasons keep the reference implementation's text (`hard_limit (0.3000 < 0.5)`) so existing
 * log parsers keep working. The measured value uses `toFixed(4)`; the limit prints as JavaScript
 * prints numbers. The Rust kernel reproduces both rules exactly (see docs/kernel.md).
 *
 * `invalid` names a score that was not a finite number (see `invalidScoreOf`): the measured value
 * then says so instead of reading like a low score — `hard_limit (score NaN → 0 < 0.5)`.
 */
export function formatReason(
  kind: HaltKind,
  value: number,
  limit: number,
  invalid?: string | null,
): string {
  const op = kind === 'downward_trend' ? '>' : '<';
  const measured =
    invalid === undefined || invalid === null
      ? value.toFixed(4)
      : `score ${invalid} \u2192 ${String(value)}`;
  return `${kind} (${measured} ${op} ${String(limit)})`;
}

const CLOSERS = new Set(['"', "'", '\u201d', '\u2019', '\u00bb', ')', ']']);
const ENDERS = new Set(['.', '!', '?', '\u2026', '\u3002', '\uff01', '\uff1f']);

/** True when a token ends a sentence: used by soft halts to decide where to stop. */
export function isSentenceEnd(token: string): boolean {
  let end = token.length;
  while (end > 0 && isSpaceCode(token.charCodeAt(end - 1))) end--;
  while (end > 0 && CLOSERS.has(token[end - 1]!)) end--;
  return end > 0 && ENDERS.has(token[end - 1]!);
}

/**
 * JavaScript's whitespace set (what `\s` and `trimEnd` use), by char code: one definition for the
 * kernel, the segmenter and the Rust port.
 */
export function isSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
