/**
 * `OTEL_DEBUG=1`: the demo traces itself. `instrumentation.ts` registers a tracer provider that
 * prints every finished span to the console, and the chat route asks Backfire (`telemetry: true`)
 * and the AI SDK (`experimental_telemetry`) for their spans. Unset (the default), nothing is
 * registered and neither is asked: the route runs exactly as before.
 *
 * This module only reads the flag, so the route does not pull the OpenTelemetry SDK in.
 */
export function otelDebug(
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return env['OTEL_DEBUG'] === '1';
}
