/**
 * One evaluation from items to report: the run under the given config, the hard-limit sweep, the
 * budget pick. `backfire eval` calls it with a labelled file's items; `backfire replay` is meant
 * to call it with recorded traces turned into items, for the same report and HTML.
 */

import { backend } from '../native/index.js';
import {
  type EvalEngineOptions,
  engineConfig,
  type ItemOutcome,
  prepareItems,
  runItems,
  runSweep,
} from './engine.js';
import type { EvalItem } from './formats.js';
import { sweepLimits } from './metrics.js';
import { buildReport, type EvalReport } from './report.js';

export interface EvaluateOptions extends Omit<EvalEngineOptions, 'onOutcome'> {
  /** Hard limits to sweep; default 0.30 to 0.90 in steps of 0.05; `[]` for none. */
  readonly sweep?: readonly number[];
  /** Pick the highest-catch hard limit whose false-halt rate is at most this (a fraction). */
  readonly maxFalseHaltRate?: number;
  /** `eval` (default) or `replay`: shown in the report. */
  readonly command?: string;
  /** The input's name, shown in the report. */
  readonly input?: string;
  /** How the config was chosen, shown in the report. Default `custom` or `defaults`. */
  readonly configSource?: string;
  /** Progress: answers run so far out of all runs' answers (the run plus every sweep point). */
  readonly onProgress?: (done: number, total: number, phase: string) => void;
}

export async function evaluate(
  items: readonly EvalItem[],
  options: EvaluateOptions = {},
): Promise<EvalReport> {
  const started = performance.now();
  const config = engineConfig(options);
  const sweep = options.sweep ?? sweepLimits();
  const prepared = prepareItems(items);
  const total = prepared.length * (1 + sweep.length);
  let done = 0;
  const tick = (phase: string) => (_o: ItemOutcome) => {
    done++;
    options.onProgress?.(done, total, phase);
  };
  const {
    onProgress: _p,
    sweep: _s,
    maxFalseHaltRate,
    command,
    input,
    configSource,
    ...engine
  } = options;
  const outcomes = await runItems(prepared, { ...engine, config, onOutcome: tick('run') });
  const runEnd = performance.now();
  let points: Awaited<ReturnType<typeof runSweep>> = [];
  if (sweep.length > 0) {
    const sweepTick = tick('sweep');
    points = await runSweep(prepared, { ...engine, config, onOutcome: sweepTick }, sweep);
  }
  const end = performance.now();
  return buildReport({
    command: command ?? 'eval',
    input: input ?? '(items)',
    settings: {
      config: config.toJSON(),
      configSource: configSource ?? (options.config === undefined ? 'defaults' : 'custom'),
      release: options.release ?? 'verified',
      nli: options.nli?.name ?? 'heuristic',
      // The scorer runs in Rust only with the built-in heuristic (see CoherenceScorerOptions.native).
      scoring: options.nli === undefined ? backend : 'js',
      grounding: options.grounding ?? null,
    },
    outcomes,
    sweep: points,
    ...(maxFalseHaltRate !== undefined ? { maxFalseHaltRate } : {}),
    timing: { runMs: runEnd - started, sweepMs: end - runEnd, totalMs: end - started },
  });
}
