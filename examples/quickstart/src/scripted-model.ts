import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import { continuationFor, isCorrectionNote } from './script.js';

/**
 * A scripted AI SDK model (specification v3): it answers each prompt with a fixed text, streamed
 * word by word with realistic timing, and stops the moment its request is aborted — which is how
 * the demo shows that a halt really cancels the upstream call. Asked to repair an answer (Backfire's
 * `repair` option: the prompt ends with the verified part and a correction note), it streams
 * `continuationFor`: the fact the note names instead of the withheld sentence.
 */
export function scriptedModel(
  answers: (prompt: string) => string,
  delayMs: number,
  stats: ModelStats = { aborted: 0, wordsSent: 0 },
): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'backfire-demo',
    modelId: 'scripted',
    supportedUrls: {},
    async doGenerate() {
      throw new Error('the demo model only streams');
    },
    async doStream(options: LanguageModelV3CallOptions) {
      const prompt = lastUserText(options);
      const repair = repairRequest(options);
      stats.calls = (stats.calls ?? 0) + 1;
      if (repair !== null) stats.repairCalls = (stats.repairCalls ?? 0) + 1;
      const text =
        repair === null
          ? answers(prompt)
          : continuationFor(repair.question, repair.kept, repair.note);
      const words = text.match(/\s*\S+/gu) ?? [];
      const signal = options.abortSignal;
      let i = 0;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        start(c) {
          c.enqueue({ type: 'stream-start', warnings: [] });
          c.enqueue({ type: 'text-start', id: 'a' });
        },
        async pull(c) {
          if (signal?.aborted) {
            stats.aborted++;
            c.close();
            return;
          }
          if (i < words.length) {
            if (delayMs > 0) {
              await new Promise((r) => setTimeout(r, delayMs * (0.6 + Math.random() * 0.8)));
            }
            stats.wordsSent++;
            c.enqueue({ type: 'text-delta', id: 'a', delta: words[i++]! });
            return;
          }
          c.enqueue({ type: 'text-end', id: 'a' });
          c.enqueue({
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: {
              inputTokens: {
                total: prompt.length,
                noCache: prompt.length,
                cacheRead: undefined,
                cacheWrite: undefined,
              },
              outputTokens: { total: words.length, text: words.length, reasoning: undefined },
            },
          });
          c.close();
        },
        cancel() {
          stats.aborted++;
        },
      });
      return { stream };
    },
  };
}

/** What the scripted model counts: the demo prints none of it, the tests check it. */
export interface ModelStats {
  /** Calls whose stream was cancelled or whose request was aborted. */
  aborted: number;
  wordsSent: number;
  calls?: number;
  /** Of those, repair calls. */
  repairCalls?: number;
}

type Message = LanguageModelV3CallOptions['prompt'][number];

function textOf(m: Message | undefined): string {
  if (m === undefined || m.role === 'system') return m?.content ?? '';
  return m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

function lastUserText(options: LanguageModelV3CallOptions): string {
  for (let i = options.prompt.length - 1; i >= 0; i--) {
    if (options.prompt[i]!.role === 'user') return textOf(options.prompt[i]);
  }
  return '';
}

/**
 * A repair call's prompt: the conversation, an `assistant` message with the verified part (absent
 * when nothing was verified) and a `user` message with the correction note. Null otherwise.
 */
function repairRequest(
  options: LanguageModelV3CallOptions,
): { question: string; kept: string; note: string } | null {
  const prompt = options.prompt;
  let i = prompt.length - 1;
  if (prompt[i]?.role !== 'user' || !isCorrectionNote(textOf(prompt[i]))) return null;
  const note = textOf(prompt[i--]);
  const kept = prompt[i]?.role === 'assistant' ? textOf(prompt[i--]) : '';
  while (i >= 0 && prompt[i]!.role !== 'user') i--;
  return { question: i >= 0 ? textOf(prompt[i]) : '', kept, note };
}
