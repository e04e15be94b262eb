// The core types a LangChain user meets (halt records, events, options), so one import suffices.
export type {
  BackfireOptions,
  EvidenceChunk,
  GuardEvent,
  GuardHalt,
  KnowledgeInput,
  KnowledgeSource,
  SegmentRecord,
} from '@backfire/core';
export { BackfireChatModel, type GuardableChatModel, withBackfire } from './chat-model.js';
export { BackfireCallbackHandler, type HaltedRun } from './handler.js';
export {
  type BackfireHaltMetadata,
  type BackfireResponseMetadata,
  CONTENT_FILTER,
} from './metadata.js';
export { type BackfireLangChainOptions, type BackfireRunInfo, keptText } from './options.js';
export {
  type RetrieverKnowledgeOptions,
  type RetrieverLike,
  retrieverKnowledge,
} from './retriever.js';
