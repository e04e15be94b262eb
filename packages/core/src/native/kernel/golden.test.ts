// Every testdata/kernel/*.json case against the addon, three ways: a monitor (push/fail), the
// seed's batch call with a JS callback, and the one-crossing streamScores.
import { describe, expect, it } from 'vitest';
import { loadNative, type Native } from '../../test/native.js';
import { type KernelCase, type KernelScoreEntry, kernelGolden } from '../../test/testdata.js';
import type { NativeStreamSession } from '../rust.js';

const native = loadNative();

const cases: [string, KernelCase][] = kernelGolden().flatMap(({ file, cases }) =>
  cases.map((c) => [`${file.replace('.json', '')}/${c.name}`, c] as [string, KernelCase]),
);

function value(e: KernelScoreEntry): number | 'throw' | 'string' {
  if (e === 'NaN') return Number.NaN;
  if (e === 'Infinity') return Number.POSITIVE_INFINITY;
  if (e === '-Infinity') return Number.NEGATIVE_INFINITY;
  return e;
}

function callbackFor(c: KernelCase) {
  return (_t: string, { index }: { index: number }): number => {
    const v = value(c.scores[index]!);
    if (v === 'throw') throw new Error(`scorer failed at ${index}`);
    if (v === 'string') return '0.9' as unknown as number;
    return v;
  };
}

function check(s: NativeStreamSession, c: KernelCase): void {
  const e = c.expected;
  expect({
    halted: s.halted,
    softHalted: s.softHalted,
    haltIndex: s.haltIndex,
    haltKind: s.haltKind,
    haltReason: s.haltReason,
    output: s.output,
    warningCount: s.warningCount,
    tokenCount: s.tokenCount,
  }).toEqual({
    halted: e.halted,
    softHalted: e.softHalted,
    haltIndex: e.haltIndex,
    haltKind: e.haltKind,
    haltReason: e.haltReason,
    output: e.output,
    warningCount: e.warningCount,
    tokenCount: e.tokenCount,
  });
  expect(s.coherenceHistory).toHaveLength(e.coherence.length);
  s.coherenceHistory.forEach((x, i) => {
    expect(Math.abs(x - e.coherence[i]!)).toBeLessThan(1e-12);
  });
  expect(Math.abs(s.avgCoherence - e.avgCoherence)).toBeLessThan(1e-12);
  expect(Math.abs(s.minCoherence - e.minCoherence)).toBeLessThan(1e-12);
  expect(s.events.map((ev) => ev.token)).toEqual(c.tokens.slice(0, s.tokenCount));
}

describe.skipIf(native === null)('golden vectors (testdata/kernel) on the addon', () => {
  const { RustStreamingKernel } = native ?? ({} as Native);

  it('found the golden set', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases)('%s — monitor', (_name, c) => {
    const kernel = new RustStreamingKernel(c.config);
    const m = kernel.monitor();
    c.tokens.forEach((token, i) => {
      if (c.stopBefore === i) kernel.emergencyStop();
      if (!m.scoreDue) {
        m.push(token, 0);
        return;
      }
      const v = value(c.scores[i]!);
      if (v === 'throw' || v === 'string') m.fail(token, 'callback_error');
      else m.push(token, v);
    });
    check(m.end(), c);
  });

  it.each(cases)('%s — streamTokens', (_name, c) => {
    const kernel = new RustStreamingKernel(c.config);
    const cb = callbackFor(c);
    const stop = c.stopBefore;
    const s = kernel.streamTokens(
      // The kill switch goes down between tokens: a generator pauses exactly there.
      (function* () {
        for (let i = 0; i < c.tokens.length; i++) {
          if (stop === i) kernel.emergencyStop();
          yield c.tokens[i]!;
        }
        if (stop === c.tokens.length) kernel.emergencyStop();
      })(),
      cb,
    );
    check(s, c);
  });

  const numeric = cases.filter(
    ([, c]) => c.stopBefore === undefined && !c.scores.some((s) => s === 'throw' || s === 'string'),
  );
  it.each(numeric)('%s — streamScores', (_name, c) => {
    const scores = Float64Array.from(c.scores, (e) => value(e) as number);
    check(new RustStreamingKernel(c.config).streamScores(c.tokens, scores), c);
  });
});
