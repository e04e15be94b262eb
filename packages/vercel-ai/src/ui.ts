// The client-side surface: what a `useChat` component needs, without the middleware (and so
// without @backfire/core) in the browser bundle.
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
export type {
  BackfireHaltMetadata,
  BackfireHaltReceipt,
  BackfireMetadata,
  BackfirePassMetadata,
  BackfireRepairMetadata,
  BackfireSegmentScore,
  BackfireWithdrawnMetadata,
} from './metadata.js';
