import { describe, expect, it } from 'vitest';
import { type KernelCase, type KernelScoreEntry, kernelGolden } from '../test/testdata.js';
import { StreamingKernel } from './streaming-kernel.js';

/**
 * The golden vectors in testdata/kernel are the single source of truth for kernel behaviour; the
 * Rust kernel runs the same files. Each case runs twice: through the seed's batch call and through
 * a monitor fed by hand, which must agree.
 */
const suites = kernelGolden();

function scoreOf(entry: KernelScoreEntry): number {
  if (entry === 'NaN') return Number.NaN;
  if (entry === 'Infinity') return Number.POSITIVE_INFINITY;
  if (entry === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (entry === 'throw') throw new Error('golden: callback throws');
  if (entry === 'string') return '0.9' as unknown as number;
  return entry;
}

it('has at least 80 golden kernel cases', () => {
  expect(suites.reduce((n, s) => n + s.cases.length, 0)).toBeGreaterThanOrEqual(80);
});

for (const { file, cases } of suites) {
  describe(file, () => {
    for (const c of cases) {
      it(c.name, () => {
        // Batch call: the callback sees each token; stopBefore trips the kill switch.
        const kernel = new StreamingKernel(c.config ?? {});
        const session = kernel.streamTokens(c.tokens, (_t, { index }) => {
          if (index === c.stopBefore) kernel.emergencyStop();
          return scoreOf(c.scores[index]!);
        });
        // With a cadence the stop token may not call back; the monitor run below covers it.
        if (c.stopBefore === undefined || (c.config?.scoreEveryN ?? 1) === 1) check(session, c);

        // Monitor fed by hand: the same verdicts.
        const k2 = new StreamingKernel(c.config ?? {});
        const m = k2.monitor();
        for (let i = 0; i < c.tokens.length && !m.halted; i++) {
          if (i === c.stopBefore) k2.emergencyStop();
          const entry = c.scores[i]!;
          if (m.scoreDue && (entry === 'throw' || entry === 'string')) {
            m.fail(c.tokens[i]!, 'callback_error');
          } else {
            m.push(c.tokens[i]!, m.scoreDue ? scoreOf(entry) : 0);
          }
        }
        check(m.end(), c);
      });
    }
  });
}

function check(session: ReturnType<StreamingKernel['streamTokens']>, c: KernelCase): void {
  const e = c.expected;
  expect({
    halted: session.halted,
    softHalted: session.softHalted,
    haltIndex: session.haltIndex,
    haltKind: session.haltKind,
    haltReason: session.haltReason,
    output: session.output,
    warningCount: session.warningCount,
  }).toEqual({
    halted: e.halted,
    softHalted: e.softHalted,
    haltIndex: e.haltIndex,
    haltKind: e.haltKind,
    haltReason: e.haltReason,
    output: e.output,
    warningCount: e.warningCount,
  });
  if (e.tokenCount !== undefined) expect(session.tokenCount).toBe(e.tokenCount);
  if (e.coherence !== undefined) {
    expect(session.coherenceHistory).toHaveLength(e.coherence.length);
    session.coherenceHistory.forEach((v, i) => {
      expect(Math.abs(v - e.coherence![i]!)).toBeLessThanOrEqual(1e-12);
    });
  }
}
