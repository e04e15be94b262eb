import type { GuardHalt, SegmentScoreRequest } from '@backfire/core';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import '@langchain/core/context';
import { RunnableLambda } from '@langchain/core/runnables';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { BackfireChatModel, withBackfire } from './chat-model.js';
import type { BackfireHaltMetadata } from './metadata.js';
import type { BackfireLangChainOptions } from './options.js';
import {
  AnswerBookModel,
  BAD_SENTENCE,
  CONTRADICTION,
  FAITHFUL,
  factScorer,
  factsKnowledge,
  LATE_CONTRADICTION,
  models,
  QUESTION,
} from './test/fixtures.js';

const KEPT = 'The Eiffel Tower stands in Paris. ';

async function options(extra: Partial<BackfireLangChainOptions> = {}) {
  return { knowledge: await factsKnowledge(), ...extra };
}

async function collect(stream: AsyncIterable<AIMessageChunk>) {
  const chunks: AIMessageChunk[] = [];
  for await (const c of stream) chunks.push(c);
  return { chunks, text: chunks.map((c) => c.text).join(''), last: chunks.at(-1) };
}

describe.each(models(FAITHFUL).map((m) => [m.kind]))('withBackfire — model %s', (kind) => {
  const make = (text: string) => models(text).find((m) => m.kind === kind)!.model;

  it('.stream() passes a faithful answer chunk for chunk, with no halt metadata', async () => {
    const guarded = withBackfire(make(FAITHFUL), await options());
    const { chunks, text } = await collect(await guarded.stream(QUESTION));
    expect(text).toBe(FAITHFUL);
    expect(chunks.length).toBe([...FAITHFUL].length);
    expect(chunks.some((c) => c.response_metadata.finish_reason === 'content_filter')).toBe(false);
  });

  it('.stream() ends after a halt with a content_filter chunk and aborts the upstream', async () => {
    const model = make(CONTRADICTION);
    let producedAtHalt = -1;
    let full: GuardHalt | undefined;
    const guarded = withBackfire(
      model,
      await options({
        onHalt: (h) => {
          full = h;
          producedAtHalt = model.produced;
        },
      }),
    );
    const { chunks, text, last } = await collect(await guarded.stream(QUESTION));
    const halt = last?.response_metadata.backfire as BackfireHaltMetadata;
    expect(last?.response_metadata.finish_reason).toBe('content_filter');
    expect(last?.text).toBe('');
    // The server-side record names the sentence; the message's copy is the same record minus it.
    expect(full?.segment).toBe(BAD_SENTENCE);
    const { segment: _segment, evidence: _evidence, ...rest } = full!;
    expect(halt).toMatchObject(rest);
    expect(halt.kind).toBe('hard_limit');
    expect(halt.charOffset).toBe(KEPT.length);
    expect((halt.evidence as { chunks: { id: string }[] }).chunks[0]?.id).toBe('eiffel-height');
    // Optimistic release: the bad sentence was shown while it was being judged, nothing after.
    expect(text.startsWith(KEPT + BAD_SENTENCE)).toBe(true);
    expect(text).not.toContain('1889');
    expect(model.produced - producedAtHalt).toBeLessThanOrEqual(1);
    expect(model.produced).toBeLessThan([...CONTRADICTION].length / 2);
    // Every chunk belongs to one message: concatenating them gives the answer plus the metadata.
    const merged = chunks.reduce((a, b) => a.concat(b));
    expect(merged.text).toBe(text);
    expect(merged.response_metadata.finish_reason).toBe('content_filter');
  });

  it("release 'verified' never shows the offending sentence", async () => {
    const guarded = withBackfire(make(CONTRADICTION), await options({ release: 'verified' }));
    const { text, last } = await collect(await guarded.stream(QUESTION));
    expect(text).toBe(KEPT);
    expect(last?.response_metadata.finish_reason).toBe('content_filter');
    // Nor does its metadata, which travels to clients, traces and checkpoints: the record omits the
    // sentence and the evidence's quotes of it are withheld. The record survives JSON.
    const metadata = JSON.stringify(last?.response_metadata);
    expect(metadata).not.toContain('It is 120');
    expect(metadata).toContain('[withheld]');
    expect(JSON.parse(metadata)).toEqual(last?.response_metadata);
  });

  it('.invoke() returns the answer cut before the offending sentence, with the halt', async () => {
    const guarded = withBackfire(make(CONTRADICTION), await options());
    const message = await guarded.invoke(QUESTION);
    expect(message.content).toBe(KEPT);
    expect(message.response_metadata.finish_reason).toBe('content_filter');
    expect((message.response_metadata.backfire as BackfireHaltMetadata).charOffset).toBe(
      KEPT.length,
    );
    expect(message.tool_calls ?? []).toEqual([]);
  });

  it('.invoke() catches a contradiction in the last sentence', async () => {
    const guarded = withBackfire(make(LATE_CONTRADICTION), await options());
    const message = await guarded.invoke(QUESTION);
    expect(message.content).toBe(KEPT);
    expect((message.response_metadata.backfire as BackfireHaltMetadata).charOffset).toBe(
      KEPT.length,
    );
  });

  it('streamEvents shows only guarded text, once, and ends with the halt', async () => {
    const guarded = withBackfire(make(CONTRADICTION), await options({ release: 'verified' }));
    const streamed: string[] = [];
    let end: AIMessageChunk | undefined;
    const models = new Set<string>();
    for await (const ev of guarded.streamEvents(QUESTION, { version: 'v2' })) {
      if (ev.event === 'on_chat_model_stream') {
        streamed.push(ev.data.chunk.text);
        models.add(ev.run_id);
      }
      if (ev.event === 'on_chat_model_end') end = ev.data.output;
    }
    expect(models.size).toBe(1); // the wrapped model's own run is not reported a second time
    expect(streamed.join('')).toBe(KEPT);
    expect(end?.response_metadata.finish_reason).toBe('content_filter');
  });

  it('inside a chain step, the wrapped model still does not report itself', async () => {
    const guarded = withBackfire(make(CONTRADICTION), await options({ release: 'verified' }));
    // A RunnableLambda runs its body with its config in async context (once async context is set
    // up, as LangGraph and @langchain/core/context do): a nested call inherits the caller's
    // callbacks unless told otherwise.
    const step = RunnableLambda.from(async (q: string, config) => {
      return (await guarded.invoke(q, config)).text;
    });
    const runs = new Set<string>();
    const streamed: string[] = [];
    for await (const ev of step.streamEvents(QUESTION, { version: 'v2' })) {
      if (ev.event === 'on_chat_model_start') runs.add(ev.run_id);
      if (ev.event === 'on_chat_model_stream') streamed.push(ev.data.chunk.text);
    }
    expect(runs.size).toBe(1);
    expect(streamed.join('')).toBe(KEPT);
  });

  it('fails closed when the scorer throws', async () => {
    const guarded = withBackfire(make(FAITHFUL), {
      scorer: async () => {
        throw new Error('nli backend down');
      },
    });
    const message = await guarded.invoke(QUESTION);
    expect((message.response_metadata.backfire as BackfireHaltMetadata).kind).toBe(
      'callback_error',
    );
    expect(message.content).toBe('');
  });
});

describe('withBackfire — a halt keeps the verified part, however the model chunks', () => {
  // Issue 11's example (plus the location fact, so the default scorer accepts sentence one).
  const knowledge = {
    height: 'The Eiffel Tower is 330 metres tall.',
    location: 'The Eiffel Tower is in Paris, France.',
  };
  const FIRST = 'The Eiffel Tower stands in Paris, France. ';
  const ANSWER = `${FIRST}The Eiffel Tower is 450 metres tall. It was completed in 1889.`;
  const oneChunk = () =>
    new FakeStreamingChatModel({ sleep: 0, chunks: [new AIMessageChunk({ content: ANSWER })] });

  for (const release of ['optimistic', 'verified'] as const) {
    it(`${release}: .stream() of a one-chunk answer shows the sentence that passed`, async () => {
      const guarded = withBackfire(oneChunk(), { knowledge, release });
      const { text, last } = await collect(await guarded.stream('How tall is the Eiffel Tower?'));
      expect(text).toBe(FIRST);
      const halt = last?.response_metadata.backfire as BackfireHaltMetadata;
      expect(last?.response_metadata.finish_reason).toBe('content_filter');
      expect(halt).toMatchObject({ kind: 'hard_limit', charOffset: FIRST.length });
      expect(halt.tokensReleased).toBe(7);
    });

    it(`${release}: .invoke() of a one-chunk answer keeps the same text`, async () => {
      const guarded = withBackfire(oneChunk(), { knowledge, release });
      const message = await guarded.invoke('How tall is the Eiffel Tower?');
      expect(message.content).toBe(FIRST);
      expect((message.response_metadata.backfire as BackfireHaltMetadata).tokensReleased).toBe(7);
    });
  }
});

/** Streams its chunks 200 ms apart and, like a fetch-backed provider, throws once aborted. */
class AbortableModel extends BaseChatModel {
  constructor(readonly chunks: readonly string[]) {
    super({});
  }

  _llmType(): string {
    return 'abortable';
  }

  async _generate(): Promise<ChatResult> {
    throw new Error('stream only');
  }

  override async *_streamResponseChunks(
    _messages: BaseMessage[],
    options: this['ParsedCallOptions'],
  ): AsyncGenerator<ChatGenerationChunk> {
    for (const [i, content] of this.chunks.entries()) {
      if (i > 0) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, 200);
          options.signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(options.signal?.reason);
          });
        });
      }
      options.signal?.throwIfAborted();
      yield new ChatGenerationChunk({ message: new AIMessageChunk({ content }), text: content });
    }
  }
}

describe('withBackfire — releases that land while the model is waited on', () => {
  it('verified text released just before a halt still reaches .stream()', async () => {
    // Sentence one's verdict is slow, sentence two's fast: both land while the wrapper waits for
    // the model's next chunk, and the halt makes that wait end by throwing the abort.
    const scorer = (req: SegmentScoreRequest) =>
      new Promise<number>((resolve) =>
        setTimeout(() => resolve(req.segment.includes('WRONG') ? 0.1 : 0.9), 20),
      );
    const model = new AbortableModel(['Good one. ', 'WRONG two. Next', ' one. ', 'Never shown. ']);
    const guarded = withBackfire(model, { scorer, release: 'verified' });
    const { text, last } = await collect(await guarded.stream(QUESTION));
    expect(last?.response_metadata.finish_reason).toBe('content_filter');
    expect(text).toBe('Good one. ');
    expect((last!.response_metadata.backfire as BackfireHaltMetadata).tokensReleased).toBe(2);
  });
});

describe('withBackfire — a chunk without text', () => {
  it('does not drop verified text released while the model was waited on', async () => {
    // Sentence one's verdict lands while the wrapper waits for the next chunk, which carries no
    // text (as a usage or tool-call chunk): the released sentence goes out with the next text.
    const scorer = () => new Promise<number>((resolve) => setTimeout(() => resolve(0.9), 20));
    const model = new AbortableModel(['Good one. ', 'Next ', '', 'two. ']);
    const guarded = withBackfire(model, { scorer, release: 'verified' });
    const { text } = await collect(await guarded.stream(QUESTION));
    expect(text).toBe('Good one. Next two. ');
  });
});

describe('withBackfire — calls', () => {
  it('.batch() guards each input on its own', async () => {
    const model = new AnswerBookModel({
      'Where is it?': FAITHFUL,
      'How tall is it?': CONTRADICTION,
    });
    const guarded = withBackfire(model, await options());
    const [good, bad] = await guarded.batch(['Where is it?', 'How tall is it?']);
    expect(good?.content).toBe(FAITHFUL);
    expect(good?.response_metadata.finish_reason).toBeUndefined();
    expect(bad?.content).toBe(KEPT);
    expect(bad?.response_metadata.finish_reason).toBe('content_filter');
  });

  it('concurrent calls keep their own prompt, text and verdict', async () => {
    const calls: SegmentScoreRequest[] = [];
    const model = new AnswerBookModel({ 'Question A?': FAITHFUL, 'Question B?': CONTRADICTION });
    const guarded = withBackfire(model, { scorer: factScorer(await factsKnowledge(), calls) });
    const [a, b] = await Promise.all([
      guarded.invoke('Question A?'),
      guarded.invoke('Question B?'),
    ]);
    expect(a.content).toBe(FAITHFUL);
    expect(b.content).toBe(KEPT);
    const segmentsOf = (prompt: string) =>
      calls.filter((c) => c.prompt === prompt).map((c) => c.segment);
    expect(segmentsOf('Question A?').join('')).toBe(FAITHFUL);
    expect(segmentsOf('Question B?').join('')).toBe(KEPT + BAD_SENTENCE);
  });

  it("the caller's abort stops the call with the caller's reason and no halt", async () => {
    const model = new FakeStreamingChatModel({ sleep: 5, responses: [] });
    const guarded = withBackfire(model, await options());
    const caller = new AbortController();
    const stream = await guarded.stream(FAITHFUL, { signal: caller.signal });
    const seen: AIMessageChunk[] = [];
    const error = await (async () => {
      for await (const c of stream) {
        seen.push(c);
        if (seen.length === 3) caller.abort(new Error('user pressed stop'));
      }
    })().catch((e: unknown) => e);
    expect((error as Error).message).toBe('user pressed stop');
    expect(seen.some((c) => c.response_metadata.finish_reason === 'content_filter')).toBe(false);
  });

  it('passes tool-call chunks through and binds tools on the wrapped model', async () => {
    const model = new FakeStreamingChatModel({
      sleep: 0,
      chunks: [
        new AIMessageChunk({ content: 'Let me check. ' }),
        new AIMessageChunk({
          content: '',
          tool_call_chunks: [{ name: 'lookup', args: '{"q":"eiffel"}', id: 'call_1', index: 0 }],
        }),
      ],
    });
    const guarded = withBackfire(model, await options());
    const bound = guarded.bindTools([
      { name: 'lookup', description: 'look up', schema: { type: 'object', properties: {} } },
    ]);
    expect(bound).toBeInstanceOf(BackfireChatModel);
    const message = await bound.invoke(QUESTION);
    expect(message.text).toBe('Let me check. ');
    expect(message.tool_calls?.[0]?.name).toBe('lookup');
  });

  it('rejects a non-model and bad options with typed errors', async () => {
    expect(() => withBackfire({} as never, { scorer: () => 1 })).toThrow(
      /model must be a chat model/,
    );
    expect(() =>
      withBackfire(models(FAITHFUL)[0].model, { scorer: () => 1, maxUnverifiedTokens: 0 }),
    ).toThrow(/maxUnverifiedTokens must be an integer >= 1, got 0/);
  });

  it('takes maxUnverifiedWords, and rejects it with its deprecated name at once', () => {
    const model = models(FAITHFUL)[0].model;
    expect(() => withBackfire(model, { scorer: () => 1, maxUnverifiedWords: 0 })).toThrow(
      /maxUnverifiedWords must be an integer >= 1, got 0/,
    );
    expect(() =>
      withBackfire(model, { scorer: () => 1, maxUnverifiedWords: 2, maxUnverifiedTokens: 2 }),
    ).toThrow(/both set/);
  });
});
