import {
  BackfireCallbackHandler,
  type BackfireLangChainOptions,
  withBackfire,
} from '@backfire/langchain';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { type AnyCase, scorerOn } from './lib.js';

const TOKENS = 5_000;
const QUESTION = 'When was the Eiffel Tower completed, and how tall is it?';
const SENTENCES = [
  'The Eiffel Tower stands in Paris on the Champ de Mars. ',
  'It was completed in March 1889 for the World Fair. ',
  'It is 330 metres tall including its antennas. ',
  'Millions of people visit the tower every year. ',
];
const FACTS = {
  location: 'The Eiffel Tower stands in Paris on the Champ de Mars.',
  completed: 'The Eiffel Tower was completed in March 1889 for the World Fair.',
  height: 'The Eiffel Tower is 330 metres tall including its antennas.',
};

/** 5,000 word tokens of a faithful answer ("word " each, sentences repeating). */
function answerTokens(n: number): string[] {
  const words = SENTENCES.join('').match(/\S+\s*/gu) ?? [];
  return Array.from({ length: n }, (_, i) => words[i % words.length]!);
}

/**
 * A chat model that streams pre-made word tokens and awaits each callback, as the OpenAI and
 * Anthropic integrations do: the cost measured is LangChain's plus the guard's, not a network's.
 */
class WordStreamModel extends BaseChatModel {
  constructor(readonly tokens: readonly string[]) {
    super({});
  }

  _llmType(): string {
    return 'word-stream';
  }

  async _generate(): Promise<ChatResult> {
    const text = this.tokens.join('');
    return { generations: [{ text, message: new AIMessage(text) }] };
  }

  override async *_streamResponseChunks(
    _messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    for (const token of this.tokens) {
      if (options.signal?.aborted) return;
      const chunk = new ChatGenerationChunk({
        message: new AIMessageChunk({ content: token }),
        text: token,
      });
      yield chunk;
      await runManager?.handleLLMNewToken(token, undefined, undefined, undefined, undefined, {
        chunk,
      });
    }
  }
}

/** An awaited handler that does nothing: LangChain's own cost of dispatching each token. */
class NoopHandler extends BaseCallbackHandler {
  name = 'noop';
  constructor() {
    super({ _awaitHandler: true });
  }
  override handleLLMNewToken(): void {}
}

async function consume(stream: AsyncIterable<{ text: string }>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.text;
  return text;
}

/**
 * The LangChain adapter's cost on one 5,000-token answer, with the same answer, facts and scorers
 * as the AI SDK rows (vercel-ai.bench.ts): unguarded, guarded by the default heuristic scorer, and
 * by a constant scorer (the adapter and guard alone). A LangChain stream costs tens of µs per
 * chunk before any guard (message objects, callback dispatch, signal racing); the no-op handler
 * row shows LangChain's own price of one awaited callback per token.
 */
export async function cases(): Promise<AnyCase[]> {
  const tokens = answerTokens(TOKENS);
  const answer = tokens.join('');
  const model = new WordStreamModel(tokens);
  const check = (text: string, handler?: BackfireCallbackHandler) => {
    // A benchmark that silently measured a halted (shorter) stream would flatter the guard.
    if (text !== answer || handler?.halted) {
      throw new Error(
        `langchain bench: the stream was altered or halted ${handler?.halt?.reason ?? ''}`,
      );
    }
    return text.length;
  };
  const withHandler = (options: BackfireLangChainOptions) => async () => {
    const handler = new BackfireCallbackHandler(options);
    return check(await consume(await model.stream(QUESTION, handler.config())), handler);
  };
  const wrapped = (options: BackfireLangChainOptions) => {
    const guarded = withBackfire(model, options);
    return async () => check(await consume(await guarded.stream(QUESTION)));
  };
  // `js` pins the default scorer to TypeScript; core would pick Rust on its own when loaded.
  const heuristic: BackfireLangChainOptions = { scorer: await scorerOn('js', FACTS) };
  const constant: BackfireLangChainOptions = { scorer: () => 0.9 };

  // A contradiction in sentence 2 of a 5,000-token answer: what a halt costs end to end.
  const halting = new WordStreamModel([
    ...answerTokens(11),
    ...'It is 120 metres tall. '.match(/\S+\s*/gu)!,
    ...answerTokens(TOKENS - 16),
  ]);
  const haltRun = async () => {
    const handler = new BackfireCallbackHandler(heuristic);
    const stream = await halting.stream(QUESTION, handler.config());
    await consume(stream).catch(() => '');
    if (!handler.halted) throw new Error('langchain bench: the contradiction did not halt');
  };

  const n = TOKENS.toLocaleString('en');
  const handlerRow = `LangChain .stream() + BackfireCallbackHandler, ${n}-token faithful answer, per token`;
  const wrapperRow = `LangChain withBackfire(model).stream(), ${n}-token faithful answer, per token`;
  return [
    {
      row: handlerRow,
      variant: 'unguarded',
      fn: async () => check(await consume(await model.stream(QUESTION))),
      perOp: TOKENS,
    },
    { row: handlerRow, variant: 'js', fn: withHandler(heuristic), perOp: TOKENS },
    {
      row: `${handlerRow} (constant scorer: handler + guard only)`,
      variant: 'js',
      fn: withHandler(constant),
      perOp: TOKENS,
    },
    {
      row: `${handlerRow} (no-op awaited handler: LangChain's callback cost)`,
      variant: 'unguarded',
      fn: async () => {
        const signal = new AbortController().signal;
        return check(
          await consume(await model.stream(QUESTION, { callbacks: [new NoopHandler()], signal })),
        );
      },
      perOp: TOKENS,
    },
    {
      row: wrapperRow,
      variant: 'unguarded',
      fn: async () => check(await consume(await model.stream(QUESTION))),
      perOp: TOKENS,
    },
    { row: wrapperRow, variant: 'js', fn: wrapped(heuristic), perOp: TOKENS },
    {
      row: `${wrapperRow} (verified release)`,
      variant: 'js',
      fn: wrapped({ ...heuristic, release: 'verified' }),
      perOp: TOKENS,
    },
    {
      row: `${wrapperRow} (constant scorer, repair off)`,
      variant: 'js',
      fn: wrapped(constant),
      perOp: TOKENS,
    },
    {
      row: `${wrapperRow} (constant scorer, repair off)`,
      variant: 'repair on',
      fn: wrapped({ ...constant, repair: { attempts: 2 } }),
      perOp: TOKENS,
      target: 'repair on: no measurable overhead',
    },
    {
      row: `LangChain handler, contradiction in sentence 2 of ${n} tokens, whole call`,
      variant: 'js',
      fn: haltRun,
    },
  ];
}
