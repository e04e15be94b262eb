/**
 * The Rust-backed InMemoryKnowledge against the TypeScript one: the same sequence of writes must
 * leave both answering every question alike (ids, order, scores bit for bit, sizes, errors). On
 * the forced-JS run both stores are TypeScript and the comparison still pins the store's contract.
 */
import { rng } from '@backfire/test-support/rng';
import { describe, expect, it } from 'vitest';
import { BackfireInputError } from '../errors/errors.js';
import { InMemoryKnowledge, type KnowledgeDocument } from '../knowledge/index.js';
import { nativeAvailable } from '../native/index.js';

const WORDS = [
  'tower',
  'Eiffel',
  'bridge',
  'opened',
  'in',
  '1889',
  '1937',
  'the',
  'not',
  'tall',
  'metres',
  'is',
  'was',
  'river',
  'Paris',
  'boils',
  'boiling',
  "doesn't",
  'école',
  '東京',
  '3.5',
  '10,000',
];

function sentence(r: () => number): string {
  const n = 1 + Math.floor(r() * 12);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]!);
  return `${words.join(' ')}${['.', '!', '?', ''][Math.floor(r() * 4)]}`;
}

function text(r: () => number): string {
  return Array.from({ length: 1 + Math.floor(r() * 4) }, () => sentence(r)).join(' ');
}

function snapshot(kb: InMemoryKnowledge, queries: readonly string[]): unknown {
  const tenants = [undefined, 'a', 'b'];
  return {
    size: kb.size,
    passages: tenants.map((tenant) => kb.passageCount(tenant === undefined ? {} : { tenant })),
    results: queries.flatMap((q) =>
      tenants.map((tenant) =>
        kb.retrieve(q, { k: 5, ...(tenant === undefined ? {} : { tenant }) }),
      ),
    ),
  };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err instanceof BackfireInputError ? [err.code, err.field, err.message] : err;
  }
  return 'no error';
}

describe('InMemoryKnowledge backend', () => {
  it('keeps its index in Rust exactly when the addon is loaded, unless told not to', () => {
    expect(new InMemoryKnowledge().backend).toBe(nativeAvailable ? 'native' : 'js');
    expect(new InMemoryKnowledge({ native: false }).backend).toBe('js');
    expect(thrown(() => new InMemoryKnowledge({ native: 'yes' as unknown as boolean }))).toEqual([
      'BACKFIRE_INPUT',
      'native',
      'native must be a boolean, got "yes"',
    ]);
  });

  it('answers like the TypeScript store after any sequence of writes', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const native = new InMemoryKnowledge();
      const js = new InMemoryKnowledge({ native: false });
      const queries = Array.from({ length: 4 }, () => sentence(r));
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
      for (let step = 0; step < 30; step++) {
        const tenant = pick([undefined, undefined, 'a', 'b']);
        const opts = tenant === undefined ? {} : { tenant };
        const id = pick(['x', 'y', 'z', 'x#1', 'w']);
        const u = r();
        const op = (kb: InMemoryKnowledge): unknown => {
          if (u < 0.35) return kb.addDocument({ id, text: text(r2), ...opts });
          if (u < 0.55) return kb.addFact(id, sentence(r2), opts);
          if (u < 0.7) {
            const docs: KnowledgeDocument[] = [0, 1, 2].map((i) => ({
              id: `${id}${i}`,
              text: `${text(r2)} ${'word '.repeat(i * 45)}`,
              source: 'batch',
              ...opts,
            }));
            return kb.addDocuments(docs);
          }
          if (u < 0.9) return kb.remove(id, opts);
          return kb.clear(r2() < 0.5 ? opts : {});
        };
        // Both stores must see the same random text: replay the same sub-stream for each.
        const sub = Math.floor(r() * 2 ** 31);
        let r2 = rng(sub);
        const a = op(native);
        r2 = rng(sub);
        const b = op(js);
        if (typeof a === 'boolean') expect(a).toBe(b);
        expect(snapshot(native, queries)).toEqual(snapshot(js, queries));
      }
    }
  });

  it('rejects bad input with the same errors', () => {
    const cases: ((kb: InMemoryKnowledge) => unknown)[] = [
      (kb) => kb.addFact('', 'v'),
      (kb) => kb.addFact('k', 7 as unknown as string),
      (kb) => kb.addFact('k', 'v', { tenant: '' }),
      (kb) => kb.addDocument({ id: 'd', text: '\ufeff' }),
      (kb) =>
        kb.addDocuments([
          { id: 'a', text: 'ok' },
          { id: 'b', text: 'x', source: ' ' },
        ]),
      (kb) => kb.retrieve('q', { k: 0 }),
      (kb) => kb.retrieve(3 as unknown as string),
      (kb) => kb.remove(''),
      (kb) => kb.passageCount({ tenant: 5 as unknown as string }),
    ];
    for (const c of cases) {
      const native = new InMemoryKnowledge();
      const js = new InMemoryKnowledge({ native: false });
      expect(thrown(() => c(native))).toEqual(thrown(() => c(js)));
      expect(thrown(() => c(native))).not.toBe('no error');
      expect(native.size).toBe(0);
    }
  });

  it('moves to TypeScript for a lone surrogate and keeps every entry exact', () => {
    const native = new InMemoryKnowledge();
    const js = new InMemoryKnowledge({ native: false });
    for (const kb of [native, js]) {
      kb.addDocument({ id: 'eiffel', text: 'The Eiffel Tower is 330 metres tall.' });
      kb.addFact('sky', 'blue', { tenant: 't' });
      kb.addFact('sky', 'grey', { tenant: 't' });
      kb.addFact('gone', 'soon');
      kb.remove('gone');
      // Never stored in Rust: an ill-formed id cannot match anything there.
      expect(kb.remove('a\ud800')).toBe(false);
    }
    expect(native.retrieve('gone \ud800')).toEqual(js.retrieve('gone \ud800'));
    for (const kb of [native, js]) kb.addFact('odd\ud800', 'tower sky');
    expect(native.backend).toBe('js');
    const queries = ['Eiffel tower tall', 'sky', 'odd tower', 'soon'];
    expect(snapshot(native, queries)).toEqual(snapshot(js, queries));
    expect(native.retrieve('sky', { tenant: 't' })[0]!.text).toBe('sky: grey');
    expect(native.retrieve('odd')[0]!.id).toBe('odd\ud800');
  });
});
