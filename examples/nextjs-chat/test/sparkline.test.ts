import { describe, expect, it } from 'vitest';
import { chartPoints, polyline, scoreY } from '../lib/sparkline';

describe('sparkline geometry', () => {
  it('puts a score of 1 at the top, 0 at the bottom and spreads sentences across the width', () => {
    const points = chartPoints(
      [
        { score: 1, status: 'passed' },
        { score: 0.5, status: 'passed' },
        { score: 0, status: 'failed' },
      ],
      100,
      20,
      0,
    );
    expect(points.map((p) => [p.x, p.y, p.failed])).toEqual([
      [0, 0, false],
      [50, 10, false],
      [100, 20, true],
    ]);
    expect(polyline(points)).toBe('0,0 50,10 100,20');
  });

  it('skips unscored sentences but keeps their slot, and clamps bad scores into the box', () => {
    const points = chartPoints(
      [
        { score: 1.7, status: 'passed' },
        { score: null, status: 'unscored' },
        { score: Number.NaN, status: 'passed' },
        { score: -2, status: 'failed' },
      ],
      30,
      10,
      0,
    );
    expect(points.map((p) => [p.x, p.score])).toEqual([
      [0, 1],
      [30, 0],
    ]);
  });

  it('centres a single sentence', () => {
    expect(chartPoints([{ score: 0.8, status: 'passed' }], 72, 20)[0]?.x).toBe(36);
    expect(scoreY(0.5, 20, 2)).toBe(10);
  });
});
