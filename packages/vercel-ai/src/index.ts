export type { CallOptions, StreamPart } from './ai-types.js';
export { HALT_FINISH_REASON } from './guarded-stream.js';
export {
  type BackfireMessageMetadata,
  type BackfireMessageMetadataOptions,
  type BackfireUIMetadata,
  backfireMessageMetadata,
  type MetadataPart,
  readBackfireMessageMetadata,
} from './message-metadata.js';
export {
  type BackfireHaltMetadata,
  type BackfireMetadata,
  type BackfirePassMetadata,
  type BackfireSegmentScore,
  readBackfireMetadata,
} from './metadata.js';
export { backfireMiddleware } from './middleware.js';
export type { BackfireHaltContext, BackfireMiddlewareOptions } from './options.js';
export { lastUserMessageText } from './prompt.js';
