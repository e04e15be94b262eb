// The scoring part of the generated Node-API binding, declared by hand (so the package
// type-checks without a Rust build). Layouts: crates/backfire-napi/src/{knowledge,scoring}.rs.
import { native } from '../binding.js';

/** A retrieval: `[id, text, score, source]` per chunk, best first. */
export type RawChunks = Array<string | number>;

/**
 * Scores, one after another: `score, hLogical, hFactual, flags, failure, reason, sentence,
 * chunkCount`, then `[id, text, score, source]` per chunk, then the cue: `kind` (null when there is
 * none) followed by `strength, hypothesisSentence, premiseSentence, detail`.
 */
export type RawScores = Array<string | number | null>;

export interface RawKnowledge {
  addFact(key: string, value: string, tenant?: string): void;
  addDocument(id: string, text: string, source?: string, tenant?: string): void;
  addDocuments(
    ids: string[],
    texts: string[],
    sources: (string | undefined)[],
    tenants: (string | undefined)[],
  ): void;
  remove(id: string, tenant?: string): boolean;
  clear(tenant?: string): void;
  readonly size: number;
  passageCount(tenant?: string): number;
  retrieve(query: string, k: number, tenant?: string): RawChunks;
}

export interface RawCoherenceScorer {
  review(prompt: string, response: string, tenant?: string): RawScores;
  reviewSegment(prompt: string, segment: string, previous: string, tenant?: string): RawScores;
  reviewSegments(
    prompt: string,
    segments: string[],
    previous: string[],
    tenant?: string,
  ): RawScores;
  readonly history: string[];
}

/** crates/backfire-napi/src/scoring.rs `RawExplainOptions`. */
export interface RawExplainOptions {
  specifics?: boolean;
  question?: string;
  answers?: boolean;
  grounding?: string;
}

export interface RawHeuristicNli {
  readonly specifics: boolean;
  explain(
    premise: string,
    hypothesis: string,
    context: string,
    options?: RawExplainOptions,
  ): RawScores;
  divergence(premise: string, hypothesis: string): number;
}

export interface ScoringBinding {
  RustKnowledge: new () => RawKnowledge;
  RustCoherenceScorer: new (
    config: unknown,
    knowledge: RawKnowledge | undefined,
    evidenceK: number,
    answerPrior: number,
    maxResponseChars: number,
    specifics: boolean,
    grounding: 'contradiction' | 'strict',
  ) => RawCoherenceScorer;
  RustHeuristicNli: new (specifics: boolean) => RawHeuristicNli;
  analyzeText(text: string): [string[], string[], string[]];
  scoringRulesVersion(): number;
}

export const scoring = native as unknown as ScoringBinding;

export const FLAG_APPROVED = 1;
export const FLAG_WARNING = 2;
