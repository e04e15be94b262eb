/**
 * The evaluation engine: streams labelled answers through the real stream guard, word by word, and
 * records what happened to each one. `backfire eval` runs it on a JSONL file; `backfire replay`
 * (recorded traces under a new config) is meant to feed it the same way, so both share one report.
 */
import { BackfireConfig, type BackfireConfigInit } from '../config/config.js';
import { type BackfireOptions, resolveGuardOptions } from '../guard/adapter-options.js';
import { createGuard } from '../guard/guard.js';
import type { JsonValue } from '../guard/halt-record.js';
import type { GuardResult } from '../guard/types.js';
import type { HaltKind } from '../kernel/types.js';
import { InMemoryKnowledge } from '../knowledge/in-memory.js';
import type { KnowledgeSource } from '../knowledge/types.js';
import { HeuristicNli } from '../nli/heuristic.js';
import type { Grounding, NliBackend } from '../nli/types.js';
import { CoherenceScorer } from '../scoring/scorer.js';
import type { CoherenceScorerOptions } from '../scoring/types.js';
import type { EvalItem, EvalLabel } from './formats.js';
import { computeMetrics, type SweepPoint } from './metrics.js';

export type { Grounding } from '../nli/types.js';

/** Guard settings an evaluation passes through to every guard unchanged. */
type PassedGuardSettings =
  | 'release'
  | 'maxSegmentWords'
  | 'scoreTimeoutMs'
  | 'onTimeout'
  | 'maxConcurrentChecks'
  | 'maxUnverifiedWords'
  | 'maxUnverifiedTokens';

/** What an evaluation runs under: the adapters' options, less what each item brings itself. */
export interface EvalEngineOptions extends Pick<BackfireOptions, PassedGuardSettings> {
  /** Thresholds and weights. Default: the defaults. */
  readonly config?: BackfireConfig | BackfireConfigInit;
  /** The scorer's NLI backend. Default: one `HeuristicNli` shared by every item. */
  readonly nli?: NliBackend;
  /** Passed to `CoherenceScorer` as `grounding` when set. */
  readonly grounding?: Grounding;
  /** Called after each answer. */
  readonly onOutcome?: (outcome: ItemOutcome, done: number, total: number) => void;
}

/** One segment (sentence) of an answer as the guard scored it. */
export interface SentenceOutcome {
  readonly text: string;
  /** Null when unscored (code, no words, a timeout with onTimeout 'pass', or after a halt). */
  readonly score: number | null;
  readonly status: 'passed' | 'failed' | 'unscored';
}

/** How an answer halted. */
export interface HaltOutcome {
  readonly kind: HaltKind;
  /** e.g. `hard_limit (0.3000 < 0.5)`. */
  readonly reason: string;
  readonly score: number;
  /** The sentence that halted the stream. */
  readonly sentence: string;
  /** Word index of its first word. */
  readonly tokenIndex: number;
}

/** What happened to one labelled answer. */
export interface ItemOutcome {
  readonly id: string;
  readonly kind: string | null;
  readonly label: EvalLabel;
  readonly line: number;
  readonly prompt: string;
  readonly answer: string;
  readonly halted: boolean;
  readonly halt: HaltOutcome | null;
  /** The lowest sentence score; null when no sentence was scored. */
  readonly minScore: number | null;
  readonly sentences: readonly SentenceOutcome[];
  /**
   * The scorer's evidence (retrieved chunks, the contradiction cue), JSON-safe: the halting
   * sentence's when halted, else the weakest sentence's; null when there is none.
   */
  readonly evidence: JsonValue | null;
  readonly durationMs: number;
}

/** An item with its knowledge source built (shared by items with the same knowledge). */
export interface PreparedItem {
  readonly item: EvalItem;
  readonly knowledge: KnowledgeSource | undefined;
}

/**
 * Builds each distinct knowledge base once — a fresh `InMemoryKnowledge` per distinct knowledge,
 * one document per entry — so an item only ever sees its own knowledge, and a HaluEval line's
 * answers (or a sweep's repeated runs) share one index.
 */
export function prepareItems(items: readonly EvalItem[]): PreparedItem[] {
  const stores = new Map<string, KnowledgeSource | undefined>();
  return items.map((item) => {
    const key = JSON.stringify(item.knowledge);
    let knowledge = stores.get(key);
    if (!stores.has(key)) {
      knowledge =
        item.knowledge.length === 0
          ? undefined
          : new InMemoryKnowledge().addDocuments(
              item.knowledge.map((text, i) => ({ id: `k${i + 1}`, text })),
            );
      stores.set(key, knowledge);
    }
    return { item, knowledge };
  });
}

/** The config `options` describe, validated. */
export function engineConfig(options: EvalEngineOptions): BackfireConfig {
  return BackfireConfig.from(options.config);
}

/** `config` with another hard limit; softLimit (warnings only) is raised to it when below. */
export function withHardLimit(config: BackfireConfig, hardLimit: number): BackfireConfig {
  return config.with({ hardLimit, softLimit: Math.max(config.softLimit, hardLimit) });
}

const sharedHeuristic = new HeuristicNli();

/**
 * Streams one answer word by word (like a model's deltas) through a guard over `scorer` and
 * reports what happened.
 */
export async function streamThroughGuard(
  guardOptions: BackfireOptions,
  prompt: string,
  answer: string,
  deltas?: readonly string[],
): Promise<GuardResult> {
  const guard = createGuard(resolveGuardOptions(guardOptions, { prompt }));
  for (const word of deltas ?? answer.match(/\S+\s*/gu) ?? []) {
    await guard.write(word);
    if (guard.halted) break;
  }
  return guard.end();
}

/** Runs every item through the guard, one after another, and returns their outcomes in order. */
export async function runItems(
  items: readonly (EvalItem | PreparedItem)[],
  options: EvalEngineOptions = {},
): Promise<ItemOutcome[]> {
  const prepared = items.every(isPrepared)
    ? (items as readonly PreparedItem[])
    : prepareItems(items.map((i) => (isPrepared(i) ? i.item : i)));
  const config = engineConfig(options);
  const nli = options.nli ?? sharedHeuristic;
  const guardSettings: BackfireOptions = {
    release: options.release ?? 'verified',
    ...pick(options, [
      'maxSegmentWords',
      'scoreTimeoutMs',
      'onTimeout',
      'maxConcurrentChecks',
      'maxUnverifiedWords',
      'maxUnverifiedTokens',
    ]),
  };
  const outcomes: ItemOutcome[] = [];
  for (const { item, knowledge } of prepared) {
    const scorerOptions: Record<string, unknown> = { config, nli };
    if (knowledge !== undefined) scorerOptions['knowledge'] = knowledge;
    if (options.grounding !== undefined) scorerOptions['grounding'] = options.grounding;
    // A scorer per item: it remembers approved responses (history), which must not leak.
    const scorer = new CoherenceScorer(scorerOptions as CoherenceScorerOptions);
    const started = performance.now();
    const result = await streamThroughGuard(
      { ...guardSettings, scorer, config },
      item.prompt,
      item.answer,
      item.deltas,
    );
    const outcome = toOutcome(item, result, performance.now() - started);
    outcomes.push(outcome);
    options.onOutcome?.(outcome, outcomes.length, prepared.length);
  }
  return outcomes;
}

/**
 * Runs every item once per hard limit — the real guard each time, nothing derived — and returns
 * the metrics at each. `onOutcome` is called for every answer of every run.
 */
export async function runSweep(
  items: readonly (EvalItem | PreparedItem)[],
  options: EvalEngineOptions,
  hardLimits: readonly number[],
): Promise<SweepPoint[]> {
  const prepared = items.every(isPrepared)
    ? (items as readonly PreparedItem[])
    : prepareItems(items.map((i) => (isPrepared(i) ? i.item : i)));
  const base = engineConfig(options);
  const points: SweepPoint[] = [];
  for (const hardLimit of hardLimits) {
    const outcomes = await runItems(prepared, {
      ...options,
      config: withHardLimit(base, hardLimit),
    });
    points.push({ hardLimit, ...computeMetrics(outcomes) });
  }
  return points;
}

function isPrepared(value: EvalItem | PreparedItem): value is PreparedItem {
  return 'item' in value;
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function toOutcome(item: EvalItem, result: GuardResult, durationMs: number): ItemOutcome {
  const sentences = result.segments.map(
    (s): SentenceOutcome => ({ text: s.text.trim(), score: s.score, status: s.status }),
  );
  let weakest: (typeof result.segments)[number] | undefined;
  for (const s of result.segments) {
    if (s.score !== null && (weakest === undefined || s.score < weakest.score!)) weakest = s;
  }
  const halt = result.halt;
  return {
    id: item.id,
    kind: item.kind,
    label: item.label,
    line: item.line,
    prompt: item.prompt,
    answer: item.answer,
    halted: halt !== null,
    halt:
      halt === null
        ? null
        : {
            kind: halt.kind,
            reason: halt.reason,
            score: halt.score,
            sentence: halt.segment.trim(),
            tokenIndex: halt.tokenIndex,
          },
    minScore: weakest === undefined ? null : weakest.score,
    sentences,
    evidence: jsonSafe(halt !== null ? halt.evidence : weakest?.evidence),
    durationMs,
  };
}

/** Evidence as plain JSON (what a report can print and `--json` can emit); null when absent. */
function jsonSafe(value: unknown): JsonValue | null {
  if (value === undefined || value === null) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return String(value);
  }
}
