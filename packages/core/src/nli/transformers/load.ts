import { BackfireBackendError } from '../../errors/errors.js';
import { messageOf } from './failures.js';
import {
  importModule,
  type TfLoadOptions,
  type TfModel,
  type TfTokenizer,
  type TransformersModule,
} from './library.js';
import type { TransformersNliOptions } from './options.js';

/** A model as Transformers.js loaded it, before its labels are read. */
export interface LoadedModel {
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

export function sharedLoad(
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
