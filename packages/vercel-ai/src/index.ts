export type { CallOptions, StreamPart } from './ai-types.js';
export { HALT_FINISH_REASON } from './guarded-stream.js';
export {
  type BackfireMessageMetadata,
  type BackfireMessageMetadataOptions,
  type BackfireTextSpan,
  type BackfireUIMetadata,
  type BackfireUIReceipt,
  type BackfireUIRepair,
  type BackfireWithdrawnRange,
  backfireMessageMetadata,
  backfireTextSpans,
  type MetadataPart,
  readBackfireMessageMetadata,
  withdrawnRanges,
} from './message-metadata.js';
export {
  type BackfireHaltMetadata,
  type BackfireHaltReceipt,
  type BackfireMetadata,
  type BackfirePassMetadata,
  type BackfireRepairMetadata,
  type BackfireSegmentScore,
  type BackfireWithdrawnMetadata,
  readBackfireMetadata,
} from './metadata.js';
export { backfireMiddleware } from './middleware.js';
export type { BackfireHaltContext, BackfireMiddlewareOptions } from './options.js';
export { lastUserMessageText } from './prompt.js';
