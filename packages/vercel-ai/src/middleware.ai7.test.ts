import * as ai from 'ai7';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from './ai-types.js';
import { backfireMessageMetadata, readBackfireMessageMetadata } from './message-metadata.js';
import { backfireMiddleware } from './middleware.js';
import {
  BAD,
  callParams,
  collect,
  FIRST,
  finishPart,
  GOOD,
  instrumentedModel,
  keywordScorer,
  type Sdk,
  textParts,
  words,
} from './test/fixtures.js';
import { ai7 } from './test/sdk.ai7.js';
import { defineMiddlewareSuite } from './test/suite.js';

const sdk: Sdk = ai7;

defineMiddlewareSuite(sdk);

describe('ai 7 only', () => {
  const guarded = (parts: StreamPart[], release: 'optimistic' | 'verified' = 'verified') =>
    ai.wrapLanguageModel({
      model: instrumentedModel(sdk, [parts]).model,
      middleware: backfireMiddleware({ scorer: keywordScorer, release }),
    });
  const citation = {
    source: { type: 'source', sourceType: 'url', id: 's1', url: 'https://example.com' },
    startIndex: 0,
    endIndex: 16,
  } as const;

  it('the standalone toUIMessageStream + createUIMessageStreamResponse carry the halt', async () => {
    const result = ai.streamText({ model: guarded(textParts(words(BAD))), prompt: 'Sky?' });
    const stream = ai.toUIMessageStream({
      stream: result.stream,
      messageMetadata: backfireMessageMetadata(),
    });
    const [forClient, forCheck] = stream.tee();
    let last: { metadata?: unknown; parts: unknown[] } = { parts: [] };
    for await (const message of ai.readUIMessageStream({ stream: forCheck })) last = message;
    expect(readBackfireMessageMetadata(last)).toMatchObject({ halted: true, kind: 'hard_limit' });
    expect(last.parts).toContainEqual(expect.objectContaining({ type: 'text', text: FIRST }));
    const body = await ai.createUIMessageStreamResponse({ stream: forClient }).text();
    expect(body).toContain('"finishReason":"content-filter"');
  });

  it('v4-only parts (custom, text-end citations) pass through untouched', async () => {
    const parts: StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'custom', kind: 'mock.trace', providerMetadata: { mock: { step: 1 } } },
      { type: 'text-start', id: 't' },
      ...words(GOOD).map((delta): StreamPart => ({ type: 'text-delta', id: 't', delta })),
      { type: 'text-end', id: 't', citations: [citation] },
      finishPart(),
    ];
    const { stream } = await guarded(parts, 'optimistic').doStream(callParams('Sky?'));
    const out = await collect(stream);
    expect(out.slice(0, -1)).toStrictEqual(parts.slice(0, -1));
  });

  it('generateText keeps text-end citations on the text content', async () => {
    const parts: StreamPart[] = [
      { type: 'text-start', id: 't' },
      ...words(GOOD).map((delta): StreamPart => ({ type: 'text-delta', id: 't', delta })),
      { type: 'text-end', id: 't', citations: [citation] },
      finishPart(),
    ];
    const result = await guarded(parts).doGenerate(callParams('Sky?'));
    expect(result.content).toEqual([{ type: 'text', text: GOOD, citations: [citation] }]);
  });
});
