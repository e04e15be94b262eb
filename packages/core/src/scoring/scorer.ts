import { BackfireConfig } from '../config/config.js';
import { BackfireError, BackfireInputError, describeValue } from '../errors/errors.js';
import { isPromiseLike } from '../internal/async.js';
import { assertKnownKeys } from '../internal/options.js';
import { sanitizeScore } from '../kernel/sanitize.js';
import { InMemoryKnowledge, nativeKnowledgeOf } from '../knowledge/in-memory.js';
import { isWellFormed, type NativeScorer, nativeScoring } from '../knowledge/native.js';
import type { EvidenceChunk, KnowledgeSource, RetrieveOptions } from '../knowledge/types.js';
import type { Backend } from '../native/index.js';
import { HeuristicNli } from '../nli/heuristic.js';
import type {
  ExplainingNliBackend,
  ExplainOptions,
  Grounding,
  NliBackend,
  NliCue,
} from '../nli/types.js';
import { splitSentences } from '../text/sentences.js';
import { wordTokens } from '../text/tokenize.js';
import { promptOnlyAsks } from './prompt.js';
import {
  type CoherenceScore,
  type CoherenceScorerOptions,
  REVIEW_ASYNC_OPTION_KEYS,
  REVIEW_OPTION_KEYS,
  type ReviewAsyncOptions,
  type ReviewOptions,
  SCORER_OPTION_KEYS,
  type ScoreFailure,
  SEGMENT_ASYNC_OPTION_KEYS,
  SEGMENT_OPTION_KEYS,
  type SegmentAsyncOptions,
  type SegmentOptions,
} from './types.js';

/** hFactual when there is nothing to check against: neither supported nor contradicted. */
export const NEUTRAL_FACTUAL = 0.5;

const DEFAULT_MAX_RESPONSE_CHARS = 200_000;

/** How much of a long prompt goes into each retrieval query (its end, where the question is). */
const PROMPT_QUERY_CHARS = 1000;
/** How much of the text before a segment is read for its last sentence. */
const PREVIOUS_TAIL_CHARS = 400;

type Step =
  | { readonly kind: 'retrieve'; readonly query: string; readonly options: RetrieveOptions }
  | {
      readonly kind: 'nli';
      readonly pairs: ReadonlyArray<readonly [string, string]>;
      /** Text before the hypothesis, for backends that can use it (see ExplainingNliBackend). */
      readonly context: string;
      /** What the evidence pair is read with (see ExplainOptions): the question-aware rules. */
      readonly answer: ExplainOptions;
    };

interface NliOutcome {
  readonly divergence: number;
  readonly cue: NliCue | null;
}

type StepResult = readonly EvidenceChunk[] | readonly NliOutcome[];
type Plan<T> = Generator<Step, T, StepResult>;

/** A backend misbehaved: the review fails closed with this failure and reason. */
class StepFailure extends Error {
  constructor(
    readonly failure: ScoreFailure,
    readonly reason: string,
  ) {
    super(reason);
  }
}

interface SegmentResult {
  readonly score: CoherenceScore;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return describeValue(err);
}

function failed(failure: ScoreFailure, reason: string, sentence = ''): CoherenceScore {
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

function checkText(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new BackfireInputError(field, value, 'must be a string');
  return value;
}

function checkTenant(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw new BackfireInputError('tenant', value, 'must be a non-empty string when given');
  }
  return value;
}

function checkAsync(options: ReviewAsyncOptions): void {
  const t = options.timeoutMs;
  if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t) || t <= 0)) {
    throw new BackfireInputError('timeoutMs', t, 'must be a finite number > 0');
  }
  const s = options.signal;
  if (s !== undefined && (typeof s !== 'object' || s === null || typeof s.aborted !== 'boolean')) {
    throw new BackfireInputError('signal', s, 'must be an AbortSignal');
  }
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

function validChunks(value: unknown): readonly EvidenceChunk[] {
  if (!Array.isArray(value)) {
    throw new StepFailure(
      'knowledge_error',
      `knowledge source returned ${describeValue(value)} instead of an array of chunks`,
    );
  }
  for (const [i, c] of value.entries()) {
    if (typeof c !== 'object' || c === null || typeof (c as EvidenceChunk).text !== 'string') {
      throw new StepFailure(
        'knowledge_error',
        `knowledge source returned a chunk without text at index ${i}: ${describeValue(c)}`,
      );
    }
  }
  return value as EvidenceChunk[];
}

/** The built-in heuristic itself: not a subclass, no method replaced on the instance. */
function isBuiltinHeuristic(nli: NliBackend): nli is HeuristicNli {
  return (
    nli instanceof HeuristicNli &&
    Object.getPrototypeOf(nli) === HeuristicNli.prototype &&
    !Object.hasOwn(nli, 'explain') &&
    !Object.hasOwn(nli, 'divergence') &&
    !Object.hasOwn(nli, 'divergenceBatch')
  );
}

function hasWords(text: string): boolean {
  return wordTokens(text).length > 0;
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
  #askCache: { prompt: string; asks: boolean; query: string; question: string } | null = null;
  /** The same scorer in Rust, when the backends are the built-in ones (see `#nativeScorer`). */
  #native: NativeScorer | null = null;

  constructor(options: CoherenceScorerOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new BackfireInputError('options', options, 'must be an object');
    }
    assertKnownKeys('CoherenceScorer', options, SCORER_OPTION_KEYS);
    const { config, knowledge, nli } = options;
    this.config = config instanceof BackfireConfig ? config : new BackfireConfig(config ?? {});
    if (
      knowledge !== undefined &&
      (typeof knowledge !== 'object' ||
        knowledge === null ||
        typeof knowledge.retrieve !== 'function')
    ) {
      throw new BackfireInputError('knowledge', knowledge, 'must have a retrieve(query) method');
    }
    if (
      nli !== undefined &&
      (typeof nli !== 'object' || nli === null || typeof nli.divergence !== 'function')
    ) {
      throw new BackfireInputError(
        'nli',
        nli,
        'must have a divergence(premise, hypothesis) method',
      );
    }
    const k = options.evidenceK ?? 3;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
      throw new BackfireInputError('evidenceK', k, 'must be an integer ≥ 1');
    }
    const prior = options.answerPrior ?? 0.3;
    if (typeof prior !== 'number' || !Number.isFinite(prior) || prior < 0 || prior > 1) {
      throw new BackfireInputError('answerPrior', prior, 'must be a number in [0, 1]');
    }
    const max = options.maxResponseChars ?? DEFAULT_MAX_RESPONSE_CHARS;
    if (
      typeof max !== 'number' ||
      !(max === Number.POSITIVE_INFINITY || (Number.isInteger(max) && max >= 1))
    ) {
      throw new BackfireInputError('maxResponseChars', max, 'must be an integer ≥ 1 or Infinity');
    }
    const native = options.native ?? true;
    if (typeof native !== 'boolean') {
      throw new BackfireInputError('native', native, 'must be a boolean');
    }
    const grounding = options.grounding ?? 'contradiction';
    if (grounding !== 'contradiction' && grounding !== 'strict') {
      throw new BackfireInputError('grounding', grounding, `must be 'contradiction' or 'strict'`);
    }
    this.grounding = grounding;
    this.maxResponseChars = max;
    this.knowledge = knowledge;
    this.nli = nli ?? new HeuristicNli();
    this.evidenceK = k;
    this.answerPrior = prior;
    if (native) this.#native = this.#buildNative();
  }

  /**
   * A Rust twin of this scorer, when the addon is loaded and the work is exactly what it
   * implements: the built-in `HeuristicNli` (not a subclass, no overridden method) and no
   * knowledge source or an `InMemoryKnowledge` whose index lives in Rust. A configured NLI model or
   * any other knowledge source always stays on the TypeScript path.
   */
  #buildNative(): NativeScorer | null {
    const binding = nativeScoring();
    if (binding === null) return null;
    const nli = this.nli;
    if (!isBuiltinHeuristic(nli)) return null;
    const kb = this.knowledge;
    let store = null;
    if (kb !== undefined) {
      if (
        !(kb instanceof InMemoryKnowledge) ||
        Object.getPrototypeOf(kb) !== InMemoryKnowledge.prototype
      ) {
        return null;
      }
      store = nativeKnowledgeOf(kb);
      if (store === null) return null;
    }
    return new binding.RustCoherenceScorer({
      config: this.config,
      ...(store === null ? {} : { knowledge: store }),
      evidenceK: this.evidenceK,
      answerPrior: this.answerPrior,
      maxResponseChars: this.maxResponseChars,
      specifics: nli.specifics,
      grounding: this.grounding,
    });
  }

  /**
   * The Rust scorer if it can score this call exactly as TypeScript would: its knowledge store
   * still lives in Rust, and no text holds a lone surrogate (Rust strings cannot).
   */
  #nativeFor(...texts: (string | undefined)[]): NativeScorer | null {
    const native = this.#native;
    if (native === null) return null;
    if (!isBuiltinHeuristic(this.nli)) {
      // Its methods were replaced after construction (a spy, a patch): that code must run.
      this.#native = null;
      return null;
    }
    const kb = this.knowledge;
    if (kb !== undefined && nativeKnowledgeOf(kb as InMemoryKnowledge) === null) {
      // The store moved to TypeScript (it was given a lone surrogate): so does this scorer.
      this.#native = null;
      return null;
    }
    for (const t of texts) if (t !== undefined && !isWellFormed(t)) return null;
    return native;
  }

  /** Where scoring runs: `'native'` (the Rust addon scores whole segments) or `'js'`. */
  get backend(): Backend {
    return this.#nativeFor() === null ? 'js' : 'native';
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
    const result = this.#driveSync(plan);
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
    const result = await this.#driveAsync(plan, options);
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
    return this.#driveSync(this.#segmentEntry(prompt, segment, options));
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
      return this.#driveAsync(this.#segmentEntry(prompt, segment, options), options);
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
    return this.#drive(plan, request.signal);
  }

  #remember(response: string, result: CoherenceScore): void {
    if (!result.approved) return;
    const cap = this.config.historyWindow;
    if (cap === 0) return;
    this.#history.push(response);
    while (this.#history.length > cap) this.#history.shift();
  }

  /** Validation shared by every entry point; returns a failure for empty inputs. */
  #precheck(prompt: unknown, response: unknown, field: string): CoherenceScore | null {
    checkText('prompt', prompt);
    checkText(field, response);
    if ((prompt as string).trim().length === 0) {
      return failed(
        'empty_prompt',
        'prompt is empty: there is nothing to check the response against',
      );
    }
    if ((response as string).trim().length === 0) {
      return failed('empty_response', `${field} is empty`);
    }
    if ((response as string).length > this.maxResponseChars) {
      return failed(
        'too_long',
        `${field} has ${(response as string).length} characters, more than maxResponseChars (${this.maxResponseChars})`,
      );
    }
    if (!hasWords(response as string)) {
      return failed(
        'no_content',
        `${field} has no words to check (only symbols, emoji or control characters)`,
      );
    }
    return null;
  }

  *#segmentEntry(prompt: string, segment: string, options: SegmentOptions): Plan<CoherenceScore> {
    if (this.#native !== null) {
      // The same checks, in the same order, as the TypeScript path below.
      checkText('prompt', prompt);
      checkText('segment', segment);
      const tenant = checkTenant(options.tenant);
      const previous = checkText('previous', options.previous ?? '');
      const native = this.#nativeFor(prompt, segment, previous, tenant);
      if (native !== null) {
        return native.reviewSegment(
          prompt,
          segment,
          tenant === undefined ? { previous } : { previous, tenant },
        ) as CoherenceScore;
      }
    }
    const early = this.#precheck(prompt, segment, 'segment');
    const tenant = checkTenant(options.tenant);
    const previous = options.previous ?? '';
    checkText('previous', previous);
    if (early !== null) return early;
    const result = yield* this.#segmentPlan(prompt, segment, lastSentence(previous), tenant);
    return result.score;
  }

  *#reviewPlan(prompt: string, response: string, options: ReviewOptions): Plan<CoherenceScore> {
    if (this.#native !== null) {
      checkText('prompt', prompt);
      checkText('response', response);
      const tenant = checkTenant(options.tenant);
      const native = this.#nativeFor(prompt, response, tenant);
      if (native !== null) {
        return native.review(
          prompt,
          response,
          tenant === undefined ? {} : { tenant },
        ) as CoherenceScore;
      }
    }
    const early = this.#precheck(prompt, response, 'response');
    const tenant = checkTenant(options.tenant);
    if (early !== null) return early;
    let worst: CoherenceScore | null = null;
    let previous = '';
    for (const span of splitSentences(response)) {
      if (!hasWords(span.text)) continue;
      const { score } = yield* this.#segmentPlan(prompt, span.text, previous, tenant);
      if (score.failure !== null) return score;
      if (worst === null || score.score < worst.score) worst = score;
      previous = span.text;
    }
    return worst!;
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
  ): Plan<SegmentResult> {
    const info = this.#promptInfo(prompt);
    let chunks: readonly EvidenceChunk[] = [];
    if (this.knowledge !== undefined) {
      const query = `${segment}\n${previous}\n${info.query}`;
      const options: RetrieveOptions =
        tenant === undefined ? { k: this.evidenceK } : { k: this.evidenceK, tenant };
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
      grounding: this.grounding,
    };
    const outcomes = (yield { kind: 'nli', pairs, context, answer }) as readonly NliOutcome[];
    const logic = outcomes[0]!;
    const fact = outcomes[1];

    const prior = this.answerPrior;
    const d = logic.divergence;
    // Neutral (0.5) maps to the prior; contradiction keeps its full range up to 1; support from a
    // prompt that asserts something lowers it towards 0, support from a bare question does not
    // count (its words are the topic, not evidence).
    const hLogical =
      d > 0.5 ? prior + (1 - prior) * ((d - 0.5) / 0.5) : info.asks ? prior : d * (prior / 0.5);
    const hFactual = fact === undefined ? NEUTRAL_FACTUAL : fact.divergence;
    const { wLogic, wFact, coherenceThreshold, softLimit } = this.config;
    const score = sanitizeScore(1 - (wLogic * hLogical + wFact * hFactual));
    const approved = score >= coherenceThreshold;
    const contradiction = fact?.cue ?? (logic.cue !== null && d > 0.5 ? logic.cue : null) ?? null;
    return {
      score: {
        score,
        approved,
        hLogical,
        hFactual,
        warning: approved && score < softLimit,
        evidence: { chunks, sentence: segment.trim(), contradiction },
        failure: null,
        reason: '',
      },
    };
  }

  /** Runs one step; returns its result or a Promise of it. Throws StepFailure on bad output. */
  #exec(step: Step, signal?: AbortSignal): StepResult | Promise<StepResult> {
    if (step.kind === 'retrieve') {
      let out: unknown;
      try {
        out = this.knowledge!.retrieve(step.query, step.options);
      } catch (err) {
        throw new StepFailure('knowledge_error', `knowledge source threw: ${errorText(err)}`);
      }
      if (isPromiseLike(out)) {
        return Promise.resolve(out).then(validChunks, (err: unknown) => {
          throw new StepFailure('knowledge_error', `knowledge source rejected: ${errorText(err)}`);
        });
      }
      return validChunks(out);
    }
    return this.#execNli(step.pairs, step.context, step.answer, signal);
  }

  #execNli(
    pairs: ReadonlyArray<readonly [string, string]>,
    context: string,
    answer: ExplainOptions,
    signal?: AbortSignal,
  ): StepResult | Promise<StepResult> {
    const nli = this.nli;
    const name = typeof nli.name === 'string' ? nli.name : 'nli';
    const check = (value: unknown): number => {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
        throw new StepFailure(
          'nli_invalid',
          `NLI backend "${name}" returned ${describeValue(value)}; a divergence must be a number in [0, 1]`,
        );
      }
      return value;
    };
    const fail = (err: unknown, verb: string): never => {
      if (err instanceof StepFailure) throw err;
      throw new StepFailure('nli_error', `NLI backend "${name}" ${verb}: ${errorText(err)}`);
    };
    try {
      const explainer = nli as Partial<ExplainingNliBackend>;
      if (typeof explainer.explain === 'function') {
        return pairs.map(([p, h], i) => {
          // Pair 0 is the prompt: an answer is expected to add details the prompt lacks.
          const e = explainer.explain!(p, h, context, i === 0 ? { specifics: false } : answer);
          if (typeof e !== 'object' || e === null) return { divergence: check(e), cue: null };
          return { divergence: check(e.divergence), cue: e.cue ?? null };
        });
      }
      let raw: unknown;
      // Only async reviews carry a signal; sync backends are called exactly as before.
      const callOptions = signal === undefined ? undefined : { signal };
      if (pairs.length > 1 && typeof nli.divergenceBatch === 'function') {
        raw =
          callOptions === undefined
            ? nli.divergenceBatch(pairs)
            : nli.divergenceBatch(pairs, callOptions);
      } else {
        const values = pairs.map(([p, h]) =>
          callOptions === undefined ? nli.divergence(p, h) : nli.divergence(p, h, callOptions),
        );
        raw = values.some(isPromiseLike) ? Promise.all(values) : values;
      }
      const finish = (values: unknown): NliOutcome[] => {
        if (!Array.isArray(values) || values.length !== pairs.length) {
          throw new StepFailure(
            'nli_invalid',
            `NLI backend "${name}" returned ${describeValue(values)} for ${pairs.length} pairs`,
          );
        }
        return values.map((v) => ({ divergence: check(v), cue: null }));
      };
      if (isPromiseLike(raw)) {
        return Promise.resolve(raw).then(finish, (err: unknown) => fail(err, 'rejected'));
      }
      return finish(raw);
    } catch (err) {
      return fail(err, 'threw');
    }
  }

  #driveSync(plan: Plan<CoherenceScore>): CoherenceScore {
    let input: StepResult | undefined;
    for (;;) {
      const next = plan.next(input as StepResult);
      if (next.done) return next.value;
      let out: StepResult | Promise<StepResult>;
      try {
        out = this.#exec(next.value);
      } catch (err) {
        if (err instanceof StepFailure) return failed(err.failure, err.reason);
        throw err;
      }
      if (isPromiseLike(out)) {
        // Never leave a rejection unhandled just because we refuse to wait for it.
        Promise.resolve(out).catch(() => {});
        const who = next.value.kind === 'retrieve' ? 'the knowledge source' : 'the NLI backend';
        throw new BackfireError(
          'BACKFIRE_BACKEND',
          `${who} is asynchronous (it returned a Promise); use reviewAsync() / reviewSegmentAsync()`,
        );
      }
      input = out;
    }
  }

  /** Sync while the backends are sync; switches to a Promise at the first async answer. */
  #drive(
    plan: Plan<CoherenceScore>,
    signal: AbortSignal | undefined,
  ): CoherenceScore | Promise<CoherenceScore> {
    let input: StepResult | undefined;
    for (;;) {
      if (signal?.aborted) return failed('aborted', 'the review was aborted');
      const next = plan.next(input as StepResult);
      if (next.done) return next.value;
      let out: StepResult | Promise<StepResult>;
      try {
        out = this.#exec(next.value, signal);
      } catch (err) {
        if (err instanceof StepFailure) return failed(err.failure, err.reason);
        throw err;
      }
      if (isPromiseLike(out)) return this.#continueAsync(plan, out, signal);
      input = out;
    }
  }

  async #continueAsync(
    plan: Plan<CoherenceScore>,
    pending: Promise<StepResult>,
    signal: AbortSignal | undefined,
  ): Promise<CoherenceScore> {
    let out: StepResult | Promise<StepResult> = pending;
    for (;;) {
      let input: StepResult;
      try {
        input = await out;
      } catch (err) {
        if (err instanceof StepFailure) return failed(err.failure, err.reason);
        throw err;
      }
      if (signal?.aborted) return failed('aborted', 'the review was aborted');
      const next = plan.next(input);
      if (next.done) return next.value;
      try {
        out = this.#exec(next.value, signal);
      } catch (err) {
        if (err instanceof StepFailure) return failed(err.failure, err.reason);
        throw err;
      }
    }
  }

  async #driveAsync(
    plan: Plan<CoherenceScore>,
    options: ReviewAsyncOptions,
  ): Promise<CoherenceScore> {
    const outer = options.signal;
    if (outer?.aborted) return failed('aborted', 'the review was aborted');
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const racers: Promise<CoherenceScore>[] = [
        new Promise<CoherenceScore>((resolve) => {
          controller.signal.addEventListener(
            'abort',
            () => resolve(failed('aborted', 'the review was aborted')),
            { once: true },
          );
        }),
      ];
      if (options.timeoutMs !== undefined) {
        const ms = options.timeoutMs;
        racers.push(
          new Promise<CoherenceScore>((resolve) => {
            timer = setTimeout(
              () =>
                resolve(
                  failed('timeout', `no verdict within ${ms} ms (a backend is slow or hung)`),
                ),
              ms,
            );
          }),
        );
      }
      // Started last, so a synchronous validation error still runs the cleanup below.
      racers.unshift(Promise.resolve(this.#drive(plan, controller.signal)));
      return await Promise.race(racers);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
      // Stops the plan at its next step if it is still running (a timeout, a hung backend).
      controller.abort();
    }
  }
}
