export { promptOnlyAsks } from './prompt.js';
export { CoherenceScorer, NEUTRAL_FACTUAL } from './scorer.js';
export type {
  CoherenceScore,
  CoherenceScorerOptions,
  ReviewAsyncOptions,
  ReviewOptions,
  ScoreFailure,
  ScoringEvidence,
  SegmentAsyncOptions,
  SegmentOptions,
} from './types.js';
