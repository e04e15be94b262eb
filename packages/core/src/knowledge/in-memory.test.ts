import { describe, expect, it } from 'vitest';
import { BackfireInputError } from '../errors/errors.js';
import { BM25_B, BM25_K1, InMemoryKnowledge, PASSAGE_WORDS, splitPassages } from './index.js';

function ids(kb: InMemoryKnowledge, query: string, options = {}): string[] {
  return kb.retrieve(query, options).map((c) => c.id);
}

describe('InMemoryKnowledge retrieval', () => {
  it('ranks by BM25 with k1 1.5 and b 0.75, computed by hand for a tiny corpus', () => {
    const kb = new InMemoryKnowledge()
      .addDocument({ id: 'exact', text: 'water boils at 100 degrees' })
      .addDocument({ id: 'partial', text: 'water is a liquid' })
      .addDocument({ id: 'none', text: 'the sky is blue today' });
    const result = kb.retrieve('water boils at 100 degrees');
    expect(result.map((c) => c.id)).toEqual(['exact', 'partial']);
    // Terms after stop words and stemming: exact {water, boil, 100, degre} (4), partial {water,
    // liquid} (2), none {sky, blue} (2, "today" is a stop word). N = 3, avgdl = 8/3.
    const n = 3;
    const avgdl = 8 / 3;
    const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const term = (df: number, dl: number) =>
      (idf(df) * (BM25_K1 + 1)) / (1 + BM25_K1 * (1 - BM25_B + (BM25_B * dl) / avgdl));
    expect(result[0]!.score).toBeCloseTo(term(2, 4) + 3 * term(1, 4), 12);
    expect(result[1]!.score).toBeCloseTo(term(2, 2), 12);
    expect(result[0]!.source).toBe('document');
  });

  it('matches whole terms only: "1" never matches "10"', () => {
    const kb = new InMemoryKnowledge().addFact('layer 1', 'quantum biological');
    expect(kb.retrieve('I have 10 apples')).toEqual([]);
    expect(ids(kb, 'what is layer 1?')).toEqual(['layer 1']);
    expect(kb.retrieve('second')).toEqual([]);
    const kb2 = new InMemoryKnowledge().addFact('sec metric', 'sustainable ethical coherence');
    expect(kb2.retrieve('wait a second')).toEqual([]);
  });

  it('counts a repeated query term once', () => {
    const kb = new InMemoryKnowledge()
      .addDocument({ id: 'a', text: 'water water everywhere' })
      .addDocument({ id: 'b', text: 'water and ice' });
    const once = kb.retrieve('water');
    const twice = kb.retrieve('water water water');
    expect(twice).toEqual(once);
  });

  it('breaks ties by id, the same way every time', () => {
    const kb = new InMemoryKnowledge();
    for (const id of ['c', 'a', 'b']) kb.addDocument({ id, text: 'identical text here' });
    expect(ids(kb, 'identical')).toEqual(['a', 'b', 'c']);
    expect(ids(kb, 'identical', { k: 2 })).toEqual(['a', 'b']);
  });

  it('returns nothing for empty, stop-word-only or unmatched queries and for an empty store', () => {
    const kb = new InMemoryKnowledge();
    expect(kb.retrieve('anything')).toEqual([]);
    kb.addFact('sky color', 'blue');
    expect(kb.retrieve('')).toEqual([]);
    expect(kb.retrieve('the of and')).toEqual([]);
    expect(kb.retrieve('xyzzy plugh')).toEqual([]);
    expect(ids(kb, 'What color is the sky?')).toEqual(['sky color']);
    expect(kb.retrieve('What color is the sky?')[0]!.text).toBe('sky color: blue');
    expect(kb.retrieve('sky')[0]!.source).toBe('fact');
  });

  it('uses the shared tokenizer: stems, case, NFKC and numbers with separators', () => {
    const kb = new InMemoryKnowledge().addDocument({
      id: 'd',
      text: 'The bridge carries 10,000 cars while boiling in summer.',
    });
    expect(ids(kb, 'BRIDGE')).toEqual(['d']);
    expect(ids(kb, 'ｂｒｉｄｇｅ')).toEqual(['d']);
    expect(ids(kb, 'it boils')).toEqual(['d']);
    expect(ids(kb, '10000')).toEqual(['d']);
    expect(ids(kb, '10')).toEqual([]);
  });
});

describe('InMemoryKnowledge tenants', () => {
  const kb = new InMemoryKnowledge()
    .addFact('refund policy', 'refunds within 30 days', { tenant: 'acme' })
    .addFact('refund policy', 'no refunds after delivery', { tenant: 'globex' })
    .addFact('shipping', 'free shipping over 50 dollars');

  it('keeps tenants apart, and an untenanted query sees only untenanted data', () => {
    expect(kb.retrieve('refund policy', { tenant: 'acme' }).map((c) => c.text)).toEqual([
      'refund policy: refunds within 30 days',
    ]);
    expect(kb.retrieve('refund policy', { tenant: 'globex' }).map((c) => c.text)).toEqual([
      'refund policy: no refunds after delivery',
    ]);
    expect(kb.retrieve('refund policy')).toEqual([]);
    expect(kb.retrieve('shipping', { tenant: 'acme' })).toEqual([]);
    expect(ids(kb, 'shipping')).toEqual(['shipping']);
    expect(kb.retrieve('refund', { tenant: 'initech' })).toEqual([]);
  });

  it('computes statistics per tenant', () => {
    const a = new InMemoryKnowledge()
      .addDocument({ id: 'x', text: 'alpha beta', tenant: 't1' })
      .addDocument({ id: 'y', text: 'gamma delta', tenant: 't1' });
    const alone = new InMemoryKnowledge()
      .addDocument({ id: 'x', text: 'alpha beta' })
      .addDocument({ id: 'y', text: 'gamma delta' });
    // A crowd of "alpha" documents in another tenant must not change t1's scores.
    for (let i = 0; i < 20; i++) a.addDocument({ id: `n${i}`, text: 'alpha alpha', tenant: 't2' });
    expect(a.retrieve('alpha', { tenant: 't1' })).toEqual(alone.retrieve('alpha'));
  });

  it('removes and clears per tenant', () => {
    const k = new InMemoryKnowledge().addFact('a', 'apple', { tenant: 't' }).addFact('a', 'apple');
    expect(k.size).toBe(2);
    expect(k.remove('a', { tenant: 't' })).toBe(true);
    expect(k.remove('a', { tenant: 't' })).toBe(false);
    expect(ids(k, 'apple')).toEqual(['a']);
    k.addFact('b', 'banana', { tenant: 't' });
    k.clear({ tenant: 't' });
    expect(k.size).toBe(1);
    k.clear();
    expect(k.size).toBe(0);
    expect(k.retrieve('apple')).toEqual([]);
  });
});

describe('InMemoryKnowledge storage', () => {
  it('replaces an entry re-added under the same id, and drops it from the index', () => {
    const kb = new InMemoryKnowledge().addFact('sky color', 'blue');
    kb.addFact('sky color', 'grey');
    expect(kb.size).toBe(1);
    expect(kb.retrieve('blue')).toEqual([]);
    expect(kb.retrieve('sky')[0]!.text).toBe('sky color: grey');
    kb.addDocument({ id: 'sky color', text: 'Clouds are white.', source: 'wiki' });
    expect(kb.retrieve('sky')).toEqual([]);
    expect(kb.retrieve('clouds')[0]).toMatchObject({ id: 'sky color', source: 'wiki' });
  });

  it('cuts long documents into sentence passages of at most PASSAGE_WORDS words', () => {
    const sentence = (i: number) =>
      `Sentence number ${i} talks about topic${i} in twelve words total here.`;
    const text = Array.from({ length: 30 }, (_, i) => sentence(i)).join(' ');
    const passages = splitPassages(text);
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages) expect(p.split(/\s+/).length).toBeLessThanOrEqual(PASSAGE_WORDS);
    expect(passages.join(' ')).toBe(text);
    const kb = new InMemoryKnowledge().addDocument({ id: 'manual', text });
    expect(kb.size).toBe(1);
    expect(kb.passageCount()).toBe(passages.length);
    const hit = kb.retrieve('topic29')[0]!;
    expect(hit.id).toBe(`manual#${passages.length}`);
    expect(hit.text).toContain('topic29');
    expect(kb.remove('manual')).toBe(true);
    expect(kb.passageCount()).toBe(0);
  });

  it('cuts a single sentence longer than a passage at word boundaries', () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
    const passages = splitPassages(words);
    expect(passages.length).toBe(3);
    expect(passages.join(' ').split(' ')).toEqual(words.split(' '));
  });

  it('retrieves from a large store through the index without scanning it', () => {
    const kb = new InMemoryKnowledge();
    for (let i = 0; i < 5000; i++) kb.addFact(`item ${i}`, `value v${i}`);
    expect(ids(kb, 'v4321')).toEqual(['item 4321']);
    expect(kb.retrieve('item', { k: 7 })).toHaveLength(7);
  });
});

describe('InMemoryKnowledge input validation', () => {
  const kb = new InMemoryKnowledge().addFact('x', 'y');

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3'])('rejects k = %s', (k) => {
    expect(() => kb.retrieve('x', { k: k as number })).toThrowError(BackfireInputError);
    expect(() => kb.retrieve('x', { k: k as number })).toThrow(/^k must be an integer ≥ 1, got /);
  });

  it('rejects non-string queries, keys, values, ids and tenants with the field named', () => {
    expect(() => kb.retrieve(42 as unknown as string)).toThrow(/^query must be a string, got 42/);
    expect(() => kb.addFact('', 'v')).toThrow(/^key must not be empty/);
    expect(() => kb.addFact('k', null as unknown as string)).toThrow(/^value must be a string/);
    expect(() => kb.addDocument({ id: 'd', text: ' ' })).toThrow(
      /^document.text must not be empty/,
    );
    expect(() => kb.addDocument(null as unknown as { id: string; text: string })).toThrow(
      /^document must be an object/,
    );
    expect(() => kb.retrieve('x', { tenant: '' })).toThrow(/^tenant must be a non-empty string/);
    expect(() => kb.remove(7 as unknown as string)).toThrow(/^id must be a string/);
  });

  it('validates a whole batch before storing any of it', () => {
    const k = new InMemoryKnowledge();
    expect(() =>
      k.addDocuments([
        { id: 'ok', text: 'fine' },
        { id: 'bad', text: 3 as unknown as string },
      ]),
    ).toThrow(/^documents\[1\]\.text must be a string, got 3/);
    expect(k.size).toBe(0);
    expect(() => k.addDocuments(5 as unknown as [])).toThrow(/^documents must be an iterable/);
  });

  it('stores binary and emoji text without crashing; emoji never match', () => {
    const k = new InMemoryKnowledge().addDocument({ id: 'e', text: '🎉🎉 \u0000\u0001 party 🎉' });
    expect(ids(k, 'party 🎉')).toEqual(['e']);
    expect(k.retrieve('🎉')).toEqual([]);
  });
});
