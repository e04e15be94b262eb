import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

/**
 * Registers the process's global tracer provider, each finished span going to `exporter` (the
 * console by default), and an AsyncLocalStorage context manager, so that a span started inside
 * another one (Backfire's `backfire.guard` inside the AI SDK's `ai.streamText.doStream`) becomes
 * its child. A production app would export to its collector instead (an OTLP exporter behind a
 * `BatchSpanProcessor`, or `@vercel/otel`).
 */
export function registerTracing(
  exporter: SpanExporter = new ConsoleSpanExporter(),
): BasicTracerProvider {
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return provider;
}
