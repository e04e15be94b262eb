/**
 * The knowledge base: a few passages in a LangChain vector store, used through its retriever.
 * In your app this is your existing store (pgvector, Elasticsearch, Pinecone, a MemoryVectorStore…)
 * with real embeddings; the example uses LangChain's in-memory test store and a tiny deterministic
 * embedding so it runs offline, with no API key.
 */
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { FakeVectorStore } from '@langchain/core/utils/testing';
import type { VectorStoreRetriever } from '@langchain/core/vectorstores';

export const PASSAGES = [
  'The Eiffel Tower stands in Paris on the Champ de Mars.',
  'The Eiffel Tower was completed in March 1889 as the entrance arch to the 1889 World Fair.',
  'The Eiffel Tower is 330 metres tall including its antennas.',
  'Gustave Eiffel’s company designed and built the tower from wrought iron.',
];

/** Bag-of-words embeddings: each word hashed into one of 256 dimensions, L2-normalised. */
class BagOfWordsEmbeddings extends Embeddings {
  constructor() {
    super({});
  }

  async embedQuery(text: string): Promise<number[]> {
    const v = new Array<number>(256).fill(0);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      let h = 2166136261;
      for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
      v[(h >>> 0) % 256]! += 1;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.all(texts.map((t) => this.embedQuery(t)));
  }
}

export async function passagesRetriever(): Promise<VectorStoreRetriever> {
  const docs = PASSAGES.map(
    (text, i) =>
      new Document({ pageContent: text, metadata: { id: `eiffel-${i + 1}`, source: 'guide' } }),
  );
  const store = await FakeVectorStore.fromDocuments(docs, new BagOfWordsEmbeddings());
  return store.asRetriever(2);
}
