import { describe, expect, it } from 'vitest';
import { BackfireInputError } from '../errors/errors.js';
import { InMemoryKnowledge } from '../knowledge/in-memory.js';
import type { NliBackend } from '../nli/types.js';
import { CoherenceScorer } from '../scoring/scorer.js';
import { resolveGuardOptions, toKnowledgeSource } from './adapter-options.js';
import { createGuard } from './guard.js';

const FACTS = {
  'eiffel height': 'The Eiffel Tower is 330 metres tall.',
  'eiffel completion': 'The Eiffel Tower was completed in 1889.',
};

async function guarded(text: string, options: Parameters<typeof resolveGuardOptions>[0]) {
  const guard = createGuard(
    resolveGuardOptions(options, { prompt: 'Tell me about the Eiffel Tower.' }),
  );
  for (const w of text.match(/\S+\s*/gu) ?? []) await guard.write(w);
  return guard.end();
}

describe('resolveGuardOptions', () => {
  it('builds the default scorer from facts: faithful passes, a contradiction halts', async () => {
    const ok = await guarded(
      'The Eiffel Tower was completed in 1889. The Eiffel Tower is 330 metres tall. ',
      { knowledge: FACTS },
    );
    expect(ok.halted).toBe(false);
    const bad = await guarded(
      'The Eiffel Tower was completed in 1889. The Eiffel Tower is 450 metres tall. It is popular. ',
      { knowledge: FACTS, release: 'verified' },
    );
    expect(bad.halt?.kind).toBe('hard_limit');
    expect(bad.halt?.segment).toContain('450');
    expect(bad.text).toBe('The Eiffel Tower was completed in 1889. ');
    const evidence = bad.halt?.evidence as { chunks: { id: string }[] };
    expect(evidence.chunks.map((c) => c.id)).toContain('eiffel height');
  });

  it('accepts documents and any KnowledgeSource', async () => {
    const docs = toKnowledgeSource([{ id: 'd1', text: 'The Eiffel Tower is 330 metres tall.' }]);
    expect((await docs.retrieve('How tall is the Eiffel Tower?'))[0]?.id).toBe('d1');
    const kb = new InMemoryKnowledge();
    expect(toKnowledgeSource(kb)).toBe(kb);
    expect(() => toKnowledgeSource({ a: 3 } as unknown as Record<string, string>)).toThrow(
      /knowledge\.a must be a string fact, got 3/,
    );
    expect(() => toKnowledgeSource(7 as unknown as Record<string, string>)).toThrow(
      BackfireInputError,
    );
  });

  it('lets a segment with no words pass unscored', async () => {
    const r = await guarded('The Eiffel Tower is 330 metres tall. 🙂🙂 ', { knowledge: FACTS });
    expect(r.halted).toBe(false);
    expect(r.segments.some((s) => s.status === 'unscored')).toBe(true);
  });

  it('fails closed when the NLI backend or the knowledge source breaks', async () => {
    const brokenNli: NliBackend = {
      name: 'broken',
      divergence: () => {
        throw new Error('model crashed');
      },
    };
    const r1 = await guarded('The Eiffel Tower is tall. ', { knowledge: FACTS, nli: brokenNli });
    expect(r1.halt?.kind).toBe('callback_error');
    const hanging = { retrieve: () => new Promise<never>(() => {}) };
    const r2 = await guarded('The Eiffel Tower is tall. ', {
      knowledge: hanging,
      scoreTimeoutMs: 20,
    });
    expect(r2.halt?.kind).toBe('timeout');
    const throwing = { retrieve: () => Promise.reject(new Error('db down')) };
    const r3 = await guarded('The Eiffel Tower is tall. ', { knowledge: throwing });
    expect(r3.halt?.kind).toBe('callback_error');
  });

  it('passes the guard settings through and rejects bad ones', () => {
    const g = resolveGuardOptions({ release: 'verified', maxUnverifiedTokens: 5, tenant: 't1' });
    expect([g.release, g.maxUnverifiedTokens, g.tenant]).toEqual(['verified', 5, 't1']);
    expect(() => resolveGuardOptions(null as unknown as object)).toThrow(BackfireInputError);
    expect(() => createGuard(resolveGuardOptions({ release: 'fast' as 'verified' }))).toThrow(
      /release must be/,
    );
  });
});

describe('a CoherenceScorer passed straight to createGuard', () => {
  it('lets wordless segments pass and reports backend failures as callback_error with the reason', async () => {
    const knowledge = toKnowledgeSource(FACTS);
    const ok = createGuard({ scorer: new CoherenceScorer({ knowledge }), prompt: 'The tower?' });
    await ok.write('The Eiffel Tower is 330 metres tall. 🙂🙂 ');
    expect((await ok.end()).halted).toBe(false);

    const broken = { retrieve: () => Promise.reject(new Error('db down')) };
    const g = createGuard({
      scorer: new CoherenceScorer({ knowledge: broken }),
      prompt: 'The tower?',
    });
    await g.write('The Eiffel Tower is tall. ');
    const r = await g.end();
    expect(r.halt?.kind).toBe('callback_error');
    expect(JSON.stringify(r.halt?.evidence)).toContain('db down');
  });
});
