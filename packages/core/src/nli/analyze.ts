import { splitSentences } from '../text/sentences.js';
import { isNegation, isStopWord } from '../text/stopwords.js';
import { isNumberToken, stem, termOf } from '../text/terms.js';
import { normalizeText, type WordToken, wordTokens } from '../text/tokenize.js';
import {
  APPROXIMATORS,
  CLAUSE_VERBS,
  COMPARATIVES,
  DEMONYMS,
  FRACTION_WORDS,
  MONTHS,
  NAME_JOINERS,
  NEGATION_IDIOMS,
  NUMBER_WORDS,
  ORDINAL_SUFFIXES,
  REQUEST_WORDS,
  SCALE_WORDS,
} from './lexicon.js';

/**
 * What the heuristic NLI reads from a text: sentences with their content terms, negation scopes,
 * numbers, dates and names. Shared by the contradiction cues (heuristic.ts) and the question-aware
 * rules (question.ts); the Rust port mirrors it in nli/analyze.rs.
 */

/** Relative tolerance between two numbers when either is hedged ("about 60"). */
export const APPROX_TOLERANCE = 0.1;

const DIGITS_WITH_SUFFIX = /^([0-9]+(?:\.[0-9]+)?)([a-z]+)$/;

export interface NumberMention {
  readonly value: number;
  /** Written as a word ("three"), not digits. */
  readonly spelled: boolean;
  readonly unit: string;
  readonly approx: boolean;
  /**
   * The power of ten of its last significant digit as written: 0 for "375", 2 for "400", 5 for
   * "700,000" and "1.5 million", -1 for "38.6". A hedged figure stands for a rounding of the other
   * only when it is the rounder of the two (see `sameNumber`).
   */
  readonly precision: number;
  readonly text: string;
}

export interface Sentence {
  readonly text: string;
  readonly question: boolean;
  /** Unique content terms (stop words and negations removed), in order. */
  readonly content: readonly string[];
  readonly contentSet: ReadonlySet<string>;
  /** Content terms that are not part of a number. */
  readonly base: readonly string[];
  readonly negations: number;
  /** Content terms inside the scope of a negation (from it to the end of its clause). */
  readonly negated: ReadonlySet<string>;
  /** Content terms outside any negation scope. */
  readonly affirmed: ReadonlySet<string>;
  readonly numbers: readonly NumberMention[];
  readonly months: readonly string[];
  /** Terms of named entities (see `isEntityToken`). */
  readonly entities: readonly string[];
  /**
   * The first word's term when it is capitalised and could be a name but for its position
   * ("Mumbai, the financial capital…"); null otherwise. Only short answers read it as a name.
   */
  readonly lead: string | null;
  /** Multi-word names, as runs of their terms ("Eiffel Tower" → ["eiffel", "tower"]). */
  readonly names: readonly NameRun[];
  /** The first token, normalised ("yes", "no", "the"). */
  readonly first: string;
  /** Number of word tokens. */
  readonly words: number;
  /** Whether a verb of being, having or a modal makes it a clause ("is", "has", "can"). */
  readonly clause: boolean;
  /** Stems of every token, stop words included (for antonyms). */
  readonly stems: ReadonlySet<string>;
  /** `stem + " " + next content term` for every token that has one (antonyms in context). */
  readonly pairs: ReadonlySet<string>;
  /** Indices of the tokens "and" (names joined by it: "Tellan and Brisk are…"). */
  readonly ands: readonly number[];
}

export interface Text {
  readonly sentences: readonly Sentence[];
  readonly content: ReadonlySet<string>;
  readonly numbers: readonly NumberMention[];
  readonly months: ReadonlySet<string>;
}

function isMonth(token: WordToken): boolean {
  return token.capitalized && MONTHS.has(token.norm);
}

function parsePlain(norm: string): number | null {
  const plain = norm.replaceAll(',', '');
  if (plain.indexOf('.') !== plain.lastIndexOf('.')) return null;
  return Number.parseFloat(plain);
}

/** Trailing zeros of a non-zero integer (0 for 0 and for non-integers). */
function trailingZeros(value: number): number {
  let v = Math.abs(value);
  let n = 0;
  while (v !== 0 && Number.isInteger(v) && v % 10 === 0) {
    v /= 10;
    n++;
  }
  return n;
}

/** The precision of a figure written in digits: minus its decimals, or its trailing zeros. */
function digitsPrecision(digits: string): number {
  const plain = digits.replaceAll(',', '');
  const dot = plain.indexOf('.');
  if (dot >= 0) return -(plain.length - dot - 1);
  let n = 0;
  for (let i = plain.length - 1; i > 0 && plain[i] === '0'; i--) n++;
  return n;
}

function readNumbers(tokens: readonly WordToken[], numberIdx: Set<number>): NumberMention[] {
  const out: NumberMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const norm = tokens[i]!.norm;
    let value: number | null = null;
    let unit = '';
    let precision = 0;
    if (isNumberToken(norm)) {
      value = parsePlain(norm);
      precision = digitsPrecision(norm);
    } else {
      const m = DIGITS_WITH_SUFFIX.exec(norm);
      if (m !== null) {
        value = Number.parseFloat(m[1]!);
        precision = digitsPrecision(m[1]!);
        unit = ORDINAL_SUFFIXES.has(m[2]!) ? '#ord' : stem(m[2]!);
      } else if (NUMBER_WORDS.has(norm)) {
        value = NUMBER_WORDS.get(norm)!;
        precision = trailingZeros(value);
      } else if (
        (norm === 'one' || norm === 'a' || norm === 'an') &&
        FRACTION_WORDS.has(tokens[i + 1]?.norm ?? '')
      ) {
        value = 1;
      }
    }
    if (value === null || !Number.isFinite(value)) continue;
    numberIdx.add(i);
    let j = i + 1;
    const scale = SCALE_WORDS.get(tokens[j]?.norm ?? '');
    if (scale !== undefined) {
      value *= scale;
      precision += trailingZeros(scale);
      numberIdx.add(j);
      j++;
    }
    const denominator = FRACTION_WORDS.get(tokens[j]?.norm ?? '');
    if (denominator !== undefined) {
      value /= denominator;
      unit = '#fraction';
      numberIdx.add(j);
      j++;
    }
    if (unit === '') {
      const next = tokens[j];
      const prev = tokens[i - 1];
      if (/^[0-9]{4}$/.test(norm) && value >= 1000 && value <= 2999) unit = '#year';
      else if (
        Number.isInteger(value) &&
        value >= 1 &&
        value <= 31 &&
        ((next !== undefined && isMonth(next)) || (prev !== undefined && isMonth(prev)))
      ) {
        unit = '#day';
      } else if (
        next !== undefined &&
        !isStopWord(next.norm) &&
        !isNegation(next.norm) &&
        !isNumberToken(next.norm) &&
        !NUMBER_WORDS.has(next.norm)
      ) {
        unit = termOf(next.norm);
      } else unit = '#num';
    }
    const before = tokens[i - 1]?.norm ?? '';
    out.push({
      value,
      spelled: !/[0-9]/.test(norm),
      unit,
      approx: APPROXIMATORS.has(before),
      precision,
      text: tokens[i]!.raw,
    });
  }
  return out;
}

/**
 * A named-entity token: capitalised, longer than one character, not a stop word, negation, number
 * or month, and not the first word of its sentence — unless the next word is such a token too
 * ("Gustave Eiffel designed…"), so "The" or "Paris" at the start of a sentence are not mistaken for
 * names.
 */

function isPlainName(t: WordToken | undefined): boolean {
  return (
    t?.capitalized === true &&
    Array.from(t.norm).length > 1 &&
    !isStopWord(t.norm) &&
    !isNegation(t.norm) &&
    !isNumberToken(t.norm) &&
    !MONTHS.has(t.norm)
  );
}

function entityTerms(tokens: readonly WordToken[]): string[] {
  const out: string[] = [];
  const plain = isPlainName;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!plain(t)) continue;
    if (i === 0 && !plain(tokens[1])) continue;
    out.push(termOf(t.norm));
  }
  return out;
}

export interface NameRun {
  readonly start: number;
  readonly end: number;
  readonly terms: string[];
}

/** Runs of capitalised words ("Arthur's Magazine", "First for Women"): the names a question offers. */
export function nameRuns(tokens: readonly WordToken[], normalized: string): NameRun[] {
  // Punctuation between two words ends a name: "south Texas, Malle del Norte" is two. The dot
  // of an initial does not ("H. Bruce Humberstone", "Neil N. LaBute").
  const joined = (i: number): boolean => {
    const prev = tokens[i - 1]!;
    const gap = normalized.slice(prev.start + prev.raw.length, tokens[i]!.start);
    if (/^\s*$/u.test(gap)) return true;
    return (
      prev.capitalized && prev.raw.length === 1 && tokens[i]!.capitalized && /^\.\s+$/u.test(gap)
    );
  };
  const runs: NameRun[] = [];
  let i = 0;
  while (i < tokens.length) {
    // The first word starts a name only when the next one continues it ("Neil Gaiman directed").
    const startsHere =
      i === 0 ? isPlainName(tokens[0]) && isPlainName(tokens[1]) : tokens[i]!.capitalized;
    if (!startsHere) {
      i++;
      continue;
    }
    const start = i;
    const terms: string[] = [];
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (i > start && !joined(i)) break;
      if (t.capitalized) {
        if (!isStopWord(t.norm)) terms.push(termOf(t.norm));
      } else if (!(NAME_JOINERS.has(t.norm) && tokens[i + 1]?.capitalized === true)) break;
      i++;
    }
    if (terms.length > 0) runs.push({ start, end: i, terms });
  }
  return runs;
}

/** The first token's term if it is capitalised and would pass as a name anywhere else. */
function leadTerm(tokens: readonly WordToken[]): string | null {
  const t = tokens[0]!;
  if (
    !t.capitalized ||
    Array.from(t.norm).length < 2 ||
    isStopWord(t.norm) ||
    isNegation(t.norm) ||
    isNumberToken(t.norm) ||
    MONTHS.has(t.norm)
  ) {
    return null;
  }
  return termOf(t.norm);
}

/** First words of a request ("Tell me about…"): like a question, it asserts nothing. */
const REQUESTS: ReadonlySet<string> = new Set(REQUEST_WORDS);

/** Characters between two tokens that end a clause (and with it a negation's scope). */
const CLAUSE_BREAK = /[,;:()\u2013\u2014]/;

/**
 * Whether the token at `i` starts a negation scope: a negation word (unless an idiom follows), or
 * the contrastive "rather than" / "instead of", which deny what follows them.
 */
function startsNegation(tokens: readonly WordToken[], i: number): boolean {
  const norm = tokens[i]!.norm;
  const next = tokens[i + 1]?.norm ?? '';
  if (isNegation(norm)) {
    // A capitalised "Not" or "No" inside a sentence is a word of a title ("the Not Ready for Prime
    // Time Players"), not a denial.
    if (i > 0 && tokens[i]!.capitalized && tokens[i + 1]?.capitalized === true) return false;
    if (NEGATION_IDIOMS.has(next)) return false;
    if (next === 'one' && NEGATION_IDIOMS.has(tokens[i + 2]?.norm ?? '')) return false;
    return true;
  }
  return (norm === 'rather' && next === 'than') || (norm === 'instead' && next === 'of');
}

function analyzeSentence(text: string): Sentence | null {
  const tokens = wordTokens(text);
  if (tokens.length === 0) return null;
  const normalized = normalizeText(text);
  const numberIdx = new Set<number>();
  const numbers = readNumbers(tokens, numberIdx);
  const content: string[] = [];
  const contentSet = new Set<string>();
  const base: string[] = [];
  const stems = new Set<string>();
  const pairs = new Set<string>();
  const negated = new Set<string>();
  const affirmed = new Set<string>();
  let negations = 0;
  let inScope = false;
  // Terms of the current clause before its negation, and whether the scope caught any: "the cat
  // is not here" denies nothing after "not" (only stop words), so it denies the clause's subject.
  let clauseTerms: string[] = [];
  let scopeTerms = 0;
  let scopeComparative = false;
  const closeScope = (): void => {
    if (inScope && scopeComparative) {
      // "No volcano is taller" states a superlative; it denies nothing.
      for (const t of scopeTermList) {
        negated.delete(t);
        affirmed.add(t);
      }
      negations -= scopeNegations;
    } else if (inScope && scopeTerms === 0) {
      for (const t of clauseTerms) {
        affirmed.delete(t);
        negated.add(t);
      }
    }
    inScope = false;
    clauseTerms = [];
    scopeTerms = 0;
    scopeTermList = [];
    scopeNegations = 0;
    scopeComparative = false;
  };
  let scopeTermList: string[] = [];
  let scopeNegations = 0;
  const ands: number[] = [];
  const terms: (string | null)[] = tokens.map((t) =>
    isStopWord(t.norm) || isNegation(t.norm) ? null : termOf(t.norm),
  );
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const norm = token.norm;
    if (norm === 'and') ands.push(i);
    if (i > 0) {
      const prev = tokens[i - 1]!;
      const gap = normalized.slice(prev.start + prev.raw.length, token.start);
      if (CLAUSE_BREAK.test(gap) || norm === 'but') closeScope();
    }
    if (startsNegation(tokens, i)) {
      negations++;
      scopeNegations++;
      inScope = true;
    } else if (inScope && COMPARATIVES.has(norm)) scopeComparative = true;
    const s = stem(norm);
    stems.add(s);
    for (let j = i + 1; j < tokens.length; j++) {
      const next = terms[j];
      if (next !== null && next !== undefined) {
        pairs.add(`${s} ${next}`);
        break;
      }
    }
    const term = terms[i];
    if (term === null || term === undefined) continue;
    if (inScope) {
      negated.add(term);
      scopeTerms++;
      scopeTermList.push(term);
    } else {
      affirmed.add(term);
      clauseTerms.push(term);
    }
    if (contentSet.has(term)) continue;
    contentSet.add(term);
    content.push(term);
    if (!numberIdx.has(i)) base.push(term);
  }
  closeScope();
  const trimmed = text.trimEnd();
  return {
    text: text.trim(),
    question: trimmed.endsWith('?') || trimmed.endsWith('？') || REQUESTS.has(tokens[0]!.norm),
    content,
    contentSet,
    base,
    negations,
    negated,
    affirmed,
    numbers,
    months: tokens.filter(isMonth).map((t) => t.norm),
    entities: entityTerms(tokens),
    lead: leadTerm(tokens),
    names: nameRuns(tokens, normalized),
    first: tokens[0]!.norm,
    words: tokens.length,
    clause: tokens.some((t) => CLAUSE_VERBS.has(t.norm)),
    stems,
    pairs,
    ands,
  };
}

/** Parsed sentences kept per backend (premises repeat: the prompt, the same evidence). */
const SENTENCE_CACHE_SIZE = 1024;

export function analyzeText(text: string, cache?: Map<string, Sentence | null>): Text {
  const sentences: Sentence[] = [];
  for (const span of splitSentences(text)) {
    let s = cache?.get(span.text);
    if (s === undefined) {
      s = analyzeSentence(span.text);
      if (cache !== undefined) {
        if (cache.size >= SENTENCE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(span.text, s);
      }
    }
    if (s !== null) sentences.push(s);
  }
  const content = new Set<string>();
  const numbers: NumberMention[] = [];
  const months = new Set<string>();
  for (const s of sentences) {
    for (const t of s.content) content.add(t);
    numbers.push(...s.numbers);
    for (const m of s.months) months.add(m);
  }
  return { sentences, content, numbers, months };
}

/**
 * Whether two figures agree: equal, or within the tolerance when a hedged one is the rounder of
 * the two — "about 400 miles" is 375 rounded; "approximately 386" is as precise as 375 and so
 * another figure, not a rounding of it.
 */
export function sameNumber(a: NumberMention, b: NumberMention): boolean {
  if (a.value === b.value) return true;
  const rounderHedged =
    (a.approx && a.precision > b.precision) || (b.approx && b.precision > a.precision);
  if (!rounderHedged) return false;
  const scale = Math.max(Math.abs(a.value), Math.abs(b.value));
  return Math.abs(a.value - b.value) <= APPROX_TOLERANCE * scale;
}

/** Endings of demonyms and adjectives of place ("Martian", "Chinese", "British", "Nepali"). */
const DEMONYM_ENDINGS = ['ian', 'an', 'ese', 'ish', 'i'];

/**
 * Whether two names are the same word in different forms: equal; one a prefix of the other with
 * at least 4 characters ("Peru" / "Peruvian", "Zealand" / "Zealander"); or a demonym sharing the
 * first 3 characters ("Mars" / "Martian", "China" / "Chinese"). Lengths count code points.
 */
export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  // Cheap rejection first: most pairs differ in their first character.
  if (a.length === 0 || b.length === 0 || a.charCodeAt(0) !== b.charCodeAt(0)) return false;
  const short = a.length <= b.length ? a : b;
  const long = short === a ? b : a;
  if (long.startsWith(short) && codePoints(short, short.length) >= 4) return true;
  let common = 0;
  while (common < short.length && short.charCodeAt(common) === long.charCodeAt(common)) common++;
  // Never count half of a surrogate pair as a shared character.
  const last = short.charCodeAt(common - 1);
  if (common > 0 && last >= 0xd800 && last <= 0xdbff) common--;
  return codePoints(short, common) >= 3 && DEMONYM_ENDINGS.some((e) => long.endsWith(e));
}

/** Code points in the first `units` UTF-16 units of `s` (a split pair counts as one). */
function codePoints(s: string, units: number): number {
  let n = 0;
  for (let i = 0; i < units; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

export function knownName(name: string, terms: Iterable<string>): boolean {
  // The same as asking sameName of every term, with an exact match looked up first and the
  // first-character test inlined: this runs for every name against every evidence sentence.
  if (terms instanceof Set && terms.has(name)) return true;
  if (name.length === 0) {
    for (const t of terms) if (t === name) return true;
    return false;
  }
  const first = name.charCodeAt(0);
  for (const t of terms) if (t.charCodeAt(0) === first && sameName(name, t)) return true;
  return false;
}

/** Whether sentence `s` names every word of a name run (each a known name in its terms). */
export function namesAll(s: Sentence, run: readonly string[]): boolean {
  return run.every((t) => knownName(t, s.contentSet));
}

/** A run that is only nationalities ("American", "Scottish-Australian"): an attribute, not a name. */
export function isAttribute(run: NameRun): boolean {
  return run.terms.every((t) => DEMONYMS.has(t));
}

/**
 * The agents a sentence gives a role word: the name runs right after "<role> by" (only stop words
 * between: the pairs `role first` and `by first`), and the runs listed with them, with no word or
 * "and" between ("directed by A, B and C"). Nationalities continue a list but are not agents.
 */
export function roleHolders(p: Sentence, role: string): NameRun[] {
  const out: NameRun[] = [];
  if (!p.stems.has('by')) return out;
  let listed = false;
  for (const [k, run] of p.names.entries()) {
    const prev = p.names[k - 1];
    listed =
      listed &&
      prev !== undefined &&
      (run.start === prev.end || (run.start === prev.end + 1 && p.ands.includes(prev.end)));
    if (!listed) {
      const first = run.terms[0]!;
      if (!p.pairs.has(`${role} ${first}`) || !p.pairs.has(`by ${first}`)) continue;
    }
    listed = true;
    if (!isAttribute(run)) out.push(run);
  }
  return out;
}
