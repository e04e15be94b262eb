import { recordSpans } from '@backfire/test-support/otel';
import * as ai from 'ai6';
import { MockLanguageModelV3 } from 'ai6/test';
import { describe, expect, it } from 'vitest';
import { backfireMiddleware } from './middleware.js';
import { BAD, GOOD, keywordScorer, textParts, words } from './test/fixtures.js';

const { exporter, provider } = recordSpans();

const model = (text: string) =>
  new MockLanguageModelV3({
    doStream: async () => ({
      stream: ai.simulateReadableStream({ chunks: textParts(words(text)) }),
    }),
  });

async function stream(text: string, telemetry: Parameters<typeof backfireMiddleware>[0]) {
  const result = ai.streamText({
    model: ai.wrapLanguageModel({
      model: model(text),
      middleware: backfireMiddleware({ scorer: keywordScorer, ...telemetry }),
    }),
    prompt: 'What colour is the sky?',
    experimental_telemetry: { isEnabled: true, tracer: provider.getTracer('ai') },
  });
  await result.consumeStream();
  return result;
}

describe('telemetry through streamText (ai 6)', () => {
  it('the backfire.guard span nests under ai.streamText.doStream, with gen_ai.* and the halt', async () => {
    const result = await stream(BAD, { telemetry: true });
    expect(await result.finishReason).toBe('content-filter');
    const spans = exporter.getFinishedSpans();
    const doStream = spans.find((s) => s.name === 'ai.streamText.doStream');
    const guard = spans.find((s) => s.name === 'backfire.guard');
    expect(doStream).toBeDefined();
    expect(guard).toBeDefined();
    expect(guard!.parentSpanContext?.spanId).toBe(doStream!.spanContext().spanId);
    expect(guard!.spanContext().traceId).toBe(doStream!.spanContext().traceId);
    expect(guard!.attributes).toMatchObject({
      'gen_ai.system': 'mock-provider',
      'gen_ai.request.model': 'mock-model-id',
      'gen_ai.operation.name': 'chat',
      'backfire.halted': true,
      'backfire.halt.kind': 'hard_limit',
      'backfire.scorer': 'custom',
      'backfire.repairs': 0,
    });
    expect(guard!.events.map((e) => e.name)).toEqual(['backfire.halt']);
  });

  it('a faithful answer: halted false, segment events only when asked', async () => {
    await stream(GOOD, { telemetry: { segments: true } });
    const guard = exporter.getFinishedSpans().find((s) => s.name === 'backfire.guard')!;
    expect(guard.attributes['backfire.halted']).toBe(false);
    expect(guard.attributes['backfire.segments.scored']).toBe(3);
    expect(guard.events.map((e) => e.name)).toEqual([
      'backfire.segment',
      'backfire.segment',
      'backfire.segment',
    ]);
    expect(JSON.stringify(guard.events)).not.toContain('Rayleigh');
  });

  it('no telemetry option: no backfire span (ai spans only)', async () => {
    await stream(BAD, {});
    const names = exporter.getFinishedSpans().map((s) => s.name);
    expect(names).toContain('ai.streamText');
    expect(names).not.toContain('backfire.guard');
  });
});
