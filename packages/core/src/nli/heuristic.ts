import { BackfireInputError } from '../errors/errors.js';
import { assertKnownKeys, type ListsEveryKey } from '../internal/options.js';
import { splitSentences } from '../text/sentences.js';
import { isNegation, isStopWord } from '../text/stopwords.js';
import { isNumberToken, stem, termOf } from '../text/terms.js';
import { normalizeText, type WordToken, wordTokens } from '../text/tokenize.js';
import {
  ANTONYMS,
  APPROXIMATORS,
  FRACTION_WORDS,
  MONTHS,
  NUMBER_WORDS,
  ORDINAL_SUFFIXES,
  SCALE_WORDS,
} from './lexicon.js';
import type {
  ExplainingNliBackend,
  ExplainOptions,
  NliCue,
  NliCueKind,
  NliExplanation,
} from './types.js';

/** Full strength of each cue, reached when the sentences are about the same thing. */
export const CUE_STRENGTH: Readonly<Record<NliCueKind, number>> = Object.freeze({
  negation: 0.9,
  number: 0.9,
  date: 0.9,
  antonym: 0.85,
  entity: 0.85,
  unsupported_specific: 0.8,
});

/**
 * An unsupported specific is a number or a name the premise has never heard of. One is common in
 * an honest paraphrase (a derived figure, a formula); several in one sentence are the signature of
 * a fabrication. One counts `SINGLE_SPECIFIC_STRENGTH`, two or more `CUE_STRENGTH.unsupported_specific`.
 */
export const SINGLE_SPECIFIC_STRENGTH = 0.45;

/**
 * Share of a hypothesis sentence's other content terms a premise sentence must contain for a cue
 * between them to count in full ("same subject"); below it the cue is scaled down linearly.
 */
export const ALIGNMENT_FULL = 0.5;

/** Relative tolerance between two numbers when either is hedged ("about 60"). */
export const APPROX_TOLERANCE = 0.1;

const DIGITS_WITH_SUFFIX = /^([0-9]+(?:\.[0-9]+)?)([a-z]+)$/;

interface NumberMention {
  readonly value: number;
  /** Written as a word ("three"), not digits. */
  readonly spelled: boolean;
  readonly unit: string;
  readonly approx: boolean;
  readonly text: string;
}

interface Sentence {
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
  /** Stems of every token, stop words included (for antonyms). */
  readonly stems: ReadonlySet<string>;
  /** `stem + " " + next content term` for every token that has one (antonyms in context). */
  readonly pairs: ReadonlySet<string>;
}

interface Text {
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

function readNumbers(tokens: readonly WordToken[], numberIdx: Set<number>): NumberMention[] {
  const out: NumberMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const norm = tokens[i]!.norm;
    let value: number | null = null;
    let unit = '';
    if (isNumberToken(norm)) {
      value = parsePlain(norm);
    } else {
      const m = DIGITS_WITH_SUFFIX.exec(norm);
      if (m !== null) {
        value = Number.parseFloat(m[1]!);
        unit = ORDINAL_SUFFIXES.has(m[2]!) ? '#ord' : stem(m[2]!);
      } else if (NUMBER_WORDS.has(norm)) {
        value = NUMBER_WORDS.get(norm)!;
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
function entityTerms(tokens: readonly WordToken[]): string[] {
  const out: string[] = [];
  const plain = (t: WordToken | undefined): boolean =>
    t?.capitalized === true &&
    Array.from(t.norm).length > 1 &&
    !isStopWord(t.norm) &&
    !isNegation(t.norm) &&
    !isNumberToken(t.norm) &&
    !MONTHS.has(t.norm);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!plain(t)) continue;
    if (i === 0 && !plain(tokens[1])) continue;
    out.push(termOf(t.norm));
  }
  return out;
}

/** First words of a request ("Tell me about…"): like a question, it asserts nothing. */
const REQUESTS: ReadonlySet<string> = new Set([
  'tell',
  'explain',
  'describe',
  'list',
  'give',
  'show',
  'define',
  'summarize',
  'summarise',
  'compare',
  'write',
  'find',
  'please',
  'outline',
]);

/**
 * Comparatives that turn a negation into a superlative: "no volcano is taller", "nothing is more
 * important". The comparatives of the antonym list, plus more / less / better / worse.
 */
const COMPARATIVES: ReadonlySet<string> = new Set([
  'more',
  'less',
  'better',
  'worse',
  'fewer',
  'taller',
  'shorter',
  'larger',
  'smaller',
  'bigger',
  'higher',
  'lower',
  'longer',
  'heavier',
  'lighter',
  'older',
  'newer',
  'younger',
  'faster',
  'slower',
  'stronger',
  'weaker',
  'wider',
  'narrower',
  'deeper',
  'greater',
  'earlier',
  'later',
]);

/** Characters between two tokens that end a clause (and with it a negation's scope). */
const CLAUSE_BREAK = /[,;:()\u2013\u2014]/;
/**
 * Words right after a negation that make it an idiom of uniqueness, not a denial: "no other
 * river", "nothing else", "no one before her" (= the first).
 */
const NEGATION_IDIOMS: ReadonlySet<string> = new Set(['other', 'else', 'before']);

/**
 * Whether the token at `i` starts a negation scope: a negation word (unless an idiom follows), or
 * the contrastive "rather than" / "instead of", which deny what follows them.
 */
function startsNegation(tokens: readonly WordToken[], i: number): boolean {
  const norm = tokens[i]!.norm;
  const next = tokens[i + 1]?.norm ?? '';
  if (isNegation(norm)) {
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
  const terms: (string | null)[] = tokens.map((t) =>
    isStopWord(t.norm) || isNegation(t.norm) ? null : termOf(t.norm),
  );
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const norm = token.norm;
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
    stems,
    pairs,
  };
}

function analyzeText(text: string, cache?: Map<string, Sentence | null>): Text {
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

const SENTENCE_CACHE_SIZE = 1024;
const TEXT_CACHE_SIZE = 32;
/** Longer texts (a 1 MB response) are parsed every time rather than kept alive in the cache. */
const TEXT_CACHE_MAX_CHARS = 20_000;

function sameNumber(a: NumberMention, b: NumberMention): boolean {
  if (a.value === b.value) return true;
  if (!a.approx && !b.approx) return false;
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
function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  // Cheap rejection first: most pairs differ in their first character.
  if (short.length === 0 || short.charCodeAt(0) !== long.charCodeAt(0)) return false;
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

function knownName(name: string, terms: Iterable<string>): boolean {
  for (const t of terms) if (sameName(name, t)) return true;
  return false;
}

/** Share of `terms` (minus `exclude`) found in `sentence`; 0 when nothing is left to compare. */
function alignment(
  terms: readonly string[],
  exclude: ReadonlySet<string>,
  sentence: Sentence,
): number {
  let total = 0;
  let shared = 0;
  for (const t of terms) {
    if (exclude.has(t)) continue;
    total++;
    if (sentence.contentSet.has(t)) shared++;
  }
  return total === 0 ? 0 : shared / total;
}

function weight(kind: NliCueKind, align: number): number {
  return CUE_STRENGTH[kind] * Math.min(1, align / ALIGNMENT_FULL);
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The strongest cue of one hypothesis sentence against the premise, or null.
 *
 * Cues are only taken against the premise sentences that align best with the hypothesis sentence
 * (the "same subject"); `context` (the sentence before it) widens the terms used for that, so
 * "They got there on 29 May 1963." still finds the summit sentence. A number or month counts as
 * backed when any premise sentence on the subject (alignment > 0) states it.
 */
function strongestCue(
  h: Sentence,
  premise: Text,
  context: readonly string[],
  specificsCount: boolean,
): NliCue | null {
  let best: NliCue | null = null;
  const consider = (
    kind: NliCueKind,
    strength: number,
    premiseSentence: string,
    detail: string,
  ): void => {
    // Strictly stronger wins, so the first cue found (in the fixed order below) keeps ties.
    if (strength > 0 && (best === null || strength > best.strength)) {
      best = { kind, strength, hypothesisSentence: h.text, premiseSentence, detail };
    }
  };
  const widened =
    context.length === 0 ? null : [...h.base, ...context.filter((t) => !h.contentSet.has(t))];
  // Questions assert nothing, so they can support a claim but never contradict one.
  const claims = premise.sentences.filter((p) => !p.question);
  let ownTop = 0;
  for (const p of claims) ownTop = Math.max(ownTop, alignment(h.base, NONE, p));
  // The previous sentence only helps a hypothesis that cannot tell on its own what it is about
  // ("It was 1963."); a clear hypothesis is never pulled towards its neighbour's subject.
  const useContext = widened !== null && ownTop < ALIGNMENT_FULL;
  const align = (p: Sentence, exclude: ReadonlySet<string>): number => {
    const own = alignment(h.base, exclude, p);
    return useContext ? Math.max(own, alignment(widened!, exclude, p)) : own;
  };
  const aligned = claims.map((p) => align(p, NONE));
  let top = 0;
  for (const a of aligned) if (a > top) top = a;
  if (top === 0) return null;
  const focus = claims.filter((_, i) => aligned[i] === top);
  const onSubject = claims.filter((_, i) => aligned[i]! > 0);

  // Negation: a term the hypothesis denies that the premise asserts, or the other way round. When
  // both sentences contain a negation, only a swap (each denies what the other asserts) counts,
  // so "the Amazon has no bridge" agrees with "no bridges cross the Amazon".
  for (const p of focus) {
    const denied = [...h.negated].find((t) => p.affirmed.has(t) && !p.negated.has(t));
    const asserted = [...h.affirmed].find((t) => p.negated.has(t) && !p.affirmed.has(t));
    const both = h.negations > 0 && p.negations > 0;
    // The rest of the sentence must be about the same thing: "People cross it by boat" shares
    // only the verb with "No bridges cross the Amazon". (A sentence about nothing but that term —
    // "the cat is here" — is as aligned as it gets.)
    // The context can say which sentence is meant, never that the rest matches: own terms only.
    const strength = (term: string): number =>
      weight(
        'negation',
        h.base.some((t) => t !== term) ? alignment(h.base, new Set([term]), p) : top,
      );
    if (both) {
      if (denied !== undefined && asserted !== undefined) {
        consider('negation', strength(denied), p.text, `denies "${denied}", asserts "${asserted}"`);
      }
    } else if (denied !== undefined) {
      consider('negation', strength(denied), p.text, `denies "${denied}"`);
    } else if (asserted !== undefined) {
      consider('negation', strength(asserted), p.text, `asserts "${asserted}", which is denied`);
    }
  }

  let specifics = 0;
  let specificDetail = '';
  const noteSpecific = (what: string): void => {
    specifics++;
    if (specificDetail === '') specificDetail = what;
  };

  for (const n of h.numbers) {
    if (onSubject.some((p) => p.numbers.some((m) => sameNumber(n, m)))) continue;
    let compared = false;
    for (const p of focus) {
      const other = p.numbers.find((m) => m.unit === n.unit);
      if (other === undefined) continue;
      compared = true;
      const kind = n.unit === '#year' || n.unit === '#day' ? 'date' : 'number';
      consider(kind, weight(kind, top), p.text, `${n.text} vs ${other.text}`);
    }
    // A spelled-out count ("two of the three astronauts") is usually derived, not invented.
    if (!compared && !n.spelled) noteSpecific(n.text);
  }

  for (const month of h.months) {
    if (onSubject.some((p) => p.months.includes(month))) continue;
    for (const p of focus) {
      const other = p.months.find((m) => m !== month);
      if (other !== undefined)
        consider('date', weight('date', top), p.text, `${month} vs ${other}`);
    }
  }

  for (const s of h.stems) {
    const opposites = ANTONYMS.get(s);
    if (opposites === undefined) continue;
    for (const p of focus) {
      for (const o of opposites) {
        // Plainly: the premise uses the opposite word and never this one. In context: the premise
        // pairs the opposite with the same next word ("lower temperature" vs "higher
        // temperature") and never pairs this word with it.
        let hit = !p.stems.has(s) && p.stems.has(o);
        if (!hit) {
          for (const pair of h.pairs) {
            if (!pair.startsWith(`${s} `)) continue;
            const next = pair.slice(s.length + 1);
            if (p.pairs.has(`${o} ${next}`) && !p.pairs.has(pair)) {
              hit = true;
              break;
            }
          }
        }
        if (!hit) continue;
        const a = align(p, new Set([s, o]));
        consider('antonym', weight('antonym', a), p.text, `${s} vs ${o}`);
      }
    }
  }

  const missing = h.entities.filter((e) => !knownName(e, premise.content));
  if (missing.length > 0) {
    const exclude = new Set(missing);
    for (const p of focus) {
      // An entity the context named (the previous sentence, the question) is being referred to,
      // not replaced ("Mars…" then "A Martian day…").
      const other = p.entities.find((e) => !knownName(e, h.contentSet) && !knownName(e, context));
      if (other === undefined) continue;
      consider(
        'entity',
        weight('entity', align(p, exclude)),
        p.text,
        `${missing.join(' ')} vs ${other}`,
      );
    }
    for (const e of missing) noteSpecific(e);
  }

  if (specificsCount && specifics > 0) {
    const strength = specifics >= 2 ? CUE_STRENGTH.unsupported_specific : SINGLE_SPECIFIC_STRENGTH;
    consider(
      'unsupported_specific',
      strength,
      '',
      `${specifics} specific${specifics > 1 ? 's' : ''} not in the premise, e.g. ${specificDetail}`,
    );
  }
  return best;
}

/**
 * The built-in NLI: deterministic, synchronous, no model, identical in Rust and TypeScript (pinned
 * by testdata/nli/*.json). For a premise P and hypothesis H:
 *
 * - u = share of H's content terms (stop words and negations removed, stemmed) missing from P;
 *   1 when H has none.
 * - c = the strongest contradiction cue of any H sentence against any P sentence that is not a
 *   question: negation mismatch, a number or date that differs for the same unit, an antonym, a
 *   named entity replaced by another, or (weaker) a number or name P cannot back. Each cue is
 *   scaled by how much of the H sentence's other content the P sentence shares ("same subject").
 * - divergence = c + (1 − c) · 0.5 · u — contradiction plus half the unsupported (neutral) mass,
 *   the same shape as P(contradiction) + 0.5·P(neutral) of a 3-class model.
 *
 * So an exact restatement scores 0, an unrelated sentence 0.5 and a contradiction near 1.
 */
/** Options of `new HeuristicNli(...)`. */
export interface HeuristicNliOptions {
  /**
   * Default of `ExplainOptions.specifics`: whether a sentence that adds two or more numbers or
   * names the evidence lacks counts as a likely fabrication. On by default (strict grounding:
   * every detail must be in the knowledge base); turn it off when answers are expected to add
   * true details the knowledge base does not hold. The golden vectors use the default.
   */
  readonly specifics?: boolean;
}

const HEURISTIC_OPTION_KEYS = [
  'specifics',
] as const satisfies readonly (keyof HeuristicNliOptions)[];
const _everyHeuristicOption: ListsEveryKey<HeuristicNliOptions, typeof HEURISTIC_OPTION_KEYS> =
  true;

export class HeuristicNli implements ExplainingNliBackend {
  readonly name = 'heuristic';
  readonly specifics: boolean;

  constructor(options: HeuristicNliOptions = {}) {
    assertKnownKeys('HeuristicNli', options, HEURISTIC_OPTION_KEYS);
    const value = options?.specifics ?? true;
    if (typeof value !== 'boolean') {
      throw new BackfireInputError('specifics', value, 'must be a boolean');
    }
    this.specifics = value;
  }

  /** Parsed sentences; premises repeat (the prompt, the same evidence), so parse each once. */
  readonly #sentences = new Map<string, Sentence | null>();
  readonly #texts = new Map<string, Text>();

  divergence(premise: string, hypothesis: string): number {
    return this.explain(premise, hypothesis).divergence;
  }

  divergenceBatch(pairs: ReadonlyArray<readonly [string, string]>): number[] {
    return pairs.map(([p, h]) => this.divergence(p, h));
  }

  /**
   * The divergence and the cue behind it. `context` (optional) is text just before the hypothesis
   * (the previous sentence of an answer): it is used only to find which premise sentence the
   * hypothesis is about, never scored itself.
   */
  explain(
    premise: string,
    hypothesis: string,
    context = '',
    options: ExplainOptions = {},
  ): NliExplanation {
    const specifics = options?.specifics ?? this.specifics;
    const p = this.#text(String(premise));
    const h = this.#text(String(hypothesis));
    const ctx: string[] = [];
    if (context !== '') {
      for (const s of this.#text(String(context)).sentences) ctx.push(...s.base);
    }
    let total = 0;
    let missing = 0;
    const seen = new Set<string>();
    for (const s of h.sentences) {
      for (const t of s.content) {
        if (seen.has(t)) continue;
        seen.add(t);
        total++;
        if (!p.content.has(t)) missing++;
      }
    }
    const unsupported = total === 0 ? 1 : missing / total;
    let cue: NliCue | null = null;
    for (const s of h.sentences) {
      const found = strongestCue(s, p, ctx, specifics);
      if (found !== null && (cue === null || found.strength > cue.strength)) cue = found;
    }
    const contradiction = cue?.strength ?? 0;
    const divergence = contradiction + (1 - contradiction) * 0.5 * unsupported;
    return { divergence, contradiction, unsupported, cue };
  }

  /** A parsed text; the scorer asks about the same prompt, evidence and segment repeatedly. */
  #text(text: string): Text {
    const hit = this.#texts.get(text);
    if (hit !== undefined) return hit;
    const parsed = analyzeText(text, this.#sentences);
    if (text.length > TEXT_CACHE_MAX_CHARS) return parsed;
    if (this.#texts.size >= TEXT_CACHE_SIZE) this.#texts.delete(this.#texts.keys().next().value!);
    this.#texts.set(text, parsed);
    return parsed;
  }
}
