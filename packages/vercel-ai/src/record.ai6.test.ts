import type { BackfireTrace } from '@backfire/core';
import * as ai from 'ai6';
import { MockLanguageModelV3 } from 'ai6/test';
import { describe, expect, it, vi } from 'vitest';
import { backfireMiddleware } from './middleware.js';
import { BAD, FIRST, GOOD, keywordScorer, textParts, words } from './test/fixtures.js';

const model = (text: string) =>
  new MockLanguageModelV3({
    doStream: async () => ({
      stream: ai.simulateReadableStream({ chunks: textParts(words(text)) }),
    }),
  });

describe('record (ai 6)', () => {
  it('one trace per guarded call: the deltas as the model sent them, the verdicts, the halt', async () => {
    const traces: BackfireTrace[] = [];
    const middleware = backfireMiddleware({
      scorer: keywordScorer,
      release: 'verified',
      record: (t) => traces.push(t),
    });
    for (const text of [GOOD, BAD]) {
      const result = ai.streamText({
        model: ai.wrapLanguageModel({ model: model(text), middleware }),
        prompt: 'What colour is the sky?',
      });
      await result.consumeStream();
    }
    expect(traces.map((t) => t.outcome)).toEqual(['passed', 'halted']);
    expect(traces[0]!.prompt).toBe('What colour is the sky?');
    expect(traces[0]!.deltas.map((d) => d.text)).toEqual(words(GOOD));
    expect(traces[1]!.halt?.charOffset).toBe(FIRST.length);
    expect(traces[1]!.segments.map((s) => s.status)).toEqual(['passed', 'failed']);
    expect(traces[1]!.release).toBe('verified');
  });

  it('a record callback that throws never breaks the stream; one warning per middleware', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const middleware = backfireMiddleware({
      scorer: keywordScorer,
      record: () => {
        throw new Error('disk full');
      },
    });
    for (let i = 0; i < 2; i++) {
      const result = ai.streamText({
        model: ai.wrapLanguageModel({ model: model(GOOD), middleware }),
        prompt: 'What colour is the sky?',
      });
      expect(await result.text).toBe(GOOD);
      expect(await result.finishReason).toBe('stop');
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('disk full');
    warn.mockRestore();
  });
});
