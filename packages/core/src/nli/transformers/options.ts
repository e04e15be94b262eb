import { BackfireConfigError } from '../../errors/errors.js';
import {
  checkBoolean,
  checkFunction,
  checkInteger,
  checkNonEmptyText,
  checkObject,
  checkOneOf,
} from '../../internal/check.js';
import { assertKnownKeys, optionKeys } from '../../internal/options.js';
import { labelList } from './labels.js';

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

const TRANSFORMERS_OPTION_KEYS = optionKeys<TransformersNliOptions>()([
  'model',
  'localModelPath',
  'dtype',
  'device',
  'maxLength',
  'batchSize',
  'allowRemoteModels',
  'id2label',
  'importTransformers',
]);

/** Checks the options at construction, so a bad one fails there and not at the first call. */
export function validateOptions(options: TransformersNliOptions): TransformersNliOptions {
  const error = BackfireConfigError;
  checkObject('options', options, { error, rule: 'must be an object with a model' });
  assertKnownKeys('TransformersNli', options, TRANSFORMERS_OPTION_KEYS);
  const { model, localModelPath, dtype, device, maxLength, batchSize, allowRemoteModels } = options;
  checkNonEmptyText('model', model, {
    error,
    blank: 'rejected',
    rule: 'must be a non-empty string (a folder or an id)',
  });
  if (localModelPath !== undefined) checkNonEmptyText('localModelPath', localModelPath, { error });
  if (dtype !== undefined) checkOneOf('dtype', dtype, DTYPES, { error });
  if (device !== undefined) checkOneOf('device', device, DEVICES, { error });
  if (maxLength !== undefined) checkInteger('maxLength', maxLength, 4, { error, atLeast: '≥' });
  if (batchSize !== undefined) checkInteger('batchSize', batchSize, 1, { error, atLeast: '≥' });
  if (allowRemoteModels !== undefined)
    checkBoolean('allowRemoteModels', allowRemoteModels, { error });
  if (options.id2label !== undefined) labelList(options.id2label, 'id2label');
  if (options.importTransformers !== undefined) {
    checkFunction('importTransformers', options.importTransformers, { error });
  }
  return { ...options };
}

/** The id joined to `localModelPath` when one is given; otherwise the model as passed. */
export function resolveModel(model: string, localModelPath: string | undefined): string {
  if (localModelPath === undefined) return model;
  return `${localModelPath.replace(/[\\/]+$/, '')}/${model.replace(/^[\\/]+/, '')}`;
}
