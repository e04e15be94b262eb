/**
 * What a set of outcomes amounts to: catch rate, false halts, balanced accuracy — overall, per
 * kind, and across a sweep of hard limits. Pure functions over the engine's outcomes.
 */
import type { EvalLabel } from './formats.js';

/** What the metrics read from one answer's outcome. */
export interface LabelledOutcome {
  readonly label: EvalLabel;
  readonly kind: string | null;
  readonly halted: boolean;
}

export interface Metrics {
  readonly answers: number;
  readonly unfaithful: number;
  /** Unfaithful answers halted. */
  readonly caught: number;
  readonly faithful: number;
  /** Faithful answers halted. */
  readonly falseHalts: number;
  /** caught / unfaithful; null without unfaithful answers. */
  readonly catchRate: number | null;
  /** falseHalts / faithful; null without faithful answers. */
  readonly falseHaltRate: number | null;
  /** (catchRate + 1 − falseHaltRate) / 2; null unless both are defined. */
  readonly balancedAccuracy: number | null;
}

export interface KindMetrics extends Metrics {
  /** The items' kind; null for items that gave none. */
  readonly kind: string | null;
}

export interface SweepPoint extends Metrics {
  readonly hardLimit: number;
}

export function computeMetrics(outcomes: Iterable<LabelledOutcome>): Metrics {
  let answers = 0;
  let unfaithful = 0;
  let caught = 0;
  let faithful = 0;
  let falseHalts = 0;
  for (const o of outcomes) {
    answers++;
    if (o.label === 'unfaithful') {
      unfaithful++;
      if (o.halted) caught++;
    } else {
      faithful++;
      if (o.halted) falseHalts++;
    }
  }
  const catchRate = unfaithful === 0 ? null : caught / unfaithful;
  const falseHaltRate = faithful === 0 ? null : falseHalts / faithful;
  const balancedAccuracy =
    catchRate === null || falseHaltRate === null ? null : (catchRate + 1 - falseHaltRate) / 2;
  return {
    answers,
    unfaithful,
    caught,
    faithful,
    falseHalts,
    catchRate,
    falseHaltRate,
    balancedAccuracy,
  };
}

/** Metrics per kind, in order of first appearance (items without a kind grouped as null). */
export function metricsByKind(outcomes: readonly LabelledOutcome[]): KindMetrics[] {
  const groups = new Map<string | null, LabelledOutcome[]>();
  for (const o of outcomes) {
    let group = groups.get(o.kind);
    if (group === undefined) {
      group = [];
      groups.set(o.kind, group);
    }
    group.push(o);
  }
  return [...groups].map(([kind, group]) => ({ kind, ...computeMetrics(group) }));
}

/**
 * The hard limits of a sweep, `from` to `to` inclusive in steps of `step`, computed on a grid of
 * hundred-thousandths so 0.30 + 0.05·k lands exactly on 0.35, 0.4, … (no 0.35000000000000003).
 */
export function sweepLimits(from = 0.3, to = 0.9, step = 0.05): number[] {
  const scale = 100_000;
  const a = Math.round(from * scale);
  const b = Math.round(to * scale);
  const s = Math.round(step * scale);
  if (!(s > 0) || a > b || a < 0 || b > scale) {
    throw new RangeError(
      `a sweep needs 0 ≤ from ≤ to ≤ 1 and step > 0 (got ${from}:${to}:${step})`,
    );
  }
  const out: number[] = [];
  for (let v = a; v <= b; v += s) out.push(v / scale);
  return out;
}

/**
 * The hard limit to run under a false-halt budget: of the sweep points whose false-halt rate is
 * within `maxFalseHaltRate`, the one that catches most; ties go to fewer false halts, then to the
 * lower (less aggressive) hard limit. Null when no point is within budget (or there are no
 * faithful answers to measure false halts on).
 */
export function pickHardLimit(
  sweep: readonly SweepPoint[],
  maxFalseHaltRate: number,
): SweepPoint | null {
  let best: SweepPoint | null = null;
  for (const p of sweep) {
    if (p.falseHaltRate === null || p.falseHaltRate > maxFalseHaltRate + 1e-12) continue;
    if (
      best === null ||
      p.caught > best.caught ||
      (p.caught === best.caught &&
        (p.falseHalts < best.falseHalts ||
          (p.falseHalts === best.falseHalts && p.hardLimit < best.hardLimit)))
    ) {
      best = p;
    }
  }
  return best;
}
