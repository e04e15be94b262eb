/**
 * The `backfire` bin, spawned as a user runs it. The sources are compiled first (the package's
 * own tsc build, into a private folder: core's tests may run while turbo rebuilds dist/).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyNliSpec, writeTinyNliModel } from '../../test/fixtures/tiny-nli-model.js';

const core = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = join(core, 'test', 'fixtures', 'eval-small.jsonl');
let build: string;
let bin: string;
const tmp = mkdtempSync(join(tmpdir(), 'backfire-cli-'));

beforeAll(() => {
  // Inside the package, so the compiled code resolves core's dependencies as dist/ does.
  const cache = join(core, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  build = mkdtempSync(join(cache, 'cli-test-'));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(
    process.execPath,
    [
      tsc,
      '-p',
      'tsconfig.build.json',
      '--outDir',
      build,
      '--declaration',
      'false',
      '--declarationMap',
      'false',
      '--sourceMap',
      'false',
    ],
    { cwd: core, stdio: 'pipe' },
  );
  bin = join(build, 'cli', 'main.js');
}, 120_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  if (build !== undefined) rmSync(build, { recursive: true, force: true });
});

function backfire(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

const GOOD = JSON.stringify({
  knowledge: 'Water boils at 100 degrees Celsius at sea level.',
  prompt: 'At what temperature does water boil?',
  answer: 'Water boils at 100 degrees Celsius.',
  label: 'faithful',
});

/** A user error: exit 2, one line on stderr, nothing on stdout, the HTML report not written. */
function expectUsageError(args: string[], message: string | RegExp): void {
  const html = join(tmp, `never-${Math.random().toString(36).slice(2)}.html`);
  const r = backfire(...args, '--html', html);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (typeof message === 'string') expect(r.stderr.trimEnd()).toBe(message);
  else expect(r.stderr.trimEnd()).toMatch(message);
  expect(existsSync(html)).toBe(false);
}

describe('backfire eval (the built bin)', () => {
  it('is the package bin, with a node shebang', () => {
    const pkg = JSON.parse(readFileSync(join(core, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ backfire: './dist/cli/main.js' });
    expect(pkg.exports['./eval']).toEqual({
      types: './dist/eval/index.d.ts',
      import: './dist/eval/index.js',
    });
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('reports catch rate, false halts and the sweep, and writes the HTML report', () => {
    const html = join(tmp, 'report.html');
    const r = backfire('eval', fixture, '--html', html, '--max-false-halts', '2%');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // no progress bar: stderr is not a terminal
    expect(r.stdout).toMatch(/^all +6 +3\/3 +100\.0% +0\/3 +0\.0% +100\.0%$/mu);
    expect(r.stdout).toMatch(/^0\.50 .*← current/mu);
    expect(r.stdout).toContain('false halts ≤ 2.0%: hardLimit 0.50');
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/https?:/u);
    // Written by rename: no temporary file is left behind.
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('prints the report as JSON and takes the config flags', () => {
    const config = file('config.json', JSON.stringify({ windowThreshold: 0.5 }));
    const r = backfire(
      'eval',
      fixture,
      '--json',
      '--preset',
      'medical',
      '--config',
      config,
      '--hard-limit',
      '0.8',
      '--release',
      'optimistic',
      '--limit',
      '4',
      '--sweep',
      '0.4:0.6:0.1',
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.settings.config).toMatchObject({
      hardLimit: 0.8,
      softLimit: 0.8,
      windowThreshold: 0.5,
      trendThreshold: 0.1,
    });
    expect(report.settings.configSource).toBe(`preset medical + ${config} + --hard-limit 0.8`);
    expect(report.settings.release).toBe('optimistic');
    expect(report.items).toHaveLength(4);
    expect(report.sweep.map((p: { hardLimit: number }) => p.hardLimit)).toEqual([0.4, 0.5, 0.6]);
  });

  it('--grounding: passed to the scorer and named in the report; a bad value is a usage error', () => {
    const r = backfire('eval', fixture, '--grounding', 'strict', '--sweep', 'none');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('grounding strict');
    const bad = backfire('eval', fixture, '--grounding', 'loose', '--sweep', 'none');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^backfire eval: --grounding: must be contradiction or strict/u);
  });

  it('bad input: one line naming the file and line, exit 2, nothing written', {
    timeout: 60_000,
  }, () => {
    const missing = join(tmp, 'missing.jsonl');
    expectUsageError(['eval', missing], `backfire eval: ${missing}: no such file`);
    const malformed = file('malformed.jsonl', `${GOOD}\n${GOOD}\n{"prompt": \n`);
    expectUsageError(
      ['eval', malformed],
      new RegExp(`^backfire eval: ${malformed}:3: malformed JSON`, 'u'),
    );
    const unknown = file(
      'unknown.jsonl',
      `${GOOD}\n${JSON.stringify({ ...JSON.parse(GOOD), score: 1 })}\n`,
    );
    expectUsageError(
      ['eval', unknown],
      new RegExp(`^backfire eval: ${unknown}:2: unknown field "score"`, 'u'),
    );
    const neither = file('neither.jsonl', '{"text": "hello"}\n');
    expectUsageError(
      ['eval', neither],
      new RegExp(`^backfire eval: ${neither}:1: matches neither format`, 'u'),
    );
    const empty = file('empty.jsonl', '');
    expectUsageError(
      ['eval', empty],
      new RegExp(`^backfire eval: ${empty}: no items: the file is empty`, 'u'),
    );
  });

  it('bad flags: one line naming the flag, exit 2, nothing written', { timeout: 90_000 }, () => {
    expectUsageError(
      ['eval', fixture, '--hard-limit', '1.5'],
      'backfire eval: --hard-limit: must be a number in [0, 1], got "1.5"',
    );
    expectUsageError(
      ['eval', fixture, '--hard-limit', 'abc'],
      /^backfire eval: --hard-limit: must be a number/u,
    );
    expectUsageError(
      ['eval', fixture, '--max-false-halts', 'lots'],
      /^backfire eval: --max-false-halts: must be a percentage/u,
    );
    expectUsageError(
      ['eval', fixture, '--limit', '0'],
      'backfire eval: --limit: must be a whole number >= 1, got "0"',
    );
    expectUsageError(
      ['eval', fixture, '--preset', 'fast'],
      /^backfire eval: --preset: must be one of default, medical, finance, creative/u,
    );
    expectUsageError(
      ['eval', fixture, '--release', 'eventually'],
      /^backfire eval: --release: must be verified or optimistic/u,
    );
    expectUsageError(
      ['eval', fixture, '--nli', 'oracle'],
      /^backfire eval: --nli: must be heuristic or transformers/u,
    );
    expectUsageError(
      ['eval', fixture, '--sweep', '0.9:0.3:0.05'],
      /^backfire eval: --sweep: must be from:to:step/u,
    );
    expectUsageError(
      ['eval', fixture, '--grounding', 'loose'],
      /^backfire eval: --grounding: must be contradiction or strict/u,
    );
    expectUsageError(
      ['eval', fixture, '--frobnicate'],
      'backfire eval: unknown option --frobnicate (see --help)',
    );
    expectUsageError(['eval', fixture, '--limit'], 'backfire eval: --limit: needs a value');
    expectUsageError(['eval'], /^backfire eval: missing the input file/u);
    const badConfig = file('bad-config.json', JSON.stringify({ hardLimit: 2 }));
    expectUsageError(
      ['eval', fixture, '--config', badConfig],
      new RegExp(`^backfire eval: ${badConfig}: hardLimit must be in \\[0, 1\\]`, 'u'),
    );
    const typoConfig = file('typo-config.json', '{"hardLimt": 0.5}');
    expectUsageError(
      ['eval', fixture, '--config', typoConfig],
      new RegExp(`^backfire eval: ${typoConfig}: hardLimt`, 'u'),
    );
    expectUsageError(
      ['eval', fixture, '--nli-model', join(tmp, 'no-model')],
      /^backfire eval: --nli-model /u,
    );
  });

  it('--nli-model runs a local Transformers.js model', () => {
    const spec = tinyNliSpec({ 0: 'contradiction', 1: 'entailment', 2: 'neutral' });
    const model = writeTinyNliModel(join(tmp, 'tiny-nli'), spec);
    const r = backfire(
      'eval',
      fixture,
      '--nli-model',
      model,
      '--limit',
      '2',
      '--sweep',
      'none',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.settings.nli).toMatch(/^transformers:/u);
    expect(report.items).toHaveLength(2);
    for (const item of report.items) expect(item.minScore).toEqual(expect.any(Number));
  }, 60_000);

  it('checks the --html folder before running', () => {
    const r = backfire('eval', fixture, '--html', join(tmp, 'no', 'such', 'dir', 'r.html'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^backfire eval: --html .*: folder .* does not exist\n$/u);
    expect(r.stdout).toBe('');
  });

  it('help and unknown commands', () => {
    const help = backfire('eval', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: backfire eval <file\.jsonl>/u);
    expect(backfire('--help').stdout).toMatch(/^usage: backfire <command>/u);
    expect(backfire('replay', '--help').stdout).toMatch(/^usage: backfire replay <traces\.jsonl>/u);
    const none = backfire();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^usage: backfire <command>/u);
    const unknown = backfire('evaluate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('backfire: unknown command "evaluate" (commands: eval, replay)\n');
  });
});
