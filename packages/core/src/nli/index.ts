export {
  ALIGNMENT_FULL,
  APPROX_TOLERANCE,
  CUE_STRENGTH,
  HeuristicNli,
  type HeuristicNliOptions,
  SINGLE_SPECIFIC_STRENGTH,
} from './heuristic.js';
export { ANTONYM_PAIRS } from './lexicon.js';
export {
  LLM_JUDGE_INSTRUCTIONS,
  type LlmJudgeCallOptions,
  type LlmJudgeGenerateResult,
  type LlmJudgeJsonValue,
  type LlmJudgeModel,
  LlmJudgeNli,
  type LlmJudgeNliCallOptions,
  type LlmJudgeNliOptions,
  type LlmJudgeVerdict,
  type LlmJudgeVerdictSchema,
  type NliLabel,
} from './llm-judge.js';
// TransformersNli is not re-exported: it lives at `@backfire/core/nli/transformers`, so that a
// bundler never meets its `import('@huggingface/transformers')` unless the app imports it.
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
