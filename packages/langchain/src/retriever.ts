import {
  assertKnownKeys,
  check,
  checkArray,
  checkInteger,
  checkNonEmptyText,
  checkText,
  type EvidenceChunk,
  type KnowledgeSource,
  optionKeys,
  RETRIEVE_OPTION_KEYS,
  type RetrieveOptions,
} from '@backfire/core';
import type { DocumentInterface } from '@langchain/core/documents';
import type { RunnableConfig } from '@langchain/core/runnables';

/** Anything that turns a query into documents: every LangChain retriever, or any such Runnable. */
export interface RetrieverLike {
  invoke(query: string, config?: RunnableConfig): Promise<DocumentInterface[]>;
}

/** Options of `retrieverKnowledge`. */
export interface RetrieverKnowledgeOptions {
  /**
   * The metadata key that names a document's tenant. With a tenant in the query only documents
   * whose `metadata[tenantKey]` equals it are evidence; without one, only documents that have no
   * tenant. The same isolation `InMemoryKnowledge` gives, enforced after retrieval because
   * retrievers have no common filter syntax — so also scope the retriever itself per tenant when
   * the store supports it, or other tenants' documents can crowd out this tenant's. Default
   * `'tenant'`.
   */
  tenantKey?: string;
  /** The metadata key of a relevance score, when the store puts one there. Default `'score'`. */
  scoreKey?: string;
  /** Where the evidence came from when a document has no `metadata.source`. Default `'retriever'`. */
  source?: string;
}

const RETRIEVER_OPTION_KEYS = optionKeys<RetrieverKnowledgeOptions>()([
  'tenantKey',
  'scoreKey',
  'source',
]);

/**
 * Any LangChain retriever — and so any vector store LangChain supports (pgvector, Elasticsearch,
 * Pinecone…) through `vectorStore.asRetriever()` — as a Backfire `KnowledgeSource`.
 *
 * Each document becomes an `EvidenceChunk`: `text` is its `pageContent`; `id` is the document's
 * `id`, else `metadata.id`, else a hash of its content (stable across queries, so a halt's
 * evidence can be traced back); `score` is `metadata[scoreKey]` when numeric, else one over its
 * rank (1, 1/2, 1/3…: retrievers return best first but most do not expose scores); `source` is
 * `metadata.source` when a string. A retriever that fails or returns something other than
 * documents makes `retrieve` reject, and the scorer then fails closed (the stream halts).
 */
export function retrieverKnowledge(
  retriever: RetrieverLike,
  options: RetrieverKnowledgeOptions = {},
): KnowledgeSource {
  const invokable =
    retriever !== null && typeof retriever === 'object' && typeof retriever.invoke === 'function';
  check(invokable, 'retriever', retriever, 'must have invoke(query)');
  assertKnownKeys('retrieverKnowledge', options, RETRIEVER_OPTION_KEYS);
  const tenantKey = key('tenantKey', options.tenantKey, 'tenant');
  const scoreKey = key('scoreKey', options.scoreKey, 'score');
  const fallbackSource = key('source', options.source, 'retriever');
  return {
    async retrieve(query: string, opts: RetrieveOptions = {}): Promise<EvidenceChunk[]> {
      checkText('query', query);
      assertKnownKeys('retrieve', opts, RETRIEVE_OPTION_KEYS);
      const k = checkInteger('k', opts.k ?? 3, 1);
      const docs = checkArray('retriever result', await retriever.invoke(query), {
        rule: 'must be an array of documents',
      });
      const chunks: EvidenceChunk[] = [];
      for (let rank = 0; rank < docs.length && chunks.length < k; rank++) {
        const doc = docs[rank] as Partial<DocumentInterface> | null;
        check(
          doc !== null && typeof doc === 'object' && typeof doc.pageContent === 'string',
          `retriever result[${rank}]`,
          doc,
          'must be a document',
        );
        const metadata = (doc.metadata ?? {}) as Record<string, unknown>;
        const tenant = metadata[tenantKey];
        if (opts.tenant === undefined ? tenant !== undefined : tenant !== opts.tenant) continue;
        const score = metadata[scoreKey];
        chunks.push({
          id: docId(doc, metadata),
          text: doc.pageContent,
          score: typeof score === 'number' && Number.isFinite(score) ? score : 1 / (rank + 1),
          source: typeof metadata.source === 'string' ? metadata.source : fallbackSource,
        });
      }
      return chunks;
    },
  };
}

function key(field: string, value: unknown, fallback: string): string {
  return value === undefined ? fallback : checkNonEmptyText(field, value);
}

function docId(doc: Partial<DocumentInterface>, metadata: Record<string, unknown>): string {
  if (typeof doc.id === 'string' && doc.id !== '') return doc.id;
  const id = metadata.id;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return `doc-${fnv1a(doc.pageContent ?? '')}`;
}

// FNV-1a, 32 bit: a short, stable id for documents the store gave none.
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
