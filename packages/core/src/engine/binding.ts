/**
 * The scoring classes of `@backfire/native`, as far as core uses them. Declared structurally (core
 * builds without the addon) and looked up on the loaded binding, so an addon that predates them
 * simply leaves scoring on TypeScript.
 */

import type { EvidenceChunk, RetrieveOptions } from '../knowledge/types.js';
import { getNative, hasScoring } from '../native/index.js';
import type { NliCueKind } from '../nli/types.js';

/** `@backfire/native`'s `RustKnowledge`: the same store as `InMemoryKnowledge`, in Rust. */
export interface NativeKnowledge {
  addFact(key: string, value: string, options?: { tenant?: string }): unknown;
  addDocument(document: { id: string; text: string; source?: string; tenant?: string }): unknown;
  addDocuments(
    documents: ReadonlyArray<{ id: string; text: string; source?: string; tenant?: string }>,
  ): unknown;
  remove(id: string, options?: { tenant?: string }): boolean;
  clear(options?: { tenant?: string }): void;
  readonly size: number;
  passageCount(options?: { tenant?: string }): number;
  retrieve(query: string, options?: RetrieveOptions): EvidenceChunk[];
}

/** What `@backfire/native`'s `RustCoherenceScorer` returns: core's `CoherenceScore` shape. */
export interface NativeScore {
  readonly score: number;
  readonly approved: boolean;
  readonly hLogical: number;
  readonly hFactual: number;
  readonly warning: boolean;
  readonly evidence: {
    readonly chunks: readonly EvidenceChunk[];
    readonly sentence: string;
    readonly contradiction: {
      readonly kind: NliCueKind;
      readonly strength: number;
      readonly hypothesisSentence: string;
      readonly premiseSentence: string;
      readonly detail: string;
    } | null;
  };
  readonly failure: 'empty_prompt' | 'empty_response' | 'too_long' | 'no_content' | null;
  readonly reason: string;
}

/** `@backfire/native`'s `RustCoherenceScorer`. */
export interface NativeScorer {
  review(prompt: string, response: string, options?: { tenant?: string }): NativeScore;
  reviewSegment(
    prompt: string,
    segment: string,
    options?: { previous?: string; tenant?: string },
  ): NativeScore;
}

export interface NativeScoring {
  scoringRulesVersion(): number;
  readonly RustKnowledge: new () => NativeKnowledge;
  readonly RustCoherenceScorer: new (options: {
    config?: { toJSON(): object };
    knowledge?: NativeKnowledge;
    evidenceK: number;
    answerPrior: number;
    maxResponseChars: number;
    specifics: boolean;
    grounding: 'contradiction' | 'strict';
  }) => NativeScorer;
}

/** The native scoring classes, or null on the JS backend (or an addon without them). */
export function nativeScoring(): NativeScoring | null {
  const binding = getNative();
  return hasScoring(binding) ? (binding as unknown as NativeScoring) : null;
}
