export {
  BM25_B,
  BM25_K1,
  compareCodePoints,
  InMemoryKnowledge,
  type KnowledgeDocument,
  PASSAGE_WORDS,
  splitPassages,
  type TenantOptions,
} from './in-memory.js';
export {
  type EvidenceChunk,
  type KnowledgeSource,
  RETRIEVE_OPTION_KEYS,
  type RetrieveOptions,
} from './types.js';
