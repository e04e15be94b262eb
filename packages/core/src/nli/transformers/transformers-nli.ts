import { checkText, checkTextPairs } from '../../internal/check.js';
import type { NliBackend } from '../types.js';
import { divergenceFromLogits } from './divergence.js';
import { encodePairs } from './encode.js';
import { throwIfAborted } from './failures.js';
import { importTransformersPackage } from './library.js';
import { sharedLoad } from './load.js';
import { resolveModel, type TransformersNliOptions, validateOptions } from './options.js';
import { prepare, type ReadyModel, type TransformersNliModelInfo } from './ready.js';
import { runModel } from './run.js';

/** Per-call options. */
export interface TransformersNliCallOptions {
  /** An aborted signal rejects the call before the model runs. */
  signal?: AbortSignal;
}

/**
 * A natural-language-inference backend over any ONNX NLI cross-encoder that Transformers.js can
 * load: the tokenizer encodes (premise, hypothesis) as a text pair, the sequence-classification
 * model returns logits, and their softmax is read through the model's `id2label`.
 *
 * `@huggingface/transformers` is an optional peer dependency, imported on the first call. The
 * model loads once per process and never from the network unless `allowRemoteModels` is set.
 * Everything that goes wrong — package or model missing, unknown labels, non-finite logits — is a
 * `BackfireBackendError`, which the scorer treats as a failed check (fail closed).
 */
export class TransformersNli implements NliBackend {
  readonly name: string;
  readonly #model: string;
  readonly #options: TransformersNliOptions;
  readonly #import: () => Promise<unknown>;
  readonly #batchSize: number;
  #ready: Promise<ReadyModel> | undefined;

  constructor(options: TransformersNliOptions) {
    const opts = validateOptions(options);
    this.#options = opts;
    this.#model = resolveModel(opts.model, opts.localModelPath);
    this.#import = opts.importTransformers ?? importTransformersPackage;
    this.#batchSize = opts.batchSize ?? 16;
    this.name = `transformers:${opts.model}`;
  }

  /** Loads the model now (it otherwise loads on the first call), e.g. to fail fast at startup. */
  async load(): Promise<TransformersNliModelInfo> {
    return (await this.#ensureReady()).info;
  }

  async divergence(
    premise: string,
    hypothesis: string,
    options: TransformersNliCallOptions = {},
  ): Promise<number> {
    checkText('premise', premise);
    checkText('hypothesis', hypothesis);
    const [value] = await this.#score([[premise, hypothesis]], options.signal);
    return value as number;
  }

  async divergenceBatch(
    pairs: ReadonlyArray<readonly [premise: string, hypothesis: string]>,
    options: TransformersNliCallOptions = {},
  ): Promise<number[]> {
    checkTextPairs('pairs', pairs);
    if (pairs.length === 0) return [];
    return this.#score(pairs, options.signal);
  }

  #ensureReady(): Promise<ReadyModel> {
    if (!this.#ready) {
      const ready = sharedLoad(this.#import, this.#model, this.#options, this.name).then((loaded) =>
        prepare(loaded, this.#model, this.#options, this.name),
      );
      this.#ready = ready;
      ready.catch(() => {
        if (this.#ready === ready) this.#ready = undefined;
      });
    }
    return this.#ready;
  }

  async #score(
    pairs: ReadonlyArray<readonly [string, string]>,
    signal: AbortSignal | undefined,
  ): Promise<number[]> {
    throwIfAborted(signal, this.name);
    const ready = await this.#ensureReady();
    throwIfAborted(signal, this.name);
    const rows = encodePairs(ready, pairs, this.name);

    // Similar lengths share a run, so short pairs are not padded to the longest of the whole batch.
    const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.ids.length - rows[b]!.ids.length);
    const result = new Array<number>(pairs.length);
    for (let start = 0; start < order.length; start += this.#batchSize) {
      throwIfAborted(signal, this.name);
      const chunk = order.slice(start, start + this.#batchSize);
      const logits = await runModel(
        ready,
        chunk.map((i) => rows[i]!),
        this.name,
      );
      chunk.forEach((rowIndex, k) => {
        result[rowIndex] = divergenceFromLogits(logits[k]!, ready, rowIndex, this.name);
      });
    }
    return result;
  }
}
