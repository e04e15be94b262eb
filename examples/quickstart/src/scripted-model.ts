import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';

/**
 * A scripted AI SDK model (specification v3): it answers each prompt with a fixed text, streamed
 * word by word with realistic timing, and stops the moment its request is aborted — which is how
 * the demo shows that a halt really cancels the upstream call.
 */
export function scriptedModel(
  answers: (prompt: string) => string,
  delayMs: number,
  stats: { aborted: number; wordsSent: number } = { aborted: 0, wordsSent: 0 },
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
      const words = answers(prompt).match(/\s*\S+/gu) ?? [];
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

function lastUserText(options: LanguageModelV3CallOptions): string {
  for (let i = options.prompt.length - 1; i >= 0; i--) {
    const m = options.prompt[i]!;
    if (m.role === 'user') {
      return m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
    }
  }
  return '';
}
