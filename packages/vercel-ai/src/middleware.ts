import { activeTelemetryContext, checkObject, checkText, loadTelemetry } from '@backfire/core';
import type {
  CallOptions,
  LanguageModelMiddleware,
  WrapGenerateOptions,
  WrapStreamOptions,
} from './ai-types.js';
import { collectGenerateResult } from './generate.js';
import { type GuardedCall, guardModelStream } from './guarded-stream.js';
import { type BackfireMiddlewareOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { lastUserMessageText } from './prompt.js';

/**
 * A `wrapLanguageModel` middleware that halts answers whose coherence collapses, mid-stream.
 * Every text block the model streams is cut into sentences and scored against the prompt and
 * the knowledge base; when the kernel halts, the stream ends at once with finish reason
 * `content-filter` and `providerMetadata.backfire` saying why, and the provider request is
 * cancelled. Faithful answers pass byte for byte; tool calls and reasoning pass untouched.
 * `generateText` is guarded too: the call is streamed internally and stopped early.
 *
 * The return type is the `LanguageModelMiddleware` of the `ai` you installed — ai 6
 * (`LanguageModelV3Middleware`) or ai 7 (V4) — so one import works with both.
 *
 * @example
 * const model = wrapLanguageModel({
 *   model: openai('gpt-4o'),
 *   middleware: backfireMiddleware({ knowledge: { refunds: 'Refunds are issued within 30 days.' } }),
 * });
 */
export function backfireMiddleware(
  options: BackfireMiddlewareOptions = {},
): LanguageModelMiddleware {
  const resolved = resolveOptions(options);
  // The abort controller of each call and the caller's own signal, found again through the params
  // object transformParams returned (ai passes that very object to wrapStream / wrapGenerate).
  const aborts = new WeakMap<object, CallAbort>();

  return {
    // ai 7's wrapLanguageModel does not read this field and its type accepts any string; ai 6's
    // type requires 'v3'.
    specificationVersion: 'v3',

    transformParams: async ({ params }) => {
      if (!resolved.abortUpstream) return params;
      const controller = new AbortController();
      const abortSignal =
        params.abortSignal === undefined
          ? controller.signal
          : anySignal(params.abortSignal, controller.signal);
      const next = { ...params, abortSignal };
      aborts.set(next, { controller, callerSignal: params.abortSignal });
      return next;
    },

    wrapStream: async ({ doStream, params, model }: WrapStreamOptions) => {
      const call = await prepareCall(resolved, aborts, 'stream', params, model);
      const { stream, ...rest } = await doStream();
      return { ...rest, stream: guardModelStream(stream, call) };
    },

    wrapGenerate: async ({ doStream, params, model }: WrapGenerateOptions) => {
      const call = await prepareCall(resolved, aborts, 'generate', params, model);
      const { stream, ...rest } = await doStream();
      return collectGenerateResult(guardModelStream(stream, call), rest);
    },
  };
}

interface CallAbort {
  readonly controller: AbortController;
  readonly callerSignal: AbortSignal | undefined;
}

type InnerModel = WrapStreamOptions['model'];

/**
 * Repair calls: the wrapped model's `doStream` with the original params but the repair prompt,
 * each with its own abort controller joined to the caller's signal (the first call's signal is
 * aborted by then).
 */
function restarter(
  options: ResolvedOptions,
  aborts: WeakMap<object, CallAbort>,
  params: CallOptions,
  model: InnerModel,
): GuardedCall['restart'] {
  if (options.repair === null) return undefined;
  const known = aborts.get(params);
  const callerSignal = known !== undefined ? known.callerSignal : params.abortSignal;
  return async (prompt) => {
    if (!options.abortUpstream) {
      const { stream } = await model.doStream({ ...params, prompt });
      return { stream, abort: undefined };
    }
    const controller = new AbortController();
    const abortSignal =
      callerSignal === undefined ? controller.signal : anySignal(callerSignal, controller.signal);
    const { stream } = await model.doStream({ ...params, prompt, abortSignal });
    return { stream, abort: (reason) => controller.abort(reason) };
  };
}

async function prepareCall(
  options: ResolvedOptions,
  aborts: WeakMap<object, CallAbort>,
  type: 'stream' | 'generate',
  params: CallOptions,
  model: InnerModel,
): Promise<GuardedCall> {
  const extract = options.prompt ?? lastUserMessageText;
  const prompt = checkText('prompt', await extract(params), {
    rule: 'extractor must return a string',
  });
  const known = aborts.get(params);
  const controller = known?.controller;
  // The guard's span is a child of the span active here (ai's `ai.streamText.doStream`), not of
  // whatever is active where the stream is later read.
  await loadTelemetry(options.backfire.telemetry);
  const telemetryContext = activeTelemetryContext();
  return {
    telemetryContext,
    options,
    type,
    prompt,
    params,
    tenant: requestTenant(params),
    model: { provider: model.provider, modelId: model.modelId },
    abort: controller === undefined ? undefined : (reason) => controller.abort(reason),
    callerSignal: known !== undefined ? known.callerSignal : params.abortSignal,
    restart: restarter(options, aborts, params, model),
  };
}

/**
 * The AI SDK's way to pass per-request data to a middleware is `providerOptions`: one middleware
 * can then serve every tenant, each scored against its own knowledge namespace.
 */
function requestTenant(params: CallOptions): string | undefined {
  const backfire: unknown = params.providerOptions?.['backfire'];
  if (backfire === undefined) return undefined;
  checkObject('providerOptions.backfire', backfire, { rule: 'must be an object' });
  const tenant = (backfire as { tenant?: unknown }).tenant;
  return tenant === undefined ? undefined : checkText('providerOptions.backfire.tenant', tenant);
}

/** `AbortSignal.any` (Node ≥ 20.3), with a listener-based fallback for older Node 20 releases. */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const joined = new AbortController();
  for (const signal of [a, b]) {
    if (signal.aborted) {
      joined.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => joined.abort(signal.reason), { once: true });
  }
  return joined.signal;
}
