// The scoring vocabulary, the same shapes as @backfire/core's (declared here so this package
// does not depend on core).

/** One piece of evidence a knowledge base returns for a query. */
export interface EvidenceChunk {
  /** The fact key, the document id, or `<document id>#<n>` for its nth passage (from 1). */
  readonly id: string;
  readonly text: string;
  /** BM25 relevance, higher is better. */
  readonly score: number;
  /** `fact`, the document's `source`, or `document`. */
  readonly source: string;
}

/** A document to store. */
export interface KnowledgeDocument {
  /** Unique within its tenant (facts and documents share the id space); re-adding replaces. */
  readonly id: string;
  readonly text: string;
  /** Shown in `EvidenceChunk.source`; default `document`. */
  readonly source?: string;
  readonly tenant?: string;
}

/** Options naming a tenant namespace. */
export interface TenantOptions {
  readonly tenant?: string;
}

/** Options of `retrieve`. */
export interface RetrieveOptions extends TenantOptions {
  /** How many chunks at most: an integer ≥ 1. Default 3. */
  readonly k?: number;
}

export type NliCueKind =
  | 'negation'
  | 'number'
  | 'date'
  | 'antonym'
  | 'entity'
  | 'unsupported_specific'
  /** The answer fills the question's slot with something the evidence never says (question-aware). */
  | 'substitution'
  /** The answer ties an attribute to the wrong entity of the evidence. */
  | 'swap'
  /** "Which came first, A or B?" answered against the evidence's dates. */
  | 'comparison'
  /** Strict grounding: a specific claim the evidence does not support. */
  | 'unsupported';

/**
 * `'contradiction'` (default): halt on what the evidence contradicts. `'strict'`: also halt on
 * specific claims (names, numbers, dates, the answer to the question) the evidence does not support.
 */
export type Grounding = 'contradiction' | 'strict';

/** Options of `RustHeuristicNli.explain` (@backfire/core's `ExplainOptions`). */
export interface ExplainOptions {
  /** Whether unsupported specifics count; default: the instance's `specifics`. */
  readonly specifics?: boolean;
  /** The question the hypothesis answers; with it, the question-aware rules run. */
  readonly question?: string;
  /** Whether the hypothesis is (the start of) the answer to `question`. Default true. */
  readonly answers?: boolean;
  /** `'strict'`: specific claims the premise lacks are a cue of kind `unsupported`. */
  readonly grounding?: Grounding;
}

/** The strongest contradiction cue the heuristic found. */
export interface NliCue {
  readonly kind: NliCueKind;
  readonly strength: number;
  readonly hypothesisSentence: string;
  /** '' for an unsupported specific with no counterpart. */
  readonly premiseSentence: string;
  readonly detail: string;
}

/** A divergence and how it came about. */
export interface NliExplanation {
  readonly divergence: number;
  readonly contradiction: number;
  readonly unsupported: number;
  readonly cue: NliCue | null;
}

/** Why a score failed closed. The built-in backends cannot fail, so only input failures occur. */
export type ScoreFailure = 'empty_prompt' | 'empty_response' | 'too_long' | 'no_content';

export interface ScoringEvidence {
  readonly chunks: readonly EvidenceChunk[];
  /** The sentence that decided the score; '' when nothing was scored. */
  readonly sentence: string;
  readonly contradiction: NliCue | null;
}

/** The verdict on a response or a segment (the shape of @backfire/core's `CoherenceScore`). */
export interface CoherenceScore {
  readonly score: number;
  readonly approved: boolean;
  readonly hLogical: number;
  readonly hFactual: number;
  readonly warning: boolean;
  readonly evidence: ScoringEvidence;
  readonly failure: ScoreFailure | null;
  readonly reason: string;
}
