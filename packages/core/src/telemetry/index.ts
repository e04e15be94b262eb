export { GuardSpan, type GuardSpanSummary } from './guard-span.js';
export {
  activeTelemetryContext,
  loadTelemetry,
  type OtelSpan,
  type OtelTracer,
  type ResolvedTelemetry,
  resolveTelemetry,
  type TelemetryOption,
  type TelemetrySettings,
} from './otel.js';
