/**
 * The evaluation report: what `--json` prints, what the text summary and the HTML page are drawn
 * from. One shape for `backfire eval` and (later) `backfire replay`.
 */
import type { BackfireConfigFields } from '../config/config.js';
import type { ReleasePolicy } from '../guard/types.js';
import type { Grounding, ItemOutcome } from './engine.js';
import {
  computeMetrics,
  type KindMetrics,
  type Metrics,
  metricsByKind,
  pickHardLimit,
  type SweepPoint,
} from './metrics.js';

export const REPORT_VERSION = 1;

/** How the run was set up (shown at the top of every report). */
export interface ReportSettings {
  /** The config every answer ran under (the sweep varies only hardLimit, softLimit following). */
  readonly config: BackfireConfigFields;
  /** How the config was chosen, e.g. `preset medical, --hard-limit 0.6`. */
  readonly configSource: string;
  readonly release: ReleasePolicy;
  /** The NLI backend's name. */
  readonly nli: string;
  /** Where sentences were scored: the Rust addon (built-in heuristic only) or TypeScript. */
  readonly scoring: 'native' | 'js';
  /** The scorer's grounding; null when left to the scorer's default. */
  readonly grounding: Grounding | null;
}

export interface EvalReport {
  readonly version: typeof REPORT_VERSION;
  /** `eval` (a labelled file) or `replay` (recorded traces). */
  readonly command: string;
  /** The input file. */
  readonly input: string;
  readonly settings: ReportSettings;
  readonly summary: {
    readonly overall: Metrics;
    readonly byKind: readonly KindMetrics[];
  };
  /** Metrics at each hard limit of the sweep (each point a full run through the guard). */
  readonly sweep: readonly SweepPoint[];
  /** The `--max-false-halts` pick: null when no budget was given. */
  readonly budget: {
    readonly maxFalseHaltRate: number;
    /** The highest-catch sweep point within budget; null when none is. */
    readonly pick: SweepPoint | null;
  } | null;
  /** Every answer's outcome under `settings.config`, in input order. */
  readonly items: readonly ItemOutcome[];
  readonly timing: {
    readonly runMs: number;
    readonly sweepMs: number;
    readonly totalMs: number;
  };
}

export interface ReportInput {
  readonly command: string;
  readonly input: string;
  readonly settings: ReportSettings;
  readonly outcomes: readonly ItemOutcome[];
  readonly sweep: readonly SweepPoint[];
  readonly maxFalseHaltRate?: number;
  readonly timing: EvalReport['timing'];
}

export function buildReport(input: ReportInput): EvalReport {
  return {
    version: REPORT_VERSION,
    command: input.command,
    input: input.input,
    settings: input.settings,
    summary: {
      overall: computeMetrics(input.outcomes),
      byKind: metricsByKind(input.outcomes),
    },
    sweep: input.sweep,
    budget:
      input.maxFalseHaltRate === undefined
        ? null
        : {
            maxFalseHaltRate: input.maxFalseHaltRate,
            pick: pickHardLimit(input.sweep, input.maxFalseHaltRate),
          },
    items: input.outcomes,
    timing: input.timing,
  };
}

/** Unfaithful answers that passed. */
export function misses(report: EvalReport): ItemOutcome[] {
  return report.items.filter((o) => o.label === 'unfaithful' && !o.halted);
}

/** Faithful answers that halted. */
export function falseHalts(report: EvalReport): ItemOutcome[] {
  return report.items.filter((o) => o.label === 'faithful' && o.halted);
}

export function percent(value: number | null, digits = 1): string {
  return value === null ? '—' : `${(100 * value).toFixed(digits)}%`;
}

/** A kind for display: items without one show as `(none)`. */
export function kindLabel(kind: string | null): string {
  return kind ?? '(none)';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The plain-text report printed to stdout. */
export function formatText(report: EvalReport, options: { maxListed?: number } = {}): string {
  const maxListed = options.maxListed ?? 10;
  const { overall } = report.summary;
  const s = report.settings;
  const out: string[] = [];
  out.push(
    `backfire ${report.command} — ${report.input}: ${overall.answers} answers ` +
      `(${overall.faithful} faithful, ${overall.unfaithful} unfaithful)`,
  );
  out.push(
    `config: ${s.configSource} · hardLimit ${s.config.hardLimit} · release ${s.release} · ` +
      `nli ${s.nli} (${s.scoring}) · grounding ${s.grounding ?? 'default'}`,
  );
  out.push('');
  const head = [
    'kind'.padEnd(18),
    'answers'.padStart(8),
    'caught'.padStart(12),
    'catch rate'.padStart(11),
    'false halts'.padStart(13),
    'false-halt rate'.padStart(16),
    'balanced acc.'.padStart(14),
  ];
  out.push(head.join(''));
  const row = (name: string, m: Metrics): string =>
    [
      clip(name, 17).padEnd(18),
      String(m.answers).padStart(8),
      `${m.caught}/${m.unfaithful}`.padStart(12),
      percent(m.catchRate).padStart(11),
      `${m.falseHalts}/${m.faithful}`.padStart(13),
      percent(m.falseHaltRate).padStart(16),
      percent(m.balancedAccuracy).padStart(14),
    ].join('');
  out.push(row('all', overall));
  const kinds = report.summary.byKind;
  if (!(kinds.length === 1 && kinds[0]!.answers === overall.answers && kinds[0]!.kind === null)) {
    for (const k of kinds) out.push(row(kindLabel(k.kind), k));
  }
  if (report.sweep.length > 0) {
    out.push('');
    out.push('hard-limit sweep (each row a full run through the guard):');
    out.push(
      `${'hardLimit'.padEnd(11)}${'catch'.padStart(8)}${'false halts'.padStart(13)}` +
        `${'balanced acc.'.padStart(15)}`,
    );
    const pick = report.budget?.pick ?? null;
    for (const p of report.sweep) {
      const marks: string[] = [];
      if (Math.abs(p.hardLimit - s.config.hardLimit) < 1e-9) marks.push('current');
      if (pick !== null && p.hardLimit === pick.hardLimit) marks.push('budget pick');
      out.push(
        `${p.hardLimit.toFixed(2).padEnd(11)}${percent(p.catchRate).padStart(8)}` +
          `${percent(p.falseHaltRate).padStart(13)}${percent(p.balancedAccuracy).padStart(15)}` +
          (marks.length > 0 ? `  ← ${marks.join(', ')}` : ''),
      );
    }
  }
  if (report.budget !== null) {
    const { maxFalseHaltRate, pick } = report.budget;
    out.push('');
    out.push(
      pick === null
        ? `false halts ≤ ${percent(maxFalseHaltRate)}: no hard limit in the sweep stays within budget`
        : `false halts ≤ ${percent(maxFalseHaltRate)}: hardLimit ${pick.hardLimit.toFixed(2)} ` +
            `catches ${percent(pick.catchRate)} with ${percent(pick.falseHaltRate)} false halts ` +
            `(balanced accuracy ${percent(pick.balancedAccuracy)})`,
    );
  }
  const falses = falseHalts(report);
  out.push('');
  out.push(`false halts: ${falses.length}`);
  for (const o of falses.slice(0, maxListed)) {
    out.push(`  ${o.id}  ${clip(o.answer, 60)}  — ${o.halt?.reason ?? ''}`);
  }
  if (falses.length > maxListed) out.push(`  … and ${falses.length - maxListed} more`);
  out.push(`misses (unfaithful answers that passed): ${misses(report).length}`);
  out.push('');
  out.push(
    `time: run ${seconds(report.timing.runMs)}, sweep ${seconds(report.timing.sweepMs)} ` +
      `(${report.sweep.length} runs), total ${seconds(report.timing.totalMs)}`,
  );
  return `${out.join('\n')}\n`;
}
