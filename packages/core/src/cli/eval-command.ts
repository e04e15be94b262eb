/**
 * `backfire eval <file.jsonl>`: runs a labelled file through the guard and reports catch rate,
 * false halts, balanced accuracy, a hard-limit sweep and (with --html) a self-contained page.
 */
import { parseArgs } from 'node:util';
import { evaluate } from '../eval/evaluate.js';
import { EvalInputError, readEvalFile } from '../eval/formats.js';
import { renderHtml } from '../eval/html.js';
import { sweepLimits } from '../eval/metrics.js';
import { formatText } from '../eval/report.js';
import { CliError } from './errors.js';
import { GUARD_FLAGS, GUARD_FLAGS_HELP, guardSetupFromFlags } from './options.js';
import { checkWritable, writeFileAtomic } from './output.js';
import { createProgress } from './progress.js';
import type { CliIo } from './run.js';

export const EVAL_HELP = `usage: backfire eval <file.jsonl> [options]

Streams every labelled answer through the stream guard (word by word, release verified) and
reports how many unfaithful answers it halts (catch rate), how many faithful ones it halts (false
halts) and their balance, overall and per kind, with a sweep over the hard limit.

Input, one JSON object a line (detected per line):
  HaluEval QA  {"knowledge", "question", "right_answer", "hallucinated_answers": [...]}
  generic      {"knowledge": "..." | [...], "prompt", "answer", "label": "faithful"|"unfaithful",
                "kind"?, "id"?}

Options:
${GUARD_FLAGS_HELP}
  --limit <n>              only the first n answers
  --sweep <from:to:step>   hard limits to sweep (default 0.3:0.9:0.05), or "none"
  --max-false-halts <r>    pick the highest-catch hard limit with false halts <= r (2% or 0.02)
  --json                   print the report as JSON instead of text
  --html <file>            also write a self-contained HTML report
  --no-progress            no progress bar (it is shown only when stderr is a terminal anyway)
  -h, --help               this help

Exit codes: 0 done, 2 bad input or flags (nothing written), 1 anything else.`;

const EVAL_FLAGS = {
  ...GUARD_FLAGS,
  limit: { type: 'string' },
  sweep: { type: 'string' },
  'max-false-halts': { type: 'string' },
  json: { type: 'boolean' },
  html: { type: 'string' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `2%` or `0.02` → 0.02. */
export function parseRate(flag: string, raw: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/u.exec(raw);
  const value = m === null ? Number.NaN : Number(m[1]) / (m[2] === '%' ? 100 : 1);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new CliError(
      `${flag}: must be a percentage (2%) or a fraction in [0, 1] (0.02), got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

export function parseSweep(raw: string): number[] {
  if (raw === 'none' || raw === 'off') return [];
  const parts = raw.split(':').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  const [from, to, step] = parts;
  if (
    parts.length !== 3 ||
    !parts.every(Number.isFinite) ||
    from! < 0 ||
    to! > 1 ||
    from! > to! ||
    !(step! > 0)
  ) {
    throw new CliError(
      `--sweep: must be from:to:step with 0 <= from <= to <= 1 and step > 0, or none; got ${JSON.stringify(raw)}`,
    );
  }
  const limits = sweepLimits(from, to, step);
  if (limits.length > 201) throw new CliError(`--sweep: at most 201 points, got ${limits.length}`);
  return limits;
}

function parseLimit(raw: string): number {
  const n = /^\d+$/u.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new CliError(`--limit: must be a whole number >= 1, got ${JSON.stringify(raw)}`);
  }
  return n;
}

export async function evalCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: EVAL_FLAGS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) {
    io.stdout.write(`${EVAL_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0)
    throw new CliError('missing the input file (backfire eval <file.jsonl>)');
  if (positionals.length > 1) {
    throw new CliError(
      `one input file at a time, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  const file = positionals[0]!;
  // Every flag is checked before any work, and the input file is read whole: a bad line fails
  // the command before anything runs or is written.
  const limit = values.limit === undefined ? undefined : parseLimit(values.limit);
  const sweep = values.sweep === undefined ? sweepLimits() : parseSweep(values.sweep);
  const maxFalseHaltRate =
    values['max-false-halts'] === undefined
      ? undefined
      : parseRate('--max-false-halts', values['max-false-halts']);
  if (values.html !== undefined) checkWritable(values.html, '--html');
  const setup = await guardSetupFromFlags(values);
  let items: ReturnType<typeof readEvalFile>;
  try {
    items = readEvalFile(file, limit === undefined ? {} : { limit });
  } catch (err) {
    if (err instanceof EvalInputError) throw new CliError(err.message);
    throw err;
  }
  const progress = await createProgress(io.stderr, values['no-progress'] !== true);
  let report: Awaited<ReturnType<typeof evaluate>>;
  try {
    report = await evaluate(items, {
      ...setup.engine,
      sweep,
      ...(maxFalseHaltRate !== undefined ? { maxFalseHaltRate } : {}),
      command: 'eval',
      input: file,
      configSource: setup.configSource,
      onProgress: (done, total, phase) => progress.update(done, total, phase),
    });
  } finally {
    progress.stop();
  }
  if (values.html !== undefined) writeFileAtomic(values.html, renderHtml(report));
  io.stdout.write(
    values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatText(report),
  );
  if (values.html !== undefined && values.json !== true)
    io.stdout.write(`html report: ${values.html}\n`);
  return 0;
}
