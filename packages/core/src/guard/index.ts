export {
  BACKFIRE_OPTION_KEYS,
  type BackfireOptions,
  coherenceScoreFn,
  type GuardContext,
  type KnowledgeInput,
  resolveGuardOptions,
  toKnowledgeSource,
} from './adapter-options.js';
export { createGuard, Guard } from './guard.js';
export {
  type BackfireHaltRecord,
  type JsonValue,
  keptText,
  publicHaltRecord,
  toJsonValue,
  WITHHELD,
} from './halt-record.js';
export { type HaltReceipt, type HaltReceiptFacts, haltReceipt, withReceipt } from './receipt.js';
export { countWords, type Segment, Segmenter } from './segmenter.js';
export { guardTextStream } from './stream.js';
export { suggestedAction } from './suggest.js';
export type {
  GuardEvent,
  GuardHalt,
  GuardOptions,
  GuardOutput,
  GuardResult,
  GuardResume,
  HaltWordCounts,
  ReleasePolicy,
  SegmentRecord,
  SegmentScoreFn,
  SegmentScoreRequest,
  SegmentScorer,
  SegmentVerdict,
  WordCounts,
} from './types.js';
