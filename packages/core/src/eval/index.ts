/**
 * `@backfire/core/eval`: the engine behind `backfire eval` — run labelled answers through the real
 * stream guard, measure catch rate and false halts, sweep the hard limit, render the report.
 * A subpath of its own so that the root entry stays small.
 */
export {
  type EvalEngineOptions,
  engineConfig,
  type Grounding,
  type HaltOutcome,
  type ItemOutcome,
  type PreparedItem,
  prepareItems,
  runItems,
  runSweep,
  type SentenceOutcome,
  streamThroughGuard,
  withHardLimit,
} from './engine.js';
export { type EvaluateOptions, evaluate } from './evaluate.js';
export {
  EvalInputError,
  type EvalItem,
  type EvalLabel,
  type ParseOptions,
  parseEvalJsonl,
  parseLine,
  readEvalFile,
} from './formats.js';
export { escapeHtml, evidenceHtml, renderHtml, sweepChart } from './html.js';
export {
  computeMetrics,
  type KindMetrics,
  type LabelledOutcome,
  type Metrics,
  metricsByKind,
  pickHardLimit,
  type SweepPoint,
  sweepLimits,
} from './metrics.js';
export {
  buildReport,
  type EvalReport,
  falseHalts,
  formatText,
  kindLabel,
  misses,
  percent,
  REPORT_VERSION,
  type ReportInput,
  type ReportSettings,
} from './report.js';
