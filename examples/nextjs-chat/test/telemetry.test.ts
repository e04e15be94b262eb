import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { register } from '../instrumentation';
import { handleChat } from '../lib/chat-handler';
import { KnowledgeStore } from '../lib/knowledge-store';
import { otelDebug } from '../lib/otel-debug';
import { registerTracing } from '../lib/tracing';
import { chatRequest, chunksOf, fastModel, messageOf } from './support';

const CONTRADICTING = 'Tell me about the Eiffel Tower.';
const FAITHFUL = 'When did Apollo 11 land on the Moon?';

/** Whether a span started now through the global API would be recorded (a provider is set). */
function globalProviderRecords(): boolean {
  const span = trace.getTracer('probe').startSpan('probe');
  const recording = span.isRecording();
  span.end();
  return recording;
}

afterEach(() => {
  vi.unstubAllEnvs();
  trace.disable();
  context.disable();
});

describe('instrumentation.ts (OTEL_DEBUG)', () => {
  it('reads the flag: only OTEL_DEBUG=1 turns it on', () => {
    expect(otelDebug({})).toBe(false);
    expect(otelDebug({ OTEL_DEBUG: '0' })).toBe(false);
    expect(otelDebug({ OTEL_DEBUG: 'true' })).toBe(false);
    expect(otelDebug({ OTEL_DEBUG: '1' })).toBe(true);
  });

  it('registers no tracer provider without OTEL_DEBUG', async () => {
    vi.stubEnv('NEXT_RUNTIME', 'nodejs');
    vi.stubEnv('OTEL_DEBUG', undefined);
    await register();
    expect(globalProviderRecords()).toBe(false);
  });

  it('registers a console-exporting provider with OTEL_DEBUG=1, in the Node.js runtime only', async () => {
    vi.stubEnv('OTEL_DEBUG', '1');
    vi.stubEnv('NEXT_RUNTIME', 'edge');
    await register();
    expect(globalProviderRecords()).toBe(false);

    vi.stubEnv('NEXT_RUNTIME', 'nodejs');
    const log = vi.spyOn(console, 'dir').mockImplementation(() => {});
    try {
      await register();
      expect(globalProviderRecords()).toBe(true);
      // The ConsoleSpanExporter printed the probe span.
      expect(log.mock.calls.some(([span]) => (span as { name?: string })?.name === 'probe')).toBe(
        true,
      );
    } finally {
      log.mockRestore();
    }
  });
});

describe('the chat route with telemetry', () => {
  const exporter = new InMemorySpanExporter();
  let store: KnowledgeStore;

  beforeEach(() => {
    exporter.reset();
    registerTracing(exporter);
    store = new KnowledgeStore();
  });

  async function ask(question: string) {
    const res = await handleChat(chatRequest(question), { store, model: fastModel() });
    const chunks = await chunksOf(res);
    return messageOf(chunks);
  }

  it('OTEL_DEBUG=1: a halted answer produces a backfire.guard span with its halt, under the AI SDK span', async () => {
    vi.stubEnv('OTEL_DEBUG', '1');
    const message = await ask(CONTRADICTING);
    expect(message.metadata?.backfire?.halted).toBe(true);

    const spans = exporter.getFinishedSpans();
    const guard = spans.filter((s) => s.name === 'backfire.guard');
    expect(guard).toHaveLength(1);
    const span = guard[0]!;
    expect(span.attributes).toMatchObject({
      'backfire.halted': true,
      'backfire.halt.kind': 'hard_limit',
      'backfire.scorer': 'custom',
      'gen_ai.request.model': 'scripted',
    });
    expect(span.events.map((e) => e.name)).toContain('backfire.halt');
    // No user text on the span by default.
    expect(JSON.stringify(span.attributes)).not.toContain('Eiffel');
    const doStream = spans.find((s) => s.name === 'ai.streamText.doStream');
    expect(doStream).toBeDefined();
    expect(span.parentSpanContext?.spanId).toBe(doStream!.spanContext().spanId);
  });

  it('OTEL_DEBUG=1: a faithful answer is a span that did not halt', async () => {
    vi.stubEnv('OTEL_DEBUG', '1');
    await ask(FAITHFUL);
    const [span] = exporter.getFinishedSpans().filter((s) => s.name === 'backfire.guard');
    expect(span?.attributes).toMatchObject({ 'backfire.halted': false });
    expect(span?.attributes['backfire.segments.scored']).toBe(2);
  });

  it('without OTEL_DEBUG nothing is traced, even with a provider registered', async () => {
    vi.stubEnv('OTEL_DEBUG', undefined);
    const message = await ask(CONTRADICTING);
    expect(message.metadata?.backfire?.halted).toBe(true);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
