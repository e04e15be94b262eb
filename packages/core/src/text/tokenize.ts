/**
 * The one word tokenizer of Backfire. BM25 retrieval and the heuristic NLI both read text through
 * it, and the Rust port reproduces it exactly, so every rule here is a plain character rule with no
 * locale, no regex engine subtleties and no Intl.Segmenter. The rules are written out in
 * docs/scoring.md; in short:
 *
 * 1. Unicode NFKC, then the apostrophes U+2018, U+2019 and U+02BC become "'".
 * 2. A word character is any code point of General_Category L (letters), M (marks) or N (numbers).
 *    A token is a maximal run of word characters, where
 *    - "'" between two letters joins ("doesn't", "o'clock" are one token), and
 *    - "." or "," between two ASCII digits joins ("3.5", "10,000" are one token).
 *    Everything else separates (spaces, punctuation, symbols, emoji, "_", "-").
 * 3. A token is lower-cased with the Unicode default full lower-case mapping (String.toLowerCase,
 *    Rust str::to_lowercase) on its own, then a trailing "'s" is dropped ("Eiffel's" → "eiffel",
 *    "it's" → "it"), except when that would leave nothing.
 */

const APOSTROPHES = /[\u2018\u2019\u02BC]/g;
const NON_ASCII = /[^\x00-\x7F]/;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LETTER = /\p{L}/u;
const UPPER = /[\p{Lu}\p{Lt}]/u;

/** One token with the facts the NLI needs about where it came from. */
export interface WordToken {
  /** The normalised form: NFKC, lower-case, possessive "'s" removed. */
  readonly norm: string;
  /** The token as written (after NFKC and apostrophe folding). */
  readonly raw: string;
  /** Offset of the token in the NFKC-normalised text, in UTF-16 code units. */
  readonly start: number;
  /** Whether its first character is an upper-case or title-case letter. */
  readonly capitalized: boolean;
}

/** NFKC plus apostrophe folding: the text every other rule works on. */
export function normalizeText(text: string): string {
  // ASCII is already NFKC and has no typographic apostrophes: skip the work on the common path.
  if (!NON_ASCII.test(text)) return text;
  return text.normalize('NFKC').replace(APOSTROPHES, "'");
}

enum Kind {
  Other = 0,
  Letter = 1,
  Digit = 2,
  /** A mark or a non-ASCII number: part of a word, but neither a letter nor an ASCII digit. */
  WordOther = 3,
}

function kindOf(code: number, ch: string): Kind {
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return Kind.Letter;
    if (code >= 0x30 && code <= 0x39) return Kind.Digit;
    return Kind.Other;
  }
  if (LETTER.test(ch)) return Kind.Letter;
  return WORD_CHAR.test(ch) ? Kind.WordOther : Kind.Other;
}

function normalizeToken(raw: string): string {
  const lower = raw.toLowerCase();
  if (lower.length > 2 && lower.endsWith("'s")) return lower.slice(0, -2);
  return lower;
}

function isCapital(code: number, ch: string): boolean {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a;
  return UPPER.test(ch);
}

/**
 * Splits text into word tokens (see the module comment for the rules). Works on whole code points,
 * so astral letters and emoji are never cut in half.
 */
export function wordTokens(text: string): WordToken[] {
  const s = normalizeText(text);
  const n = s.length;
  // Kinds per code unit position (a surrogate pair's second unit is never read on its own).
  const kinds = new Uint8Array(n + 1);
  const widths = new Uint8Array(n + 1);
  for (let i = 0; i < n; ) {
    const code = s.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    kinds[i] = kindOf(code, width === 2 ? s.slice(i, i + 2) : s[i]!);
    widths[i] = width;
    i += width;
  }
  const tokens: WordToken[] = [];
  let start = -1;
  const flush = (end: number): void => {
    if (start < 0) return;
    const raw = s.slice(start, end);
    const code = s.codePointAt(start)!;
    tokens.push({
      norm: normalizeToken(raw),
      raw,
      start,
      capitalized: kinds[start] === Kind.Letter && isCapital(code, String.fromCodePoint(code)),
    });
    start = -1;
  };
  let prev = -1;
  for (let i = 0; i < n; ) {
    const kind = kinds[i]!;
    const width = widths[i]!;
    const next = i + width;
    if (kind !== Kind.Other) {
      if (start < 0) start = i;
    } else if (start >= 0 && prev >= 0 && next < n) {
      const ch = s.charCodeAt(i);
      const after = kinds[next]!;
      const before = kinds[prev]!;
      const joins =
        (ch === 0x27 && before === Kind.Letter && after === Kind.Letter) ||
        ((ch === 0x2e || ch === 0x2c) && before === Kind.Digit && after === Kind.Digit);
      if (!joins) flush(i);
    } else {
      flush(i);
    }
    prev = i;
    i = next;
  }
  flush(n);
  return tokens;
}

/** The normalised tokens of a text, in order (stop words included). */
export function tokenize(text: string): string[] {
  return wordTokens(text).map((t) => t.norm);
}
