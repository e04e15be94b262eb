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
import { InMemoryKnowledge } from '../../packages/core/src/knowledge/index.js';
import { HeuristicNli } from '../../packages/core/src/nli/index.js';
import { type CoherenceScore, CoherenceScorer } from '../../packages/core/src/scoring/index.js';
import { splitSentences } from '../../packages/core/src/text/index.js';

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
  readonly sentences: readonly string[];
  readonly scores: readonly CoherenceScore[];
  /** Index of the sentence that halted the stream, or -1. */
  readonly haltAt: number;
}

/** Streams one answer sentence by sentence and decides whether (and where) it halts. */
export function streamAnswer(
  scorer: CoherenceScorer,
  hardLimit: number,
  prompt: string,
  answer: string,
): StreamOutcome {
  const sentences = splitSentences(answer).map((s) => s.text);
  const scores: CoherenceScore[] = [];
  let previous = '';
  for (const [i, sentence] of sentences.entries()) {
    const score = scorer.reviewSegment(prompt, sentence, { previous });
    scores.push(score);
    if (score.score < hardLimit) return { sentences, scores, haltAt: i };
    previous = previous.length === 0 ? sentence : `${previous} ${sentence}`;
  }
  return { sentences, scores, haltAt: -1 };
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

export function runEvaluation(
  set: EvalSet,
  config = new BackfireConfig(),
  log?: (line: string) => void,
  nli = new HeuristicNli(),
): KindReport[] {
  const knowledge = new InMemoryKnowledge().addDocuments(set.knowledge);
  const scorer = new CoherenceScorer({ config, knowledge, nli });
  const byKind = new Map<string, { total: number; hits: number; early: number }>();
  for (const item of set.items) {
    const kind = item.kind ?? 'faithful';
    const row = byKind.get(kind) ?? { total: 0, hits: 0, early: 0 };
    byKind.set(kind, row);
    row.total++;
    const outcome = streamAnswer(scorer, config.hardLimit, item.prompt, item.answer);
    const errorAt = item.error === null ? -1 : outcome.sentences.indexOf(item.error);
    if (item.label === 'faithful') {
      if (outcome.haltAt >= 0) row.hits++;
    } else if (outcome.haltAt === errorAt) row.hits++;
    else if (outcome.haltAt >= 0 && outcome.haltAt < errorAt) row.early++;
    const wrong = item.label === 'faithful' ? outcome.haltAt >= 0 : outcome.haltAt !== errorAt;
    if (log !== undefined && wrong) {
      log(`${wrong ? '✗' : '✓'} ${item.id} haltAt=${outcome.haltAt} errorAt=${errorAt}`);
      for (const [i, s] of outcome.scores.entries()) {
        const cue = s.evidence.contradiction;
        log(
          `   [${i}] ${s.score.toFixed(3)} hL=${s.hLogical.toFixed(3)} hF=${s.hFactual.toFixed(3)} ` +
            `${cue === null ? '' : `${cue.kind}:${cue.strength.toFixed(2)} (${cue.detail})`} | ${outcome.sentences[i]}` +
            ` || ${s.evidence.chunks.map((c) => c.id).join(',')}`,
        );
      }
    }
  }
  return [...byKind.entries()].map(([kind, r]) => ({ kind, ...r }));
}

function percent(n: number, d: number): string {
  return d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`;
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const asJson = process.argv.includes('--json');
  const set = loadEvalSet(process.argv.includes('--holdout') ? 'holdout' : 'eval');
  // --lenient: HeuristicNli({ specifics: false }), no strict-grounding cue.
  const nli = new HeuristicNli({ specifics: !process.argv.includes('--lenient') });
  const reports = runEvaluation(set, new BackfireConfig(), verbose ? console.log : undefined, nli);
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

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
