export { RustKnowledge } from './knowledge.js';
export { analyzeText, RustHeuristicNli, scoringRulesVersion } from './nli.js';
export {
  RustCoherenceScorer,
  type RustCoherenceScorerOptions,
  type RustSegmentOptions,
} from './scorer.js';
export type {
  CoherenceScore,
  EvidenceChunk,
  ExplainOptions,
  Grounding,
  KnowledgeDocument,
  NliCue,
  NliCueKind,
  NliExplanation,
  RetrieveOptions,
  ScoreFailure,
  ScoringEvidence,
  TenantOptions,
} from './types.js';
