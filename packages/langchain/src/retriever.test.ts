import { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import { FakeVectorStore } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { withBackfire } from './chat-model.js';
import type { BackfireHaltMetadata } from './metadata.js';
import { retrieverKnowledge } from './retriever.js';
import { FACTS, FAITHFUL, factScorer, HashEmbeddings, models, QUESTION } from './test/fixtures.js';

/** A retriever over fixed documents, as a custom store's adapter would be. */
class ListRetriever extends BaseRetriever {
  override lc_namespace = ['test'];
  constructor(readonly docs: () => Document[] | Promise<Document[]>) {
    super({});
  }
  override async _getRelevantDocuments(): Promise<Document[]> {
    return this.docs();
  }
}

describe('retrieverKnowledge', () => {
  it('finds evidence through a real vector store retriever, best first', async () => {
    const store = await FakeVectorStore.fromDocuments(FACTS, new HashEmbeddings());
    const knowledge = retrieverKnowledge(store.asRetriever(3));
    const chunks = await knowledge.retrieve('How tall is the Eiffel Tower in metres?', { k: 2 });
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toEqual({
      id: 'eiffel-height',
      text: 'The Eiffel Tower is 330 metres tall.',
      score: 1,
      source: 'encyclopedia',
    });
    expect(chunks[1]?.score).toBe(0.5);
    const built = await knowledge.retrieve('When was the Eiffel Tower completed?', { k: 1 });
    expect(built.map((c) => c.id)).toEqual(['eiffel-built']);
  });

  it('ids: Document.id, then metadata.id, then a stable content hash', async () => {
    const knowledge = retrieverKnowledge(
      new ListRetriever(() => [
        new Document({ id: 'doc-1', pageContent: 'One.', metadata: { id: 'ignored' } }),
        new Document({ pageContent: 'Two.', metadata: { id: 7, score: 0.42 } }),
        new Document({ pageContent: 'Three.', metadata: {} }),
      ]),
      { source: 'wiki' },
    );
    const first = await knowledge.retrieve('q', { k: 5 });
    expect(first.map((c) => [c.id, c.score, c.source])).toEqual([
      ['doc-1', 1, 'wiki'],
      ['7', 0.42, 'wiki'],
      [expect.stringMatching(/^doc-[0-9a-f]{8}$/), 1 / 3, 'wiki'],
    ]);
    const again = await knowledge.retrieve('another query', { k: 5 });
    expect(again[2]?.id).toBe(first[2]?.id);
  });

  it('keeps tenants apart: a tenant sees its own documents, no tenant sees untenanted ones', async () => {
    const knowledge = retrieverKnowledge(
      new ListRetriever(() => [
        new Document({ pageContent: 'Acme secret.', metadata: { org: 'acme' } }),
        new Document({ pageContent: 'Globex secret.', metadata: { org: 'globex' } }),
        new Document({ pageContent: 'Public fact.', metadata: {} }),
      ]),
      { tenantKey: 'org' },
    );
    expect((await knowledge.retrieve('secret', { tenant: 'acme' })).map((c) => c.text)).toEqual([
      'Acme secret.',
    ]);
    expect((await knowledge.retrieve('secret')).map((c) => c.text)).toEqual(['Public fact.']);
  });

  it('rejects what is not a retriever or not documents, naming it', async () => {
    expect(() => retrieverKnowledge({} as never)).toThrow(
      /retriever must have invoke\(query\), got object/,
    );
    expect(() => retrieverKnowledge(new ListRetriever(() => []), { tenantKey: '' })).toThrow(
      /tenantKey must be a non-empty string/,
    );
    const garbage = retrieverKnowledge({ invoke: async () => 'nope' as never });
    await expect(garbage.retrieve('q')).rejects.toThrow(/retriever result must be an array/);
    const badDoc = retrieverKnowledge({ invoke: async () => [{ text: 'x' }] as never });
    await expect(badDoc.retrieve('q')).rejects.toThrow(/retriever result\[0\] must be a document/);
    const ok = retrieverKnowledge(new ListRetriever(() => []));
    await expect(ok.retrieve('q', { k: 0 })).rejects.toThrow(/k must be an integer >= 1, got 0/);
  });

  it('a failing retriever makes the guarded model halt (fail closed)', async () => {
    const knowledge = retrieverKnowledge(
      new ListRetriever(() => Promise.reject(new Error('vector store unreachable'))),
    );
    const guarded = withBackfire(models(FAITHFUL)[1].model, { scorer: factScorer(knowledge) });
    const message = await guarded.invoke(QUESTION);
    expect((message.response_metadata.backfire as BackfireHaltMetadata).kind).toBe(
      'callback_error',
    );
    expect(message.text).toBe('');
  });
});
