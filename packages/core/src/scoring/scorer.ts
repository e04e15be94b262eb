import { BackfireConfig } from '../config/config.js';
import { openScoringEngine, type Plan, type ScoringEngine } from '../engine/index.js';
import {
  check,
  checkBoolean,
  checkInteger,
  checkNonEmptyText,
  checkObject,
  checkOneOf,
  checkText,
} from '../internal/check.js';
import { assertKnownKeys } from '../internal/options.js';
import type { KnowledgeSource } from '../knowledge/types.js';
import type { Backend } from '../native/index.js';
import { HeuristicNli } from '../nli/heuristic.js';
import type { Grounding, NliBackend } from '../nli/types.js';
import { drive, driveWithin } from './drive.js';
import { JsScoringEngine } from './plans.js';
import {
  type CoherenceScore,
  type CoherenceScorerOptions,
  REVIEW_ASYNC_OPTION_KEYS,
  REVIEW_OPTION_KEYS,
  type ReviewAsyncOptions,
  type ReviewOptions,
  SCORER_OPTION_KEYS,
  SEGMENT_ASYNC_OPTION_KEYS,
  SEGMENT_OPTION_KEYS,
  type SegmentAsyncOptions,
  type SegmentOptions,
} from './types.js';

export { NEUTRAL_FACTUAL } from './plans.js';

const DEFAULT_MAX_RESPONSE_CHARS = 200_000;

const SYNC = { sync: true } as const;

const GROUNDINGS: readonly Grounding[] = ['contradiction', 'strict'];

function checkTenant(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return checkNonEmptyText('tenant', value, { rule: 'must be a non-empty string when given' });
}

function checkAsync(options: ReviewAsyncOptions): void {
  const t = options.timeoutMs;
  const timeoutOk = t === undefined || (typeof t === 'number' && Number.isFinite(t) && t > 0);
  check(timeoutOk, 'timeoutMs', t, 'must be a finite number > 0');
  const s = options.signal;
  const signalOk =
    s === undefined || (typeof s === 'object' && s !== null && typeof s.aborted === 'boolean');
  check(signalOk, 'signal', s, 'must be an AbortSignal');
}

/**
 * Scores how coherent a response is with its prompt and with what the knowledge base knows:
 * coherence = 1 − (wLogic·hLogical + wFact·hFactual).
 *
 * - hFactual: the NLI divergence of each sentence from the evidence retrieved for it (query: the
 *   sentence, the sentence before it, and the prompt); 0.5 without a knowledge source or when
 *   nothing is retrieved.
 * - hLogical: the NLI divergence of each sentence from the prompt, calibrated so that "neutral"
 *   (0.5, the prompt says nothing either way) maps to `answerPrior`: contradicting the prompt still
 *   costs up to 1, and when the prompt asserts something, being entailed by it lowers hLogical
 *   towards 0. A prompt that only asks (a question, a request, keywords) entails nothing about its
 *   answer, so a correct answer that does not repeat the prompt is not penalised: it scores
 *   exactly `answerPrior`, and the evidence decides.
 * - A multi-sentence response is scored sentence by sentence; the response's score is its weakest
 *   sentence's (which is also `evidence.sentence`), so one contradicting sentence is enough.
 *
 * Every failure fails closed: score 0, not approved, `failure` and `reason` say why.
 */
export class CoherenceScorer {
  readonly config: BackfireConfig;
  readonly knowledge: KnowledgeSource | undefined;
  readonly nli: NliBackend;
  readonly evidenceK: number;
  readonly answerPrior: number;
  readonly maxResponseChars: number;
  readonly #history: string[] = [];
  readonly grounding: Grounding;
  /** TypeScript or Rust, chosen once by `openScoringEngine`. */
  readonly #engine: ScoringEngine;

  constructor(options: CoherenceScorerOptions = {}) {
    checkObject('options', options, { rule: 'must be an object' });
    assertKnownKeys('CoherenceScorer', options, SCORER_OPTION_KEYS);
    const { config, knowledge, nli } = options;
    this.config = config instanceof BackfireConfig ? config : new BackfireConfig(config ?? {});
    const knowledgeOk =
      knowledge === undefined ||
      (typeof knowledge === 'object' &&
        knowledge !== null &&
        typeof knowledge.retrieve === 'function');
    check(knowledgeOk, 'knowledge', knowledge, 'must have a retrieve(query) method');
    const nliOk =
      nli === undefined ||
      (typeof nli === 'object' && nli !== null && typeof nli.divergence === 'function');
    check(nliOk, 'nli', nli, 'must have a divergence(premise, hypothesis) method');
    const k = checkInteger('evidenceK', options.evidenceK ?? 3, 1, { atLeast: '≥' });
    const prior = options.answerPrior ?? 0.3;
    const priorOk = typeof prior === 'number' && Number.isFinite(prior) && prior >= 0 && prior <= 1;
    check(priorOk, 'answerPrior', prior, 'must be a number in [0, 1]');
    const max = options.maxResponseChars ?? DEFAULT_MAX_RESPONSE_CHARS;
    const maxOk =
      typeof max === 'number' &&
      (max === Number.POSITIVE_INFINITY || (Number.isInteger(max) && max >= 1));
    check(maxOk, 'maxResponseChars', max, 'must be an integer ≥ 1 or Infinity');
    const native = checkBoolean('native', options.native ?? true);
    const grounding = checkOneOf('grounding', options.grounding ?? 'contradiction', GROUNDINGS, {
      rule: `must be 'contradiction' or 'strict'`,
    });
    this.grounding = grounding;
    this.maxResponseChars = max;
    this.knowledge = knowledge;
    this.nli = nli ?? new HeuristicNli();
    this.evidenceK = k;
    this.answerPrior = prior;
    const settings = {
      config: this.config,
      knowledge,
      nli: this.nli,
      evidenceK: k,
      answerPrior: prior,
      maxResponseChars: max,
      grounding,
    };
    const js = new JsScoringEngine({ ...settings, hasKnowledge: knowledge !== undefined });
    this.#engine = openScoringEngine(settings, native, js);
  }

  /** Where scoring runs: `'native'` (the Rust addon scores whole segments) or `'js'`. */
  get backend(): Backend {
    return this.#engine.backend;
  }

  /** The last `historyWindow` approved responses, oldest first. */
  get history(): readonly string[] {
    return [...this.#history];
  }

  /**
   * Scores a whole response, synchronously. Throws `BackfireError` (code `BACKFIRE_BACKEND`) if the
   * NLI backend or the knowledge source answers with a Promise: use `reviewAsync` for those.
   */
  review(prompt: string, response: string, options: ReviewOptions = {}): CoherenceScore {
    assertKnownKeys('review', options, REVIEW_OPTION_KEYS);
    const plan = this.#reviewPlan(prompt, response, options);
    const result = drive(plan, this, SYNC) as CoherenceScore;
    this.#remember(response, result);
    return result;
  }

  /** Scores a whole response with sync or async backends, optionally under a deadline. */
  async reviewAsync(
    prompt: string,
    response: string,
    options: ReviewAsyncOptions = {},
  ): Promise<CoherenceScore> {
    assertKnownKeys('reviewAsync', options, REVIEW_ASYNC_OPTION_KEYS);
    checkAsync(options);
    const plan = this.#reviewPlan(prompt, response, options);
    const result = await driveWithin(plan, this, options);
    this.#remember(response, result);
    return result;
  }

  /**
   * Scores one segment (a sentence) of a streamed answer, synchronously; what the stream guard
   * calls once per sentence. `previous` is the answer so far (only its last sentence is read).
   * Segments are not added to the history.
   */
  reviewSegment(prompt: string, segment: string, options: SegmentOptions = {}): CoherenceScore {
    assertKnownKeys('reviewSegment', options, SEGMENT_OPTION_KEYS);
    return drive(this.#segmentEntry(prompt, segment, options), this, SYNC) as CoherenceScore;
  }

  /** `reviewSegment` for async backends, with an optional deadline and AbortSignal. */
  reviewSegmentAsync(
    prompt: string,
    segment: string,
    options: SegmentAsyncOptions = {},
  ): Promise<CoherenceScore> {
    try {
      assertKnownKeys('reviewSegmentAsync', options, SEGMENT_ASYNC_OPTION_KEYS);
      checkAsync(options);
      return driveWithin(this.#segmentEntry(prompt, segment, options), this, options);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * The stream guard's interface (`SegmentScorer`): sync when the backends are, a Promise when
   * one of them is. Honours the guard's AbortSignal.
   */
  scoreSegment(request: {
    readonly prompt: string;
    readonly segment: string;
    readonly previous?: string;
    readonly tenant?: string;
    readonly signal?: AbortSignal;
  }): CoherenceScore | Promise<CoherenceScore> {
    const plan = this.#segmentEntry(request.prompt, request.segment, {
      previous: request.previous ?? '',
      ...(request.tenant === undefined ? {} : { tenant: request.tenant }),
    });
    return drive(plan, this, { sync: false, signal: request.signal });
  }

  #remember(response: string, result: CoherenceScore): void {
    if (!result.approved) return;
    const cap = this.config.historyWindow;
    if (cap === 0) return;
    this.#history.push(response);
    while (this.#history.length > cap) this.#history.shift();
  }

  /** The plan of one segment's review; arguments are checked when it starts. */
  *#segmentEntry(prompt: string, segment: string, options: SegmentOptions): Plan<CoherenceScore> {
    checkText('prompt', prompt);
    checkText('segment', segment);
    const tenant = checkTenant(options.tenant);
    const previous = checkText('previous', options.previous ?? '');
    return yield* this.#engine.reviewSegment(prompt, segment, previous, tenant);
  }

  /** The plan of a whole response's review; arguments are checked when it starts. */
  *#reviewPlan(prompt: string, response: string, options: ReviewOptions): Plan<CoherenceScore> {
    checkText('prompt', prompt);
    checkText('response', response);
    const tenant = checkTenant(options.tenant);
    return yield* this.#engine.review(prompt, response, tenant);
  }
}
