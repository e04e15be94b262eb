import { BackfireInputError } from '@backfire/core';
import { thrown } from '@backfire/test-support/errors';
import { SHARED_OPTION_TYPOS } from '@backfire/test-support/options';
import { describe, expect, it } from 'vitest';
import { backfireAgentMiddleware } from './agent.js';
import { BackfireChatModel, withBackfire } from './chat-model.js';
import { BackfireCallbackHandler } from './handler.js';
import type { BackfireLangChainOptions } from './options.js';
import { type RetrieverLike, retrieverKnowledge } from './retriever.js';
import { CONTRADICTION, models, QUESTION } from './test/fixtures.js';

const knowledge = { 'eiffel height': 'The Eiffel Tower is 330 metres tall.' };

/** Runs `fn`, expects a `BackfireInputError` and returns it. */
const rejects = (fn: () => unknown) => thrown(fn, BackfireInputError);

/** Options as a user writes them in plain JavaScript, or through a variable TypeScript let pass. */
type Loose = BackfireLangChainOptions;
const model = () => models('Hi.')[0].model;

const ENTRY_POINTS: readonly [string, (options: Record<string, unknown>) => unknown][] = [
  ['withBackfire', (o) => withBackfire(model(), o as Loose)],
  ['BackfireChatModel', (o) => new BackfireChatModel(model(), o as Loose)],
  ['BackfireCallbackHandler', (o) => new BackfireCallbackHandler(o as Loose)],
  ['backfireAgentMiddleware', (o) => backfireAgentMiddleware(o as Loose)],
];

describe.each(ENTRY_POINTS)('%s rejects option keys it does not take', (where, make) => {
  it('a misspelt key names the key it probably meant', () => {
    const err = rejects(() => make({ knowledge, relase: 'verified' }));
    expect(err.message).toBe(
      `unknown option "relase" in ${where} options — did you mean "release"?`,
    );
    expect(err.field).toBe('relase');
    expect(err.value).toBe('verified');
    expect(rejects(() => make({ onHlat: () => {} })).message).toContain('did you mean "onHalt"?');
  });

  it.each(SHARED_OPTION_TYPOS)('a misspelt shared option (%s) names %s', (typo, meant) => {
    const err = rejects(() => make({ knowledge, [typo]: 1 }));
    expect([err.field, err.message]).toEqual([typo, expect.stringContaining(`"${meant}"?`)]);
  });

  it('a key far from every option lists the options', () => {
    const err = rejects(() => make({ knowledge, temperature: 0 }));
    expect(err.field).toBe('temperature');
    expect(err.message).toMatch(
      new RegExp(`^unknown option "temperature" in ${where} options \\(known: .*\\bonEvent\\b`),
    );
  });

  it.each([
    ['emitErrorOnHalt', true], // backfireMiddleware's (AI SDK)
    ['abortUpstream', false], // backfireMiddleware's (AI SDK)
    ['signal', new AbortController().signal], // createGuard's: the adapter owns the signal
    ['candidates', 2], // CoherenceAgent's
  ])('another entry point’s key (%s) is an error, not silently dropped', (key, value) => {
    const err = rejects(() => make({ knowledge, [key]: value }));
    expect(err.field).toBe(key);
    expect(err.message).toContain(`unknown option "${key}" in ${where} options`);
  });

  it('valid options, undefined ones included, are accepted', () => {
    expect(() => make({ knowledge, release: 'verified', onEvent: undefined })).not.toThrow();
  });
});

describe('option keys only some LangChain entry points take', () => {
  it('name is backfireAgentMiddleware’s alone', () => {
    expect(() => backfireAgentMiddleware({ knowledge, name: 'guard' })).not.toThrow();
    expect(
      rejects(() => backfireAgentMiddleware({ knowledge, nmae: 'guard' } as Loose)).message,
    ).toBe('unknown option "nmae" in backfireAgentMiddleware options — did you mean "name"?');
    for (const make of [
      () => withBackfire(model(), { knowledge, name: 'guard' } as Loose),
      () => new BackfireCallbackHandler({ knowledge, name: 'guard' } as Loose),
    ]) {
      expect(rejects(make).field).toBe('name');
    }
  });

  it('withBackfire with valid options still guards: the verified policy withholds the bad sentence', async () => {
    const { model: upstream } = models(CONTRADICTION)[1];
    const guarded = withBackfire(upstream, {
      scorer: ({ segment }) => (segment.includes('120') ? 0.1 : 0.9),
      release: 'verified',
    });
    let text = '';
    for await (const chunk of await guarded.stream(QUESTION)) text += chunk.text;
    expect(text).toBe('The Eiffel Tower stands in Paris. ');
  });

  it('bindTools keeps the options (it used to pass its resolved form, which dropped them all)', async () => {
    const { model: upstream } = models(CONTRADICTION)[1];
    const bindable = Object.assign(upstream, { bindTools: () => upstream });
    const guarded = withBackfire(bindable, {
      scorer: ({ segment }) => (segment.includes('120') ? 0.1 : 0.9),
      release: 'verified',
    }).bindTools([]);
    let text = '';
    for await (const chunk of await guarded.stream(QUESTION)) text += chunk.text;
    expect(text).toBe('The Eiffel Tower stands in Paris. ');
  });
});

describe('retrieverKnowledge rejects option keys it does not take', () => {
  const retriever: RetrieverLike = { invoke: async () => [] };

  it('at creation and in retrieve()', async () => {
    expect(
      rejects(() => retrieverKnowledge(retriever, { tenantkey: 'org' } as never)).message,
    ).toBe('unknown option "tenantkey" in retrieverKnowledge options — did you mean "tenantKey"?');
    expect(rejects(() => retrieverKnowledge(retriever, { k: 3 } as never)).message).toBe(
      'unknown option "k" in retrieverKnowledge options (known: tenantKey, scoreKey, source)',
    );
    const kb = retrieverKnowledge(retriever, { tenantKey: 'org', scoreKey: undefined });
    await expect(kb.retrieve('x', { tenat: 'a' } as never)).rejects.toThrow(
      'unknown option "tenat" in retrieve options — did you mean "tenant"?',
    );
    await expect(kb.retrieve('x', { k: 2, tenant: 'a' })).resolves.toEqual([]);
  });
});

describe('grounding through the LangChain adapters', () => {
  it("withBackfire({ grounding: 'strict' }) halts on an unsupported claim with kind unsupported", async () => {
    const { model: upstream } = models(
      'The Eiffel Tower is 330 metres tall. It was painted by Loiseau in Lyon.',
    )[1];
    const guarded = withBackfire(upstream, {
      knowledge: { height: 'The Eiffel Tower is 330 metres tall.' },
      release: 'verified',
      grounding: 'strict',
    });
    let text = '';
    let halt: { kind?: string } | undefined;
    for await (const chunk of await guarded.stream('How tall is the Eiffel Tower?')) {
      text += chunk.text;
      const meta = chunk.response_metadata as { backfire?: { kind?: string } };
      if (meta.backfire?.kind !== undefined) halt = meta.backfire;
    }
    expect(text).toBe('The Eiffel Tower is 330 metres tall. ');
    expect(halt?.kind).toBe('unsupported');
  });

  it('rejects a grounding value it does not know, naming the field', () => {
    expect(() =>
      withBackfire(models(CONTRADICTION)[1].model, {
        grounding: 'loose',
      } as unknown as Loose).invoke(QUESTION),
    ).toThrow(/grounding/);
  });
});
