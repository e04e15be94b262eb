import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  CLS,
  SEP,
  SPECIAL_TOKENS,
  type TinyNliSpec,
  tinyNliSpec,
  UNK,
  writeTinyNliModel,
} from '../../../test/fixtures/tiny-nli-model.js';
import {
  BackfireBackendError,
  BackfireConfigError,
  BackfireInputError,
} from '../../errors/errors.js';
import { InMemoryKnowledge } from '../../knowledge/index.js';
import { CoherenceScorer } from '../../scoring/index.js';
import { TransformersNli } from '../transformers.js';

const THREE_WAY = { 0: 'contradiction', 1: 'entailment', 2: 'neutral' } as const;
const TWO_WAY = { 0: 'entailment', 1: 'not_entailment' } as const;

const root = mkdtempSync(join(tmpdir(), 'backfire-tiny-nli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;

/** A fresh model folder per test, so the process-wide model cache never hides a case. */
function makeModel(spec: TinyNliSpec): string {
  folders += 1;
  return writeTinyNliModel(join(root, `model-${folders}`), spec);
}

// --- The expected values, recomputed from the encoded weights without Transformers.js ---------

function wordIds(spec: TinyNliSpec, text: string): number[] {
  const vocab = [...SPECIAL_TOKENS, ...spec.words];
  return (text.toLowerCase().match(/\w+|[^\w\s]+/g) ?? []).map((w) => {
    const id = vocab.indexOf(w);
    return id >= 0 ? id : vocab.indexOf(UNK);
  });
}

/** [CLS] premise [SEP] hypothesis [SEP], trimmed one token at a time from the longer text. */
function pairTokens(spec: TinyNliSpec, premise: string, hypothesis: string, maxLength: number) {
  const vocab = [...SPECIAL_TOKENS, ...spec.words];
  let a = wordIds(spec, premise);
  let b = wordIds(spec, hypothesis);
  while (a.length + b.length + 3 > maxLength) {
    if (a.length >= b.length) a = a.slice(0, -1);
    else b = b.slice(0, -1);
  }
  const cls = vocab.indexOf(CLS);
  const sep = vocab.indexOf(SEP);
  return {
    ids: [cls, ...a, sep, ...b, sep],
    types: [0, ...a.map(() => 0), 0, ...b.map(() => 1), 1],
  };
}

function expectedLogits(spec: TinyNliSpec, premise: string, hypothesis: string, maxLength = 24) {
  const { ids, types } = pairTokens(spec, premise, hypothesis, maxLength);
  return spec.bias.map((bias, c) => {
    let sum = 0;
    ids.forEach((id, t) => {
      sum += spec.embeddings[id]![c]! + spec.typeEmbeddings[types[t]!]![c]!;
    });
    return sum / ids.length + bias;
  });
}

function softmax(logits: number[]): number[] {
  const top = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

function expectedDivergence(
  spec: TinyNliSpec,
  premise: string,
  hypothesis: string,
  maxLength = 24,
) {
  const p = softmax(expectedLogits(spec, premise, hypothesis, maxLength));
  const index = (name: string) =>
    Object.entries(spec.id2label).find(([, label]) => label.toLowerCase() === name)?.[0];
  const entail = index('entailment');
  const contra = index('contradiction');
  const neutral = index('neutral');
  if (contra !== undefined && neutral !== undefined && entail !== undefined) {
    return p[Number(contra)]! + 0.5 * p[Number(neutral)]!;
  }
  return 1 - p[Number(entail)]!;
}

const PAIRS: [string, string][] = [
  ['The sky is blue.', 'The sky is not blue.'],
  ['Paris is the capital of France.', 'Berlin is the capital of France.'],
  ['Water boils at 100 degrees.', 'Water boils at 90 degrees'],
  ['The Eiffel tower was built in 1889.', 'The tower was built in 1899, in Paris.'],
  ['The sky is blue', 'Zebras are green'],
  ['', 'The sky is green.'],
];

describe('TransformersNli on a generated ONNX cross-encoder', () => {
  it('returns P(contradiction) + 0.5·P(neutral) of the logits the model computes (3 classes)', async () => {
    const spec = tinyNliSpec(THREE_WAY);
    const nli = new TransformersNli({ model: makeModel(spec) });
    for (const [premise, hypothesis] of PAIRS) {
      const value = await nli.divergence(premise, hypothesis);
      expect(value).toBeCloseTo(expectedDivergence(spec, premise, hypothesis), 6);
    }
  });

  it('returns 1 − P(entailment) for an entailment / not_entailment model', async () => {
    const spec = tinyNliSpec(TWO_WAY);
    const nli = new TransformersNli({ model: makeModel(spec) });
    expect(await nli.load()).toMatchObject({
      scheme: 'two-way',
      labels: ['entailment', 'not_entailment'],
    });
    for (const [premise, hypothesis] of PAIRS) {
      const value = await nli.divergence(premise, hypothesis);
      expect(value).toBeCloseTo(expectedDivergence(spec, premise, hypothesis), 6);
    }
  });

  it('reads the classes through id2label whatever their order and case', async () => {
    const spec = tinyNliSpec({ 0: 'ENTAILMENT', 1: 'Neutral', 2: 'CONTRADICTION' });
    const nli = new TransformersNli({ model: makeModel(spec) });
    const [premise, hypothesis] = PAIRS[1]!;
    const p = softmax(expectedLogits(spec, premise, hypothesis));
    expect(await nli.divergence(premise, hypothesis)).toBeCloseTo(p[2]! + 0.5 * p[1]!, 6);
  });

  it('maps a model whose bias dominates to the label that bias favours', async () => {
    const silent = tinyNliSpec(THREE_WAY, {
      embeddings: Array.from({ length: SPECIAL_TOKENS.length + 27 }, () => [0, 0, 0]),
      typeEmbeddings: [
        [0, 0, 0],
        [0, 0, 0],
      ],
    });
    const contradicting = new TransformersNli({
      model: makeModel({ ...silent, bias: [8, 0, 0] }),
    });
    const entailing = new TransformersNli({ model: makeModel({ ...silent, bias: [0, 8, 0] }) });
    const neutral = new TransformersNli({ model: makeModel({ ...silent, bias: [0, 0, 8] }) });
    expect(await contradicting.divergence('the sky', 'the sky')).toBeGreaterThan(0.99);
    expect(await entailing.divergence('the sky', 'the sky')).toBeLessThan(0.01);
    expect(await neutral.divergence('the sky', 'the sky')).toBeCloseTo(0.5, 2);
  });

  it('batches: one value per pair, in order, equal to the single-pair values', async () => {
    const spec = tinyNliSpec(THREE_WAY);
    const nli = new TransformersNli({ model: makeModel(spec), batchSize: 4 });
    // 18 pairs of very different lengths: several padded runs, reordered by length internally.
    const pairs = Array.from({ length: 18 }, (_, i) => PAIRS[i % PAIRS.length]!).map(
      ([p, h], i) => [`${p} ${'the sky '.repeat(i % 4)}`, h] as [string, string],
    );
    const batch = await nli.divergenceBatch(pairs);
    expect(batch).toHaveLength(pairs.length);
    for (const [i, [premise, hypothesis]] of pairs.entries()) {
      expect(batch[i]).toBeCloseTo(await nli.divergence(premise, hypothesis), 6);
      expect(batch[i]).toBeCloseTo(expectedDivergence(spec, premise, hypothesis), 6);
    }
    expect(await nli.divergenceBatch([])).toEqual([]);
  });

  it('truncates an over-long pair from the longer text and keeps the hypothesis', async () => {
    const spec = tinyNliSpec(THREE_WAY); // tokenizer_config model_max_length: 24
    const nli = new TransformersNli({ model: makeModel(spec) });
    expect((await nli.load()).maxLength).toBe(24);
    const premise = 'The Eiffel tower was built in 1889 in Paris , the capital of France . '.repeat(
      3,
    );
    const hypotheses = ['The tower was not built in 1899.', 'the sky is blue '.repeat(4)];
    for (const hypothesis of hypotheses) {
      const value = await nli.divergence(premise, hypothesis);
      expect(value).toBeCloseTo(expectedDivergence(spec, premise, hypothesis, 24), 6);
      // Cutting the pair's tail instead would drop the hypothesis altogether.
      expect(value).not.toBeCloseTo(expectedDivergence(spec, premise, '', 24), 3);
    }
    const shorter = new TransformersNli({ model: makeModel(spec), maxLength: 12 });
    const [premise2, hypothesis2] = PAIRS[3]!;
    expect(await shorter.divergence(premise2, hypothesis2)).toBeCloseTo(
      expectedDivergence(spec, premise2, hypothesis2, 12),
      6,
    );
  });

  it('loads the model once for concurrent first calls from several backends', async () => {
    let modelLoads = 0;
    let tokenizerLoads = 0;
    const counting = async () => ({
      ...transformers,
      AutoModelForSequenceClassification: {
        from_pretrained: (
          ...args: Parameters<
            typeof transformers.AutoModelForSequenceClassification.from_pretrained
          >
        ) => {
          modelLoads += 1;
          return transformers.AutoModelForSequenceClassification.from_pretrained(...args);
        },
      },
      AutoTokenizer: {
        from_pretrained: (
          ...args: Parameters<typeof transformers.AutoTokenizer.from_pretrained>
        ) => {
          tokenizerLoads += 1;
          return transformers.AutoTokenizer.from_pretrained(...args);
        },
      },
    });
    const spec = tinyNliSpec(THREE_WAY);
    const model = makeModel(spec);
    const a = new TransformersNli({ model, importTransformers: counting });
    const b = new TransformersNli({ model, importTransformers: counting, batchSize: 2 });
    const values = await Promise.all([
      ...PAIRS.map(([p, h]) => a.divergence(p, h)),
      ...PAIRS.map(([p, h]) => b.divergence(p, h)),
      b.divergenceBatch(PAIRS),
    ]);
    expect(values).toHaveLength(2 * PAIRS.length + 1);
    expect(modelLoads).toBe(1);
    expect(tokenizerLoads).toBe(1);

    // Other load options are another model in memory.
    const c = new TransformersNli({ model, importTransformers: counting, dtype: 'fp32' });
    await c.divergence('the sky', 'the sky');
    expect(modelLoads).toBe(2);
  });

  it('resolves a model id against localModelPath and never touches the network', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const spec = tinyNliSpec(THREE_WAY);
      const vendored = join(root, 'vendor');
      writeTinyNliModel(join(vendored, 'acme', 'tiny-nli'), spec);
      const nli = new TransformersNli({ model: 'acme/tiny-nli', localModelPath: vendored });
      const [premise, hypothesis] = PAIRS[0]!;
      expect(await nli.divergence(premise, hypothesis)).toBeCloseTo(
        expectedDivergence(spec, premise, hypothesis),
        6,
      );

      const absent = new TransformersNli({
        model: 'Xenova/nli-deberta-v3-xsmall',
        localModelPath: vendored,
      });
      const error = await absent.divergence('a', 'b').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackfireBackendError);
      expect((error as Error).message).toContain('Xenova/nli-deberta-v3-xsmall');
      expect((error as Error).message).toContain('local files only');
      expect(fetchSpy).not.toHaveBeenCalled();
      // The decision is per call (local_files_only), not a change to the process-wide env.
      expect(transformers.env.allowRemoteModels).toBe(true);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('reports a missing model folder clearly, and retries once the model is there', async () => {
    const folder = join(root, 'not-yet-vendored');
    const nli = new TransformersNli({ model: folder });
    const error = await nli.divergence('a', 'b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackfireBackendError);
    expect(error).toMatchObject({ code: 'BACKFIRE_BACKEND', backend: `transformers:${folder}` });
    expect((error as Error).message).toContain(folder);
    expect((error as Error).message).toContain('config.json');

    const spec = tinyNliSpec(THREE_WAY);
    writeTinyNliModel(folder, spec);
    expect(await nli.divergence('the sky is blue', 'the sky is green')).toBeCloseTo(
      expectedDivergence(spec, 'the sky is blue', 'the sky is green'),
      6,
    );
  });

  it('says how to install the package when Transformers.js is missing', async () => {
    const nli = new TransformersNli({
      model: join(root, 'anything'),
      // A real resolution failure from Node, through the same seam a bundler would use.
      importTransformers: () => import(['@huggingface', 'transformers-not-installed'].join('/')),
    });
    const error = await nli.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackfireBackendError);
    expect((error as Error).message).toContain('@huggingface/transformers is not installed');
    expect((error as Error).message).toContain('ONNXRUNTIME_NODE_INSTALL=skip');
    expect((error as BackfireBackendError).cause).toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' });

    const wrong = new TransformersNli({
      model: join(root, 'anything'),
      importTransformers: async () => ({ pipeline: () => null }),
    });
    await expect(wrong.load()).rejects.toThrow(/not @huggingface\/transformers/);
  });

  it('rejects labels it cannot read as NLI, naming them, unless id2label names the classes', async () => {
    const generic = tinyNliSpec({ 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' });
    const model = makeModel(generic);
    const error = await new TransformersNli({ model }).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackfireBackendError);
    expect((error as Error).message).toContain('["LABEL_0","LABEL_1","LABEL_2"]');

    const named = new TransformersNli({ model, id2label: THREE_WAY });
    const [premise, hypothesis] = PAIRS[2]!;
    expect(await named.divergence(premise, hypothesis)).toBeCloseTo(
      expectedDivergence({ ...generic, id2label: THREE_WAY }, premise, hypothesis),
      6,
    );

    const duplicate = makeModel(tinyNliSpec({ 0: 'entailment', 1: 'entailment', 2: 'neutral' }));
    await expect(new TransformersNli({ model: duplicate }).load()).rejects.toThrow(
      /\["entailment","entailment","neutral"\]/,
    );
  });

  it('never returns NaN: non-finite logits are an error', async () => {
    const spec = tinyNliSpec(THREE_WAY, { bias: [Number.NaN, 0, 0] });
    const nli = new TransformersNli({ model: makeModel(spec) });
    await expect(nli.divergence('the sky', 'the sky')).rejects.toThrow(/non-finite logit \(NaN\)/);
    await expect(nli.divergenceBatch([['the sky', 'the sky']])).rejects.toBeInstanceOf(
      BackfireBackendError,
    );
  });

  it('rejects logits whose width does not match the labels', async () => {
    const spec = tinyNliSpec(THREE_WAY, { bias: [0.1, 0.2] });
    const nli = new TransformersNli({ model: makeModel(spec) });
    await expect(nli.divergence('the sky', 'the sky')).rejects.toThrow(
      /logits of shape \[1, 2\], expected \[1, 3\]/,
    );
  });

  it('honours an aborted signal before running the model', async () => {
    const nli = new TransformersNli({ model: makeModel(tinyNliSpec(THREE_WAY)) });
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    await expect(
      nli.divergence('the sky', 'the sky', { signal: controller.signal }),
    ).rejects.toThrow(/aborted/);
  });

  it('rejects bad input and bad options with typed errors naming the field', async () => {
    const nli = new TransformersNli({ model: join(root, 'unused') });
    await expect(nli.divergence(42 as unknown as string, 'x')).rejects.toBeInstanceOf(
      BackfireInputError,
    );
    await expect(nli.divergence('x', null as unknown as string)).rejects.toThrow(
      /hypothesis must be a string, got null/,
    );
    await expect(
      nli.divergenceBatch([['a', 'b'], ['a']] as unknown as [string, string][]),
    ).rejects.toThrow(/pairs\[1\] must be a \[premise, hypothesis\] pair/);
    await expect(nli.divergenceBatch('ab' as unknown as [string, string][])).rejects.toThrow(
      /pairs must be an array/,
    );

    const bad: [Record<string, unknown>, RegExp][] = [
      [{ model: '' }, /^model must be a non-empty string/],
      [{ model: 'm', batchSize: 0 }, /^batchSize must be an integer ≥ 1, got 0/],
      [{ model: 'm', maxLength: 2.5 }, /^maxLength must be an integer ≥ 4, got 2.5/],
      [{ model: 'm', dtype: 'fp64' }, /^dtype must be one of .*, got "fp64"/],
      [{ model: 'm', device: 'tpu' }, /^device must be one of .*, got "tpu"/],
      [{ model: 'm', allowRemoteModels: 'yes' }, /^allowRemoteModels must be a boolean/],
      [{ model: 'm', id2label: { 1: 'entailment' } }, /^id2label must have keys 0..0/],
    ];
    for (const [options, message] of bad) {
      expect(() => new TransformersNli(options as never)).toThrow(BackfireConfigError);
      expect(() => new TransformersNli(options as never)).toThrow(message);
    }
  });

  it('plugs into CoherenceScorer, which fails closed when the model returns NaN', async () => {
    const knowledge = new InMemoryKnowledge();
    knowledge.addFact('eiffel tower built', 'The Eiffel tower was built in 1889.');
    const prompt = 'When was the Eiffel tower built?';
    const answer = 'The Eiffel tower was built in 1899.';

    const spec = tinyNliSpec(THREE_WAY);
    const scorer = new CoherenceScorer({
      knowledge,
      nli: new TransformersNli({ model: makeModel(spec) }),
    });
    const score = await scorer.reviewAsync(prompt, answer);
    expect(score.failure).toBeNull();
    // The scorer's factual check is this model's divergence of the answer from the evidence.
    const evidence = score.evidence.chunks.map((c) => c.text).join('\n');
    expect(evidence).toContain('1889');
    expect(score.hFactual).toBeCloseTo(expectedDivergence(spec, evidence, answer), 6);

    const broken = new TransformersNli({
      model: makeModel(tinyNliSpec(THREE_WAY, { bias: [Number.NaN, 0, 0] })),
    });
    const failed = await new CoherenceScorer({ knowledge, nli: broken }).reviewAsync(
      prompt,
      answer,
    );
    expect(failed).toMatchObject({ score: 0, approved: false });
    expect(failed.failure).not.toBeNull();
    expect(failed.reason).toMatch(/non-finite logit/);
  });
});
