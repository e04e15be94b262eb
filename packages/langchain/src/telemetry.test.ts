import { recordSpans } from '@backfire/test-support/otel';
import { describe, expect, it, vi } from 'vitest';
import { withBackfire } from './chat-model.js';
import { BackfireCallbackHandler } from './handler.js';
import { CONTRADICTION, FAITHFUL, factsKnowledge, models, QUESTION } from './test/fixtures.js';

const { exporter, provider } = recordSpans();
vi.spyOn(console, 'error').mockImplementation(() => {});

const tracer = () => provider.getTracer('app');

describe.each(models(FAITHFUL).map((m) => [m.kind]))('telemetry — model %s', (kind) => {
  const make = (text: string) => models(text).find((m) => m.kind === kind)!.model;

  it('withBackfire: a backfire.guard span under the caller span, with the halt', async () => {
    const guarded = withBackfire(make(CONTRADICTION), {
      knowledge: await factsKnowledge(),
      telemetry: { segments: true },
    });
    await tracer().startActiveSpan('request', async (parent) => {
      for await (const _ of await guarded.stream(QUESTION)) {
        // read everything
      }
      parent.end();
    });
    const spans = exporter.getFinishedSpans();
    const parent = spans.find((s) => s.name === 'request')!;
    const guard = spans.find((s) => s.name === 'backfire.guard')!;
    expect(guard.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(guard.attributes).toMatchObject({
      'backfire.halted': true,
      'backfire.halt.kind': 'hard_limit',
      'gen_ai.operation.name': 'chat',
      'backfire.repairs': 0,
    });
    expect(guard.events.map((e) => e.name)).toEqual([
      'backfire.segment',
      'backfire.segment',
      'backfire.halt',
    ]);
  });

  it('callback handler: one span per run, a child of the caller span', async () => {
    const h = new BackfireCallbackHandler({
      knowledge: await factsKnowledge(),
      telemetry: true,
    });
    await tracer().startActiveSpan('request', async (parent) => {
      await make(FAITHFUL).invoke(QUESTION, h.config());
      parent.end();
    });
    const spans = exporter.getFinishedSpans();
    const parent = spans.find((s) => s.name === 'request')!;
    const guards = spans.filter((s) => s.name === 'backfire.guard');
    expect(guards).toHaveLength(1);
    expect(guards[0]!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(guards[0]!.attributes['backfire.halted']).toBe(false);
  });
});
