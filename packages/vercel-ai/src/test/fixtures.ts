// Test-only helpers shared by the ai 6 and ai 7 suites (excluded from the build). They are typed
// against `ai`, which each typecheck config resolves to one major, so they fit both.

import type { SegmentScoreRequest } from '@backfire/core';
import type * as AI from 'ai';
import type { CallOptions, StreamPart, StreamResult } from '../ai-types.js';

export type LanguageModel = Parameters<typeof AI.wrapLanguageModel>[0]['model'];

/** One AI SDK major, as the shared suite uses it. */
export interface Sdk {
  readonly name: string;
  readonly streamText: typeof AI.streamText;
  readonly generateText: typeof AI.generateText;
  readonly wrapLanguageModel: typeof AI.wrapLanguageModel;
  readonly simulateReadableStream: typeof AI.simulateReadableStream;
  readonly readUIMessageStream: typeof AI.readUIMessageStream;
  readonly createUIMessageStream: typeof AI.createUIMessageStream;
  readonly createUIMessageStreamResponse: typeof AI.createUIMessageStreamResponse;
  readonly stepCountIs: typeof AI.stepCountIs;
  readonly tool: typeof AI.tool;
  readonly jsonSchema: typeof AI.jsonSchema;
  /** `MockLanguageModelV3` (ai 6) or `MockLanguageModelV4` (ai 7) from `ai/test`. */
  readonly mockModel: (
    doStream: (options: CallOptions) => PromiseLike<StreamResult>,
  ) => LanguageModel;
}

export const USAGE = {
  inputTokens: { total: 12, noCache: 12, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 40, text: 40, reasoning: undefined },
};

/** Splits text into word-sized deltas the way providers stream it ("The", " sky", " is" …). */
export function words(text: string): string[] {
  return text.match(/\s*\S+/gu) ?? [];
}

export const GOOD =
  'The sky is blue. It looks blue because of Rayleigh scattering. Sunsets look red.';
export const BAD =
  'The sky is blue. It is WRONG green at noon. Sunsets look red. Clouds are white.';
export const FIRST = 'The sky is blue. ';

/** Flags any sentence containing WRONG; other sentences score 0.75–0.95 (faithful but uneven). */
export function keywordScorer(req: SegmentScoreRequest) {
  if (req.segment.includes('WRONG')) {
    return { score: 0.1, evidence: { fact: 'sky-colour', text: 'The sky is blue by day.' } };
  }
  return 0.75 + (req.segment.length % 5) / 25;
}

export function textParts(
  deltas: readonly string[],
  options: { id?: string; finish?: boolean; meta?: boolean } = {},
): StreamPart[] {
  const id = options.id ?? 'txt-0';
  const parts: StreamPart[] = [];
  if (options.meta !== false) {
    parts.push({ type: 'stream-start', warnings: [] });
    parts.push({
      type: 'response-metadata',
      id: 'resp-1',
      modelId: 'mock-model-id',
      timestamp: new Date(0),
    });
  }
  parts.push({ type: 'text-start', id });
  for (const delta of deltas) parts.push({ type: 'text-delta', id, delta });
  parts.push({ type: 'text-end', id });
  if (options.finish !== false) parts.push(finishPart());
  return parts;
}

export function finishPart(unified: 'stop' | 'tool-calls' = 'stop'): StreamPart {
  return {
    type: 'finish',
    finishReason: { unified, raw: unified },
    usage: USAGE,
    providerMetadata: { mock: { requestId: 'req-1' } },
  };
}

/** What the instrumented provider saw. */
export interface Upstream {
  /** Parts the provider produced (each pull of its stream produces one). */
  pulled: number;
  cancelled: boolean;
  cancelReason: unknown;
  aborted: boolean;
  abortReason: unknown;
  readonly calls: CallOptions[];
}

/**
 * A provider whose stream produces one scripted part per pull and records pulls, cancellation
 * and its request's abort signal, like a fetch-backed provider would experience them. Each
 * doStream call plays the next script (multi-step calls).
 */
export function instrumentedModel(
  sdk: Sdk,
  scripts: readonly (readonly StreamPart[])[],
  options: { delayMs?: number } = {},
): { model: LanguageModel; upstream: Upstream } {
  const upstream: Upstream = {
    pulled: 0,
    cancelled: false,
    cancelReason: undefined,
    aborted: false,
    abortReason: undefined,
    calls: [],
  };
  const model = sdk.mockModel(async (call) => {
    const script = scripts[Math.min(upstream.calls.length, scripts.length - 1)] ?? [];
    upstream.calls.push(call);
    let i = 0;
    let controller!: ReadableStreamDefaultController<StreamPart>;
    let open = true;
    const stream = new ReadableStream<StreamPart>(
      {
        start(c) {
          controller = c;
        },
        async pull() {
          if (options.delayMs !== undefined) await sleep(options.delayMs);
          if (!open) return;
          const part = script[i++];
          if (part === undefined) {
            open = false;
            controller.close();
            return;
          }
          upstream.pulled++;
          controller.enqueue(part);
        },
        cancel(reason) {
          open = false;
          upstream.cancelled = true;
          upstream.cancelReason = reason;
        },
      },
      { highWaterMark: 0 },
    );
    // Like a fetch-backed provider: aborting the request errors the body stream.
    const signal = call.abortSignal;
    signal?.addEventListener('abort', () => {
      upstream.aborted = true;
      upstream.abortReason = signal.reason;
      if (open) {
        open = false;
        controller.error(signal.reason);
      }
    });
    return { stream, request: { body: { mock: true } }, response: { headers: { 'x-mock': '1' } } };
  });
  return { model, upstream };
}

/** A provider that streams `parts` through the SDK's own `simulateReadableStream`. */
export function simulatedModel(
  sdk: Sdk,
  parts: readonly StreamPart[],
  chunkDelayInMs = 0,
): LanguageModel {
  return sdk.mockModel(async () => ({
    stream: sdk.simulateReadableStream({ chunks: [...parts], chunkDelayInMs }),
  }));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function collect<T>(stream: AsyncIterable<T> | ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  if (stream instanceof ReadableStream) {
    const reader = stream.getReader();
    for (;;) {
      const next = await reader.read();
      if (next.done) return out;
      out.push(next.value);
    }
  }
  for await (const item of stream) out.push(item);
  return out;
}

/** `params` for calling a wrapped model's doStream / doGenerate directly. */
export function callParams(question: string, abortSignal?: AbortSignal): CallOptions {
  return {
    prompt: [
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: [{ type: 'text', text: question }] },
    ],
    ...(abortSignal !== undefined ? { abortSignal } : {}),
  };
}

/** Deep copy without `backfire` keys (and ai 7's wall-clock `performance`), for comparing streams. */
export function withoutBackfire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBackfire);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    if (k !== 'backfire' && k !== 'performance') out[k] = withoutBackfire(v);
  return out;
}
