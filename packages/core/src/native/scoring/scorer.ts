import type { RustCoherenceScorer as AddonScorer } from '@backfire/native';
import type { BackfireConfigInit } from '../../config/index.js';
import {
  check,
  checkArray,
  checkBoolean,
  checkInteger,
  checkObject,
  checkOneOf,
} from '../../internal/check.js';
import { checkString, checkTenant } from '../../internal/knowledge-checks.js';
import type { TenantOptions } from '../../knowledge/in-memory.js';
import type { Grounding } from '../../nli/types.js';
import type { CoherenceScore } from '../../scoring/types.js';
import { addon } from '../addon.js';
import { callAddon } from '../errors.js';
import { scoresFrom } from './decode.js';
import { addonKnowledge, RustKnowledge, type UncheckedRustKnowledge } from './knowledge.js';

const GROUNDINGS: readonly Grounding[] = ['contradiction', 'strict'];

/** Options of `new RustCoherenceScorer(...)` (`CoherenceScorerOptions`, Rust side). */
export interface RustCoherenceScorerOptions {
  /** Thresholds and weights: a `BackfireConfig` (either engine's) or the fields to override. */
  readonly config?: BackfireConfigInit | { toJSON(): object };
  /** Where evidence comes from; read live (later writes are seen). Without one, hFactual is 0.5. */
  readonly knowledge?: RustKnowledge;
  /** Chunks retrieved per sentence. Integer ≥ 1. Default 3. */
  readonly evidenceK?: number;
  /** hLogical of an answer the prompt neither entails nor contradicts, in [0, 1]. Default 0.3. */
  readonly answerPrior?: number;
  /** Longest response or segment, in UTF-16 units. Integer ≥ 1 or Infinity. Default 200,000. */
  readonly maxResponseChars?: number;
  /** The heuristic NLI's `specifics` option (strict grounding). Default true. */
  readonly specifics?: boolean;
  /**
   * `'contradiction'` (default) halts on what the evidence contradicts; `'strict'` also on specific
   * claims (names, numbers, dates, the answer to the question) the evidence does not support.
   */
  readonly grounding?: Grounding;
}

/** Options of `reviewSegment`. */
export interface RustSegmentOptions extends TenantOptions {
  /** The answer before this segment; only its last sentence is read. */
  readonly previous?: string;
}

/** A config object crosses as its fields (the addon validates them again). */
function configArg(config: RustCoherenceScorerOptions['config']): unknown {
  if (config === undefined || config === null) return undefined;
  const toJSON = (config as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? (toJSON as () => object).call(config) : config;
}

/** What the unchecked scorer takes: every number already checked and defaulted. */
export interface UncheckedRustScorerOptions {
  readonly config?: RustCoherenceScorerOptions['config'];
  readonly knowledge?: UncheckedRustKnowledge;
  readonly evidenceK: number;
  readonly answerPrior: number;
  readonly maxResponseChars: number;
  readonly specifics: boolean;
  readonly grounding: Grounding;
}

/**
 * The addon's scorer with core's vocabulary (`CoherenceScore`s out, core's errors), trusting its
 * caller's arguments: `CoherenceScorer` checks them before it gets here, which keeps the checks out
 * of core's root entry. `RustCoherenceScorer` is the checked public class.
 */
export class UncheckedRustScorer {
  readonly evidenceK: number;
  readonly answerPrior: number;
  readonly maxResponseChars: number;
  readonly specifics: boolean;
  readonly grounding: Grounding;
  readonly knowledge: UncheckedRustKnowledge | undefined;
  readonly #raw: AddonScorer;

  constructor(options: UncheckedRustScorerOptions) {
    const { knowledge, evidenceK, answerPrior, maxResponseChars, specifics, grounding } = options;
    const Scorer = addon().RustCoherenceScorer;
    this.#raw = callAddon(
      () =>
        new Scorer(
          configArg(options.config),
          knowledge === undefined ? undefined : addonKnowledge(knowledge),
          evidenceK,
          answerPrior,
          maxResponseChars,
          specifics,
          grounding,
        ),
    );
    this.knowledge = knowledge;
    this.evidenceK = evidenceK;
    this.answerPrior = answerPrior;
    this.maxResponseChars = maxResponseChars;
    this.specifics = specifics;
    this.grounding = grounding;
  }

  /** The last `historyWindow` approved responses of `review`, oldest first. */
  get history(): readonly string[] {
    return this.#raw.history;
  }

  review(prompt: string, response: string, options: TenantOptions = {}): CoherenceScore {
    return scoresFrom(callAddon(() => this.#raw.review(prompt, response, options?.tenant)))[0]!;
  }

  reviewSegment(prompt: string, segment: string, options: RustSegmentOptions = {}): CoherenceScore {
    const previous = options?.previous ?? '';
    return scoresFrom(
      callAddon(() => this.#raw.reviewSegment(prompt, segment, previous, options?.tenant)),
    )[0]!;
  }

  reviewSegments(
    prompt: string,
    segments: readonly string[],
    previous: readonly string[] = segments.map(() => ''),
    options: TenantOptions = {},
  ): CoherenceScore[] {
    return scoresFrom(
      callAddon(() =>
        this.#raw.reviewSegments(
          prompt,
          segments as string[],
          previous as string[],
          options?.tenant,
        ),
      ),
    );
  }
}

/**
 * Scores how coherent a response is with its prompt and with a `RustKnowledge`, in Rust: the same
 * rules, numbers (bit for bit), evidence and failures as `CoherenceScorer` with its built-in
 * `HeuristicNli` (docs/scoring.md §4). One boundary crossing per call; `reviewSegments` scores a
 * whole batch in one.
 */
export class RustCoherenceScorer extends UncheckedRustScorer {
  declare readonly knowledge: RustKnowledge | undefined;

  constructor(options: RustCoherenceScorerOptions = {}) {
    checkObject('options', options, { rule: 'must be an object' });
    const { knowledge } = options;
    const knowledgeOk = knowledge === undefined || knowledge instanceof RustKnowledge;
    check(knowledgeOk, 'knowledge', knowledge, 'must be a RustKnowledge');
    const k = checkInteger('evidenceK', options.evidenceK ?? 3, 1, { atLeast: '≥' });
    const prior = options.answerPrior ?? 0.3;
    const priorOk = typeof prior === 'number' && Number.isFinite(prior) && prior >= 0 && prior <= 1;
    check(priorOk, 'answerPrior', prior, 'must be a number in [0, 1]');
    const max = options.maxResponseChars ?? 200_000;
    const maxOk =
      typeof max === 'number' &&
      (max === Number.POSITIVE_INFINITY || (Number.isInteger(max) && max >= 1));
    check(maxOk, 'maxResponseChars', max, 'must be an integer ≥ 1 or Infinity');
    const specifics = checkBoolean('specifics', options.specifics ?? true);
    const grounding = checkOneOf('grounding', options.grounding ?? 'contradiction', GROUNDINGS, {
      rule: `must be 'contradiction' or 'strict'`,
    });
    super({
      config: options.config,
      knowledge,
      evidenceK: k,
      answerPrior: prior,
      maxResponseChars: max,
      specifics,
      grounding,
    });
  }

  /** Scores a whole response, sentence by sentence; the weakest sentence decides. */
  override review(prompt: string, response: string, options: TenantOptions = {}): CoherenceScore {
    checkString('prompt', prompt, true);
    checkString('response', response, true);
    return super.review(prompt, response, { tenant: checkTenant(options?.tenant) });
  }

  /** Scores one segment (a sentence) of a streamed answer. Not added to the history. */
  override reviewSegment(
    prompt: string,
    segment: string,
    options: RustSegmentOptions = {},
  ): CoherenceScore {
    checkString('prompt', prompt, true);
    checkString('segment', segment, true);
    const tenant = checkTenant(options?.tenant);
    const previous = checkString('previous', options?.previous ?? '', true);
    return super.reviewSegment(prompt, segment, { previous, tenant });
  }

  /**
   * Scores many segments of one answer in a single crossing: `segments[i]` as
   * `reviewSegment(prompt, segments[i], { previous: previous[i] })` would (default previous: '').
   */
  override reviewSegments(
    prompt: string,
    segments: readonly string[],
    previous?: readonly string[],
    options: TenantOptions = {},
  ): CoherenceScore[] {
    checkString('prompt', prompt, true);
    checkArray('segments', segments);
    for (let i = 0; i < segments.length; i++) checkString(`segments[${i}]`, segments[i], true);
    if (previous !== undefined) {
      const aligned = Array.isArray(previous) && previous.length === segments.length;
      check(aligned, 'previous', previous, 'must be an array with one entry per segment');
      for (let i = 0; i < previous.length; i++) checkString(`previous[${i}]`, previous[i], true);
    }
    return super.reviewSegments(prompt, segments, previous, {
      tenant: checkTenant(options?.tenant),
    });
  }
}
