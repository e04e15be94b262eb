/**
 * Runs the labelled evaluation set (eval-set.json) through CoherenceScorer with the default config
 * and prints, per kind of error, how many unfaithful answers are caught and how many faithful ones
 * are halted by mistake.
 *
 *   npx tsx bench/quality/evaluate.ts [--holdout] [--lenient] [--verbose] [--json]
 *
 * An answer is streamed sentence by sentence; it halts at the first sentence whose coherence is
 * below the kernel's default hardLimit (0.5). `streamAnswer` is the one place that decides this,
 * so the stream guard can replace it later.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackfireConfig } from '../../packages/core/src/config/index.js';
import { createGuard, type GuardHalt } from '../../packages/core/src/guard/index.js';
import { InMemoryKnowledge } from '../../packages/core/src/knowledge/index.js';
import { HeuristicNli } from '../../packages/core/src/nli/index.js';
import { CoherenceScorer } from '../../packages/core/src/scoring/index.js';

export interface EvalItem {
  readonly id: string;
  readonly topic: string;
  readonly prompt: string;
  readonly answer: string;
  readonly label: 'faithful' | 'unfaithful';
  readonly kind: string | null;
  readonly error: string | null;
}

export interface EvalSet {
  readonly knowledge: ReadonlyArray<{ readonly id: string; readonly text: string }>;
  readonly items: readonly EvalItem[];
}

export interface StreamOutcome {
  /** The guard's segments (sentences), trimmed. */
  readonly sentences: readonly string[];
  readonly scores: readonly (number | null)[];
  /** Index of the segment that halted the stream, or -1. */
  readonly haltAt: number;
  readonly halt: GuardHalt | null;
}

/**
 * Streams one answer word by word through the real stream guard (sentence segmentation, the
 * kernel's hard limit, window and trend over the sentence series) and reports where it halted.
 */
export async function streamAnswer(
  scorer: CoherenceScorer,
  config: BackfireConfig,
  prompt: string,
  answer: string,
): Promise<StreamOutcome> {
  const guard = createGuard({ scorer, config, prompt, release: 'verified' });
  for (const word of answer.match(/\S+\s*/gu) ?? []) {
    await guard.write(word);
    if (guard.halted) break;
  }
  const result = await guard.end();
  // A halt records the failing segment; the segments list ends with it.
  const segments = result.segments;
  const haltAt = result.halt === null ? -1 : segments.length - 1;
  return {
    sentences: segments.map((s) => s.text.trim()),
    scores: segments.map((s) => s.score),
    haltAt,
    halt: result.halt,
  };
}

export interface KindReport {
  readonly kind: string;
  readonly total: number;
  /** Unfaithful: halted at the wrong sentence. Faithful: halted at all (a false halt). */
  readonly hits: number;
  /** Unfaithful answers halted before the wrong sentence (a faithful sentence halted). */
  readonly early: number;
}

/** `eval-set.json` (the set the heuristic was tuned on) or `holdout-set.json` (never tuned on). */
export function loadEvalSet(name: 'eval' | 'holdout' = 'eval'): EvalSet {
  const here = dirname(fileURLToPath(import.meta.url));
  return JSON.parse(readFileSync(join(here, `${name}-set.json`), 'utf8')) as EvalSet;
}

export async function runEvaluation(
  set: EvalSet,
  config = new BackfireConfig(),
  log?: (line: string) => void,
  nli = new HeuristicNli(),
): Promise<KindReport[]> {
  const knowledge = new InMemoryKnowledge().addDocuments(set.knowledge);
  const scorer = new CoherenceScorer({ config, knowledge, nli });
  const byKind = new Map<string, { total: number; hits: number; early: number }>();
  for (const item of set.items) {
    const kind = item.kind ?? 'faithful';
    const row = byKind.get(kind) ?? { total: 0, hits: 0, early: 0 };
    byKind.set(kind, row);
    row.total++;
    const outcome = await streamAnswer(scorer, config, item.prompt, item.answer);
    const errorAt = item.error === null ? -1 : outcome.sentences.indexOf(item.error.trim());
    if (item.label === 'faithful') {
      if (outcome.haltAt >= 0) row.hits++;
    } else if (outcome.haltAt === errorAt) row.hits++;
    else if (outcome.haltAt >= 0 && outcome.haltAt < errorAt) row.early++;
    const wrong = item.label === 'faithful' ? outcome.haltAt >= 0 : outcome.haltAt !== errorAt;
    if (log !== undefined && wrong) {
      log(`${wrong ? '✗' : '✓'} ${item.id} haltAt=${outcome.haltAt} errorAt=${errorAt}`);
      for (const [i, s] of outcome.scores.entries()) {
        log(`   [${i}] ${s === null ? 'unscored' : s.toFixed(3)} | ${outcome.sentences[i]}`);
      }
      if (outcome.halt !== null) log(`   halt: ${outcome.halt.reason}`);
    }
  }
  return [...byKind.entries()].map(([kind, r]) => ({ kind, ...r }));
}

function percent(n: number, d: number): string {
  return d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`;
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const asJson = process.argv.includes('--json');
  const set = loadEvalSet(process.argv.includes('--holdout') ? 'holdout' : 'eval');
  // --lenient: HeuristicNli({ specifics: false }), no strict-grounding cue.
  const nli = new HeuristicNli({ specifics: !process.argv.includes('--lenient') });
  const reports = await runEvaluation(
    set,
    new BackfireConfig(),
    verbose ? console.log : undefined,
    nli,
  );
  if (asJson) {
    console.log(JSON.stringify(reports, null, 2));
    return;
  }
  const faithful = reports.find((r) => r.kind === 'faithful');
  const unfaithful = reports.filter((r) => r.kind !== 'faithful');
  console.log('kind          answers  caught  halted-early  catch rate');
  let total = 0;
  let caught = 0;
  for (const r of unfaithful.sort((a, b) => a.kind.localeCompare(b.kind))) {
    total += r.total;
    caught += r.hits;
    console.log(
      `${r.kind.padEnd(14)}${String(r.total).padStart(7)}${String(r.hits).padStart(8)}` +
        `${String(r.early).padStart(14)}  ${percent(r.hits, r.total)}`,
    );
  }
  console.log(
    `${'all unfaithful'.padEnd(14)}${String(total).padStart(7)}${String(caught).padStart(8)}` +
      `${''.padStart(14)}  ${percent(caught, total)}`,
  );
  if (faithful !== undefined) {
    console.log(
      `faithful      ${String(faithful.total).padStart(7)}  false halts ${faithful.hits}  ` +
        `false-halt rate ${percent(faithful.hits, faithful.total)}`,
    );
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1])
  await main();
