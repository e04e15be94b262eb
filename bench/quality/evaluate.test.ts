import { describe, expect, it } from 'vitest';
import { loadEvalSet, runEvaluation } from './evaluate.js';

// The quality target, on the labelled set, through the real stream guard with the default
// config and heuristic: catch ≥ 85% of unfaithful answers at the wrong sentence, ≤ 3% false halts.
describe('quality on the labelled evaluation set', () => {
  it('meets the catch and false-halt targets', async () => {
    const reports = await runEvaluation(loadEvalSet('eval'));
    const faithful = reports.find((r) => r.kind === 'faithful')!;
    const unfaithful = reports.filter((r) => r.kind !== 'faithful');
    const total = unfaithful.reduce((n, r) => n + r.total, 0);
    const caught = unfaithful.reduce((n, r) => n + r.hits, 0);
    expect(total).toBeGreaterThanOrEqual(90);
    expect(faithful.total).toBeGreaterThanOrEqual(60);
    expect(caught / total).toBeGreaterThanOrEqual(0.85);
    expect(faithful.hits / faithful.total).toBeLessThanOrEqual(0.03);
  });

  it('never halts a faithful answer of the held-out set', async () => {
    const reports = await runEvaluation(loadEvalSet('holdout'));
    const faithful = reports.find((r) => r.kind === 'faithful')!;
    expect(faithful.hits).toBe(0);
  });
});
