// The client-side surface: what a `useChat` component needs, without the middleware (and so
// without @backfire/core) in the browser bundle.
export {
  type BackfireMessageMetadata,
  type BackfireMessageMetadataOptions,
  type BackfireUIMetadata,
  backfireMessageMetadata,
  type MetadataPart,
  readBackfireMessageMetadata,
} from './message-metadata.js';
export type {
  BackfireHaltMetadata,
  BackfireMetadata,
  BackfirePassMetadata,
  BackfireSegmentScore,
} from './metadata.js';
