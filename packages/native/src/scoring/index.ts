export { RustKnowledge } from './knowledge.js';
export { analyzeText, RustHeuristicNli } from './nli.js';
export {
  RustCoherenceScorer,
  type RustCoherenceScorerOptions,
  type RustSegmentOptions,
} from './scorer.js';
export type {
  CoherenceScore,
  EvidenceChunk,
  KnowledgeDocument,
  NliCue,
  NliCueKind,
  NliExplanation,
  RetrieveOptions,
  ScoreFailure,
  ScoringEvidence,
  TenantOptions,
} from './types.js';
