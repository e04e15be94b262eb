import { backfireMiddleware } from '@backfire/vercel-ai';
import { type LanguageModel, streamText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { type AnyCase, nativeLoaded, scorerOn } from './lib.js';

// The AI SDK middleware's cost (ai 6, what a plain install gives on Node 20) on one 5,000-token
// mock answer, read unguarded, guarded by the default heuristic scorer, and guarded by a constant
// scorer (the adapter and guard alone). The overhead rows read the model stream directly
// (`doStream`), because `streamText` itself costs ~100 µs per part on Node 20 (its pipeline of
// web TransformStreams) and that noise would hide a few µs; the `streamText` rows give the
// end-to-end picture.

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

type Part =
  Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream'] extends ReadableStream<infer P>
    ? P
    : never;

/** `n` word deltas of a faithful answer, as a provider streams them. */
function answerDeltas(n: number): string[] {
  const words = SENTENCES.join('').match(/\S+\s*/gu) ?? [];
  return Array.from({ length: n }, (_, i) => words[i % words.length]!);
}

function partsFor(deltas: readonly string[]): Part[] {
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: 'r', modelId: 'bench', timestamp: new Date(0) },
    { type: 'text-start', id: 't' },
    ...deltas.map((delta): Part => ({ type: 'text-delta', id: 't', delta })),
    { type: 'text-end', id: 't' },
    {
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: 20, noCache: 20, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: deltas.length, text: deltas.length, reasoning: undefined },
      },
    },
  ];
}

/** A provider that hands out pre-made parts with no delay: the cost measured is the SDK's and ours. */
function mockModel(parts: readonly Part[]): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doStream: async () => {
      let i = 0;
      return {
        stream: new ReadableStream<Part>({
          pull(controller) {
            const part = parts[i++];
            if (part === undefined) controller.close();
            else controller.enqueue(part);
          },
        }),
      };
    },
  });
}

function consume(model: LanguageModel, expected: string) {
  return async () => {
    const result = streamText({ model, prompt: QUESTION });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    // A benchmark that silently measured a halted (shorter) stream would flatter the guard.
    if (text !== expected) throw new Error('vercel-ai bench: the stream was altered or halted');
    return text.length;
  };
}

type Model = Pick<MockLanguageModelV3, 'doStream'>;

/** Reads a model's stream directly, as `streamText` would, minus the SDK's own pipeline. */
function readModel(model: Model, expected: string) {
  const params = {
    prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: QUESTION }] }],
  };
  return async () => {
    const { stream } = await model.doStream(params);
    const reader = stream.getReader();
    let text = '';
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      if (next.value.type === 'text-delta') text += next.value.delta;
    }
    if (text !== expected) throw new Error('vercel-ai bench: the stream was altered or halted');
    return text.length;
  };
}

export async function cases(): Promise<AnyCase[]> {
  const jsScorer = await scorerOn('js', FACTS);
  const hasNative = await nativeLoaded();
  const deltas = answerDeltas(TOKENS);
  const answer = deltas.join('');
  const parts = partsFor(deltas);
  const plain = mockModel(parts);
  const heuristic = wrapLanguageModel({
    model: mockModel(parts),
    middleware: backfireMiddleware({ scorer: jsScorer }),
  });
  // Core's own pick: the Rust scorer when the addon is loaded.
  const heuristicNative = wrapLanguageModel({
    model: mockModel(parts),
    middleware: backfireMiddleware({ knowledge: FACTS }),
  });
  const verified = wrapLanguageModel({
    model: mockModel(parts),
    middleware: backfireMiddleware({ scorer: jsScorer, release: 'verified' }),
  });
  const constant = wrapLanguageModel({
    model: mockModel(parts),
    middleware: backfireMiddleware({ scorer: () => 0.9 }),
  });

  // A contradiction in sentence 2 of a 5,000-token answer: what a halt costs end to end (the
  // unguarded row reads the whole answer; the guarded one stops after ~20 words).
  const haltingParts = partsFor([
    ...answerDeltas(11),
    ...'It is 120 metres tall. '.match(/\S+\s*/gu)!,
    ...answerDeltas(TOKENS - 16),
  ]);
  const halting = wrapLanguageModel({
    model: mockModel(haltingParts),
    middleware: backfireMiddleware({ scorer: jsScorer, release: 'verified' }),
  });
  const haltRun = async () => {
    const result = streamText({ model: halting, prompt: QUESTION });
    await result.consumeStream();
    if ((await result.finishReason) !== 'content-filter') {
      throw new Error('vercel-ai bench: the contradiction did not halt');
    }
  };

  // Repair: a faithful answer costs the same with `repair` on (nothing happens until a halt)...
  const constantRepair = wrapLanguageModel({
    model: mockModel(parts),
    middleware: backfireMiddleware({ scorer: () => 0.9, repair: { attempts: 2 } }),
  });
  // ...and a repaired one: a one-sentence answer whose sentence halts, the repair call, and a
  // one-sentence continuation. The whole round trip bounds the time from the halting verdict to
  // the repair request leaving the adapter.
  const wrong = partsFor(['It ', 'is ', '120 ', 'metres ', 'tall. ']);
  const right = partsFor(['It ', 'is ', '330 ', 'metres ', 'tall.']);
  let calls = 0;
  const repairing = wrapLanguageModel({
    model: new MockLanguageModelV3({
      doStream: async () => {
        const script = calls++ % 2 === 0 ? wrong : right;
        let i = 0;
        return {
          stream: new ReadableStream<Part>({
            pull(controller) {
              const part = script[i++];
              if (part === undefined) controller.close();
              else controller.enqueue(part);
            },
          }),
        };
      },
    }),
    middleware: backfireMiddleware({
      scorer: (req) => (req.segment.includes('120') ? 0.1 : 0.9),
      release: 'verified',
      repair: {},
    }),
  });
  const repairRun = readModel(repairing, 'It is 330 metres tall.');

  const direct = `doStream read, ${TOKENS.toLocaleString('en')}-token faithful answer, per token`;
  const e2e = `streamText, ${TOKENS.toLocaleString('en')}-token faithful answer, per token`;
  const nativeRows: AnyCase[] = hasNative
    ? [
        { row: direct, variant: 'native', fn: readModel(heuristicNative, answer), perOp: TOKENS },
        { row: e2e, variant: 'native', fn: consume(heuristicNative, answer), perOp: TOKENS },
      ]
    : [];
  return [
    ...nativeRows,
    { row: direct, variant: 'unguarded', fn: readModel(plain, answer), perOp: TOKENS },
    {
      row: direct,
      variant: 'js',
      fn: readModel(heuristic, answer),
      perOp: TOKENS,
      target: 'overhead ≤ 5 µs/token (js), ≤ 2 µs (native)',
    },
    {
      row: `${direct} (verified release)`,
      variant: 'js',
      fn: readModel(verified, answer),
      perOp: TOKENS,
    },
    {
      row: `${direct} (constant scorer: middleware + guard only)`,
      variant: 'js',
      fn: readModel(constant, answer),
      perOp: TOKENS,
    },
    {
      row: `${direct} (constant scorer, repair off)`,
      variant: 'js',
      fn: readModel(constant, answer),
      perOp: TOKENS,
    },
    {
      row: `${direct} (constant scorer, repair off)`,
      variant: 'repair on',
      fn: readModel(constantRepair, answer),
      perOp: TOKENS,
      target: 'repair on: no measurable overhead',
    },
    {
      row: 'doStream read, halted one-sentence answer + repair call + continuation, whole call',
      variant: 'js',
      fn: repairRun,
      target: 'halting verdict → repair request ≤ 1 ms (bounded by this row)',
    },
    { row: e2e, variant: 'unguarded', fn: consume(plain, answer), perOp: TOKENS },
    { row: e2e, variant: 'js', fn: consume(heuristic, answer), perOp: TOKENS },
    {
      row: `streamText, contradiction in sentence 2 of ${TOKENS.toLocaleString('en')} tokens, whole call`,
      variant: 'js',
      fn: haltRun,
    },
  ];
}
