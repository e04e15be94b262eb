import { otelDebug } from './lib/otel-debug';

/**
 * Next.js calls `register()` once when the server starts. With `OTEL_DEBUG=1` it registers a
 * tracer provider that prints spans to the console (`lib/tracing.ts`), and the chat route turns on
 * Backfire's `telemetry`: every answer logs a `backfire.guard` span (with its `backfire.halt`
 * event when the guard stopped it) under the AI SDK's `ai.streamText` spans. Without the flag
 * nothing is registered. The SDK is imported only in the Node.js runtime, only then.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || !otelDebug()) return;
  const { registerTracing } = await import('./lib/tracing');
  registerTracing();
}
