/**
 * Regenerates the BM25 golden vectors from the TypeScript implementation:
 *
 *   npx tsx testdata/knowledge/generate.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InMemoryKnowledge } from '../../packages/core/src/knowledge/index.js';

const here = import.meta.dirname;
const evalSet = JSON.parse(
  readFileSync(join(here, '../../bench/quality/eval-set.json'), 'utf8'),
) as { knowledge: { id: string; text: string }[]; items: { prompt: string; answer: string }[] };

const long = Array.from(
  { length: 24 },
  (_, i) => `Section ${i + 1} of the manual explains setting number ${i + 1} and its default value of ${i * 10}.`,
).join(' ');

const store = {
  documents: [
    ...evalSet.knowledge.map((d) => ({ id: d.id, text: d.text })),
    { id: 'manual', text: long, source: 'manual.pdf' },
    { id: 'acme-refunds', text: 'Refunds within 30 days. Receipts required.', tenant: 'acme' },
    { id: 'globex-refunds', text: 'No refunds after delivery. Store credit only.', tenant: 'globex' },
    {
      id: 'globex-padding',
      text: 'Globex sells refunds insurance, refunds protection and refunds extended warranty.',
      tenant: 'globex',
    },
  ],
  facts: [
    { key: 'sky color', value: 'blue' },
    { key: 'layer 1', value: 'quantum biological' },
    { key: 'layer 16', value: 'director' },
    { key: 'refund policy', value: 'refunds within 30 days of delivery', tenant: 'acme' },
  ],
};

const kb = new InMemoryKnowledge();
for (const d of store.documents) kb.addDocument(d);
for (const f of store.facts) {
  kb.addFact(f.key, f.value, f.tenant === undefined ? {} : { tenant: f.tenant });
}

type Query = { query: string; k?: number; tenant?: string };
const queries: Query[] = [
  { query: 'What color is the sky?' },
  { query: 'I have 10 apples' },
  { query: 'layer 1' },
  { query: 'layer 16', k: 1 },
  { query: 'refund policy' },
  { query: 'refund policy', tenant: 'acme' },
  { query: 'refund policy', tenant: 'globex' },
  { query: 'refunds refunds refunds', tenant: 'globex', k: 5 },
  { query: '' },
  { query: 'the of and' },
  { query: 'xyzzy plugh' },
  { query: 'default value of setting number 17', k: 2 },
  { query: 'tower', k: 10 },
  { query: 'bridge chief engineer', k: 5 },
  { query: 'ＴＯＷＥＲ １８８９' },
  { query: 'boiling water temperature' },
  ...evalSet.items.filter((_, i) => i % 5 === 0).map((item) => ({ query: item.prompt, k: 3 })),
  ...evalSet.items
    .filter((_, i) => i % 7 === 0)
    .map((item) => ({ query: item.answer, k: 4 })),
];

const cases = queries.map((q) => ({
  ...q,
  expected: kb
    .retrieve(q.query, {
      ...(q.k === undefined ? {} : { k: q.k }),
      ...(q.tenant === undefined ? {} : { tenant: q.tenant }),
    })
    .map((c) => ({ id: c.id, score: c.score })),
}));

writeFileSync(
  join(here, 'bm25.json'),
  `${JSON.stringify(
    {
      description:
        'InMemoryKnowledge BM25 (k1 1.5, b 0.75): the store (documents then facts, added in order) and queries with expected chunk ids and scores.',
      store,
      cases,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${cases.length} BM25 cases`);
