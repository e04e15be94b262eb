import { splitSentences } from '../text/sentences.js';
import { isNegation, isStopWord } from '../text/stopwords.js';
import { isNumberToken, stem, termOf } from '../text/terms.js';
import { type WordToken, wordTokens } from '../text/tokenize.js';
import {
  ANTONYMS,
  APPROXIMATORS,
  FRACTION_WORDS,
  MONTHS,
  NUMBER_WORDS,
  ORDINAL_SUFFIXES,
  SCALE_WORDS,
} from './lexicon.js';
import type { ExplainingNliBackend, NliCue, NliCueKind, NliExplanation } from './types.js';

/** Full strength of each cue, reached when the sentences are about the same thing. */
export const CUE_STRENGTH: Readonly<Record<NliCueKind, number>> = Object.freeze({
  negation: 0.9,
  number: 0.9,
  date: 0.9,
  antonym: 0.85,
  entity: 0.85,
  unsupported_specific: 0.6,
});

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
    out.push({ value, unit, approx: APPROXIMATORS.has(before), text: tokens[i]!.raw });
  }
  return out;
}

/**
 * A named-entity token: capitalised, not a stop word, negation, number or month, and not the first
 * word of its sentence — unless the next word is capitalised too ("Gustave Eiffel designed…"), so
 * "The" or "Paris" at the start of a sentence are not mistaken for names.
 */
function entityTerms(tokens: readonly WordToken[]): string[] {
  const out: string[] = [];
  const plain = (t: WordToken | undefined): boolean =>
    t !== undefined &&
    t.capitalized &&
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

function analyzeSentence(text: string): Sentence | null {
  const tokens = wordTokens(text);
  if (tokens.length === 0) return null;
  const numberIdx = new Set<number>();
  const numbers = readNumbers(tokens, numberIdx);
  const content: string[] = [];
  const contentSet = new Set<string>();
  const base: string[] = [];
  const stems = new Set<string>();
  const pairs = new Set<string>();
  let negations = 0;
  const terms: (string | null)[] = tokens.map((t) =>
    isStopWord(t.norm) || isNegation(t.norm) ? null : termOf(t.norm),
  );
  for (let i = 0; i < tokens.length; i++) {
    const norm = tokens[i]!.norm;
    if (isNegation(norm)) negations++;
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
    if (term === null || term === undefined || contentSet.has(term)) continue;
    contentSet.add(term);
    content.push(term);
    if (!numberIdx.has(i)) base.push(term);
  }
  const trimmed = text.trimEnd();
  return {
    text: text.trim(),
    question: trimmed.endsWith('?') || trimmed.endsWith('？'),
    content,
    contentSet,
    base,
    negations,
    numbers,
    months: tokens.filter(isMonth).map((t) => t.norm),
    entities: entityTerms(tokens),
    stems,
    pairs,
  };
}

function analyzeText(text: string): Text {
  const sentences: Sentence[] = [];
  for (const span of splitSentences(text)) {
    const s = analyzeSentence(span.text);
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

function sameNumber(a: NumberMention, b: NumberMention): boolean {
  if (a.value === b.value) return true;
  if (!a.approx && !b.approx) return false;
  const scale = Math.max(Math.abs(a.value), Math.abs(b.value));
  return Math.abs(a.value - b.value) <= APPROX_TOLERANCE * scale;
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

/** The strongest cue of one hypothesis sentence against the premise, or null. */
function strongestCue(h: Sentence, premise: Text): NliCue | null {
  let best: NliCue | null = null;
  const consider = (
    kind: NliCueKind,
    align: number,
    premiseSentence: string,
    detail: string,
  ): void => {
    const strength = weight(kind, align);
    // Strictly stronger wins, so the first cue found (in the fixed order below) keeps ties.
    if (strength > 0 && (best === null || strength > best.strength)) {
      best = { kind, strength, hypothesisSentence: h.text, premiseSentence, detail };
    }
  };
  // Questions assert nothing, so they can support a claim but never contradict one.
  const claims = premise.sentences.filter((p) => !p.question);

  for (const p of claims) {
    const align = alignment(h.base, NONE, p);
    if (align === 0) continue;
    if (h.negations > 0 !== p.negations > 0) {
      consider('negation', align, p.text, h.negations > 0 ? 'negated' : 'negation dropped');
    }
  }

  for (const n of h.numbers) {
    if (premise.numbers.some((m) => sameNumber(n, m))) continue;
    let found = false;
    for (const p of claims) {
      const other = p.numbers.find((m) => m.unit === n.unit);
      if (other === undefined) continue;
      const align = alignment(h.base, NONE, p);
      if (align === 0) continue;
      found = true;
      consider(
        n.unit === '#year' || n.unit === '#day' ? 'date' : 'number',
        align,
        p.text,
        `${n.text} vs ${other.text}`,
      );
    }
    if (!found) {
      let align = 0;
      for (const p of claims) align = Math.max(align, alignment(h.base, NONE, p));
      consider('unsupported_specific', align, '', `${n.text} not in evidence`);
    }
  }

  for (const month of h.months) {
    if (premise.months.has(month)) continue;
    for (const p of claims) {
      const other = p.months.find((m) => m !== month);
      if (other === undefined) continue;
      const align = alignment(h.base, new Set([month]), p);
      if (align > 0) consider('date', align, p.text, `${month} vs ${other}`);
    }
  }

  for (const s of h.stems) {
    const opposites = ANTONYMS.get(s);
    if (opposites === undefined) continue;
    const exclude = new Set([s]);
    for (const p of claims) {
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
        exclude.add(o);
        const align = alignment(h.base, exclude, p);
        if (align > 0) consider('antonym', align, p.text, `${s} vs ${o}`);
      }
    }
  }

  const missing = h.entities.filter((e) => !premise.content.has(e));
  if (missing.length > 0) {
    const exclude = new Set(missing);
    let found = false;
    for (const p of claims) {
      const other = p.entities.find((e) => !h.contentSet.has(e));
      if (other === undefined) continue;
      const align = alignment(h.base, exclude, p);
      if (align === 0) continue;
      found = true;
      consider('entity', align, p.text, `${missing.join(' ')} vs ${other}`);
    }
    if (!found) {
      let align = 0;
      for (const p of claims) align = Math.max(align, alignment(h.base, exclude, p));
      consider('unsupported_specific', align, '', `${missing.join(' ')} not in evidence`);
    }
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
export class HeuristicNli implements ExplainingNliBackend {
  readonly name = 'heuristic';
  readonly #cache = new Map<string, Text>();

  divergence(premise: string, hypothesis: string): number {
    return this.explain(premise, hypothesis).divergence;
  }

  divergenceBatch(pairs: ReadonlyArray<readonly [string, string]>): number[] {
    return pairs.map(([p, h]) => this.divergence(p, h));
  }

  explain(premise: string, hypothesis: string): NliExplanation {
    const p = this.#analyze(String(premise));
    const h = analyzeText(String(hypothesis));
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
      const found = strongestCue(s, p);
      if (found !== null && (cue === null || found.strength > cue.strength)) cue = found;
    }
    const contradiction = cue?.strength ?? 0;
    const divergence = contradiction + (1 - contradiction) * 0.5 * unsupported;
    return { divergence, contradiction, unsupported, cue };
  }

  /** Premises repeat (the prompt for every sentence, the same evidence), so keep a few parsed. */
  #analyze(text: string): Text {
    const hit = this.#cache.get(text);
    if (hit !== undefined) return hit;
    const parsed = analyzeText(text);
    if (this.#cache.size >= 16) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(text, parsed);
    return parsed;
  }
}
