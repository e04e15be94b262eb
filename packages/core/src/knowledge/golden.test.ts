/** BM25 golden vectors shared with the Rust port (regenerate: `npx tsx testdata/knowledge/generate.ts`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InMemoryKnowledge } from './index.js';

interface Golden {
  store: {
    documents: { id: string; text: string; source?: string; tenant?: string }[];
    facts: { key: string; value: string; tenant?: string }[];
  };
  cases: {
    query: string;
    k?: number;
    tenant?: string;
    expected: { id: string; score: number }[];
  }[];
}

const golden = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../../testdata/knowledge/bm25.json'), 'utf8'),
) as Golden;

describe('BM25 golden vectors', () => {
  const kb = new InMemoryKnowledge();
  for (const d of golden.store.documents) kb.addDocument(d);
  for (const f of golden.store.facts) {
    kb.addFact(f.key, f.value, f.tenant === undefined ? {} : { tenant: f.tenant });
  }
  it.each(golden.cases.map((c, i) => [`${i}: ${c.query.slice(0, 50)}`, c] as const))(
    '%s',
    (_, c) => {
      const got = kb.retrieve(c.query, {
        ...(c.k === undefined ? {} : { k: c.k }),
        ...(c.tenant === undefined ? {} : { tenant: c.tenant }),
      });
      expect(got.map((g) => g.id)).toEqual(c.expected.map((e) => e.id));
      for (const [i, e] of c.expected.entries()) {
        expect(Math.abs(got[i]!.score - e.score)).toBeLessThanOrEqual(1e-12);
      }
    },
  );
});
