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
  return text.normalize('NFKC').replace(APOSTROPHES, "'");
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch.length === 1 && ch >= '0' && ch <= '9';
}

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && LETTER.test(ch);
}

function normalizeToken(raw: string): string {
  const lower = raw.toLowerCase();
  if (lower.length > 2 && lower.endsWith("'s")) return lower.slice(0, -2);
  return lower;
}

/**
 * Splits text into word tokens (see the module comment for the rules). Works on whole code points,
 * so astral letters and emoji are never cut in half.
 */
export function wordTokens(text: string): WordToken[] {
  const normalized = normalizeText(text);
  const chars = Array.from(normalized);
  const tokens: WordToken[] = [];
  let offset = 0;
  let tokenStart = -1;
  let tokenOffset = 0;
  let raw = '';

  const flush = (): void => {
    if (tokenStart < 0) return;
    const first = Array.from(raw)[0] ?? '';
    tokens.push({
      norm: normalizeToken(raw),
      raw,
      start: tokenOffset,
      capitalized: UPPER.test(first),
    });
    tokenStart = -1;
    raw = '';
  };

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (WORD_CHAR.test(ch)) {
      if (tokenStart < 0) {
        tokenStart = i;
        tokenOffset = offset;
      }
      raw += ch;
    } else if (tokenStart >= 0 && ch === "'" && isLetter(chars[i - 1]) && isLetter(chars[i + 1])) {
      raw += ch;
    } else if (
      tokenStart >= 0 &&
      (ch === '.' || ch === ',') &&
      isDigit(chars[i - 1]) &&
      isDigit(chars[i + 1])
    ) {
      raw += ch;
    } else {
      flush();
    }
    offset += ch.length;
  }
  flush();
  return tokens;
}

/** The normalised tokens of a text, in order (stop words included). */
export function tokenize(text: string): string[] {
  return wordTokens(text).map((t) => t.norm);
}
