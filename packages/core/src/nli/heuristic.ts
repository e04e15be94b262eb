import { checkBoolean } from '../internal/check.js';
import { assertKnownKeys, optionKeys } from '../internal/options.js';
import {
  analyzeText,
  knownName,
  type NameRun,
  type Sentence,
  sameNumber,
  type Text,
} from './analyze.js';
import { splitClauses } from './clauses.js';
import { ANTONYMS, PRONOUNS } from './lexicon.js';
import { answerCue, type QuestionInfo, readQuestion } from './question.js';
import { openingName, relationCue } from './relation.js';
import { ALIGNMENT_FULL, CUE_STRENGTH, CueKeeper, SINGLE_SPECIFIC_STRENGTH } from './strength.js';
import type {
  ExplainingNliBackend,
  ExplainOptions,
  NliCue,
  NliCueKind,
  NliExplanation,
} from './types.js';

export { APPROX_TOLERANCE } from './analyze.js';

export { ALIGNMENT_FULL, CUE_STRENGTH, SINGLE_SPECIFIC_STRENGTH } from './strength.js';

const TEXT_CACHE_SIZE = 32;
/** Longer texts (a 1 MB response) are parsed every time rather than kept alive in the cache. */
const TEXT_CACHE_MAX_CHARS = 20_000;

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
  // Strictly stronger wins, so the first cue found (in the fixed order below) keeps ties.
  const cues = new CueKeeper(h.text);
  const consider = cues.consider;
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
  let numbersNoted = 0;
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
    if (!compared && !n.spelled) {
      noteSpecific(n.text);
      numbersNoted++;
    }
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
    // A fabrication invents figures with its names ("25 painters from Loiseau"); names alone are
    // often true context the knowledge base never held ("in Paris, France"), so they need three.
    const fabricated = specifics >= 3 || (specifics >= 2 && numbersNoted > 0);
    const strength = fabricated ? CUE_STRENGTH.unsupported_specific : SINGLE_SPECIFIC_STRENGTH;
    consider(
      'unsupported_specific',
      strength,
      '',
      `${specifics} specific${specifics > 1 ? 's' : ''} not in the premise, e.g. ${specificDetail}`,
    );
  }
  return cues.best;
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

const HEURISTIC_OPTION_KEYS = optionKeys<HeuristicNliOptions>()(['specifics']);

export class HeuristicNli implements ExplainingNliBackend {
  readonly name = 'heuristic';
  readonly specifics: boolean;

  constructor(options: HeuristicNliOptions = {}) {
    assertKnownKeys('HeuristicNli', options, HEURISTIC_OPTION_KEYS);
    const value = checkBoolean('specifics', options?.specifics ?? true);
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
      // Each clause of a sentence that joins two claims is checked on its own as well (for
      // contradictions only: the whole sentence already counted its unsupported specifics).
      for (const clause of splitClauses(s.text)) {
        for (const c of this.#text(clause).sentences) {
          const inClause = strongestCue(c, p, ctx, false);
          if (inClause !== null && (cue === null || inClause.strength > cue.strength)) {
            cue = { ...inClause, hypothesisSentence: s.text };
          }
        }
      }
    }
    const question = options?.question;
    if (question !== undefined && question !== '') {
      const q = this.#question(String(question));
      const check = {
        answers: options?.answers ?? true,
        strict: options?.grounding === 'strict',
      };
      for (const s of h.sentences) {
        const found = answerCue(s, p, q, check);
        if (found !== null && (cue === null || found.strength > cue.strength)) cue = found;
      }
    }
    // Facts tied to the wrong subject (after the question's rules, which win a tie: they say
    // more). A sentence that opens with a pronoun is about the name the one before it opened with. The
    // context is the answer's previous sentence, then the question: the first opener counts.
    let antecedent: NameRun | null = null;
    if (context !== '') {
      for (const c of this.#text(String(context)).sentences) {
        antecedent = openingName(c);
        if (antecedent !== null) break;
      }
    }
    for (const s of h.sentences) {
      const found = relationCue(s, p, antecedent);
      if (found !== null && (cue === null || found.strength > cue.strength)) cue = found;
      antecedent = openingName(s) ?? (PRONOUNS.has(s.first) ? antecedent : null);
    }
    const contradiction = cue?.strength ?? 0;
    const divergence = contradiction + (1 - contradiction) * 0.5 * unsupported;
    return { divergence, contradiction, unsupported, cue };
  }

  #lastQuestion: { text: string; info: QuestionInfo } | null = null;

  /** The question's reading; a stream asks about the same question sentence after sentence. */
  #question(text: string): QuestionInfo {
    const hit = this.#lastQuestion;
    if (hit !== null && hit.text === text) return hit.info;
    const info = readQuestion(text, this.#text(text));
    this.#lastQuestion = { text, info };
    return info;
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
