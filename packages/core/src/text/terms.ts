import { isNegation, isStopWord } from './stopwords.js';
import { tokenize } from './tokenize.js';

const ASCII_WORD = /^[a-z]+$/;
const NUMBER = /^[0-9]+(?:[.,][0-9]+)*$/;

/**
 * A deliberately tiny suffix stripper, so "boils", "boiling" and "boiled" meet and the Rust port can
 * copy it line by line. It touches only tokens made of a–z with at least 4 letters, in this order:
 *
 * 1. "-ies" → "-y" (length ≥ 5); else "-sses" → "-ss"; else a final "s" is dropped unless the word
 *    ends in "ss", "us" or "is".
 * 2. Then "-ing" is dropped if the word has ≥ 6 letters; else "-ed" is dropped if the word has
 *    ≥ 5 letters and does not end in "eed".
 * 3. Then a final "e" is dropped if the word has ≥ 5 letters.
 */
export function stem(word: string): string {
  if (word.length < 4 || !ASCII_WORD.test(word)) return word;
  let w = word;
  if (w.length >= 5 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) {
    w = w.slice(0, -1);
  }
  if (w.length >= 6 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length >= 5 && w.endsWith('ed') && !w.endsWith('eed')) w = w.slice(0, -2);
  if (w.length >= 5 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Whether a normalised token is a plain number ("42", "3.5", "10,000"). */
export function isNumberToken(token: string): boolean {
  return NUMBER.test(token);
}

/**
 * The matching key of a normalised token: numbers lose their thousands separators ("10,000" and
 * "10000" are the same term), words are stemmed.
 */
export function termOf(token: string): string {
  if (isNumberToken(token)) return token.replaceAll(',', '');
  return stem(token);
}

/** Whether a normalised token carries content: not a stop word and not a negation. */
export function isContentToken(token: string): boolean {
  return !isStopWord(token) && !isNegation(token);
}

/**
 * The content terms of a text, in order, duplicates kept: tokenize, drop stop words and
 * negations, map through `termOf`. This is what BM25 indexes and queries.
 */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    if (isContentToken(token)) out.push(termOf(token));
  }
  return out;
}
