import {
  BackfireConfigError,
  BackfireHaltError,
  BackfireInputError,
  type SegmentScoreRequest,
} from '@backfire/core';
import { ModelAbortError } from '@langchain/core/errors';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { describe, expect, it, vi } from 'vitest';
import { BackfireCallbackHandler } from './handler.js';
import {
  BAD_SENTENCE,
  CONTRADICTION,
  FAITHFUL,
  factScorer,
  factsKnowledge,
  LATE_CONTRADICTION,
  models,
  QUESTION,
  WholeAnswerModel,
} from './test/fixtures.js';

async function drain(stream: AsyncIterable<{ text: string } | string>) {
  const got: string[] = [];
  let error: unknown = null;
  try {
    for await (const chunk of stream) got.push(typeof chunk === 'string' ? chunk : chunk.text);
  } catch (e) {
    error = e;
  }
  return { text: got.join(''), error };
}

async function handler(
  extra: Partial<ConstructorParameters<typeof BackfireCallbackHandler>[0]> = {},
) {
  return new BackfireCallbackHandler({ knowledge: await factsKnowledge(), ...extra });
}

// LangChain logs every handler error it rethrows; the end-of-stream halt is one on purpose.
vi.spyOn(console, 'error').mockImplementation(() => {});

describe.each(models(FAITHFUL).map((m) => [m.kind]))(
  'BackfireCallbackHandler — model %s',
  (kind) => {
    const make = (text: string) => models(text).find((m) => m.kind === kind)!.model;

    it('lets a faithful answer through untouched', async () => {
      const h = await handler();
      const { text, error } = await drain(await make(FAITHFUL).stream(QUESTION, h.config()));
      expect(error).toBeNull();
      expect(text).toBe(FAITHFUL);
      expect(h.halted).toBe(false);
      expect(h.signal.aborted).toBe(false);
    });

    it('halts .stream() on a contradiction and aborts the upstream model', async () => {
      const model = make(CONTRADICTION);
      let producedAtHalt = -1;
      const h = await handler({
        onEvent: (e) => {
          if (e.type === 'halt') producedAtHalt = model.produced;
        },
      });
      const { text, error } = await drain(await model.stream(QUESTION, h.config()));
      expect(error).toBeInstanceOf(BackfireHaltError);
      expect((error as BackfireHaltError).halt).toBe(h.halt);
      expect(h.halt?.kind).toBe('hard_limit');
      expect(h.halt?.segment).toBe(BAD_SENTENCE);
      const evidence = h.halt?.evidence as { chunks: { id: string }[]; sentence: string };
      expect(evidence.chunks[0]?.id).toBe('eiffel-height');
      expect(evidence.sentence).toBe(BAD_SENTENCE.trim());
      expect(h.signal.aborted).toBe(true);
      // The bad sentence is judged when the next one starts; the stream stops right there.
      const badEnd = CONTRADICTION.indexOf(BAD_SENTENCE) + BAD_SENTENCE.length;
      expect(text.length).toBeGreaterThanOrEqual(badEnd);
      expect(text.length).toBeLessThanOrEqual(badEnd + 2);
      expect(model.produced - producedAtHalt).toBeLessThanOrEqual(1);
      expect(model.produced).toBeLessThan([...CONTRADICTION].length / 2);
      expect(h.halts[0]?.text).toBe('The Eiffel Tower stands in Paris. ');
    });

    it('halts .invoke() with a ModelAbortError whose partial output stops at the halt', async () => {
      const model = make(CONTRADICTION);
      const h = await handler();
      const error = await model.invoke(QUESTION, h.config()).catch((e: unknown) => e);
      expect(ModelAbortError.isInstance(error)).toBe(true);
      const partial = (error as ModelAbortError).partialOutput?.text ?? '';
      expect(partial.startsWith('The Eiffel Tower stands in Paris. It is 120')).toBe(true);
      expect(partial).not.toContain('1889');
      expect(h.halt?.segment).toBe(BAD_SENTENCE);
    });

    it('halts streamEvents over a prompt | model | parser chain', async () => {
      const chain = ChatPromptTemplate.fromMessages([['human', '{q}']])
        .pipe(make(CONTRADICTION))
        .pipe(new StringOutputParser());
      const h = await handler();
      const streamed: string[] = [];
      let error: unknown = null;
      try {
        for await (const ev of chain.streamEvents(
          { q: QUESTION },
          { ...h.config(), version: 'v2' },
        )) {
          if (ev.event === 'on_chat_model_stream') streamed.push(ev.data.chunk.text);
        }
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BackfireHaltError);
      expect(streamed.join('')).toContain(BAD_SENTENCE);
      expect(streamed.join('')).not.toContain('1889');
    });

    it('fails the run when the last sentence contradicts (nothing left to abort)', async () => {
      const h = await handler();
      const { text, error } = await drain(
        await make(LATE_CONTRADICTION).stream(QUESTION, h.config()),
      );
      expect(text).toBe(LATE_CONTRADICTION);
      expect(error).toBeInstanceOf(BackfireHaltError);
      expect(h.halt?.segment).toBe('It is 120 metres tall.');
    });

    it('still fails the run when the caller forgot to pass the signal', async () => {
      const h = await handler();
      const { error } = await drain(await make(CONTRADICTION).stream(QUESTION, { callbacks: [h] }));
      expect(error).toBeInstanceOf(BackfireHaltError);
      expect(h.halt?.segment).toBe(BAD_SENTENCE);
    });

    it('fails closed when the scorer throws', async () => {
      const h = new BackfireCallbackHandler({
        scorer: () => {
          throw new Error('nli backend down');
        },
      });
      const { text, error } = await drain(await make(FAITHFUL).stream(QUESTION, h.config()));
      expect(error).toBeInstanceOf(BackfireHaltError);
      expect(h.halt?.kind).toBe('callback_error');
      expect(text.length).toBeLessThan(FAITHFUL.length);
    });
  },
);

describe('BackfireCallbackHandler — runs', () => {
  it('guards .invoke() on a model that cannot stream: the whole answer is scored at the end', async () => {
    const good = await handler();
    const ok = await new WholeAnswerModel(FAITHFUL).invoke(QUESTION, good.config());
    expect(ok.text).toBe(FAITHFUL);
    expect(good.halted).toBe(false);
    const h = await handler();
    const error = await new WholeAnswerModel(CONTRADICTION)
      .invoke(QUESTION, h.config())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackfireHaltError);
    expect(h.halt?.segment).toBe(BAD_SENTENCE);
    expect(h.halts[0]?.text).toBe('The Eiffel Tower stands in Paris. ');
  });

  it('keeps concurrent runs apart: own prompt, own text, own verdict', async () => {
    const calls: SegmentScoreRequest[] = [];
    const h = new BackfireCallbackHandler({ scorer: factScorer(await factsKnowledge(), calls) });
    const good = models(FAITHFUL)[0].model;
    const badModel = models(CONTRADICTION)[1].model;
    // No shared signal here: a halt in one run must not stop or colour the other.
    const runA = '00000000-0000-4000-8000-00000000000a';
    const runB = '00000000-0000-4000-8000-00000000000b';
    const [a, b] = await Promise.all([
      good.stream('Question A about the tower?', { callbacks: [h], runId: runA }).then(drain),
      badModel.stream('Question B about the tower?', { callbacks: [h], runId: runB }).then(drain),
    ]);
    expect(a.error).toBeNull();
    expect(a.text).toBe(FAITHFUL);
    expect(b.error).toBeInstanceOf(BackfireHaltError);
    expect(h.haltFor(runA)).toBeUndefined();
    expect(h.haltFor(runB)?.halt.segment).toBe(BAD_SENTENCE);
    const segmentsOf = (prompt: string) =>
      calls.filter((c) => c.prompt === prompt).map((c) => c.segment);
    expect(segmentsOf('Question A about the tower?').join('')).toBe(FAITHFUL);
    expect(segmentsOf('Question B about the tower?').join('')).toBe(
      'The Eiffel Tower stands in Paris. It is 120 metres tall. ',
    );
  });

  it('fails the run, not open, when the guard cannot start', async () => {
    const h = new BackfireCallbackHandler({
      knowledge: await factsKnowledge(),
      prompt: () => {
        throw new Error('no question found');
      },
    });
    const model = models(FAITHFUL)[0].model;
    await expect(model.stream(QUESTION, h.config())).rejects.toThrow('no question found');
    await expect(model.invoke(QUESTION, h.config())).rejects.toThrow('no question found');
    expect(model.produced).toBe(0);
  });

  it('reports events and halts with the run they belong to', async () => {
    const runId = '00000000-0000-4000-8000-0000000000cc';
    const seen = new Set<string>();
    const halts: string[] = [];
    const h = await handler({
      onEvent: (_e, run) => seen.add(run.runId),
      onHalt: (_h, run) => halts.push(run.runId),
    });
    const model = models(CONTRADICTION)[0].model;
    await drain(await model.stream(QUESTION, h.config({ runId })));
    expect([...seen]).toEqual([runId]);
    // onHalt comes with the receipt, when LangChain reports the end of the aborted run.
    await vi.waitFor(() => expect(halts).toEqual([runId]));
    expect(h.haltFor(runId)?.messageId).toBe(`run-${runId}`);
  });

  it('config() keeps the caller callbacks and signal', async () => {
    const h = await handler();
    const caller = new AbortController();
    const cfg = h.config({ callbacks: [], signal: caller.signal, tags: ['x'] });
    expect(cfg.callbacks).toEqual([h]);
    expect(cfg.tags).toEqual(['x']);
    caller.abort(new Error('user pressed stop'));
    expect(cfg.signal.aborted).toBe(true);
    expect(h.signal.aborted).toBe(false);
    expect(h.copy()).toBe(h);
  });

  it('rejects bad options where they are given, naming the field', async () => {
    expect(() => new BackfireCallbackHandler({ scorer: 3 as unknown as () => number })).toThrow(
      BackfireInputError,
    );
    expect(
      () => new BackfireCallbackHandler({ scorer: () => 1, release: 'eager' as 'verified' }),
    ).toThrow(/release must be 'optimistic' or 'verified', got "eager"/);
    expect(
      () => new BackfireCallbackHandler({ scorer: () => 1, config: { hardLimit: 2 } }),
    ).toThrow(BackfireConfigError);
    expect(
      () =>
        new BackfireCallbackHandler({ scorer: () => 1, prompt: 'q' as unknown as () => string }),
    ).toThrow(/prompt must be a function/);
  });
});
