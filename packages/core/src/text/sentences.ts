/**
 * A small, exact sentence splitter for knowledge passages and the heuristic NLI (the stream guard
 * has its own incremental segmenter). Rules, over code points of the text as given:
 *
 * - A line break (LF, CR, U+0085, U+2028, U+2029) always ends a sentence.
 * - A run of terminators (. ! ? … 。 ！ ？ ． ｡), followed by any closing quotes or brackets
 *   (" ' ” ’ » ) ] }), ends a sentence when the next code point is White_Space or the text ends —
 *   except a single "." right after an abbreviation: a lone letter preceded by White_Space, "."
 *   "(" or the start of the text ("J.", "e.g.", "U.S."), or one of `ABBREVIATIONS`
 *   (case-insensitive). Decimals ("3.5") never split: no space follows the dot.
 * - A single "." glued to the next sentence ends one too (see `isGluedStart`): "1989.The band".
 * - Sentences are trimmed of White_Space; empty ones are dropped.
 */

// . ! ? … 。 ！ ？ ． ｡
const TERMINATORS = new Set([0x2e, 0x21, 0x3f, 0x2026, 0x3002, 0xff01, 0xff1f, 0xff0e, 0xff61]);
// " ' ” ’ » ) ] }
const CLOSERS = new Set([0x22, 0x27, 0x201d, 0x2019, 0xbb, 0x29, 0x5d, 0x7d]);
// LF CR NEL LS PS
const LINE_BREAKS = new Set([0x0a, 0x0d, 0x85, 0x2028, 0x2029]);

function isTerminator(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || (c > 0x7f && TERMINATORS.has(c));
}
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

function isWhiteSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  if (c < 0x80) return false;
  return WHITE_SPACE.test(text[i]!);
}

/** The code point ending just before `end` and its width (1 or 2 code units). */
function codePointBefore(text: string, end: number): [string, number] {
  const low = text.charCodeAt(end - 1);
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) {
    const high = text.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return [text.slice(end - 2, end), 2];
  }
  return [text[end - 1]!, 1];
}

function isLetterChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return LETTER.test(ch);
}

function isAbbreviationBefore(text: string, dot: number): boolean {
  let i = dot;
  let letters = 0;
  while (i > 0) {
    const [ch, width] = codePointBefore(text, i);
    if (!isLetterChar(ch)) break;
    i -= width;
    letters++;
  }
  if (letters === 0) return false;
  if (letters > 1) return ABBREVIATIONS.has(text.slice(i, dot).toLowerCase());
  // A lone letter is an initial ("J.", "U.S.", "e.g.") only after a space, a dot or the start:
  // the "s" of "Earth's." ends a sentence.
  if (i === 0) return true;
  const before = text.charCodeAt(i - 1);
  return before === 0x2e || isWhiteSpaceAt(text, i - 1) || before === 0x28;
}

const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Whether the single "." at `dot` ends a sentence glued to the next one ("in 1989.The band",
 * "Columbia.Kings of Leon"): documents pasted together and text scraped from HTML often lose the
 * space. ASCII only: a lower-case letter, a digit, a ")" or a '"' before the dot, then an upper-case
 * letter and a lower-case letter after it, or an initial ("X. " and an upper-case letter); "U.S.A"
 * and "3.5" do not split.
 */
function isGluedStart(text: string, dot: number): boolean {
  if (dot === 0 || dot + 2 >= text.length) return false;
  const before = text.charCodeAt(dot - 1);
  if (!(isLower(before) || isDigit(before) || before === 0x29 || before === 0x22)) return false;
  if (!isUpper(text.charCodeAt(dot + 1))) return false;
  if (isLower(text.charCodeAt(dot + 2))) return true;
  // An initial opens the next one ("actor.H. Bruce Humberstone was…") after a word of three or
  // more lower-case letters ("Ph.D. Thesis" stays whole).
  return (
    dot >= 3 &&
    isLower(text.charCodeAt(dot - 2)) &&
    isLower(text.charCodeAt(dot - 3)) &&
    text.charCodeAt(dot + 2) === 0x2e &&
    dot + 4 < text.length &&
    text.charCodeAt(dot + 3) === 0x20 &&
    isUpper(text.charCodeAt(dot + 4))
  );
}

/** Splits text into sentences by the rules in the module comment. */
export function splitSentences(text: string): SentenceSpan[] {
  const n = text.length;
  const out: SentenceSpan[] = [];
  const emit = (from: number, to: number): void => {
    let a = from;
    let b = to;
    // White_Space characters are all in the BMP, so trimming by code unit is exact.
    while (a < b && isWhiteSpaceAt(text, a)) a++;
    while (b > a && isWhiteSpaceAt(text, b - 1)) b--;
    if (a < b) out.push({ text: text.slice(a, b), start: a, end: b });
  };
  let start = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || (c > 0x7f && LINE_BREAKS.has(c))) {
      emit(start, i);
      start = i + 1;
      i++;
      continue;
    }
    if (isTerminator(c)) {
      let j = i + 1;
      while (j < n && isTerminator(text.charCodeAt(j))) j++;
      const singleDot = c === 0x2e && j === i + 1;
      while (j < n && CLOSERS.has(text.charCodeAt(j))) j++;
      const atBoundary = j === n || isWhiteSpaceAt(text, j) || (singleDot && isGluedStart(text, i));
      if (atBoundary && !(singleDot && isAbbreviationBefore(text, i))) {
        emit(start, j);
        start = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  emit(start, n);
  return out;
}
