// Every testdata/nli and testdata/knowledge vector through the addon: the heuristic NLI (a fresh
// instance per pair and one shared, warm instance), the tokenizer and the BM25 store. Numbers to
// 1e-12, ids, order and cue kinds exactly (formats: testdata/nli/README.md,
// testdata/knowledge/README.md).
import { describe, expect, it } from 'vitest';
import { loadNative, type Native } from '../../test/native.js';
import { type NliCase, nliGolden, readTestdata, tokenizerGolden } from '../../test/testdata.js';

const native = loadNative();

const nliCases: [string, NliCase][] = nliGolden().flatMap(({ file, cases }) =>
  cases.map((c) => [`${file}: ${c.name}`, c] as [string, NliCase]),
);

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12;

describe.skipIf(native === null)('NLI golden vectors (testdata/nli) on the addon', () => {
  const { RustHeuristicNli } = native ?? ({} as Native);
  const shared = native === null ? null : new RustHeuristicNli();

  it('covers every pair', () => {
    expect(nliCases.length).toBeGreaterThanOrEqual(300);
  });

  it.each(nliCases)('%s', (_, c) => {
    const options =
      c.question === undefined
        ? {}
        : {
            question: c.question,
            ...(c.answers === undefined ? {} : { answers: c.answers }),
            ...(c.grounding === undefined ? {} : { grounding: c.grounding }),
          };
    for (const nli of [new RustHeuristicNli(), shared!]) {
      const e = nli.explain(c.premise, c.hypothesis, c.context ?? '', options);
      expect(close(e.divergence, c.divergence), `divergence ${e.divergence}`).toBe(true);
      expect(close(e.contradiction, c.contradiction), `contradiction ${e.contradiction}`).toBe(
        true,
      );
      expect(close(e.unsupported, c.unsupported), `unsupported ${e.unsupported}`).toBe(true);
      expect(e.cue?.kind ?? null).toBe(c.cue);
      if (c.detail !== undefined) expect(e.cue?.detail ?? null).toBe(c.detail);
      if (c.context === undefined && c.question === undefined)
        expect(nli.divergence(c.premise, c.hypothesis)).toBe(e.divergence);
    }
  });
});

describe.skipIf(native === null)('tokenizer golden vectors (testdata/nli/tokenizer.json)', () => {
  const cases = tokenizerGolden();
  it.each(cases.map((c) => [c.text.slice(0, 40), c] as const))('%s', (_, c) => {
    const got = native!.analyzeText(c.text);
    expect(got).toEqual({ tokens: c.tokens, terms: c.terms, sentences: c.sentences });
  });
});

describe.skipIf(native === null)('BM25 golden vectors (testdata/knowledge) on the addon', () => {
  const golden = readTestdata<{
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
  }>('knowledge/bm25.json');
  const build = (batch: boolean) => {
    const kb = new native!.RustKnowledge();
    if (batch) kb.addDocuments(golden.store.documents);
    else for (const d of golden.store.documents) kb.addDocument(d);
    for (const f of golden.store.facts) {
      kb.addFact(f.key, f.value, f.tenant === undefined ? {} : { tenant: f.tenant });
    }
    return kb;
  };
  const stores = native === null ? [] : [build(false), build(true)];

  it('covers every query', () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(75);
  });

  it.each(golden.cases.map((c, i) => [`${i}: ${c.query.slice(0, 50)}`, c] as const))(
    '%s',
    (_, c) => {
      for (const kb of stores) {
        const got = kb.retrieve(c.query, {
          ...(c.k === undefined ? {} : { k: c.k }),
          ...(c.tenant === undefined ? {} : { tenant: c.tenant }),
        });
        expect(got.map((g) => g.id)).toEqual(c.expected.map((e) => e.id));
        for (const [i, e] of c.expected.entries()) {
          expect(close(got[i]!.score, e.score), `${e.id}: ${got[i]!.score}`).toBe(true);
        }
      }
    },
  );
});
