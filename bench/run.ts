import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from 'mitata';
import { type AnyCase, isMemoryCase } from './lib.js';

// Compiled to bench/dist (plain node, no loader hooks in the measured process); BENCHMARKS.md
// lives one level above the source folder.
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const only = process.argv.slice(2);

interface Result {
  row: string;
  variant: string;
  value: string;
  target?: string;
}

function fmtTime(ns: number): string {
  if (ns < 1_000) return `${ns.toFixed(1)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  return `${(ns / 1_000_000).toFixed(2)} ms`;
}

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const results: Result[] = [];
for (const file of files) {
  const mod = (await import(join(here, file))) as { cases?: () => AnyCase[] | Promise<AnyCase[]> };
  if (typeof mod.cases !== 'function') {
    console.warn(`skipping ${file}: no cases() export`);
    continue;
  }
  for (const c of await mod.cases()) {
    let value: string;
    if (isMemoryCase(c)) {
      const bytes = await c.measureBytes();
      value = `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    } else {
      const stats = await measure(c.fn, { min_cpu_time: 300 * 1e6 });
      value = `${fmtTime(stats.p50 / (c.perOp ?? 1))} (p50)`;
    }
    const r: Result = { row: c.row, variant: c.variant, value };
    if (c.target !== undefined) r.target = c.target;
    results.push(r);
    console.log(`${file.padEnd(22)} ${c.row.padEnd(60)} ${c.variant.padEnd(10)} ${value}`);
  }
}

// One table: a row per measurement, one column per variant.
const variants = ['native', 'js', 'unguarded', ...new Set(results.map((r) => r.variant))].filter(
  (v, i, a) => a.indexOf(v) === i && results.some((r) => r.variant === v),
);
const rows = [...new Set(results.map((r) => r.row))];
const lines = [
  `| benchmark | ${variants.join(' | ')} | target |`,
  `|---|${variants.map(() => '---|').join('')}---|`,
  ...rows.map((row) => {
    const cells = variants.map(
      (v) => results.find((r) => r.row === row && r.variant === v)?.value ?? '–',
    );
    const target = results.find((r) => r.row === row && r.target)?.target ?? '';
    return `| ${row} | ${cells.join(' | ')} | ${target} |`;
  }),
];
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`;
const section = [
  '<!-- bench:start -->',
  `Measured ${new Date().toISOString().slice(0, 10)} on: ${machine}.`,
  'Command: `pnpm bench` (mitata, one process; p50 per operation, divided per token/step where the row says so).',
  '',
  ...lines,
  '<!-- bench:end -->',
].join('\n');

if (only.length === 0) {
  const path = join(root, 'BENCHMARKS.md');
  const current = readFileSync(path, 'utf8');
  const next = current.includes('<!-- bench:start -->')
    ? current.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/u, section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
  console.log(`\nwrote ${path}`);
} else {
  console.log(`\n${section}`);
}
