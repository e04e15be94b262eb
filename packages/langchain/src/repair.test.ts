import { BackfireHaltError, type BackfireRepair, type GuardHalt } from '@backfire/core';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { AIMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk } from '@langchain/core/outputs';
import { FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { backfireAgentMiddleware } from './agent.js';
import { withBackfire } from './chat-model.js';
import { BackfireCallbackHandler } from './handler.js';
import type { BackfireLangChainOptions } from './options.js';
import {
  BAD_SENTENCE,
  CONTRADICTION,
  factScorer,
  factsKnowledge,
  QUESTION,
} from './test/fixtures.js';

const KEPT = 'The Eiffel Tower stands in Paris. ';
const CONTINUATION = 'It is 330 metres tall. It was completed in 1889.';
const REPAIRED = KEPT + CONTINUATION;

interface Recorder {
  readonly calls: BaseMessage[][];
  /** For each call: were all earlier calls' signals aborted when it started? */
  readonly earlierAborted: boolean[];
  readonly signals: (AbortSignal | undefined)[];
}

function record(rec: Recorder, messages: BaseMessage[], signal: AbortSignal | undefined) {
  rec.earlierAborted.push(rec.signals.every((s) => s?.aborted === true));
  rec.calls.push(messages);
  rec.signals.push(signal);
}

/** Answers each call with the next script (FakeListChatModel: does not await callbacks). */
class ScriptedListModel extends FakeListChatModel implements Recorder {
  readonly calls: BaseMessage[][] = [];
  readonly earlierAborted: boolean[] = [];
  readonly signals: (AbortSignal | undefined)[] = [];

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    record(this, messages, options.signal);
    yield* super._streamResponseChunks(messages, options, runManager);
  }
}

/** Answers each call with the next script, awaiting callbacks (like OpenAI and Anthropic). */
class ScriptedStreamingModel extends FakeStreamingChatModel implements Recorder {
  readonly calls: BaseMessage[][] = [];
  readonly earlierAborted: boolean[] = [];
  readonly signals: (AbortSignal | undefined)[] = [];

  constructor(readonly scripts: readonly (string | Error)[]) {
    super({ sleep: 0 });
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    record(this, messages, options.signal);
    const script = this.scripts[Math.min(this.calls.length - 1, this.scripts.length - 1)]!;
    if (script instanceof Error) throw script;
    const speaker = new FakeStreamingChatModel({ sleep: 0, responses: [new AIMessage(script)] });
    yield* speaker._streamResponseChunks(messages, options, runManager);
  }
}

function scripted(kind: 'list' | 'streaming', scripts: readonly (string | Error)[]) {
  if (kind === 'list') return new ScriptedListModel({ responses: scripts as string[] });
  return new ScriptedStreamingModel(scripts);
}

async function options(extra: Partial<BackfireLangChainOptions> = {}) {
  return { knowledge: await factsKnowledge(), repair: {}, ...extra };
}

async function collect(stream: AsyncIterable<AIMessageChunk>) {
  const chunks: AIMessageChunk[] = [];
  for await (const c of stream) chunks.push(c);
  return { chunks, text: chunks.map((c) => c.text).join(''), last: chunks.at(-1) };
}

describe.each([
  ['does not await callbacks', 'list'],
  ['awaits callbacks', 'streaming'],
] as const)('withBackfire repair — model that %s', (_kind, kind) => {
  it('verified: wrong then right is one answer, one repair, no content_filter', async () => {
    const model = scripted(kind, [CONTRADICTION, CONTINUATION]);
    const guarded = withBackfire(model, await options({ release: 'verified' }));
    const { chunks, text, last } = await collect(await guarded.stream(QUESTION));
    expect(text).toBe(REPAIRED);
    expect(text).not.toContain('120');
    const merged = chunks.reduce((a, b) => a.concat(b));
    expect(merged.response_metadata.finish_reason).not.toBe('content_filter');
    const backfire = last?.response_metadata.backfire as { repairs: BackfireRepair[] } | undefined;
    const repairs = backfire?.repairs ?? [];
    expect(last?.response_metadata.backfire).toMatchObject({ halted: false });
    expect(repairs).toHaveLength(1);
    expect(repairs[0]).toMatchObject({
      attempt: 1,
      keptChars: KEPT.length,
      withdrawn: { start: KEPT.length, end: KEPT.length },
      halt: { kind: 'hard_limit', charOffset: KEPT.length },
    });
    expect(JSON.stringify(repairs)).not.toContain('120 metres');
    expect(model.calls).toHaveLength(2);
  });

  it('the repair prompt is the conversation, the verified part and the correction note', async () => {
    const model = scripted(kind, [CONTRADICTION, CONTINUATION]);
    const guarded = withBackfire(model, await options({ release: 'verified' }));
    await collect(await guarded.stream(QUESTION));
    const [first, second] = model.calls;
    expect(second?.slice(0, first!.length).map((m) => m.text)).toEqual(first?.map((m) => m.text));
    const added = second!.slice(first!.length);
    expect(added.map((m) => m.getType())).toEqual(['ai', 'human']);
    expect(added[0]?.text).toBe(KEPT);
    expect(added[1]?.text).toContain(BAD_SENTENCE.trim());
    expect(added[1]?.text).toContain('The Eiffel Tower is 330 metres tall.');
    expect(added[1]?.text).toContain('Continue the answer from here, consistent with these facts.');
  });

  it("the halted call's signal is aborted before the repair call starts", async () => {
    const model = scripted(kind, [CONTRADICTION, CONTINUATION]);
    const guarded = withBackfire(model, await options());
    await collect(await guarded.stream(QUESTION));
    expect(model.earlierAborted).toEqual([true, true]);
    expect(model.signals[0]?.reason).toBeInstanceOf(BackfireHaltError);
    expect(model.signals[1]?.aborted).toBe(false);
  });

  it('optimistic: a chunk says which shown characters are withdrawn', async () => {
    const model = scripted(kind, [CONTRADICTION, CONTINUATION]);
    const guarded = withBackfire(model, await options());
    const { chunks, text } = await collect(await guarded.stream(QUESTION));
    const merged = chunks.reduce((a, b) => a.concat(b));
    const withdrawn = (
      merged.response_metadata.backfire as { withdrawn: { start: number; end: number }[] }
    ).withdrawn;
    expect(withdrawn).toHaveLength(1);
    const [range] = withdrawn;
    expect(range?.start).toBe(KEPT.length);
    expect(text.slice(range!.start, range!.end)).toMatch(/^It is 120/);
    expect(text.slice(0, range!.start) + text.slice(range!.end)).toBe(REPAIRED);
    const repairs = (merged.response_metadata.backfire as { repairs: BackfireRepair[] }).repairs;
    expect(repairs[0]?.withdrawn).toEqual(range);
  });

  it('.invoke() returns the repaired text with the repairs', async () => {
    for (const release of ['optimistic', 'verified'] as const) {
      const model = scripted(kind, [CONTRADICTION, CONTINUATION]);
      const guarded = withBackfire(model, await options({ release }));
      const message = await guarded.invoke(QUESTION);
      expect(message.text).toBe(REPAIRED);
      expect(message.response_metadata.finish_reason).not.toBe('content_filter');
      expect(
        (message.response_metadata.backfire as { repairs: BackfireRepair[] }).repairs,
      ).toHaveLength(1);
    }
  });

  it('always wrong: `attempts` repairs, then the last halt ends with content_filter', async () => {
    const again = 'It is 120 metres tall. It was completed in 1889.';
    const model = scripted(kind, [CONTRADICTION, again, again]);
    const halts: GuardHalt[] = [];
    const guarded = withBackfire(
      model,
      await options({ release: 'verified', repair: { attempts: 2 }, onHalt: (h) => halts.push(h) }),
    );
    const { text, last } = await collect(await guarded.stream(QUESTION));
    expect(model.calls).toHaveLength(3);
    expect(text).toBe(KEPT);
    expect(last?.response_metadata.finish_reason).toBe('content_filter');
    const backfire = last?.response_metadata.backfire as {
      halted: boolean;
      repairs: BackfireRepair[];
    };
    expect(backfire.halted).toBe(true);
    expect(backfire.repairs.map((r) => r.attempt)).toEqual([1, 2]);
    expect(halts).toHaveLength(3);
    const invoked = await withBackfire(
      scripted(kind, [CONTRADICTION, again, again]),
      await options({ repair: { attempts: 2 } }),
    ).invoke(QUESTION);
    expect(invoked.text).toBe(KEPT);
    expect(invoked.response_metadata.finish_reason).toBe('content_filter');
  });

  it('an error in the repair call is the call error (fails closed, no hang)', async () => {
    if (kind === 'list') return; // the list model has no way to fail a call
    const model = scripted(kind, [CONTRADICTION, new Error('provider down')]);
    const guarded = withBackfire(model, await options({ release: 'verified' }));
    await expect(collect(await guarded.stream(QUESTION))).rejects.toThrow('provider down');
    await expect(
      withBackfire(
        scripted(kind, [CONTRADICTION, new Error('provider down')]),
        await options(),
      ).invoke(QUESTION),
    ).rejects.toThrow('provider down');
  });

  it('a repair of the first sentence starts from nothing: no empty AIMessage in the prompt', async () => {
    const model = scripted(kind, ['It is 120 metres tall. ', CONTINUATION]);
    const guarded = withBackfire(model, await options({ release: 'verified' }));
    const message = await guarded.invoke(QUESTION);
    expect(message.text).toBe(CONTINUATION);
    const added = model.calls[1]!.slice(model.calls[0]!.length);
    expect(added.map((m) => m.getType())).toEqual(['human']);
  });

  it('with an async scorer (verdicts land while the model streams) the repair is the same', async () => {
    const knowledge = await factsKnowledge();
    const scorer = factScorer(knowledge);
    const slow = async (req: Parameters<typeof scorer>[0]) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return scorer(req);
    };
    for (const release of ['optimistic', 'verified'] as const) {
      const model = scripted(kind, [CONTRADICTION, CONTINUATION]);
      const guarded = withBackfire(model, { scorer: slow, release, repair: {} });
      const message = await guarded.invoke(QUESTION);
      expect(message.text).toBe(REPAIRED);
      expect(model.calls).toHaveLength(2);
    }
  });

  it('concurrent calls repair independently', async () => {
    const book: Record<string, string[]> = {
      [QUESTION]: [CONTRADICTION, CONTINUATION],
      'Where is the Eiffel Tower?': [
        'The Eiffel Tower stands in Paris. It is 99 metres tall. ',
        'It stands on the Champ de Mars.',
      ],
    };
    const count = new Map<string, number>();
    class BookModel extends FakeStreamingChatModel {
      override async *_streamResponseChunks(
        messages: BaseMessage[],
        opts: this['ParsedCallOptions'],
        runManager?: CallbackManagerForLLMRun,
      ): AsyncGenerator<ChatGenerationChunk> {
        const question = messages[0]?.text ?? '';
        const n = count.get(question) ?? 0;
        count.set(question, n + 1);
        const answer = book[question]![Math.min(n, 1)]!;
        const speaker = new FakeStreamingChatModel({
          sleep: 1,
          responses: [new AIMessage(answer)],
        });
        yield* speaker._streamResponseChunks(messages, opts, runManager);
      }
    }
    const guarded = withBackfire(
      new BookModel({ sleep: 0 }),
      await options({ release: 'verified' }),
    );
    const [a, b] = await Promise.all(Object.keys(book).map((q) => guarded.invoke(q)));
    expect(a?.text).toBe(REPAIRED);
    expect(b?.text).toBe('The Eiffel Tower stands in Paris. It stands on the Champ de Mars.');
  });
});

describe('repair options', () => {
  it('withBackfire validates repair strictly', async () => {
    const model = new FakeListChatModel({ responses: ['x'] });
    const knowledge = await factsKnowledge();
    expect(() => withBackfire(model, { knowledge, repair: { attempts: 0 } })).toThrow(
      /repair\.attempts/,
    );
    expect(() => withBackfire(model, { knowledge, repair: { tries: 2 } as never })).toThrow(
      /unknown option "tries" in repair options/,
    );
    expect(() => withBackfire(model, { knowledge, repair: false })).not.toThrow();
  });

  it('the callback handler and the agent middleware reject repair, naming withBackfire', () => {
    expect(() => new BackfireCallbackHandler({ repair: {} })).toThrow(/use withBackfire/);
    expect(() => backfireAgentMiddleware({ repair: { attempts: 2 } })).toThrow(/use withBackfire/);
    expect(() => new BackfireCallbackHandler({ repair: false })).not.toThrow();
  });
});

describe('repair keeps one message', () => {
  it("the continuation's chunks carry the first call's message id", async () => {
    class IdModel extends ScriptedStreamingModel {
      override async *_streamResponseChunks(
        messages: BaseMessage[],
        options: this['ParsedCallOptions'],
        runManager?: CallbackManagerForLLMRun,
      ): AsyncGenerator<ChatGenerationChunk> {
        const n = this.calls.length;
        for await (const chunk of super._streamResponseChunks(messages, options, runManager)) {
          chunk.message.id = `msg-${n}`;
          yield chunk;
        }
      }
    }
    const guarded = withBackfire(
      new IdModel([CONTRADICTION, CONTINUATION]),
      await options({ release: 'verified' }),
    );
    const { chunks, text } = await collect(await guarded.stream(QUESTION));
    expect(text).toBe(REPAIRED);
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set(['msg-0']));
  });
});
