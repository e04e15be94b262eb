export {
  BM25_B,
  BM25_K1,
  compareCodePoints,
  PASSAGE_WORDS,
  splitPassages,
} from '../engine/bm25-index.js';
export {
  InMemoryKnowledge,
  type KnowledgeDocument,
  type TenantOptions,
} from './in-memory.js';
export {
  type EvidenceChunk,
  type KnowledgeSource,
  RETRIEVE_OPTION_KEYS,
  type RetrieveOptions,
} from './types.js';
