import type { BackfireConfig, BackfireConfigInit } from '../config/config.js';
import { optionKeys } from '../internal/options.js';
import type { EvidenceChunk, KnowledgeSource } from '../knowledge/types.js';
import type { Grounding, NliBackend, NliCue } from '../nli/types.js';

/** Why a score failed closed (score 0, not approved). */
export type ScoreFailure =
  /** The prompt was empty or whitespace. */
  | 'empty_prompt'
  /** The response (or segment) was empty or whitespace. */
  | 'empty_response'
  /** The response (or segment) is longer than `maxResponseChars`. */
  | 'too_long'
  /** The response has no words (only emoji, symbols or control characters): nothing to check. */
  | 'no_content'
  /** The NLI backend threw or rejected. */
  | 'nli_error'
  /** The NLI backend returned something other than a number in [0, 1] (NaN, 1.3, a string…). */
  | 'nli_invalid'
  /** The knowledge source threw, rejected or returned something that is not a chunk list. */
  | 'knowledge_error'
  /** `reviewAsync`'s deadline passed first. */
  | 'timeout'
  /** The caller's AbortSignal fired. */
  | 'aborted';

/** What a score rests on. */
export interface ScoringEvidence {
  /** The chunks retrieved for the deciding sentence, best first ([] without a knowledge source). */
  readonly chunks: readonly EvidenceChunk[];
  /** The response sentence that decided the score (the weakest one); '' when nothing was scored. */
  readonly sentence: string;
  /**
   * Why that sentence diverged, when the NLI can say (the heuristic can): the cue, the premise
   * sentence it contradicts and what differs. Null when no cue fired or the backend cannot explain.
   */
  readonly contradiction: NliCue | null;
}

/** The verdict on a response or one segment of it. */
export interface CoherenceScore {
  /** Coherence in [0, 1] = 1 − (wLogic·hLogical + wFact·hFactual), sanitised. 0 on failure. */
  readonly score: number;
  /** score ≥ coherenceThreshold (never true on failure). */
  readonly approved: boolean;
  /** Logical divergence from the prompt, in [0, 1] (1 on failure). */
  readonly hLogical: number;
  /** Factual divergence from the retrieved evidence, in [0, 1]; 0.5 without evidence (1 on failure). */
  readonly hFactual: number;
  /** approved and score < softLimit. */
  readonly warning: boolean;
  readonly evidence: ScoringEvidence;
  /** Null when scored normally; otherwise why the score failed closed. */
  readonly failure: ScoreFailure | null;
  /** A human-readable explanation of `failure`; '' when scored normally. */
  readonly reason: string;
}

/** Options of `new CoherenceScorer(...)`. */
export interface CoherenceScorerOptions {
  /** Thresholds and weights: a `BackfireConfig` or the fields to override. Default: defaults. */
  readonly config?: BackfireConfig | BackfireConfigInit;
  /** Where evidence comes from. Without one, hFactual is 0.5 (nothing to check against). */
  readonly knowledge?: KnowledgeSource;
  /** The NLI backend. Default: a `HeuristicNli`. */
  readonly nli?: NliBackend;
  /** Chunks retrieved per sentence. Integer ≥ 1. Default 3. */
  readonly evidenceK?: number;
  /**
   * hLogical of an answer the prompt neither entails nor contradicts (the NLI's neutral 0.5 maps
   * here). A question entails nothing about its answer, so a correct answer lands exactly here
   * and its fate is decided by the evidence. In [0, 1]. Default 0.3.
   */
  readonly answerPrior?: number;
  /**
   * Longest response or segment scored, in UTF-16 code units; longer text fails closed with
   * `too_long` instead of blocking the event loop for seconds (scoring costs about 50 µs per
   * sentence). Integer ≥ 1 or Infinity. Default 200,000 (≈ 50,000 tokens, far beyond one answer).
   */
  readonly maxResponseChars?: number;
  /**
   * `'contradiction'` (default) halts on what the evidence contradicts — right for open chat with a
   * knowledge base of guard-rail facts. `'strict'` also halts, kind `unsupported`, on specific claims
   * (names, numbers, dates, the answer to the question) the retrieved evidence does not support —
   * right for support bots and RAG over your own documents.
   */
  readonly grounding?: Grounding;
  /**
   * Score in the Rust addon when it is loaded and the backends are the built-in ones — the
   * default `HeuristicNli` and no knowledge source or a native-backed `InMemoryKnowledge` — default
   * `true`. Scores, evidence and failures are identical either way (pinned by the golden vectors and
   * randomized parity tests); native is several times faster. A configured NLI model or any other
   * knowledge source always runs on TypeScript. `false` keeps this scorer on TypeScript.
   */
  readonly native?: boolean;
}

export const SCORER_OPTION_KEYS = optionKeys<CoherenceScorerOptions>()([
  'config',
  'knowledge',
  'nli',
  'evidenceK',
  'answerPrior',
  'maxResponseChars',
  'grounding',
  'native',
]);

/** Options of `review` and `reviewSegment`. */
export interface ReviewOptions {
  /** The knowledge-base tenant to retrieve from. */
  readonly tenant?: string;
}

export const REVIEW_OPTION_KEYS = optionKeys<ReviewOptions>()(['tenant']);

/** Options of `reviewAsync` and `reviewSegmentAsync`. */
export interface ReviewAsyncOptions extends ReviewOptions {
  /** Deadline in ms (finite, > 0). Past it the review fails closed with `timeout`. Default: none. */
  readonly timeoutMs?: number;
  /** Aborting fails the review closed with `aborted` and stops further backend calls. */
  readonly signal?: AbortSignal;
}

export const REVIEW_ASYNC_OPTION_KEYS = optionKeys<ReviewAsyncOptions>()([
  ...REVIEW_OPTION_KEYS,
  'timeoutMs',
  'signal',
]);

/** Options of `reviewSegment`. */
export interface SegmentOptions extends ReviewOptions {
  /**
   * The answer's text before this segment. Only its last sentence is read (as retrieval context,
   * so "It was completed in 1889." finds the tower the previous sentence named); the cost of a
   * segment never grows with the length of the answer.
   */
  readonly previous?: string;
}

export const SEGMENT_OPTION_KEYS = optionKeys<SegmentOptions>()([
  ...REVIEW_OPTION_KEYS,
  'previous',
]);

/** Options of `reviewSegmentAsync`. */
export interface SegmentAsyncOptions extends SegmentOptions, ReviewAsyncOptions {}

export const SEGMENT_ASYNC_OPTION_KEYS = optionKeys<SegmentAsyncOptions>()([
  ...REVIEW_ASYNC_OPTION_KEYS,
  'previous',
]);
