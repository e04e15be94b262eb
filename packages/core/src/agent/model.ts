import { BackfireInputError } from '../errors/errors.js';
import { check } from '../internal/check.js';

/**
 * The slice of an AI SDK language model (specification v3 for ai 6, v4 for ai 7) the agent uses.
 * Structural, so core needs no dependency on `ai`: any `LanguageModel` from a provider fits.
 */
export interface StreamingLanguageModel {
  readonly specificationVersion: string;
  readonly provider?: string;
  readonly modelId?: string;
  doStream(options: {
    prompt: ReadonlyArray<{ role: 'user'; content: ReadonlyArray<{ type: 'text'; text: string }> }>;
    abortSignal?: AbortSignal;
  }): PromiseLike<{ stream: ReadableStream<{ type: string; delta?: unknown }> }>;
}

/** A plain generator: `(prompt, { signal, candidate }) => text deltas` (or the whole text). */
export type TextGenerator = (
  prompt: string,
  options: { signal: AbortSignal; candidate: number },
) => AsyncIterable<string> | Iterable<string> | string | Promise<string>;

/** What `CoherenceAgent` accepts as its model. */
export type AgentModel = StreamingLanguageModel | TextGenerator;

/** Text deltas from either kind of model. Stopping iteration cancels the model's stream. */
export async function* modelText(
  model: AgentModel,
  prompt: string,
  signal: AbortSignal,
  candidate: number,
): AsyncGenerator<string> {
  if (typeof model === 'function') {
    const out = await model(prompt, { signal, candidate });
    if (typeof out === 'string') {
      yield out;
      return;
    }
    for await (const delta of out as AsyncIterable<string>) {
      if (signal.aborted) return;
      yield delta;
    }
    return;
  }
  const { stream } = await model.doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
    abortSignal: signal,
  });
  const reader = stream.getReader();
  try {
    while (!signal.aborted) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.type === 'text-delta' && typeof value.delta === 'string') yield value.delta;
      if (value.type === 'error') {
        throw new BackfireInputError('model stream', value, 'reported an error part');
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

export function checkModel(model: unknown): AgentModel {
  const streams =
    model !== null &&
    typeof model === 'object' &&
    typeof (model as StreamingLanguageModel).doStream === 'function';
  const rule = 'must be an AI SDK LanguageModel (with doStream) or a text generator function';
  check(typeof model === 'function' || streams, 'model', model, rule);
  return model as AgentModel;
}
