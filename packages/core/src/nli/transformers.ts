/**
 * `@backfire/core/nli/transformers`: the Transformers.js NLI backend, on its own entry point so
 * that a bundler never meets its `import('@huggingface/transformers')` unless the app imports it.
 * The backend's parts live in `./transformers/`: options, importing the library, loading a model,
 * reading its labels, encoding pairs, truncating them, running the model, logits to divergence.
 */
export type { TransformersNliLabelScheme } from './transformers/labels.js';
export type {
  TransformersDevice,
  TransformersDtype,
  TransformersNliOptions,
} from './transformers/options.js';
export type { TransformersNliModelInfo } from './transformers/ready.js';
export {
  TransformersNli,
  type TransformersNliCallOptions,
} from './transformers/transformers-nli.js';
