/**
 * `backfire replay <traces.jsonl>`: re-runs recorded calls offline under another config — each
 * call's recorded deltas through a fresh guard whose knowledge is the evidence its scorer
 * retrieved — and prints which calls would now halt, which would no longer halt, and where. The
 * report (`--json`, `--html`) is the eval engine's.
 */
import { parseArgs } from 'node:util';
import { BackfireConfig } from '../config/config.js';
import { evaluate } from '../eval/evaluate.js';
import { EvalInputError } from '../eval/formats.js';
import { renderHtml } from '../eval/html.js';
import { formatText } from '../eval/report.js';
import { readTraceFile } from '../record/jsonl.js';
import { formatReplayDiff, replayDiff, type TraceLine, traceItems } from '../record/replay.js';
import { CliError } from './errors.js';
import { parseSweep } from './eval-command.js';
import { GUARD_FLAGS, GUARD_FLAGS_HELP, guardSetupFromFlags, unitFlag } from './options.js';
import { checkWritable, writeFileAtomic } from './output.js';
import type { CliIo } from './run.js';

export const REPLAY_HELP = `usage: backfire replay <traces.jsonl> [options]

Re-runs recorded calls (the \`record\` option, e.g. jsonlRecorder from @backfire/core/record)
offline: each call's text deltas, in order, through a fresh guard whose knowledge is the evidence
chunks its scorer retrieved, under the config the flags give. Prints which calls would now halt,
which would no longer halt, and where. Without --preset or --config, the first trace's recorded
config (and grounding, and release) is the base the other flags change.

In the report below the diff, a recorded halt counts as "unfaithful": caught = still halts,
false halts = would now halt, misses = would no longer halt.

Options:
${GUARD_FLAGS_HELP}
  --sweep <from:to:step>   hard limits to sweep (default none)
  --json                   print the report as JSON (with the diff under "replay")
  --html <file>            also write the self-contained HTML report
  -h, --help               this help

Exit codes: 0 done, 2 bad input or flags (nothing written), 1 anything else.`;

const REPLAY_FLAGS = {
  ...GUARD_FLAGS,
  sweep: { type: 'string' },
  json: { type: 'boolean' },
  html: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function replayCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: REPLAY_FLAGS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) {
    io.stdout.write(`${REPLAY_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    throw new CliError('missing the traces file (backfire replay <traces.jsonl>)');
  }
  if (positionals.length > 1) {
    throw new CliError(
      `one traces file at a time, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  const file = positionals[0]!;
  const sweep = values.sweep === undefined ? [] : parseSweep(values.sweep);
  if (values.html !== undefined) checkWritable(values.html, '--html');
  let traces: TraceLine[];
  try {
    traces = readTraceFile(file);
  } catch (err) {
    if (err instanceof EvalInputError) throw new CliError(err.message);
    throw err;
  }
  const setup = await guardSetupFromFlags(values);
  let engine = setup.engine;
  let configSource = setup.configSource;
  const first = traces[0]!.trace;
  if (values.preset === undefined && values.config === undefined) {
    // Replay starts from what was recorded; the flags say what changes.
    let config: BackfireConfig;
    try {
      config = BackfireConfig.fromJSON(first.config);
    } catch (err) {
      throw new CliError(`${file}:${traces[0]!.line}: config: ${(err as Error).message}`);
    }
    const hard = values['hard-limit'];
    if (hard !== undefined) {
      const hardLimit = unitFlag('--hard-limit', hard);
      config = config.with({ hardLimit, softLimit: Math.max(config.softLimit, hardLimit) });
    }
    engine = { ...engine, config };
    configSource = `recorded config${hard !== undefined ? ` + --hard-limit ${hard}` : ''}`;
  }
  if (values.grounding === undefined && first.grounding !== undefined) {
    engine = { ...engine, grounding: first.grounding };
  }
  if (values.release === undefined) engine = { ...engine, release: first.release };
  const report = await evaluate(traceItems(traces), {
    ...engine,
    sweep,
    command: 'replay',
    input: file,
    configSource,
  });
  const diff = replayDiff(traces, report.items);
  if (values.html !== undefined) writeFileAtomic(values.html, renderHtml(report));
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify({ ...report, replay: diff }, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(
    `backfire replay — ${file}: ${traces.length} recorded calls under ${configSource} ` +
      `(hardLimit ${report.settings.config.hardLimit})\n`,
  );
  io.stdout.write(formatReplayDiff(diff));
  io.stdout.write('\n');
  io.stdout.write(formatText(report));
  if (values.html !== undefined) io.stdout.write(`html report: ${values.html}\n`);
  return 0;
}
