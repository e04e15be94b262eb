import { BackfireInputError } from '@backfire/core';
import { thrown } from '@backfire/test-support/errors';
import { SHARED_OPTION_TYPOS } from '@backfire/test-support/options';
import { simulateReadableStream, streamText, wrapLanguageModel } from 'ai6';
import { MockLanguageModelV3 } from 'ai6/test';
import { describe, expect, it } from 'vitest';
import { backfireMessageMetadata } from './message-metadata.js';
import { backfireMiddleware } from './middleware.js';
import type { BackfireMiddlewareOptions } from './options.js';
import { textParts, words } from './test/fixtures.js';

const knowledge = { 'eiffel height': 'The Eiffel Tower is 330 metres tall.' };

/** Runs `fn`, expects a `BackfireInputError` and returns it. */
const rejects = (fn: () => unknown) => thrown(fn, BackfireInputError);

/** Options as a user writes them in plain JavaScript, or through a variable TypeScript let pass. */
const middleware = (options: Record<string, unknown>) =>
  backfireMiddleware(options as BackfireMiddlewareOptions);

describe('backfireMiddleware rejects option keys it does not take', () => {
  it('a misspelt key names the key it probably meant', () => {
    const err = rejects(() => middleware({ knowledge, relase: 'verified' }));
    expect(err.message).toBe(
      'unknown option "relase" in backfireMiddleware options — did you mean "release"?',
    );
    expect(err.code).toBe('BACKFIRE_INPUT');
    expect(err.field).toBe('relase');
    expect(err.value).toBe('verified');
    expect(rejects(() => middleware({ emitErrorOnHlt: true })).message).toContain(
      'did you mean "emitErrorOnHalt"?',
    );
  });

  it.each(SHARED_OPTION_TYPOS)('a misspelt shared option (%s) names %s', (typo, meant) => {
    const err = rejects(() => middleware({ knowledge, [typo]: 1 }));
    expect([err.field, err.message]).toEqual([typo, expect.stringContaining(`"${meant}"?`)]);
  });

  it('a key far from every option lists the options', () => {
    const err = rejects(() => middleware({ temperature: 0 }));
    expect(err.field).toBe('temperature');
    expect(err.message).toMatch(
      /^unknown option "temperature" in backfireMiddleware options \(known: .*\brelease\b.*\babortUpstream\b/,
    );
  });

  it.each([
    ['onEvent', () => {}], // a LangChain option
    ['name', 'backfire'], // backfireAgentMiddleware's
    ['signal', new AbortController().signal], // createGuard's: the middleware owns the signal
    ['model', 'gpt'], // CoherenceAgent's
  ])('another entry point’s key (%s) is an error, not silently dropped', (key, value) => {
    const err = rejects(() => middleware({ knowledge, [key]: value }));
    expect(err.field).toBe(key);
    expect(err.message).toContain(`unknown option "${key}" in backfireMiddleware options`);
  });

  it('valid options, undefined ones included, still configure the guard', async () => {
    expect(() =>
      backfireMiddleware({ knowledge, release: undefined, onHalt: undefined }),
    ).not.toThrow();
    const answer = 'The Eiffel Tower is in Paris. It is 450 metres tall. It opened in 1889.';
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: simulateReadableStream({ chunks: textParts(words(answer)) }),
      }),
    });
    const result = streamText({
      model: wrapLanguageModel({
        model,
        middleware: backfireMiddleware({ knowledge, release: 'verified' }),
      }),
      prompt: 'How tall is the Eiffel Tower?',
    });
    const text = await result.text;
    expect(text).toBe('The Eiffel Tower is in Paris. ');
    expect(await result.finishReason).toBe('content-filter');
  });
});

describe('backfireMessageMetadata rejects option keys it does not take', () => {
  it('typo, far key, and valid options', () => {
    expect(
      rejects(() => backfireMessageMetadata({ evidnce: true } as Record<string, unknown>)).message,
    ).toBe(
      'unknown option "evidnce" in backfireMessageMetadata options — did you mean "evidence"?',
    );
    expect(
      rejects(() => backfireMessageMetadata({ release: 'verified' } as Record<string, unknown>))
        .message,
    ).toBe('unknown option "release" in backfireMessageMetadata options (known: evidence, extend)');
    expect(typeof backfireMessageMetadata({ evidence: true })).toBe('function');
  });
});

describe('backfireMiddleware: maxUnverifiedWords', () => {
  it('takes maxUnverifiedWords and, deprecated, maxUnverifiedTokens; not both', () => {
    expect(() => middleware({ knowledge, maxUnverifiedWords: 10 })).not.toThrow();
    expect(() => middleware({ knowledge, maxUnverifiedTokens: 10 })).not.toThrow();
    expect(rejects(() => middleware({ knowledge, maxUnverifiedWords: 0 })).field).toBe(
      'maxUnverifiedWords',
    );
    const both = rejects(() =>
      middleware({ knowledge, maxUnverifiedWords: 10, maxUnverifiedTokens: 10 }),
    );
    expect(both.message).toMatch(/maxUnverifiedWords and maxUnverifiedTokens .* both set/);
  });

  it('the finish names its word counts words, beside the deprecated token names', async () => {
    const model = wrapLanguageModel({
      model: new MockLanguageModelV3({
        doStream: async () => ({
          stream: simulateReadableStream({ chunks: textParts(words('The sky is blue. ')) }),
        }),
      }),
      middleware: backfireMiddleware({ scorer: () => 0.9 }),
    });
    const result = streamText({ model, prompt: 'What colour is the sky?' });
    await result.consumeStream();
    const meta = (await result.providerMetadata)?.['backfire'] as Record<string, unknown>;
    expect(meta).toMatchObject({ wordsGenerated: 4, wordsReleased: 4, tokensGenerated: 4 });
  });
});
