import { describe, expect, it } from 'vitest';
import { BackfireInputError } from '../errors/errors.js';
import { InMemoryKnowledge } from '../knowledge/in-memory.js';
import { backend, nativeAvailable } from '../native/index.js';
import { CoherenceScorer } from '../scoring/scorer.js';
import { CoherenceAgent } from './agent.js';
import type { StreamingLanguageModel } from './model.js';

const knowledge = {
  'eiffel height': 'The Eiffel Tower is 330 metres tall.',
  'eiffel completion': 'The Eiffel Tower was completed in 1889.',
};
const GOOD = 'The Eiffel Tower was completed in 1889. The Eiffel Tower is 330 metres tall.';
const BAD = 'The Eiffel Tower was completed in 1889. The Eiffel Tower is 450 metres tall.';

function words(text: string): string[] {
  return text.match(/\S+\s*/gu) ?? [];
}

/** A spec-v3-shaped model that streams the given answers, one per call. */
function fakeModel(
  answers: string[],
): StreamingLanguageModel & { calls: number; cancelled: number } {
  const model = {
    specificationVersion: 'v3',
    calls: 0,
    cancelled: 0,
    async doStream(options: { abortSignal?: AbortSignal }) {
      const text = answers[Math.min(model.calls++, answers.length - 1)]!;
      const parts = [
        { type: 'stream-start' },
        { type: 'text-start', id: 't' },
        ...words(text).map((delta) => ({ type: 'text-delta', id: 't', delta })),
        { type: 'text-end', id: 't' },
        { type: 'finish' },
      ];
      let i = 0;
      return {
        stream: new ReadableStream<{ type: string; delta?: unknown }>({
          pull(c) {
            if (options.abortSignal?.aborted || i >= parts.length) c.close();
            else c.enqueue(parts[i++]!);
          },
          cancel() {
            model.cancelled++;
          },
        }),
      };
    },
  };
  return model;
}

describe('CoherenceAgent', () => {
  it('says where scoring runs; the per-token kernel is always TypeScript', () => {
    const agent = new CoherenceAgent({ model: fakeModel([GOOD]), knowledge });
    expect(agent.backend).toBe(backend);
    expect(agent.nativeAvailable).toBe(nativeAvailable);
    expect(agent.backends).toEqual({ scoring: backend, kernel: 'js' });
    // `backend` is the scoring backend: what a default scorer over in-memory knowledge really uses.
    expect(new CoherenceScorer({ knowledge: new InMemoryKnowledge() }).backend).toBe(backend);
    if (process.env['BACKFIRE_FORCE_JS'] === '1') expect(agent.backends.scoring).toBe('js');
    else if (process.env['BACKFIRE_REQUIRE_NATIVE'] === '1') {
      expect(agent.backends.scoring).toBe('native');
    }
  });

  it("new CoherenceAgent() with no arguments reports the backends (the seed's auto-detection)", () => {
    const agent = new CoherenceAgent();
    expect(agent.backend).toBe(backend);
    expect(agent.nativeAvailable).toBe(nativeAvailable);
    expect(agent.backends).toEqual({ scoring: backend, kernel: 'js' });
    expect(new CoherenceAgent(undefined).backend).toBe(backend);
    expect(new CoherenceAgent({ knowledge }).backends.kernel).toBe('js');
  });

  it('without a model, process() and stream() throw a BackfireInputError that says how to pass one', async () => {
    const agent = new CoherenceAgent({ knowledge });
    const err = await agent.process('How tall is the Eiffel Tower?').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BackfireInputError);
    expect(err).toMatchObject({ code: 'BACKFIRE_INPUT', field: 'model' });
    expect((err as Error).message).toMatch(
      /^model is missing: process\(\) needs a model\. Pass one to the constructor: new CoherenceAgent\(\{ model \}\) with an AI SDK LanguageModel or a text generator function/,
    );
    // stream() fails at the call, not at the first `next()`.
    expect(() => new CoherenceAgent().stream('Hi')).toThrow(BackfireInputError);
    expect(() => new CoherenceAgent().stream('Hi')).toThrow(
      /model is missing: stream\(\) needs a model\. Pass one to the constructor: new CoherenceAgent\(\{ model \}\)/,
    );
  });

  it('process() returns the first approved candidate', async () => {
    const model = fakeModel([GOOD]);
    const r = await new CoherenceAgent({ model, knowledge }).process(
      'Tell me about the Eiffel Tower.',
    );
    expect(r.approved).toBe(true);
    expect(r.output).toBe(GOOD);
    expect(r.candidatesEvaluated).toBe(1);
    expect(model.calls).toBe(1);
  });

  it('process() tries again after a contradicting candidate and returns the grounded one', async () => {
    const model = fakeModel([BAD, GOOD]);
    const r = await new CoherenceAgent({ model, knowledge }).process(
      'Tell me about the Eiffel Tower.',
    );
    expect(r.approved).toBe(true);
    expect(r.output).toBe(GOOD);
    expect(r.candidates[0]!.halt?.kind).toBe('hard_limit');
    expect(r.candidatesEvaluated).toBe(2);
  });

  it('process() rejects with evidence when every candidate contradicts the knowledge base', async () => {
    const model = fakeModel([BAD]);
    const r = await new CoherenceAgent({ model, knowledge, candidates: 2 }).process(
      'Tell me about the Eiffel Tower.',
    );
    expect(r.approved).toBe(false);
    expect(r.output).toBe('');
    expect(r.candidatesEvaluated).toBe(2);
    expect(r.rejection?.reason).toBe('all_candidates_rejected');
    expect(r.rejection?.best.halt?.segment).toContain('450');
  });

  it('stream() halts a contradicting answer and cancels the model stream', async () => {
    const model = fakeModel([`${BAD} It is made of iron. It is in Paris.`]);
    const agent = new CoherenceAgent({ model, knowledge, release: 'verified' });
    const it = agent.stream('Tell me about the Eiffel Tower.');
    let shown = '';
    let step = await it.next();
    while (!step.done) {
      if (step.value.type === 'release') shown += step.value.text;
      step = await it.next();
    }
    expect(step.value.halt?.kind).toBe('hard_limit');
    expect(shown).toBe('The Eiffel Tower was completed in 1889. ');
    expect(model.cancelled).toBe(1);
  });

  it('accepts a plain generator function as the model', async () => {
    const agent = new CoherenceAgent({
      model: async function* () {
        yield* words(GOOD);
      },
      knowledge,
    });
    expect((await agent.process('Tell me about the Eiffel Tower.')).output).toBe(GOOD);
  });

  it('rejects bad options with typed errors', () => {
    expect(() => new CoherenceAgent({ model: 42 as unknown as StreamingLanguageModel })).toThrow(
      /model must be an AI SDK LanguageModel/,
    );
    expect(() => new CoherenceAgent({ model: fakeModel([GOOD]), candidates: 0 })).toThrow(
      BackfireInputError,
    );
    expect(() => new CoherenceAgent(null as unknown as undefined)).toThrow(
      /options must be an object, e\.g\. \{ model \}, got null/,
    );
    const agent = new CoherenceAgent({ model: fakeModel([GOOD]) });
    expect(() => agent.stream(5 as unknown as string)).toThrow(/prompt must be a string/);
  });
});
