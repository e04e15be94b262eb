// Randomized parity: thousands of generated streams through the addon and through
// @backfire/core's TypeScript StreamingKernel must give the same halts, reasons, outputs, events
// and scores (to 1e-12; in practice bit for bit). Seeds are fixed, so a failure names its replay.
import { rng } from '@backfire/test-support/rng';
import { describe, expect, it } from 'vitest';
import { StreamingKernel } from '../../kernel/index.js';
import { loadNative, type Native } from '../../test/native.js';
import type { NativeStreamSession } from '../rust.js';

const native = loadNative();

const TOKENS = [
  'w ',
  'word',
  'The ',
  'end. ',
  'really?" ',
  'done!\n',
  '終わり。',
  'wait…',
  '(aside) ',
  'x)',
  ' ',
  '',
  '😀 ',
  'e\u0301 ',
  '3.5 ',
  'yes!» ',
  'no?\u3000',
];

type Entry = number | 'throw' | 'string';

interface Scenario {
  config: Record<string, number | string>;
  tokens: string[];
  scores: Entry[];
}

function scenario(seed: number): Scenario {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const hardLimit = pick([0, 0.3, 0.5, 0.5, Math.round(r() * 80) / 100]);
  const config: Record<string, number | string> = {
    hardLimit,
    softLimit: Math.min(1, hardLimit + pick([0, 0.1, 0.2, r() * 0.4])),
    windowSize: 1 + Math.floor(r() * 12),
    windowThreshold: pick([0.4, 0.55, 0.6, r()]),
    trendWindow: 2 + Math.floor(r() * 7),
    trendThreshold: pick([0.05, 0.1, 0.15, 0.2, 0.01 + r() * 0.5]),
    haltMode: r() < 0.4 ? 'soft' : 'hard',
    softHaltCap: 1 + Math.floor(r() * 10),
    scoreEveryN: pick([1, 1, 1, 2, 3, 4]),
  };
  const n = Math.floor(r() * 60);
  const tokens = Array.from({ length: n }, () => pick(TOKENS));
  let level = 0.6 + r() * 0.4;
  const scores: Entry[] = tokens.map(() => {
    const u = r();
    if (u < 0.01) return 'throw';
    if (u < 0.015) return 'string';
    if (u < 0.03) return pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    if (u < 0.05) return pick([-0, -0.2, 1.5, 0.5, 0.55, 0.6, 0.03125, 0.00005]);
    level = Math.min(1, Math.max(0, level + (r() - 0.55) * 0.12));
    return level;
  });
  return { config, tokens, scores };
}

function callback(scores: Entry[], log: string[]) {
  return (token: string, { index, text }: { index: number; text: string }): number => {
    log.push(`${index}|${token}|${text.length}`);
    const v = scores[index]!;
    if (v === 'throw') throw new Error(`scorer failed at ${index}`);
    if (v === 'string') return '0.9' as unknown as number;
    return v;
  };
}

interface Comparable {
  halted: boolean;
  softHalted: boolean;
  haltIndex: number;
  haltKind: string | null;
  haltReason: string;
  output: string;
  warningCount: number;
  tokenCount: number;
  tokens: readonly string[];
  coherenceHistory: readonly number[];
  avgCoherence: number;
  minCoherence: number;
  events: readonly {
    token: string;
    index: number;
    coherence: number;
    halted: boolean;
    warning: boolean;
  }[];
}

/** Everything a session says, with scores kept as numbers for a tolerance check. */
function view(s: Comparable) {
  return {
    halted: s.halted,
    softHalted: s.softHalted,
    haltIndex: s.haltIndex,
    haltKind: s.haltKind,
    haltReason: s.haltReason,
    output: s.output,
    warningCount: s.warningCount,
    tokenCount: s.tokenCount,
    tokens: s.tokens,
    flags: s.events.map(
      (e) => `${e.index}:${e.token}:${e.halted ? 'H' : ''}${e.warning ? 'W' : ''}`,
    ),
    numbers: [
      s.avgCoherence,
      s.minCoherence,
      ...s.coherenceHistory,
      ...s.events.map((e) => e.coherence),
    ],
  };
}

const close = (a: number[], b: number[]) =>
  a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= 1e-12);

/** Compares cheaply and only builds the (large) failure message when something differs. */
function same(a: Comparable, b: NativeStreamSession, label: () => string): void {
  const va = view(a);
  const vb = view(b);
  const { numbers: na, ...ra } = va;
  const { numbers: nb, ...rb } = vb;
  if (JSON.stringify(ra) !== JSON.stringify(rb) || !close(na, nb)) {
    expect(vb, label()).toEqual(va);
    expect(close(na, nb), `${label()}: scores differ by more than 1e-12`).toBe(true);
  }
}

describe.skipIf(native === null)('randomized parity with @backfire/core', () => {
  const { RustStreamingKernel } = native ?? ({} as Native);

  it('batch calls: 3000 generated streams give identical sessions and callback calls', () => {
    let halts = 0;
    let softHalts = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const sc = scenario(seed);
      const label = () => `seed ${seed}: ${JSON.stringify(sc)}`;
      const tsLog: string[] = [];
      const rsLog: string[] = [];
      const ts = new StreamingKernel(sc.config as never).streamTokens(
        sc.tokens,
        callback(sc.scores, tsLog),
      );
      const rs = new RustStreamingKernel(sc.config as never).streamTokens(
        sc.tokens,
        callback(sc.scores, rsLog),
      );
      if (rsLog.join('\n') !== tsLog.join('\n')) expect(rsLog, label()).toEqual(tsLog);
      same(ts, rs, label);
      if (!sc.scores.some((s) => s === 'throw' || s === 'string')) {
        const scores = Float64Array.from(sc.scores as number[]);
        same(
          ts,
          new RustStreamingKernel(sc.config as never).streamScores(sc.tokens, scores),
          label,
        );
      }
      if (ts.halted) halts++;
      if (ts.softHalted) softHalts++;
    }
    // The generator must exercise both outcomes, or the comparison proves little.
    expect(halts).toBeGreaterThan(600);
    expect(softHalts).toBeGreaterThan(100);
    expect(3000 - halts).toBeGreaterThan(300);
  });

  it('monitors: 2000 generated push sequences with kill-switch toggles agree token by token', () => {
    for (let seed = 10_001; seed <= 12_000; seed++) {
      const sc = scenario(seed);
      const r = rng(seed * 7);
      const label = () => `seed ${seed}: ${JSON.stringify(sc)}`;
      const tk = new StreamingKernel(sc.config as never);
      const rk = new RustStreamingKernel(sc.config as never);
      const tm = tk.monitor();
      const rm = rk.monitor();
      const tsSteps: unknown[] = [];
      const rsSteps: unknown[] = [];
      sc.tokens.forEach((token, i) => {
        const u = r();
        if (u < 0.03) {
          tk.emergencyStop();
          rk.emergencyStop();
        } else if (u < 0.06) {
          tk.reactivate();
          rk.reactivate();
        }
        const v = sc.scores[i]!;
        // 'string' entries push a non-number: both kernels must name it the same way.
        const score =
          typeof v === 'number' ? v : v === 'string' ? ('0.9' as unknown as number) : 0.2;
        const due = [tm.scoreDue, rm.scoreDue];
        const te = tm.push(token, score);
        const re = rm.push(token, score);
        tsSteps.push([
          due[0],
          te.index,
          te.token,
          te.coherence,
          te.halted,
          te.warning,
          tm.halted,
          tm.haltPending,
          tm.nextIndex,
        ]);
        rsSteps.push([
          due[1],
          re.index,
          re.token,
          re.coherence,
          re.halted,
          re.warning,
          rm.halted,
          rm.haltPending,
          rm.nextIndex,
        ]);
      });
      if (JSON.stringify(rsSteps) !== JSON.stringify(tsSteps))
        expect(rsSteps, label()).toEqual(tsSteps);
      same(tm.end(), rm.end(), label);
    }
  });
});
