import {
  BackfireBackendError,
  BackfireConfigError,
  BackfireInputError,
  describeValue,
} from '../errors/errors.js';
import { assertKnownKeys, type ListsEveryKey } from '../internal/options.js';
import type { NliBackend } from './types.js';

/** Weight formats Transformers.js 4.3 can load; each maps to a file under `onnx/`. */
export type TransformersDtype =
  | 'auto'
  | 'fp32'
  | 'fp16'
  | 'q8'
  | 'int8'
  | 'uint8'
  | 'q4'
  | 'bnb4'
  | 'q4f16';

const DTYPES: readonly TransformersDtype[] = [
  'auto',
  'fp32',
  'fp16',
  'q8',
  'int8',
  'uint8',
  'q4',
  'bnb4',
  'q4f16',
];

/** Execution devices Transformers.js 4.3 knows. */
export type TransformersDevice =
  | 'auto'
  | 'cpu'
  | 'gpu'
  | 'wasm'
  | 'webgpu'
  | 'cuda'
  | 'dml'
  | 'coreml'
  | 'webnn'
  | 'webnn-npu'
  | 'webnn-gpu'
  | 'webnn-cpu';

const DEVICES: readonly TransformersDevice[] = [
  'auto',
  'cpu',
  'gpu',
  'wasm',
  'webgpu',
  'cuda',
  'dml',
  'coreml',
  'webnn',
  'webnn-npu',
  'webnn-gpu',
  'webnn-cpu',
];

export interface TransformersNliOptions {
  /**
   * The model: a folder path (absolute, or starting with `./` or `../`), or an id such as
   * `Xenova/nli-deberta-v3-xsmall` resolved against `localModelPath` (or, without it, against
   * Transformers.js' own `env.localModelPath`). The folder holds `config.json`, `tokenizer.json`,
   * `tokenizer_config.json` and `onnx/model.onnx` (or the file `dtype` selects).
   */
  model: string;
  /** The folder model ids are resolved against, e.g. `./models`. */
  localModelPath?: string;
  /** Which weights to load. Default: Transformers.js' choice (`fp32` on CPU, `onnx/model.onnx`). */
  dtype?: TransformersDtype;
  /** Execution device. Default: Transformers.js' choice (`cpu` on Node). */
  device?: TransformersDevice;
  /**
   * Longest input in tokens, premise and hypothesis together. Longer pairs are truncated
   * longest-first (usually the premise), never by cutting the hypothesis off the end. Default: the
   * tokenizer's `model_max_length`, else the config's `max_position_embeddings`, else 512.
   */
  maxLength?: number;
  /** Pairs per model run in `divergenceBatch`. Default 16. */
  batchSize?: number;
  /**
   * Let Transformers.js download from the Hugging Face Hub when the model is not found locally.
   * Default false: Backfire never reaches the network unless you ask it to.
   */
  allowRemoteModels?: boolean;
  /**
   * Label names by class index, overriding `config.json`'s `id2label` — for models that ship
   * generic names such as `LABEL_0`.
   */
  id2label?: Readonly<Record<number, string>>;
  /**
   * How to import Transformers.js. Default: `import('@huggingface/transformers')`. Pass your own to
   * use a copy your bundler provides. Loaded models are shared per importer, model and options.
   */
  importTransformers?: () => Promise<unknown>;
}

const TRANSFORMERS_OPTION_KEYS = [
  'model',
  'localModelPath',
  'dtype',
  'device',
  'maxLength',
  'batchSize',
  'allowRemoteModels',
  'id2label',
  'importTransformers',
] as const satisfies readonly (keyof TransformersNliOptions)[];
const _everyTransformersOption: ListsEveryKey<
  TransformersNliOptions,
  typeof TRANSFORMERS_OPTION_KEYS
> = true;

/** How the model's classes are read as a divergence. */
export type TransformersNliLabelScheme =
  /** contradiction / entailment / neutral: divergence = P(contradiction) + 0.5·P(neutral). */
  | 'three-way'
  /** entailment / not_entailment: divergence = 1 − P(entailment). */
  | 'two-way';

/** What `load()` found. */
export interface TransformersNliModelInfo {
  /** The model as passed to Transformers.js (the resolved folder or id). */
  readonly model: string;
  /** Label names by class index. */
  readonly labels: readonly string[];
  readonly scheme: TransformersNliLabelScheme;
  /** The token limit in force (see `maxLength`). */
  readonly maxLength: number;
}

/** Per-call options. */
export interface TransformersNliCallOptions {
  /** An aborted signal rejects the call before the model runs. */
  signal?: AbortSignal;
}

// --- The parts of Transformers.js this backend uses, typed structurally so that core's public
// types never mention the optional package. The default importer is checked against the real
// declarations at build time.

interface TfTensor {
  readonly dims: readonly number[];
  readonly type: string;
  readonly data: ArrayLike<number | bigint>;
  to(type: 'float32'): TfTensor;
}

interface TfEncoding {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids?: number[][];
}

interface TfTokenizer {
  (
    text: string[],
    options: {
      text_pair?: string[] | null;
      add_special_tokens: boolean;
      padding: false;
      truncation: false;
      return_tensor: false;
    },
  ): unknown;
  readonly model_max_length: number;
  readonly pad_token_id: number | null | undefined;
  readonly padding_side: string;
}

type TfModel = (inputs: Record<string, TfTensor>) => Promise<unknown>;

interface TfLoadOptions {
  local_files_only: boolean;
  dtype?: TransformersDtype;
  device?: TransformersDevice;
}

interface TransformersModule {
  AutoConfig: { from_pretrained(model: string, options: TfLoadOptions): Promise<unknown> };
  AutoTokenizer: { from_pretrained(model: string, options: TfLoadOptions): Promise<TfTokenizer> };
  AutoModelForSequenceClassification: {
    from_pretrained(model: string, options: TfLoadOptions): Promise<TfModel>;
  };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: number[]) => TfTensor;
}

const PACKAGE = '@huggingface/transformers';

const importTransformersPackage = (): Promise<TransformersModule> =>
  // The comments keep bundlers from resolving the optional package at build time.
  import(/* webpackIgnore: true */ /* @vite-ignore */ '@huggingface/transformers');

interface LoadedModel {
  readonly tokenizer: TfTokenizer;
  readonly model: TfModel;
  readonly Tensor: TransformersModule['Tensor'];
  readonly id2label: unknown;
  readonly maxPositions: number | undefined;
  readonly inputNames: readonly string[] | undefined;
}

/**
 * One load per importer, model and load options for the whole process: every backend built with the
 * same settings shares it, and concurrent first calls wait on the same promise. A failed load is
 * forgotten so that a later call can retry (say, after the model was vendored).
 */
const loads = new WeakMap<() => Promise<unknown>, Map<string, Promise<LoadedModel>>>();

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
    if (!Array.isArray(pairs)) throw new BackfireInputError('pairs', pairs, 'must be an array');
    pairs.forEach((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new BackfireInputError(`pairs[${i}]`, pair, 'must be a [premise, hypothesis] pair');
      }
      checkText(`pairs[${i}][0]`, pair[0]);
      checkText(`pairs[${i}][1]`, pair[1]);
    });
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

interface ReadyModel {
  readonly loaded: LoadedModel;
  readonly info: TransformersNliModelInfo;
  /** Class indices; `neutral` is −1 in the two-way scheme. */
  readonly entailment: number;
  readonly contradiction: number;
  readonly neutral: number;
}

interface EncodedRow {
  ids: number[];
  mask: number[];
  types: number[] | undefined;
}

function validateOptions(options: TransformersNliOptions): TransformersNliOptions {
  if (options === null || typeof options !== 'object') {
    throw new BackfireConfigError('options', options, 'must be an object with a model');
  }
  assertKnownKeys('TransformersNli', options, TRANSFORMERS_OPTION_KEYS);
  const { model, localModelPath, dtype, device, maxLength, batchSize, allowRemoteModels } = options;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new BackfireConfigError('model', model, 'must be a non-empty string (a folder or an id)');
  }
  if (
    localModelPath !== undefined &&
    (typeof localModelPath !== 'string' || localModelPath === '')
  ) {
    throw new BackfireConfigError('localModelPath', localModelPath, 'must be a non-empty string');
  }
  if (dtype !== undefined && !DTYPES.includes(dtype)) {
    throw new BackfireConfigError('dtype', dtype, `must be one of ${DTYPES.join(', ')}`);
  }
  if (device !== undefined && !DEVICES.includes(device)) {
    throw new BackfireConfigError('device', device, `must be one of ${DEVICES.join(', ')}`);
  }
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 4)) {
    throw new BackfireConfigError('maxLength', maxLength, 'must be an integer ≥ 4');
  }
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new BackfireConfigError('batchSize', batchSize, 'must be an integer ≥ 1');
  }
  if (allowRemoteModels !== undefined && typeof allowRemoteModels !== 'boolean') {
    throw new BackfireConfigError('allowRemoteModels', allowRemoteModels, 'must be a boolean');
  }
  if (options.id2label !== undefined) labelList(options.id2label, 'id2label');
  if (
    options.importTransformers !== undefined &&
    typeof options.importTransformers !== 'function'
  ) {
    throw new BackfireConfigError(
      'importTransformers',
      options.importTransformers,
      'must be a function',
    );
  }
  return { ...options };
}

function resolveModel(model: string, localModelPath: string | undefined): string {
  if (localModelPath === undefined) return model;
  return `${localModelPath.replace(/[\\/]+$/, '')}/${model.replace(/^[\\/]+/, '')}`;
}

function checkText(field: string, value: unknown): void {
  if (typeof value !== 'string') throw new BackfireInputError(field, value, 'must be a string');
}

function throwIfAborted(signal: AbortSignal | undefined, backend: string): void {
  if (signal?.aborted) {
    throw new BackfireBackendError(backend, 'aborted', { cause: signal.reason });
  }
}

function sharedLoad(
  importer: () => Promise<unknown>,
  model: string,
  options: TransformersNliOptions,
  backend: string,
): Promise<LoadedModel> {
  let byKey = loads.get(importer);
  if (!byKey) {
    byKey = new Map();
    loads.set(importer, byKey);
  }
  const key = JSON.stringify([
    model,
    options.dtype ?? null,
    options.device ?? null,
    options.allowRemoteModels === true,
  ]);
  let pending = byKey.get(key);
  if (!pending) {
    const map = byKey;
    const load = loadModel(importer, model, options, backend);
    pending = load;
    map.set(key, load);
    load.catch(() => {
      if (map.get(key) === load) map.delete(key);
    });
  }
  return pending;
}

async function importModule(
  importer: () => Promise<unknown>,
  backend: string,
): Promise<TransformersModule> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (error) {
    if (isModuleNotFound(error)) {
      throw new BackfireBackendError(
        backend,
        `the optional peer dependency ${PACKAGE} is not installed. Install it with ` +
          `\`ONNXRUNTIME_NODE_INSTALL=skip npm install ${PACKAGE}@^4.3.1\` ` +
          '(the variable skips onnxruntime-node’s CUDA download; the CPU runtime ships in the package)',
        { cause: error },
      );
    }
    throw new BackfireBackendError(backend, `could not load ${PACKAGE}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const candidate = mod as Partial<Record<keyof TransformersModule, unknown>> | null;
  for (const name of [
    'AutoConfig',
    'AutoTokenizer',
    'AutoModelForSequenceClassification',
  ] as const) {
    const part = candidate?.[name] as { from_pretrained?: unknown } | undefined;
    if (typeof part?.from_pretrained !== 'function') {
      throw new BackfireBackendError(
        backend,
        `the imported module is not ${PACKAGE}: ${name}.from_pretrained is missing`,
      );
    }
  }
  if (typeof candidate?.Tensor !== 'function') {
    throw new BackfireBackendError(
      backend,
      `the imported module is not ${PACKAGE}: Tensor is missing`,
    );
  }
  return mod as TransformersModule;
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  return /cannot find (module|package)/i.test(messageOf(error));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function loadModel(
  importer: () => Promise<unknown>,
  model: string,
  options: TransformersNliOptions,
  backend: string,
): Promise<LoadedModel> {
  const tf = await importModule(importer, backend);
  const base: TfLoadOptions = { local_files_only: options.allowRemoteModels !== true };
  const where = options.allowRemoteModels === true ? '' : ' (local files only)';
  try {
    const config = await tf.AutoConfig.from_pretrained(model, base);
    const modelOptions: TfLoadOptions = { ...base };
    if (options.dtype !== undefined) modelOptions.dtype = options.dtype;
    if (options.device !== undefined) modelOptions.device = options.device;
    const [tokenizer, classifier] = await Promise.all([
      tf.AutoTokenizer.from_pretrained(model, base),
      tf.AutoModelForSequenceClassification.from_pretrained(model, modelOptions),
    ]);
    const fields = config as { id2label?: unknown; max_position_embeddings?: unknown } | null;
    const maxPositions = fields?.max_position_embeddings;
    const sessions = (classifier as { sessions?: Record<string, { inputNames?: unknown }> })
      .sessions;
    const inputNames = sessions?.['model']?.inputNames;
    return {
      tokenizer,
      model: classifier,
      Tensor: tf.Tensor,
      id2label: fields?.id2label,
      maxPositions:
        typeof maxPositions === 'number' && Number.isInteger(maxPositions) && maxPositions > 0
          ? maxPositions
          : undefined,
      inputNames: Array.isArray(inputNames) ? (inputNames as string[]) : undefined,
    };
  } catch (error) {
    throw new BackfireBackendError(
      backend,
      `cannot load model ${JSON.stringify(model)}${where}: ${messageOf(error)}`,
      { cause: error },
    );
  }
}

/** `id2label` as an array by class index; keys must be exactly 0..n−1. */
function labelList(id2label: unknown, field: string): string[] {
  if (id2label === null || typeof id2label !== 'object' || Array.isArray(id2label)) {
    throw new BackfireConfigError(field, id2label, 'must map class indices to label names');
  }
  const entries = Object.entries(id2label as Record<string, unknown>);
  const labels = new Array<string>(entries.length);
  for (const [key, label] of entries) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= entries.length || String(index) !== key) {
      throw new BackfireConfigError(field, id2label, `must have keys 0..${entries.length - 1}`);
    }
    if (typeof label !== 'string' || label === '') {
      throw new BackfireConfigError(`${field}[${key}]`, label, 'must be a non-empty string');
    }
    labels[index] = label;
  }
  return labels;
}

const normaliseLabel = (label: string): string =>
  label
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

function prepare(
  loaded: LoadedModel,
  model: string,
  options: TransformersNliOptions,
  backend: string,
): ReadyModel {
  let labels: string[];
  try {
    labels = labelList(options.id2label ?? loaded.id2label, 'id2label');
  } catch (error) {
    throw new BackfireBackendError(
      backend,
      `model ${JSON.stringify(model)} has no usable id2label (${describeValue(loaded.id2label)}); ` +
        'pass id2label',
      { cause: error },
    );
  }
  const names = labels.map(normaliseLabel);
  const find = (...aliases: string[]): number => names.findIndex((n) => aliases.includes(n));
  const entailment = find('entailment');
  const contradiction = find('contradiction');
  const neutral = find('neutral');
  const notEntailment = find('not_entailment', 'non_entailment');
  const maxLength = options.maxLength ?? defaultMaxLength(loaded);
  let scheme: TransformersNliLabelScheme;
  if (
    names.length === 3 &&
    entailment >= 0 &&
    contradiction >= 0 &&
    neutral >= 0 &&
    new Set(names).size === 3
  ) {
    scheme = 'three-way';
  } else if (names.length === 2 && entailment >= 0 && notEntailment >= 0) {
    scheme = 'two-way';
  } else {
    throw new BackfireBackendError(
      backend,
      `model ${JSON.stringify(model)} has labels ${JSON.stringify(labels)}; expected ` +
        '["contradiction","entailment","neutral"] or ["entailment","not_entailment"] in any order ' +
        '(pass id2label to name the classes)',
    );
  }
  return {
    loaded,
    info: { model, labels, scheme, maxLength },
    entailment,
    contradiction,
    neutral,
  };
}

function defaultMaxLength(loaded: LoadedModel): number {
  const fromTokenizer = loaded.tokenizer.model_max_length;
  // Many tokenizer configs say "no limit" with a huge sentinel (1e30); positions still cap it.
  const tokenizerLimit =
    Number.isInteger(fromTokenizer) && fromTokenizer > 0 && fromTokenizer <= 1_000_000
      ? fromTokenizer
      : undefined;
  const limits = [tokenizerLimit, loaded.maxPositions].filter((v): v is number => v !== undefined);
  return limits.length > 0 ? Math.min(...limits) : 512;
}

function encodePairs(
  ready: ReadyModel,
  pairs: ReadonlyArray<readonly [string, string]>,
  backend: string,
): EncodedRow[] {
  const { tokenizer } = ready.loaded;
  const premises = pairs.map((p) => p[0]);
  const hypotheses = pairs.map((p) => p[1]);
  const encoded = callTokenizer(tokenizer, premises, hypotheses, true, backend);
  const rows: EncodedRow[] = encoded.input_ids.map((ids, i) => ({
    ids,
    mask: encoded.attention_mask[i]!,
    types: encoded.token_type_ids?.[i],
  }));
  const maxLength = ready.info.maxLength;
  const tooLong = rows.flatMap((row, i) => (row.ids.length > maxLength ? [i] : []));
  if (tooLong.length > 0) {
    // Cutting the pair encoding at the end would drop the hypothesis — the very text being
    // judged — so the two texts are encoded alone to find them and shortened longest-first.
    const alonePremises = callTokenizer(
      tokenizer,
      tooLong.map((i) => premises[i]!),
      null,
      false,
      backend,
    );
    const aloneHypotheses = callTokenizer(
      tokenizer,
      tooLong.map((i) => hypotheses[i]!),
      null,
      false,
      backend,
    );
    tooLong.forEach((rowIndex, k) => {
      rows[rowIndex] = truncatePair(
        rows[rowIndex]!,
        alonePremises.input_ids[k]!,
        aloneHypotheses.input_ids[k]!,
        maxLength,
        backend,
      );
    });
  }
  return rows;
}

function callTokenizer(
  tokenizer: TfTokenizer,
  texts: string[],
  pairs: string[] | null,
  addSpecialTokens: boolean,
  backend: string,
): TfEncoding {
  let out: unknown;
  try {
    out = tokenizer(texts, {
      text_pair: pairs,
      add_special_tokens: addSpecialTokens,
      padding: false,
      truncation: false,
      return_tensor: false,
    });
  } catch (error) {
    throw new BackfireBackendError(backend, `the tokenizer failed: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const encoding = out as Partial<TfEncoding> | null;
  const ids = encoding?.input_ids;
  const mask = encoding?.attention_mask;
  if (
    !Array.isArray(ids) ||
    !Array.isArray(mask) ||
    ids.length !== texts.length ||
    mask.length !== texts.length
  ) {
    throw new BackfireBackendError(backend, 'the tokenizer returned no input_ids/attention_mask');
  }
  return encoding as TfEncoding;
}

function truncatePair(
  row: EncodedRow,
  premise: readonly number[],
  hypothesis: readonly number[],
  maxLength: number,
  backend: string,
): EncodedRow {
  const n = row.ids.length;
  const specials = n - premise.length - hypothesis.length;
  const premiseStart = specials >= 0 ? findRun(row.ids, premise, 0, specials) : -1;
  const hypothesisStart =
    premiseStart >= 0
      ? findRun(row.ids, hypothesis, premiseStart + premise.length, n - hypothesis.length)
      : -1;
  if (hypothesisStart < 0) {
    throw new BackfireBackendError(
      backend,
      `a pair of ${n} tokens exceeds maxLength ${maxLength} and the tokenizer's pair encoding ` +
        'cannot be split into premise and hypothesis to truncate it',
    );
  }
  const budget = maxLength - specials;
  if (budget < 2) {
    throw new BackfireBackendError(
      backend,
      `maxLength ${maxLength} leaves no room for text after ${specials} special tokens`,
    );
  }
  const [keepPremise, keepHypothesis] = longestFirst(premise.length, hypothesis.length, budget);
  const keep = (i: number): boolean =>
    i < premiseStart ||
    (i < premiseStart + premise.length && i < premiseStart + keepPremise) ||
    (i >= premiseStart + premise.length && i < hypothesisStart) ||
    (i >= hypothesisStart && i < hypothesisStart + keepHypothesis) ||
    i >= hypothesisStart + hypothesis.length;
  const pick = (values: readonly number[]): number[] => values.filter((_, i) => keep(i));
  return {
    ids: pick(row.ids),
    mask: pick(row.mask),
    types: row.types === undefined ? undefined : pick(row.types),
  };
}

function findRun(
  haystack: readonly number[],
  run: readonly number[],
  from: number,
  to: number,
): number {
  for (let start = from; start <= to; start++) {
    let match = true;
    for (let j = 0; j < run.length; j++) {
      if (haystack[start + j] !== run[j]) {
        match = false;
        break;
      }
    }
    if (match) return start;
  }
  return -1;
}

/** Hugging Face's `longest_first`: trim the longer text until both fit, alternating once equal. */
function longestFirst(premise: number, hypothesis: number, budget: number): [number, number] {
  let a = premise;
  let b = hypothesis;
  let excess = a + b - budget;
  if (excess <= 0) return [a, b];
  const gap = Math.min(excess, Math.abs(a - b));
  if (a > b) a -= gap;
  else b -= gap;
  excess -= gap;
  a -= Math.ceil(excess / 2);
  b -= Math.floor(excess / 2);
  return [a, b];
}

async function runModel(
  ready: ReadyModel,
  rows: readonly EncodedRow[],
  backend: string,
): Promise<number[][]> {
  const { tokenizer, model, Tensor, inputNames } = ready.loaded;
  const width = Math.max(...rows.map((r) => r.ids.length));
  const pad = tokenizer.pad_token_id ?? 0;
  const left = tokenizer.padding_side === 'left';
  const dims = [rows.length, width];
  const ids = new BigInt64Array(rows.length * width);
  const mask = new BigInt64Array(rows.length * width);
  const withTypes =
    rows.every((r) => r.types !== undefined) &&
    (inputNames === undefined || inputNames.includes('token_type_ids'));
  const types = withTypes ? new BigInt64Array(rows.length * width) : undefined;
  rows.forEach((row, r) => {
    const offset = r * width + (left ? width - row.ids.length : 0);
    ids.fill(BigInt(pad), r * width, (r + 1) * width);
    row.ids.forEach((v, i) => {
      ids[offset + i] = BigInt(v);
      mask[offset + i] = BigInt(row.mask[i] ?? 1);
      if (types) types[offset + i] = BigInt(row.types![i] ?? 0);
    });
  });
  const inputs: Record<string, TfTensor> = {
    input_ids: new Tensor('int64', ids, dims),
    attention_mask: new Tensor('int64', mask, dims),
  };
  if (types) inputs['token_type_ids'] = new Tensor('int64', types, dims);

  let output: unknown;
  try {
    output = await model(inputs);
  } catch (error) {
    throw new BackfireBackendError(backend, `the model run failed: ${messageOf(error)}`, {
      cause: error,
    });
  }
  let logits = (output as { logits?: TfTensor } | null)?.logits;
  const classes = ready.info.labels.length;
  if (!logits || !Array.isArray(logits.dims)) {
    throw new BackfireBackendError(backend, 'the model returned no logits');
  }
  if (logits.dims.length !== 2 || logits.dims[0] !== rows.length || logits.dims[1] !== classes) {
    throw new BackfireBackendError(
      backend,
      `the model returned logits of shape [${logits.dims.join(', ')}], expected ` +
        `[${rows.length}, ${classes}] (one per label: ${ready.info.labels.join(', ')})`,
    );
  }
  if (logits.type !== 'float32' && logits.type !== 'float64') logits = logits.to('float32');
  const data = logits.data;
  return rows.map((_, r) =>
    Array.from({ length: classes }, (_, c) => Number(data[r * classes + c])),
  );
}

function divergenceFromLogits(
  logits: readonly number[],
  ready: ReadyModel,
  pairIndex: number,
  backend: string,
): number {
  const bad = logits.find((v) => !Number.isFinite(v));
  if (bad !== undefined) {
    throw new BackfireBackendError(
      backend,
      `the model returned a non-finite logit (${bad}) for pair ${pairIndex}; no verdict`,
    );
  }
  const top = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  const p = (i: number): number => exps[i]! / sum;
  const value =
    ready.info.scheme === 'three-way'
      ? p(ready.contradiction) + 0.5 * p(ready.neutral)
      : 1 - p(ready.entailment);
  // Rounding can leave 1 + 1e-16; anything else out of range would be a bug, not noise.
  return Math.min(1, Math.max(0, value));
}
