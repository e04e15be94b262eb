/**
 * Issue 15's targets: what telemetry costs per token, and how long `backfire replay` takes.
 *
 * - The guard over the 5,000-token stream of guard.bench.ts (constant scorer, so the guard's own
 *   overhead shows), telemetry off (`js`) and `telemetry: true` (`telemetry on`): once with
 *   `@opentelemetry/api` loaded but no SDK registered (its no-op tracer), once with a registered
 *   `BasicTracerProvider` exporting to memory (every span really built and exported).
 * - Replay: 1,000 calls of about 100 words recorded here with the `record` option (the default
 *   scorer, heuristic NLI; a fifth of them contradict a number and halt), written to a JSONL file,
 *   then what `backfire replay traces.jsonl --hard-limit 0.65` runs, timed from reading the file to
 *   the diff (the eval engine over the recorded deltas, each call's evidence chunks as knowledge).
 *
 * The two telemetry rows share the global tracer provider, which `@opentelemetry/api` keeps per
 * process: each measured function first puts the provider its row needs in place (a boolean check
 * per call after the first), so mitata, which runs one case to the end before the next, measures
 * each row under its own setting.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BackfireConfig,
  type BackfireTrace,
  CoherenceScorer,
  createGuard,
  InMemoryKnowledge,
  loadTelemetry,
} from '@backfire/core';
import { evaluate } from '@backfire/core/eval';
import { readTraceFile, replayDiff, traceItems } from '@backfire/core/record';
import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { AnyCase } from './lib.js';

// --- telemetry, per token -------------------------------------------------------------------

const SENTENCES = [
  'The Eiffel Tower was completed in 1889 and stands on the Champ de Mars in Paris.',
  'It is 330 metres tall and was the tallest structure in the world for 41 years.',
  'Gustave Eiffel’s company designed and built the tower for the World Fair.',
  'Millions of people visit the tower every year, and most of them take the lift.',
];
const WORDS: string[] = [];
for (let i = 0; WORDS.length < 5000; i++) {
  for (const w of SENTENCES[i % SENTENCES.length]!.split(' ')) WORDS.push(`${w} `);
}
WORDS.length = 5000;
// A typical answer: one span per 100 tokens instead of per 5,000.
const SHORT = WORDS.slice(0, 100);

async function stream(telemetry: boolean, words: readonly string[] = WORDS): Promise<number> {
  const guard = createGuard({
    scorer: () => 0.9,
    prompt: 'Tell me about the Eiffel Tower.',
    ...(telemetry ? { telemetry: true } : {}),
  });
  for (const w of words) await guard.write(w);
  const result = await guard.end();
  if (result.halted) throw new Error(`benchmark stream halted: ${result.halt?.reason}`);
  return result.tokensReleased;
}

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let registered = false;

/** No SDK: the API's global tracer provider is its no-op one. */
function noSdk(): void {
  if (!registered) return;
  trace.disable();
  registered = false;
}

/** The SDK registered, spans kept in memory (reset now and then so the heap stays flat). */
function withSdk(): void {
  if (!registered) {
    trace.setGlobalTracerProvider(provider);
    registered = true;
  }
  if (exporter.getFinishedSpans().length > 1000) exporter.reset();
}

// --- replay ---------------------------------------------------------------------------------

const CALLS = 1000;
const TOPICS = 50;

/** Facts about invented bridges, and a ~100-word answer about one (6 sentences). */
function topic(i: number) {
  const name = `Bridge ${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26) + 1}`;
  const year = 1850 + ((i * 7) % 150);
  const length = 200 + ((i * 37) % 1800);
  const towers = 2 + (i % 4);
  const lanes = 2 + (i % 6);
  const facts = [
    `${name} was completed in ${year} after nine years of construction work.`,
    `${name} is ${length} metres long and crosses the river near the old harbour.`,
    `${name} has ${towers} stone towers that carry the main suspension cables.`,
    `${name} carries ${lanes} lanes of road traffic and a separate footpath on each side.`,
    `${name} was designed by a team of engineers from the city's technical school.`,
    `${name} is painted grey every twelve years to protect the steel from rust.`,
  ];
  const answer = (wrong: boolean) =>
    [
      `${name} is one of the best known crossings in the region and many visitors walk across it.`,
      `It was completed in ${year} after nine years of construction work on both banks of the river.`,
      `The bridge is ${wrong ? length * 3 + 7 : length} metres long and crosses the river near the old harbour district.`,
      `It has ${towers} stone towers that carry the main suspension cables high above the water below.`,
      `Today it carries ${lanes} lanes of road traffic and a separate footpath on each side for people walking.`,
      `A team of engineers from the city's technical school designed it with great care and skill.`,
    ].join(' ');
  return { name, facts, answer };
}

/** Records CALLS guarded calls through the `record` option; returns the JSONL file. */
async function recordTraces(dir: string): Promise<{ file: string; halted: number; words: number }> {
  const topics = Array.from({ length: TOPICS }, (_, i) => topic(i));
  const knowledge = new InMemoryKnowledge();
  topics.forEach((t, i) => {
    t.facts.forEach((f, j) => {
      knowledge.addFact(`b${i}-${j}`, f);
    });
  });
  const scorer = new CoherenceScorer({ knowledge });
  const traces: BackfireTrace[] = [];
  let words = 0;
  for (let call = 0; call < CALLS; call++) {
    const t = topics[call % TOPICS]!;
    const text = t.answer(call % 5 === 4);
    const deltas = text.split(' ').map((w, i, all) => (i < all.length - 1 ? `${w} ` : w));
    words += deltas.length;
    const guard = createGuard({
      scorer,
      prompt: `Tell me about ${t.name}.`,
      record: (tr) => traces.push(tr),
    });
    for (const d of deltas) {
      await guard.write(d);
      if (guard.halted) break;
    }
    await guard.end();
  }
  if (traces.length !== CALLS) throw new Error(`recorded ${traces.length} of ${CALLS} calls`);
  const file = join(dir, 'traces.jsonl');
  writeFileSync(file, `${traces.map((tr) => JSON.stringify(tr)).join('\n')}\n`);
  return { file, halted: traces.filter((tr) => tr.halt !== null).length, words: words / CALLS };
}

/** What `backfire replay <file> --hard-limit 0.65` computes, without printing it. */
async function replay(file: string): Promise<number> {
  const traces = readTraceFile(file);
  const first = traces[0]!.trace;
  const recorded = BackfireConfig.fromJSON(first.config);
  const config = recorded.with({ hardLimit: 0.65, softLimit: Math.max(recorded.softLimit, 0.65) });
  const report = await evaluate(traceItems(traces), {
    config,
    release: first.release,
    ...(first.grounding !== undefined ? { grounding: first.grounding } : {}),
    sweep: [],
    command: 'replay',
    input: file,
    configSource: 'recorded config + --hard-limit 0.65',
  });
  const diff = replayDiff(traces, report.items);
  return diff.nowHalt.length + diff.noLongerHalt.length + diff.moved.length;
}

export async function cases(): Promise<AnyCase[]> {
  // The API loaded as the adapters load it (once, before the first guard opens its span).
  await loadTelemetry(true);
  const dir = mkdtempSync(join(tmpdir(), 'backfire-replay-bench-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const recorded = await recordTraces(dir);
  const probe = new CoherenceScorer({ knowledge: new InMemoryKnowledge() });
  // What each row measures really happens: spans with the SDK, none without.
  exporter.reset();
  noSdk();
  await stream(true);
  const withoutSdk = exporter.getFinishedSpans().length;
  withSdk();
  await stream(true);
  const guardSpans = exporter.getFinishedSpans().filter((s) => s.name === 'backfire.guard');
  noSdk();
  if (withoutSdk !== 0 || guardSpans.length !== 1) {
    throw new Error(`bench: ${withoutSdk} spans without the SDK, ${guardSpans.length} with it`);
  }
  console.log(
    `observability: recorded ${CALLS} calls, ${recorded.words.toFixed(0)} words each on average, ` +
      `${recorded.halted} halted; replay scores on ${probe.backend}, ` +
      `${await replay(recorded.file)} verdicts change at --hard-limit 0.65`,
  );
  const noSdkRow =
    'guard + telemetry, 5,000-token stream, per token (constant scorer; @opentelemetry/api, no SDK registered)';
  const sdkRow =
    'guard + telemetry, 5,000-token stream, per token (constant scorer; BasicTracerProvider, in-memory exporter)';
  const shortRow =
    'guard + telemetry, 100-token answer, per token (constant scorer; BasicTracerProvider, in-memory exporter)';
  return [
    {
      row: noSdkRow,
      variant: 'js',
      fn: () => {
        noSdk();
        return stream(false);
      },
      perOp: 5000,
    },
    {
      row: noSdkRow,
      variant: 'telemetry on',
      fn: () => {
        noSdk();
        return stream(true);
      },
      perOp: 5000,
      target: '≈ off',
    },
    {
      row: sdkRow,
      variant: 'js',
      fn: () => {
        withSdk();
        return stream(false);
      },
      perOp: 5000,
    },
    {
      row: sdkRow,
      variant: 'telemetry on',
      fn: () => {
        withSdk();
        return stream(true);
      },
      perOp: 5000,
      target: '≤ 1 µs over off',
    },
    {
      row: shortRow,
      variant: 'js',
      fn: () => {
        withSdk();
        return stream(false, SHORT);
      },
      perOp: 100,
    },
    {
      row: shortRow,
      variant: 'telemetry on',
      fn: () => {
        withSdk();
        return stream(true, SHORT);
      },
      perOp: 100,
      target: '≤ 1 µs over off',
    },
    {
      row: `backfire replay, ${CALLS.toLocaleString('en')} recorded calls of ~100 words (heuristic scorer, --hard-limit 0.65)`,
      variant: probe.backend,
      fn: async () => {
        noSdk();
        return replay(recorded.file);
      },
      target: '≤ 10 s',
    },
  ];
}
