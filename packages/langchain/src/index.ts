export {
  BackfireChatModel,
  type BackfireResponseMetadata,
  CONTENT_FILTER,
  type GuardableChatModel,
  withBackfire,
} from './chat-model.js';
export { BackfireCallbackHandler, type HaltedRun } from './handler.js';
export { type BackfireLangChainOptions, type BackfireRunInfo, keptText } from './options.js';
export {
  type RetrieverKnowledgeOptions,
  type RetrieverLike,
  retrieverKnowledge,
} from './retriever.js';
