import { simulateReadableStream, streamText, wrapLanguageModel } from 'ai6';
import { MockLanguageModelV3 } from 'ai6/test';
import { describe, expect, it } from 'vitest';
import { type BackfireHaltMetadata, readBackfireMetadata } from './metadata.js';
import { backfireMiddleware } from './middleware.js';
import type { BackfireMiddlewareOptions } from './options.js';
import { textParts, words } from './test/fixtures.js';

const knowledge = { height: 'The Eiffel Tower is 330 metres tall.' };
const PROMPT = 'How tall is the Eiffel Tower?';

async function run(answer: string, deltas: readonly string[], options: BackfireMiddlewareOptions) {
  const model = new MockLanguageModelV3({
    doStream: async () => ({ stream: simulateReadableStream({ chunks: textParts(deltas) }) }),
  });
  const result = streamText({
    model: wrapLanguageModel({ model, middleware: backfireMiddleware(options) }),
    prompt: PROMPT,
  });
  return {
    text: await result.text,
    finish: await result.finishReason,
    meta: readBackfireMetadata(await result.providerMetadata),
    answer,
  };
}

describe('grounding through backfireMiddleware', () => {
  const ANSWER =
    'The Eiffel Tower stands in Paris, France. The Eiffel Tower is 450 metres tall. It was completed in 1889.';

  // The issue's own example: one delta, only the height fact, verified release.
  it.each([
    ['one delta', [ANSWER]],
    ['per word', words(ANSWER)],
  ])(
    'default grounding keeps the first sentence and halts on the contradiction (%s)',
    async (_, deltas) => {
      const { text, finish, meta } = await run(ANSWER, deltas, { knowledge, release: 'verified' });
      expect(text).toBe('The Eiffel Tower stands in Paris, France. ');
      expect(finish).toBe('content-filter');
      expect(meta).toMatchObject({ halted: true, kind: 'hard_limit' });
    },
  );

  it("grounding: 'strict' halts on claims the knowledge base does not hold, as kind unsupported", async () => {
    const { text, finish, meta } = await run(ANSWER, [ANSWER], {
      knowledge,
      release: 'verified',
      grounding: 'strict',
    });
    expect(text).toBe('');
    expect(finish).toBe('content-filter');
    expect(meta).toMatchObject({ halted: true, kind: 'unsupported' });
    expect((meta as BackfireHaltMetadata | undefined)?.reason).toMatch(/^unsupported \(/);
  });

  it("grounding: 'strict' lets a supported answer through", async () => {
    const faithful = 'The Eiffel Tower is 330 metres tall.';
    const { text, finish } = await run(faithful, words(faithful), {
      knowledge,
      grounding: 'strict',
    });
    expect(text).toBe(faithful);
    expect(finish).toBe('stop');
  });
});
