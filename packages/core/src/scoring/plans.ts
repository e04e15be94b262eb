import type { BackfireConfig } from '../config/config.js';
import type { NliOutcome, Plan, ScoringEngine } from '../engine/index.js';
import { sanitizeScore } from '../kernel/sanitize.js';
import type { EvidenceChunk, RetrieveOptions } from '../knowledge/types.js';
import type { ExplainOptions, Grounding } from '../nli/types.js';
import { splitSentences } from '../text/sentences.js';
import { wordTokens } from '../text/tokenize.js';
import { promptOnlyAsks } from './prompt.js';
import type { CoherenceScore, ScoreFailure } from './types.js';

/** hFactual when there is nothing to check against: neither supported nor contradicted. */
export const NEUTRAL_FACTUAL = 0.5;

/** How much of a long prompt goes into each retrieval query (its end, where the question is). */
const PROMPT_QUERY_CHARS = 1000;
/** How much of the text before a segment is read for its last sentence. */
const PREVIOUS_TAIL_CHARS = 400;

/** A review that fails closed: score 0, not approved, `failure` and `reason` say why. */
export function failed(failure: ScoreFailure, reason: string, sentence = ''): CoherenceScore {
  return {
    score: 0,
    approved: false,
    hLogical: 1,
    hFactual: 1,
    warning: false,
    evidence: { chunks: [], sentence, contradiction: null },
    failure,
    reason,
  };
}

function lastSentence(previous: string): string {
  if (previous.length === 0) return '';
  const tail = previous.slice(-PREVIOUS_TAIL_CHARS);
  const spans = splitSentences(tail);
  return spans[spans.length - 1]?.text ?? '';
}

/**
 * The question an answer responds to: the prompt's last sentence that asks (ends in "?"), read
 * from its tail; else its last sentence.
 */
function lastQuestion(prompt: string): string {
  const spans = splitSentences(prompt.slice(-PROMPT_QUERY_CHARS));
  for (let i = spans.length - 1; i >= 0; i--) {
    const t = spans[i]!.text.trim();
    if (t.endsWith('?') || t.endsWith('\uff1f')) return t;
  }
  return spans[spans.length - 1]?.text.trim() ?? '';
}

function hasWords(text: string): boolean {
  return wordTokens(text).length > 0;
}

/** What the TypeScript engine scores with (the scorer's validated settings). */
export interface PlanSettings {
  readonly config: BackfireConfig;
  /** Whether there is a knowledge source to ask for evidence (the driver asks it). */
  readonly hasKnowledge: boolean;
  readonly evidenceK: number;
  readonly answerPrior: number;
  readonly maxResponseChars: number;
  readonly grounding: Grounding;
}

/**
 * The TypeScript engine: a review as a plan of retrieval and NLI steps, which the scorer's driver
 * runs against its own knowledge source and NLI backend (sync or async, built-in or not).
 */
export class JsScoringEngine implements ScoringEngine {
  readonly backend = 'js';
  readonly #settings: PlanSettings;
  #askCache: { prompt: string; asks: boolean; query: string; question: string } | null = null;

  constructor(settings: PlanSettings) {
    this.#settings = settings;
  }

  *review(prompt: string, response: string, tenant: string | undefined): Plan<CoherenceScore> {
    const early = this.#precheck(prompt, response, 'response');
    if (early !== null) return early;
    let worst: CoherenceScore | null = null;
    let previous = '';
    for (const span of splitSentences(response)) {
      if (!hasWords(span.text)) continue;
      const score = yield* this.#segmentPlan(prompt, span.text, previous, tenant);
      if (score.failure !== null) return score;
      if (worst === null || score.score < worst.score) worst = score;
      previous = span.text;
    }
    return worst!;
  }

  *reviewSegment(
    prompt: string,
    segment: string,
    previous: string,
    tenant: string | undefined,
  ): Plan<CoherenceScore> {
    const early = this.#precheck(prompt, segment, 'segment');
    if (early !== null) return early;
    return yield* this.#segmentPlan(prompt, segment, lastSentence(previous), tenant);
  }

  /** A failure for inputs there is nothing to score in. */
  #precheck(prompt: string, response: string, field: string): CoherenceScore | null {
    if (prompt.trim().length === 0) {
      return failed(
        'empty_prompt',
        'prompt is empty: there is nothing to check the response against',
      );
    }
    if (response.trim().length === 0) {
      return failed('empty_response', `${field} is empty`);
    }
    const max = this.#settings.maxResponseChars;
    if (response.length > max) {
      return failed(
        'too_long',
        `${field} has ${response.length} characters, more than maxResponseChars (${max})`,
      );
    }
    if (!hasWords(response)) {
      return failed(
        'no_content',
        `${field} has no words to check (only symbols, emoji or control characters)`,
      );
    }
    return null;
  }

  #promptInfo(prompt: string): { asks: boolean; query: string; question: string } {
    const cached = this.#askCache;
    if (cached !== null && cached.prompt === prompt) return cached;
    const info = {
      prompt,
      asks: promptOnlyAsks(prompt),
      query: prompt.length > PROMPT_QUERY_CHARS ? prompt.slice(-PROMPT_QUERY_CHARS) : prompt,
      question: lastQuestion(prompt),
    };
    this.#askCache = info;
    return info;
  }

  *#segmentPlan(
    prompt: string,
    segment: string,
    previous: string,
    tenant: string | undefined,
  ): Plan<CoherenceScore> {
    const settings = this.#settings;
    const info = this.#promptInfo(prompt);
    let chunks: readonly EvidenceChunk[] = [];
    if (settings.hasKnowledge) {
      const query = `${segment}\n${previous}\n${info.query}`;
      const options: RetrieveOptions =
        tenant === undefined ? { k: settings.evidenceK } : { k: settings.evidenceK, tenant };
      chunks = (yield { kind: 'retrieve', query, options }) as readonly EvidenceChunk[];
    }
    const pairs: (readonly [string, string])[] = [[prompt, segment]];
    const premise = chunks.map((c) => c.text).join('\n');
    if (chunks.length > 0) pairs.push([premise, segment]);
    // The NLI may use the previous sentence and the question to tell what a vague sentence ("It
    // was 1963.") is about; they are never scored themselves.
    const context = previous === '' ? info.query : `${previous}\n${info.query}`;
    const answer: ExplainOptions = {
      question: info.question,
      answers: previous === '',
      grounding: settings.grounding,
    };
    const outcomes = (yield { kind: 'nli', pairs, context, answer }) as readonly NliOutcome[];
    const logic = outcomes[0]!;
    const fact = outcomes[1];

    const prior = settings.answerPrior;
    const d = logic.divergence;
    // Neutral (0.5) maps to the prior; contradiction keeps its full range up to 1; support from a
    // prompt that asserts something lowers it towards 0, support from a bare question does not
    // count (its words are the topic, not evidence).
    const hLogical =
      d > 0.5 ? prior + (1 - prior) * ((d - 0.5) / 0.5) : info.asks ? prior : d * (prior / 0.5);
    const hFactual = fact === undefined ? NEUTRAL_FACTUAL : fact.divergence;
    const { wLogic, wFact, coherenceThreshold, softLimit } = settings.config;
    const score = sanitizeScore(1 - (wLogic * hLogical + wFact * hFactual));
    const approved = score >= coherenceThreshold;
    const contradiction = fact?.cue ?? (logic.cue !== null && d > 0.5 ? logic.cue : null) ?? null;
    return {
      score,
      approved,
      hLogical,
      hFactual,
      warning: approved && score < softLimit,
      evidence: { chunks, sentence: segment.trim(), contradiction },
      failure: null,
      reason: '',
    };
  }
}
