/**
 * OpenTelemetry, optional. `@opentelemetry/api` is an optional peer: it is imported only when a
 * guard asks for telemetry and no tracer was given, through an import specifier no bundler
 * follows, so bundles without it never reach it and a process without it pays nothing.
 */

/** The slice of `@opentelemetry/api`'s Span that Backfire uses. */
export interface OtelSpan {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setAttributes(attributes: Record<string, string | number | boolean>): unknown;
  addEvent(name: string, attributes?: Record<string, string | number | boolean>): unknown;
  end(): void;
}

/** The slice of `@opentelemetry/api`'s Tracer that Backfire uses. */
export interface OtelTracer {
  startSpan(
    name: string,
    options?: {
      attributes?: Record<string, string | number | boolean>;
      kind?: number;
      startTime?: number;
    },
    context?: unknown,
  ): OtelSpan;
}

/** What `@opentelemetry/api` gives Backfire: a tracer, and the active context. */
interface OtelApi {
  readonly trace: { getTracer(name: string, version?: string): OtelTracer };
  readonly context: { active(): unknown };
}

/**
 * The `telemetry` option: `true` for a `backfire.guard` span per guarded call (through the global
 * tracer provider), or settings. Off by default.
 */
export interface TelemetrySettings {
  /** Also a `backfire.segment` span event per scored segment (index, status, score). */
  readonly segments?: boolean;
  /** Also the text: the prompt, each segment's text, the halting sentence. Off: user content. */
  readonly recordContent?: boolean;
  /** The tracer to use. Default: `trace.getTracer('backfire')` of `@opentelemetry/api`. */
  readonly tracer?: OtelTracer;
  /** Attributes added to every span (e.g. your deployment's names). */
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
}

export type TelemetryOption = boolean | TelemetrySettings;

// A specifier in a variable, with both bundlers' ignore comments: no bundler resolves it.
const OTEL_API = '@opentelemetry/api';
let api: OtelApi | null = null;
let loading: Promise<OtelApi | null> | null = null;

/**
 * Loads `@opentelemetry/api` once (null when it is not installed). Adapters await it where a call
 * starts, so the guard can open its span synchronously, as a child of the span active there.
 */
export function loadTelemetry(option: TelemetryOption | undefined): Promise<unknown> | undefined {
  if (option === undefined || option === false) return undefined;
  if (api !== null) return undefined;
  loading ??= import(/* webpackIgnore: true */ /* @vite-ignore */ OTEL_API).then(
    (m: unknown) => {
      const mod = m as Partial<OtelApi> & { default?: Partial<OtelApi> };
      const found = mod.trace !== undefined ? mod : mod.default;
      api = found?.trace !== undefined && found.context !== undefined ? (found as OtelApi) : null;
      return api;
    },
    () => {
      // Asked for, not installed: say so once, and run without spans.
      console.warn(
        'backfire: telemetry is on but @opentelemetry/api is not installed; no spans are recorded',
      );
      return null;
    },
  );
  return loading;
}

/** The active OpenTelemetry context, when the API is loaded: a guard's span becomes its child. */
export function activeTelemetryContext(): unknown {
  return api?.context.active();
}

/** Everything a guard's span needs, resolved. Null when telemetry is off or unavailable. */
export interface ResolvedTelemetry {
  readonly tracer: OtelTracer;
  readonly segments: boolean;
  readonly recordContent: boolean;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly parent: unknown;
}

export function resolveTelemetry(
  option: TelemetryOption | undefined,
  parent: unknown,
): ResolvedTelemetry | null {
  if (option === undefined || option === false) return null;
  const settings: TelemetrySettings = option === true ? {} : option;
  const tracer = settings.tracer ?? api?.trace.getTracer('backfire');
  if (tracer === undefined) {
    // Not loaded yet (an adapter awaits `loadTelemetry` first); start loading for the next call.
    void loadTelemetry(option);
    return null;
  }
  return {
    tracer,
    segments: settings.segments === true,
    recordContent: settings.recordContent === true,
    attributes: settings.attributes ?? {},
    parent: parent ?? api?.context.active(),
  };
}
