import type { BackfireConfig, BackfireConfigInit } from '../config.js';
import { typed } from '../errors.js';
import {
  FLAG_APPROVED,
  FLAG_WARNING,
  type RawCoherenceScorer,
  type RawScores,
  scoring,
} from './binding.js';
import { chunksFrom, RustKnowledge, rawKnowledge } from './knowledge.js';
import type {
  CoherenceScore,
  Grounding,
  NliCue,
  NliCueKind,
  ScoreFailure,
  TenantOptions,
} from './types.js';
import { checkString, checkTenant, inputError } from './validate.js';

/** Options of `new RustCoherenceScorer(...)` (@backfire/core's `CoherenceScorerOptions`). */
export interface RustCoherenceScorerOptions {
  /** Thresholds and weights: a `BackfireConfig` (native or core) or the fields to override. */
  readonly config?: BackfireConfig | BackfireConfigInit | { toJSON(): object };
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

/** The cue at `raw[at]` (kind, strength, hypothesis, premise, detail); `[cue, next index]`. */
export function cueFrom(raw: RawScores, at: number): [NliCue | null, number] {
  const kind = raw[at];
  if (kind === null || kind === undefined) return [null, at + 1];
  return [
    {
      kind: kind as NliCueKind,
      strength: raw[at + 1] as number,
      hypothesisSentence: raw[at + 2] as string,
      premiseSentence: raw[at + 3] as string,
      detail: raw[at + 4] as string,
    },
    at + 5,
  ];
}

/** The flat scores the addon returns → `CoherenceScore` objects (core's shape and key order). */
export function scoresFrom(raw: RawScores): CoherenceScore[] {
  const out: CoherenceScore[] = [];
  let at = 0;
  while (at < raw.length) {
    const flags = raw[at + 3] as number;
    const count = raw[at + 7] as number;
    const chunks = chunksFrom(raw as Array<string | number>, at + 8, count);
    const [contradiction, next] = cueFrom(raw, at + 8 + 4 * count);
    out.push({
      score: raw[at] as number,
      approved: (flags & FLAG_APPROVED) !== 0,
      hLogical: raw[at + 1] as number,
      hFactual: raw[at + 2] as number,
      warning: (flags & FLAG_WARNING) !== 0,
      evidence: { chunks, sentence: raw[at + 6] as string, contradiction },
      failure: raw[at + 4] as ScoreFailure | null,
      reason: raw[at + 5] as string,
    });
    at = next;
  }
  return out;
}

function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw typed(err);
  }
}

function configArg(config: RustCoherenceScorerOptions['config']): unknown {
  if (config === undefined || config === null) return undefined;
  const toJSON = (config as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? (toJSON as () => object).call(config) : config;
}

/**
 * Scores how coherent a response is with its prompt and with a `RustKnowledge`, in Rust: the same
 * rules, numbers (bit for bit), evidence and failures as @backfire/core's `CoherenceScorer` with
 * its built-in `HeuristicNli` (docs/scoring.md §4). One boundary crossing per call;
 * `reviewSegments` scores a whole batch in one.
 */
export class RustCoherenceScorer {
  readonly evidenceK: number;
  readonly answerPrior: number;
  readonly maxResponseChars: number;
  readonly specifics: boolean;
  readonly grounding: Grounding;
  readonly knowledge: RustKnowledge | undefined;
  readonly #raw: RawCoherenceScorer;

  constructor(options: RustCoherenceScorerOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw inputError('options', options, 'must be an object');
    }
    const { knowledge } = options;
    if (knowledge !== undefined && !(knowledge instanceof RustKnowledge)) {
      throw inputError('knowledge', knowledge, 'must be a RustKnowledge');
    }
    const k = options.evidenceK ?? 3;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
      throw inputError('evidenceK', k, 'must be an integer ≥ 1');
    }
    const prior = options.answerPrior ?? 0.3;
    if (typeof prior !== 'number' || !Number.isFinite(prior) || prior < 0 || prior > 1) {
      throw inputError('answerPrior', prior, 'must be a number in [0, 1]');
    }
    const max = options.maxResponseChars ?? 200_000;
    if (
      typeof max !== 'number' ||
      !(max === Number.POSITIVE_INFINITY || (Number.isInteger(max) && max >= 1))
    ) {
      throw inputError('maxResponseChars', max, 'must be an integer ≥ 1 or Infinity');
    }
    const specifics = options.specifics ?? true;
    if (typeof specifics !== 'boolean') {
      throw inputError('specifics', specifics, 'must be a boolean');
    }
    const grounding = options.grounding ?? 'contradiction';
    if (grounding !== 'contradiction' && grounding !== 'strict') {
      throw inputError('grounding', grounding, `must be 'contradiction' or 'strict'`);
    }
    this.#raw = call(
      () =>
        new scoring.RustCoherenceScorer(
          configArg(options.config),
          knowledge === undefined ? undefined : rawKnowledge(knowledge),
          k,
          prior,
          max,
          specifics,
          grounding,
        ),
    );
    this.knowledge = knowledge;
    this.evidenceK = k;
    this.answerPrior = prior;
    this.maxResponseChars = max;
    this.specifics = specifics;
    this.grounding = grounding;
  }

  /** The last `historyWindow` approved responses of `review`, oldest first. */
  get history(): readonly string[] {
    return this.#raw.history;
  }

  /** Scores a whole response, sentence by sentence; the weakest sentence decides. */
  review(prompt: string, response: string, options: TenantOptions = {}): CoherenceScore {
    checkString('prompt', prompt, true);
    checkString('response', response, true);
    const tenant = checkTenant(options?.tenant);
    return scoresFrom(call(() => this.#raw.review(prompt, response, tenant)))[0]!;
  }

  /** Scores one segment (a sentence) of a streamed answer. Not added to the history. */
  reviewSegment(prompt: string, segment: string, options: RustSegmentOptions = {}): CoherenceScore {
    checkString('prompt', prompt, true);
    checkString('segment', segment, true);
    const tenant = checkTenant(options?.tenant);
    const previous = checkString('previous', options?.previous ?? '', true);
    return scoresFrom(call(() => this.#raw.reviewSegment(prompt, segment, previous, tenant)))[0]!;
  }

  /**
   * Scores many segments of one answer in a single crossing: `segments[i]` as
   * `reviewSegment(prompt, segments[i], { previous: previous[i] })` would (default previous: '').
   */
  reviewSegments(
    prompt: string,
    segments: readonly string[],
    previous?: readonly string[],
    options: TenantOptions = {},
  ): CoherenceScore[] {
    checkString('prompt', prompt, true);
    if (!Array.isArray(segments)) throw inputError('segments', segments, 'must be an array');
    for (let i = 0; i < segments.length; i++) checkString(`segments[${i}]`, segments[i], true);
    let prev: string[];
    if (previous === undefined) prev = segments.map(() => '');
    else {
      if (!Array.isArray(previous) || previous.length !== segments.length) {
        throw inputError('previous', previous, 'must be an array with one entry per segment');
      }
      for (let i = 0; i < previous.length; i++) checkString(`previous[${i}]`, previous[i], true);
      prev = previous as string[];
    }
    const tenant = checkTenant(options?.tenant);
    return scoresFrom(
      call(() => this.#raw.reviewSegments(prompt, segments as string[], prev, tenant)),
    );
  }
}
