/**
 * A small, exact sentence splitter for knowledge passages and the heuristic NLI (the stream guard
 * has its own incremental segmenter). Rules, over code points of the text as given:
 *
 * - A line break (LF, CR, U+0085, U+2028, U+2029) always ends a sentence.
 * - A run of terminators (. ! ? … 。 ！ ？ ． ｡), followed by any closing quotes or brackets
 *   (" ' ” ’ » ) ] }), ends a sentence when the next code point is White_Space or the text ends —
 *   except a single "." right after an abbreviation: a lone letter ("J.", "e.g.") or one of
 *   `ABBREVIATIONS` (case-insensitive). Decimals ("3.5") never split: no space follows the dot.
 * - Sentences are trimmed of White_Space; empty ones are dropped.
 */

const TERMINATORS = new Set(['.', '!', '?', '…', '。', '！', '？', '．', '｡']);
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']', '}']);
const LINE_BREAKS = new Set(['\n', '\r', '\u0085', '\u2028', '\u2029']);
const WHITE_SPACE = /\p{White_Space}/u;
const LETTER = /\p{L}/u;

/** Abbreviations that do not end a sentence when followed by a single ".". */
export const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'ft',
  'vs',
  'etc',
  'approx',
  'fig',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'est',
  'gen',
  'gov',
  'capt',
  'col',
  'lt',
  'sgt',
  'rev',
  'vol',
  'pp',
  'cf',
  'al',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

/** One sentence and where it sits in the input, in UTF-16 code units. */
export interface SentenceSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function isAbbreviationBefore(chars: readonly string[], dot: number): boolean {
  let i = dot - 1;
  let word = '';
  while (i >= 0 && LETTER.test(chars[i]!)) {
    word = chars[i]! + word;
    i--;
  }
  if (word.length === 0) return false;
  return Array.from(word).length === 1 || ABBREVIATIONS.has(word.toLowerCase());
}

/** Splits text into sentences by the rules in the module comment. */
export function splitSentences(text: string): SentenceSpan[] {
  const chars = Array.from(text);
  const offsets: number[] = new Array(chars.length + 1);
  let off = 0;
  for (let i = 0; i < chars.length; i++) {
    offsets[i] = off;
    off += chars[i]!.length;
  }
  offsets[chars.length] = off;

  const out: SentenceSpan[] = [];
  const emit = (from: number, to: number): void => {
    let a = from;
    let b = to;
    while (a < b && WHITE_SPACE.test(chars[a]!)) a++;
    while (b > a && WHITE_SPACE.test(chars[b - 1]!)) b--;
    if (a < b) {
      out.push({
        text: text.slice(offsets[a]!, offsets[b]!),
        start: offsets[a]!,
        end: offsets[b]!,
      });
    }
  };

  let start = 0;
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    if (LINE_BREAKS.has(ch)) {
      emit(start, i);
      start = i + 1;
      i++;
      continue;
    }
    if (TERMINATORS.has(ch)) {
      let j = i + 1;
      while (j < chars.length && TERMINATORS.has(chars[j]!)) j++;
      const singleDot = ch === '.' && j === i + 1;
      while (j < chars.length && CLOSERS.has(chars[j]!)) j++;
      const atBoundary = j === chars.length || WHITE_SPACE.test(chars[j]!);
      if (atBoundary && !(singleDot && isAbbreviationBefore(chars, i))) {
        emit(start, j);
        start = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  emit(start, chars.length);
  return out;
}
