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
const NON_ASCII = /[\u0080-\uFFFF]/;
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
  const tokens: WordToken[] = [];
  let start = -1;
  let startLetter = false;
  // Kinds of the previous, current and next code point, computed once each as the scan moves.
  let prevKind = Kind.Other;
  let i = 0;
  let code = n > 0 ? s.codePointAt(0)! : 0;
  let width = code > 0xffff ? 2 : 1;
  let kind = n > 0 ? kindAt(s, 0, code, width) : Kind.Other;
  while (i < n) {
    const next = i + width;
    let nextCode = 0;
    let nextWidth = 1;
    let nextKind = Kind.Other;
    if (next < n) {
      nextCode = s.codePointAt(next)!;
      nextWidth = nextCode > 0xffff ? 2 : 1;
      nextKind = kindAt(s, next, nextCode, nextWidth);
    }
    if (kind !== Kind.Other) {
      if (start < 0) {
        start = i;
        startLetter = kind === Kind.Letter && isCapital(code, s.slice(i, next));
      }
    } else if (start >= 0) {
      const joins =
        (code === 0x27 && prevKind === Kind.Letter && nextKind === Kind.Letter) ||
        ((code === 0x2e || code === 0x2c) && prevKind === Kind.Digit && nextKind === Kind.Digit);
      if (!joins) {
        const raw = s.slice(start, i);
        tokens.push({ norm: normalizeToken(raw), raw, start, capitalized: startLetter });
        start = -1;
      }
    }
    prevKind = kind;
    i = next;
    code = nextCode;
    width = nextWidth;
    kind = nextKind;
  }
  if (start >= 0) {
    const raw = s.slice(start);
    tokens.push({ norm: normalizeToken(raw), raw, start, capitalized: startLetter });
  }
  return tokens;
}

function kindAt(s: string, i: number, code: number, width: number): Kind {
  return code < 0x80 ? kindOf(code, '') : kindOf(code, s.slice(i, i + width));
}

/** The normalised tokens of a text, in order (stop words included). */
export function tokenize(text: string): string[] {
  return wordTokens(text).map((t) => t.norm);
}
