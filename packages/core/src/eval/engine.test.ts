import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BackfireConfig } from '../config/config.js';
import { runItems, runSweep, withHardLimit } from './engine.js';
import { evaluate } from './evaluate.js';
import { parseEvalJsonl } from './formats.js';
import { computeMetrics, pickHardLimit, type SweepPoint, sweepLimits } from './metrics.js';

// Hand-made: faithful restatements and number contradictions with a known outcome.
const fixture = new URL('../../test/fixtures/eval-small.jsonl', import.meta.url);
const items = parseEvalJsonl(readFileSync(fixture, 'utf8'), 'eval-small.jsonl');

describe('engine', () => {
  it('passes faithful restatements and halts number contradictions', async () => {
    const outcomes = await runItems(items);
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    for (const id of ['tower-ok', 'water-ok', 'bridge-ok']) {
      expect(byId.get(id), id).toMatchObject({ label: 'faithful', halted: false, halt: null });
    }
    for (const id of ['tower-bad', 'water-bad', 'bridge-bad']) {
      const o = byId.get(id)!;
      expect(o.halted, id).toBe(true);
      expect(o.halt!.kind).toBe('hard_limit');
      expect(o.halt!.score).toBeLessThan(0.5);
      expect(o.minScore).toBe(o.halt!.score);
    }
    // The second sentence halted; the first (true) one was scored and passed.
    const bridge = byId.get('bridge-bad')!;
    expect(bridge.sentences.map((s) => s.status)).toEqual(['passed', 'failed']);
    expect(bridge.halt!.sentence).toBe('Its main span is 2280 metres long.');
    expect(bridge.evidence).toMatchObject({ chunks: expect.any(Array) });
    expect(JSON.parse(JSON.stringify(bridge.evidence))).toEqual(bridge.evidence);
  });

  it('measures catch rate, false halts and balanced accuracy', async () => {
    const m = computeMetrics(await runItems(items));
    expect(m).toEqual({
      answers: 6,
      unfaithful: 3,
      caught: 3,
      faithful: 3,
      falseHalts: 0,
      catchRate: 1,
      falseHaltRate: 0,
      balancedAccuracy: 1,
    });
    // At hard limit 0.99 every answer halts: no sentence scores that high.
    const strict = computeMetrics(
      await runItems(items, { config: withHardLimit(new BackfireConfig(), 0.99) }),
    );
    expect(strict.falseHalts).toBe(3);
    expect(strict.falseHaltRate).toBe(1);
    expect(strict.balancedAccuracy).toBe(0.5);
  });

  it('has metrics that say "undefined" rather than 0 when a label is absent', () => {
    const m = computeMetrics([{ label: 'faithful', kind: null, halted: false }]);
    expect(m.catchRate).toBeNull();
    expect(m.balancedAccuracy).toBeNull();
    expect(m.falseHaltRate).toBe(0);
  });

  it('sweeps: catches and false halts never fall as the hard limit rises', async () => {
    const limits = sweepLimits(0, 1, 0.05);
    const points = await runSweep(items, {}, limits);
    expect(points.map((p) => p.hardLimit)).toEqual(limits);
    for (let i = 1; i < points.length; i++) {
      expect(points[i]!.caught).toBeGreaterThanOrEqual(points[i - 1]!.caught);
      expect(points[i]!.falseHalts).toBeGreaterThanOrEqual(points[i - 1]!.falseHalts);
    }
    expect(points[0]).toMatchObject({ caught: 0, falseHalts: 0 });
    expect(points.at(-1)).toMatchObject({ caught: 3, falseHalts: 3 });
    // The point at the default hard limit is the default run.
    const atDefault = points.find((p) => p.hardLimit === 0.5)!;
    expect(atDefault).toMatchObject(computeMetrics(await runItems(items)));
  });

  it('makes exact sweep grids', () => {
    expect(sweepLimits()).toEqual([
      0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
    ]);
    expect(() => sweepLimits(0.5, 0.4, 0.05)).toThrow(RangeError);
  });

  it('picks the highest-catch hard limit within the false-halt budget', () => {
    const point = (hardLimit: number, caught: number, falseHalts: number): SweepPoint => ({
      hardLimit,
      ...computeMetrics([
        ...Array.from({ length: 100 }, (_, i) => ({
          label: 'unfaithful' as const,
          kind: null,
          halted: i < caught,
        })),
        ...Array.from({ length: 100 }, (_, i) => ({
          label: 'faithful' as const,
          kind: null,
          halted: i < falseHalts,
        })),
      ]),
    });
    const sweep = [point(0.4, 10, 0), point(0.5, 40, 1), point(0.6, 40, 2), point(0.7, 70, 3)];
    expect(pickHardLimit(sweep, 0.02)?.hardLimit).toBe(0.5); // tie on catch: fewer false halts
    expect(pickHardLimit(sweep, 0.03)?.hardLimit).toBe(0.7);
    expect(pickHardLimit(sweep, 0)?.hardLimit).toBe(0.4);
    expect(pickHardLimit([point(0.5, 40, 5)], 0.02)).toBeNull();
    const tie = [point(0.5, 40, 1), point(0.55, 40, 1)];
    expect(pickHardLimit(tie, 0.02)?.hardLimit).toBe(0.5); // then the lower hard limit
  });

  it('evaluate() builds the whole report, budget pick included', async () => {
    const progress: number[] = [];
    const report = await evaluate(items, {
      sweep: [0.3, 0.5, 0.9],
      maxFalseHaltRate: 0.02,
      input: 'eval-small.jsonl',
      onProgress: (done, total) => progress.push(done / total),
    });
    expect(report.summary.overall.balancedAccuracy).toBe(1);
    expect(report.summary.byKind.map((k) => k.kind)).toEqual(['number', 'restatement']);
    expect(report.sweep.map((p) => p.hardLimit)).toEqual([0.3, 0.5, 0.9]);
    expect(report.budget?.pick?.hardLimit).toBe(0.5);
    expect(report.settings).toMatchObject({
      release: 'verified',
      nli: 'heuristic',
      grounding: null,
    });
    expect(report.items).toHaveLength(6);
    expect(progress).toHaveLength(24);
    expect(progress.at(-1)).toBe(1);
  });

  it('passes grounding through to the scorer: strict halts at least what contradiction halts', async () => {
    const loose = await runItems(items, { grounding: 'contradiction' });
    const strict = await runItems(items, { grounding: 'strict' });
    expect(strict).toHaveLength(6);
    for (const [i, o] of loose.entries()) if (o.halted) expect(strict[i]!.halted).toBe(true);
  });
});
