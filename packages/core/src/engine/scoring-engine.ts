import type { EvidenceChunk, RetrieveOptions } from '../knowledge/types.js';
import type { Backend } from '../native/index.js';
import type { ExplainOptions, NliCue } from '../nli/types.js';
import type { CoherenceScore } from '../scoring/types.js';

/** Work a scoring plan asks its driver for: the scorer's own knowledge source and NLI run it. */
export type Step =
  | { readonly kind: 'retrieve'; readonly query: string; readonly options: RetrieveOptions }
  | {
      readonly kind: 'nli';
      readonly pairs: ReadonlyArray<readonly [string, string]>;
      /** Text before the hypothesis, for backends that can use it (see ExplainingNliBackend). */
      readonly context: string;
      /** What the evidence pair is read with (see ExplainOptions): the question-aware rules. */
      readonly answer: ExplainOptions;
    };

export interface NliOutcome {
  readonly divergence: number;
  readonly cue: NliCue | null;
}

export type StepResult = readonly EvidenceChunk[] | readonly NliOutcome[];

/**
 * A review written as a generator: it yields the steps it needs (retrieval, NLI) and returns the
 * score. The driver (`scoring/drive.ts`) runs it synchronously or asynchronously, as the backends
 * answer; a plan that needs no step (the Rust engine's) simply returns.
 */
export type Plan<T> = Generator<Step, T, StepResult>;

/**
 * How a `CoherenceScorer` turns a review into a score: the TypeScript engine (plans whose steps
 * call the scorer's NLI and knowledge source) or the Rust engine (one call into the addon), chosen
 * by `openScoringEngine`. Arguments arrive validated (types and tenant); everything after that —
 * empty inputs, length limits, sentence splitting, the score — is the engine's, and both engines
 * answer alike, bit for bit.
 */
export interface ScoringEngine {
  /** Where the next review runs (a Rust engine may move to TypeScript, see `leave-native.ts`). */
  readonly backend: Backend;
  review(prompt: string, response: string, tenant: string | undefined): Plan<CoherenceScore>;
  /** `previous`: the answer before the segment (only its last sentence is read). */
  reviewSegment(
    prompt: string,
    segment: string,
    previous: string,
    tenant: string | undefined,
  ): Plan<CoherenceScore>;
}
