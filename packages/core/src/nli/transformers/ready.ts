import { BackfireBackendError, describeValue } from '../../errors/errors.js';
import { labelList, normaliseLabel, type TransformersNliLabelScheme } from './labels.js';
import type { LoadedModel } from './load.js';
import type { TransformersNliOptions } from './options.js';

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

/** A loaded model whose labels were read: what scoring needs. */
export interface ReadyModel {
  readonly loaded: LoadedModel;
  readonly info: TransformersNliModelInfo;
  /** Class indices; `neutral` is −1 in the two-way scheme. */
  readonly entailment: number;
  readonly contradiction: number;
  readonly neutral: number;
}

/** Reads the loaded model's labels (or the caller's `id2label`) and its token limit. */
export function prepare(
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
