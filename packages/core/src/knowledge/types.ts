import { optionKeys } from '../internal/options.js';

/** One piece of evidence a knowledge source returns for a query. */
export interface EvidenceChunk {
  /** Stable id: the fact key, the document id, or `<document id>#<n>` for the nth passage (from 1). */
  readonly id: string;
  /** The passage text as stored. */
  readonly text: string;
  /** Relevance, higher is better. BM25 for `InMemoryKnowledge`; any scale for other sources. */
  readonly score: number;
  /** Where it came from: `fact`, the document's `source`, or `document` when none was given. */
  readonly source: string;
}

/** Options of `KnowledgeSource.retrieve`. */
export interface RetrieveOptions {
  /** How many chunks at most. Integer ≥ 1. Default 3. */
  readonly k?: number;
  /** The tenant namespace to search. Without it only untenanted data is visible. */
  readonly tenant?: string;
}

/** Every key of `RetrieveOptions`. For knowledge sources: reject any other with `assertKnownKeys`. */
export const RETRIEVE_OPTION_KEYS = optionKeys<RetrieveOptions>()(['k', 'tenant']);

/**
 * Anything that can find evidence for a query: the built-in `InMemoryKnowledge`, a LangChain
 * retriever (via @backfire/langchain), pgvector, Elasticsearch… Return the chunks best first.
 */
export interface KnowledgeSource {
  retrieve(query: string, options?: RetrieveOptions): EvidenceChunk[] | Promise<EvidenceChunk[]>;
}
