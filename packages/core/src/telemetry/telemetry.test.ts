import { recordSpans } from '@backfire/test-support/otel';
import { describe, expect, it } from 'vitest';
import type { BackfireOptions } from '../guard/adapter-options.js';
import { resolveGuardOptions } from '../guard/adapter-options.js';
import { createGuard } from '../guard/guard.js';
import { loadTelemetry } from './otel.js';

const { exporter, provider } = recordSpans();

const knowledge = { height: 'The Eiffel Tower is 330 metres tall.' };
const BAD = 'The Eiffel Tower is in Paris. It is 120 metres tall. It is old.';

async function run(options: BackfireOptions, answer = BAD) {
  const guard = createGuard(
    resolveGuardOptions({ knowledge, ...options }, { prompt: 'How tall?' }),
  );
  for (const word of answer.match(/\S+\s*/gu) ?? []) await guard.write(word);
  return guard.end();
}

function guardSpans() {
  return exporter.getFinishedSpans().filter((s) => s.name === 'backfire.guard');
}

describe('telemetry', () => {
  it('one backfire.guard span per call: attributes, a halt event, no text by default', async () => {
    await loadTelemetry(true);
    const result = await run({ telemetry: true });
    expect(result.halted).toBe(true);
    const [span] = guardSpans();
    expect(guardSpans()).toHaveLength(1);
    const a = span!.attributes;
    expect(a).toMatchObject({
      'backfire.release': 'optimistic',
      'backfire.scorer': 'coherence',
      'backfire.grounding': 'contradiction',
      'backfire.halted': true,
      'backfire.halt.kind': 'hard_limit',
      'backfire.segments.scored': 2,
      'backfire.words.generated': result.halt!.tokensGenerated,
      'backfire.words.released': result.halt!.tokensReleased,
    });
    expect(a['backfire.backend']).toMatch(/^(native|js)$/);
    expect(a['backfire.score.min']).toBeCloseTo(result.halt!.score, 6);
    expect(typeof a['backfire.score.mean']).toBe('number');
    expect(span!.events.map((e) => e.name)).toEqual(['backfire.halt']);
    expect(span!.events[0]!.attributes).toMatchObject({ 'backfire.halt.kind': 'hard_limit' });
    // No user content without recordContent.
    const text = JSON.stringify({ a, events: span!.events });
    expect(text).not.toContain('120 metres');
    expect(text).not.toContain('How tall');
  });

  it('segment events with segments: true; text with recordContent: true', async () => {
    await run({ telemetry: { segments: true, recordContent: true } });
    const [span] = guardSpans();
    expect(span!.events.map((e) => e.name)).toEqual([
      'backfire.segment',
      'backfire.segment',
      'backfire.halt',
    ]);
    expect(span!.events[1]!.attributes).toMatchObject({
      'backfire.segment.index': 1,
      'backfire.segment.status': 'failed',
      'backfire.segment.text': 'It is 120 metres tall. ',
    });
    expect(span!.attributes['backfire.prompt']).toBe('How tall?');
    expect(span!.events[2]!.attributes?.['backfire.halt.segment']).toBe('It is 120 metres tall. ');
  });

  it('is a child of the active span; a given tracer is used as is', async () => {
    const tracer = provider.getTracer('app');
    await tracer.startActiveSpan('request', async (parent) => {
      await run({ telemetry: { tracer } }, 'The Eiffel Tower is 330 metres tall.');
      parent.end();
    });
    const [span] = guardSpans();
    const parent = exporter.getFinishedSpans().find((s) => s.name === 'request')!;
    expect(span!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span!.attributes['backfire.halted']).toBe(false);
    expect(span!.instrumentationScope.name).toBe('app');
  });

  it('off by default, and no span for a guard cancelled before any text', async () => {
    await run({});
    const guard = createGuard(resolveGuardOptions({ knowledge, telemetry: true }));
    guard.cancel();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('rejects a telemetry value that is neither a boolean nor settings', () => {
    expect(() => resolveGuardOptions({ telemetry: 'yes' as never })).toThrow(/telemetry/);
  });
});
