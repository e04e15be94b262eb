import { BackfireHaltError, type GuardHalt } from '@backfire/core';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import {
  type AIMessage,
  AIMessageChunk,
  type BaseMessage,
  HumanMessage,
} from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { createAgent } from 'langchain';
import { describe, expect, it, vi } from 'vitest';
import { backfireAgentMiddleware } from './agent.js';
import { withBackfire } from './chat-model.js';
import { BackfireCallbackHandler } from './handler.js';
import type { BackfireHaltMetadata } from './metadata.js';
import type { BackfireLangChainOptions } from './options.js';
import {
  BAD_SENTENCE,
  CONTRADICTION,
  FAITHFUL,
  factsKnowledge,
  LATE_CONTRADICTION,
  models,
  QUESTION,
} from './test/fixtures.js';

const KEPT = 'The Eiffel Tower stands in Paris. ';

// LangChain logs every handler error it rethrows; the end-of-stream halt is one on purpose.
vi.spyOn(console, 'error').mockImplementation(() => {});

async function options(extra: Partial<BackfireLangChainOptions> = {}) {
  return { knowledge: await factsKnowledge(), ...extra };
}

async function collect(stream: AsyncIterable<AIMessageChunk>) {
  const chunks: AIMessageChunk[] = [];
  for await (const c of stream) chunks.push(c);
  return { text: chunks.map((c) => c.text).join(''), last: chunks.at(-1) };
}

async function drain(stream: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of stream) {
      // read everything
    }
    return null;
  } catch (error) {
    return error;
  }
}

/** A model (awaiting callbacks) that streams `text` one character per chunk, the last with usage. */
class UsageModel extends FakeStreamingChatModel {
  constructor(readonly text: string) {
    super({ sleep: 0 });
  }

  override async *_streamResponseChunks(
    _messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const chars = [...this.text];
    for (const [i, c] of chars.entries()) {
      if (options.signal?.aborted) break;
      const chunk = new ChatGenerationChunk({
        text: c,
        message: new AIMessageChunk({
          content: c,
          ...(i === chars.length - 1
            ? { usage_metadata: { input_tokens: 9, output_tokens: 21, total_tokens: 30 } }
            : {}),
        }),
      });
      yield chunk;
      await runManager?.handleLLMNewToken(c, undefined, undefined, undefined, undefined, { chunk });
    }
  }
}

const usageModel = (text: string) => new UsageModel(text);

describe.each(models(FAITHFUL).map((m) => [m.kind]))('halt receipt — model %s', (kind) => {
  const make = (text: string) => models(text).find((m) => m.kind === kind)!.model;

  it('withBackfire .stream(): the model was aborted, nothing read after the verdict', async () => {
    const model = make(CONTRADICTION);
    const halts: GuardHalt[] = [];
    const guarded = withBackfire(model, await options({ onHalt: (h) => void halts.push(h) }));
    const { text, last } = await collect(await guarded.stream(QUESTION));
    const halt = last?.response_metadata.backfire as BackfireHaltMetadata;
    expect(halt.receipt).toMatchObject({ upstreamAborted: true, partsAfterHalt: 0 });
    expect(halt.receipt?.usage).toBeUndefined();
    // Optimistic release: everything received was shown; nothing withheld.
    expect(text.startsWith(KEPT + BAD_SENTENCE)).toBe(true);
    expect(halt.receipt?.withheld).toEqual({ words: halt.tokensWithheld, chars: 0 });
    expect(halts).toHaveLength(1);
    expect(halts[0]!.receipt).toEqual(halt.receipt);
    expect(model.produced).toBeLessThan([...CONTRADICTION].length / 2);
  });

  it('withBackfire verified: the receipt counts the withheld sentence', async () => {
    const guarded = withBackfire(make(CONTRADICTION), await options({ release: 'verified' }));
    const { text, last } = await collect(await guarded.stream(QUESTION));
    expect(text).toBe(KEPT);
    const halt = last?.response_metadata.backfire as BackfireHaltMetadata;
    expect(halt.receipt?.upstreamAborted).toBe(true);
    expect(halt.receipt?.withheld.words).toBe(halt.tokensWithheld);
    expect(halt.receipt?.withheld.words).toBeGreaterThanOrEqual(5);
    expect(halt.receipt?.withheld.chars).toBeGreaterThanOrEqual(BAD_SENTENCE.trim().length);
  });

  it('withBackfire .invoke(): the receipt is on the message', async () => {
    const guarded = withBackfire(make(CONTRADICTION), await options());
    const message = await guarded.invoke(QUESTION);
    const halt = message.response_metadata.backfire as BackfireHaltMetadata;
    expect(halt.receipt).toMatchObject({ upstreamAborted: true, partsAfterHalt: 0 });
  });

  it('callback handler: onHalt and halts[] get the receipt once the run is over', async () => {
    const model = make(CONTRADICTION);
    const onHalt = vi.fn();
    const h = new BackfireCallbackHandler(await options({ onHalt }));
    const error = await drain(await model.stream(QUESTION, h.config()));
    expect(error).toBeInstanceOf(BackfireHaltError);
    await vi.waitFor(() => expect(onHalt).toHaveBeenCalledTimes(1));
    const receipt = (onHalt.mock.calls[0]![0] as GuardHalt).receipt;
    expect(receipt?.upstreamAborted).toBe(true);
    // The handler cannot stop a model that does not await it before its next token: at most one.
    expect(receipt?.partsAfterHalt).toBeLessThanOrEqual(1);
    expect(h.halts[0]?.receipt).toEqual(receipt);
    expect(model.produced).toBeLessThan([...CONTRADICTION].length / 2);
  });

  it('callback handler without the signal: the model ran on, the receipt says how far', async () => {
    const model = make(CONTRADICTION);
    const onHalt = vi.fn();
    const h = new BackfireCallbackHandler(await options({ onHalt }));
    const error = await drain(await model.stream(QUESTION, { callbacks: [h] }));
    expect(error).toBeInstanceOf(BackfireHaltError);
    await vi.waitFor(() => expect(onHalt).toHaveBeenCalledTimes(1));
    const receipt = (onHalt.mock.calls[0]![0] as GuardHalt).receipt;
    expect(receipt?.upstreamAborted).toBe(false);
    expect(model.produced).toBe([...CONTRADICTION].length);
    const badEnd = CONTRADICTION.indexOf(BAD_SENTENCE) + BAD_SENTENCE.length;
    expect(receipt?.partsAfterHalt).toBeGreaterThan([...CONTRADICTION].length - badEnd - 3);
  });

  it('agent middleware: the returned message carries the receipt', async () => {
    const agent = createAgent({
      model: make(CONTRADICTION),
      tools: [],
      middleware: [backfireAgentMiddleware(await options())],
    });
    const state = await agent.invoke({ messages: [new HumanMessage(QUESTION)] });
    const answer = state.messages.at(-1) as AIMessage;
    const halt = answer.response_metadata.backfire as BackfireHaltMetadata;
    expect(halt.receipt?.upstreamAborted).toBe(true);
  });
});

describe('halt receipt — usage and halts after the model finished', () => {
  it('a halt on the last sentence: nothing was left to abort, the model reported its usage', async () => {
    const guarded = withBackfire(usageModel(LATE_CONTRADICTION), await options());
    const { last } = await collect(await guarded.stream(QUESTION));
    const halt = last?.response_metadata.backfire as BackfireHaltMetadata;
    expect(halt.kind).toBe('hard_limit');
    expect(halt.receipt).toMatchObject({
      upstreamAborted: false,
      partsAfterHalt: 0,
      usage: { input_tokens: 9, output_tokens: 21, total_tokens: 30 },
    });
  });

  it('callback handler: a halt the finished run reports carries the run usage', async () => {
    const onHalt = vi.fn();
    const h = new BackfireCallbackHandler(await options({ onHalt }));
    const error = await drain(await usageModel(LATE_CONTRADICTION).stream(QUESTION, h.config()));
    expect(error).toBeInstanceOf(BackfireHaltError);
    await vi.waitFor(() => expect(onHalt).toHaveBeenCalledTimes(1));
    expect((onHalt.mock.calls[0]![0] as GuardHalt).receipt).toMatchObject({
      upstreamAborted: false,
      usage: { input_tokens: 9, output_tokens: 21, total_tokens: 30 },
    });
  });
});
