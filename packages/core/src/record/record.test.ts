import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_CALLS, DEV_KNOWLEDGE, recordDevTraces } from '../../test/fixtures/dev-traces.js';
import { runCli } from '../cli/run.js';
import { EvalInputError } from '../eval/formats.js';
import { resolveGuardOptions } from '../guard/adapter-options.js';
import { createGuard } from '../guard/guard.js';
import type { BackfireTrace } from '../guard/trace.js';
import type { GuardEvent } from '../guard/types.js';
import { jsonlRecorder, readTraceFile } from './jsonl.js';
import { parseTraceJsonl } from './replay.js';

const tmp = mkdtempSync(join(tmpdir(), 'backfire-record-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const devTraces = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'test',
  'fixtures',
  'dev-traces.jsonl',
);

function io() {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    ({
      write: (chunk: string) => {
        out[key] += chunk;
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  return { out, io: { stdout: sink('stdout'), stderr: sink('stderr') } as never };
}

async function cli(...args: string[]) {
  const { out, io: streams } = io();
  const code = await runCli(args, streams);
  return { code, ...out };
}

async function recordAll(): Promise<BackfireTrace[]> {
  const traces: BackfireTrace[] = [];
  await recordDevTraces((t) => traces.push(t));
  return traces;
}

describe('record', () => {
  it('captures the prompt, the deltas with timing, every verdict with its evidence chunks, the config', async () => {
    const traces = await recordAll();
    expect(traces).toHaveLength(DEV_CALLS.length);
    const halted = traces[1]!;
    expect(halted.version).toBe(1);
    expect(halted.prompt).toBe(DEV_CALLS[1][0]);
    expect(halted.outcome).toBe('halted');
    expect(halted.halt).toMatchObject({ kind: 'hard_limit', segment: 'It is 120 metres tall. ' });
    expect(halted.config.hardLimit).toBe(0.5);
    expect(halted.release).toBe('optimistic');
    // Deltas in order, with non-decreasing times, up to the delta that closed the bad sentence.
    expect(DEV_CALLS[1][1].startsWith(halted.deltas.map((d) => d.text).join(''))).toBe(true);
    expect(halted.deltas.every((d, i) => i === 0 || d.t >= halted.deltas[i - 1]!.t)).toBe(true);
    expect(halted.segments.map((s) => s.status)).toEqual(['passed', 'failed']);
    expect(halted.segments[1]!.chunks.some((c) => c.text.includes(DEV_KNOWLEDGE.height))).toBe(
      true,
    );
    const passed = traces[0]!;
    expect(passed.outcome).toBe('passed');
    expect(passed.halt).toBeNull();
    expect(passed.deltas.map((d) => d.text).join('')).toBe(DEV_CALLS[0][1]);
    expect(JSON.parse(JSON.stringify(passed))).toEqual(passed);
  });

  it('names the grounding; records a cancelled call; records nothing without `record`', async () => {
    const traces: BackfireTrace[] = [];
    const guard = createGuard(
      resolveGuardOptions(
        { knowledge: DEV_KNOWLEDGE, grounding: 'strict', record: (t) => traces.push(t) },
        { prompt: 'q' },
      ),
    );
    await guard.write('The Eiffel Tower ');
    guard.cancel();
    guard.cancel();
    await guard.end();
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({ outcome: 'cancelled', grounding: 'strict' });
  });

  it('a record callback that throws never breaks the stream: one record-error event', async () => {
    const events: GuardEvent[] = [];
    const guard = createGuard(
      resolveGuardOptions(
        {
          knowledge: DEV_KNOWLEDGE,
          record: () => {
            throw new Error('disk full');
          },
        },
        { prompt: 'q', onEvent: (e) => events.push(e) },
      ),
    );
    await guard.write('The Eiffel Tower stands in Paris. ');
    const result = await guard.end();
    expect(result.halted).toBe(false);
    expect(result.text).toBe('The Eiffel Tower stands in Paris. ');
    const errors = events.filter((e) => e.type === 'record-error');
    expect(errors).toHaveLength(1);
    expect((errors[0] as { error: Error }).error.message).toBe('disk full');
  });

  it('jsonlRecorder appends one line per call; readTraceFile reads them back', async () => {
    const file = join(tmp, 'traces.jsonl');
    const record = jsonlRecorder(file);
    await recordDevTraces(record);
    await record.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(DEV_CALLS.length);
    const read = readTraceFile(file);
    expect(read.map((t) => t.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(read[1]!.trace.halt?.segment).toBe('It is 120 metres tall. ');
  });

  it('a malformed line is an error naming the file and the line', () => {
    const good = readFileSync(devTraces, 'utf8').split('\n')[0]!;
    expect(() => parseTraceJsonl(`${good}\n{"version": 1,\n`, 'x.jsonl')).toThrow(
      /^x\.jsonl:2: malformed JSON/,
    );
    expect(() => parseTraceJsonl(`${good}\n\n{"version": 2}\n`, 'x.jsonl')).toThrow(
      new EvalInputError('x.jsonl', 3, 'not a Backfire trace of version 1 (version: 2)'),
    );
    const noDeltas = JSON.stringify({ ...JSON.parse(good), deltas: [{ t: 0 }] });
    expect(() => parseTraceJsonl(noDeltas, 'x.jsonl')).toThrow(/^x\.jsonl:1: deltas\[0\]/);
  });

  it('the committed dev traces are what the fixture records (BACKFIRE_UPDATE_TRACES=1 rewrites them)', async () => {
    const traces = await recordAll();
    if (process.env['BACKFIRE_UPDATE_TRACES'] === '1') {
      writeFileSync(devTraces, traces.map((t) => `${JSON.stringify(t)}\n`).join(''));
    }
    const committed = readTraceFile(devTraces).map((t) => t.trace);
    const shape = (t: BackfireTrace) => ({
      prompt: t.prompt,
      text: t.deltas.map((d) => d.text),
      halt: t.halt,
      scores: t.segments.map((s) => s.score),
    });
    expect(committed.map(shape)).toEqual(traces.map(shape));
  });
});

describe('backfire replay', () => {
  it('under the recorded config nothing changes', async () => {
    const r = await cli('replay', devTraces);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('under recorded config (hardLimit 0.5)');
    expect(r.stdout).toContain('would now halt: 0');
    expect(r.stdout).toContain('would no longer halt: 0');
    expect(r.stdout).toContain('unchanged: 3 still halt where they did, 3 still pass');
  });

  it('a stricter hard limit: the calls whose weakest sentence scored 0.62 would now halt, there', async () => {
    const r = await cli('replay', devTraces, '--hard-limit', '0.65');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would now halt: 2');
    expect(r.stdout).toMatch(
      /at word 7, "It is a famous landmark that many people visit\." — hard_limit \(0\.6200 < 0\.65\)/,
    );
    expect(r.stdout).toMatch(/at word 6, "You can ask for one by email\." — hard_limit/);
    expect(r.stdout).toContain('would no longer halt: 0');
  });

  it('a looser hard limit: the wrong city (0.472) would no longer halt', async () => {
    const r = await cli('replay', devTraces, '--hard-limit', '0.46');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would no longer halt: 1');
    expect(r.stdout).toMatch(
      /recorded at word 0, "The Eiffel Tower stands in Rome\." — hard_limit \(0\.4725 < 0\.5\)/,
    );
    expect(r.stdout).toContain('unchanged: 2 still halt where they did, 3 still pass');
  });

  it('--json carries the diff; --html writes the eval report page', async () => {
    const html = join(tmp, 'replay.html');
    const r = await cli('replay', devTraces, '--hard-limit', '0.65', '--json', '--html', html);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { command: string; replay: { nowHalt: unknown[] } };
    expect(report.command).toBe('replay');
    expect(report.replay.nowHalt).toHaveLength(2);
    expect(readFileSync(html, 'utf8')).toContain('<html');
  });

  it('bad input: one line naming the file and line, exit code 2', async () => {
    const bad = join(tmp, 'bad.jsonl');
    writeFileSync(bad, `${readFileSync(devTraces, 'utf8').split('\n')[0]}\nnot json\n`);
    const r = await cli('replay', bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^backfire replay: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: malformed JSON .*\n$`,
      ),
    );
    expect(r.stderr.split('\n')).toHaveLength(2);
    const missing = await cli('replay', join(tmp, 'nope.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.jsonl: no such file');
  });
});
