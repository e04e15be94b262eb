export {
  ALIGNMENT_FULL,
  APPROX_TOLERANCE,
  CUE_STRENGTH,
  HeuristicNli,
  type HeuristicNliOptions,
  SINGLE_SPECIFIC_STRENGTH,
} from './heuristic.js';
export { ANTONYM_PAIRS } from './lexicon.js';
export type { NliLabel } from './llm-judge.js';
// The optional backends are not re-exported: TransformersNli lives at
// `@backfire/core/nli/transformers`, so that a bundler never meets its
// `import('@huggingface/transformers')` unless the app imports it, and LlmJudgeNli at
// `@backfire/core/nli/llm-judge`, so that only its users carry its prompt and parsing (the root
// entry stays within its 100 kB budget).
export type {
  ExplainingNliBackend,
  ExplainOptions,
  Grounding,
  NliBackend,
  NliCallOptions,
  NliCue,
  NliCueKind,
  NliExplanation,
} from './types.js';
