import type { SegmentPoint } from './chat-types';

/** A point of a coherence chart, in SVG user units. */
export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  readonly score: number;
  readonly failed: boolean;
}

/**
 * Places sentence scores in a `width` × `height` box: x spreads the sentences evenly, y maps a
 * score of 1 to the top and 0 to the bottom (inside `pad`). Unscored sentences (code, a timeout
 * that passed) have no point. Scores are clamped to [0, 1] so a bad value cannot draw outside.
 */
export function chartPoints(
  segments: readonly SegmentPoint[],
  width: number,
  height: number,
  pad = 2,
): ChartPoint[] {
  const n = segments.length;
  const points: ChartPoint[] = [];
  segments.forEach((s, i) => {
    if (s.score === null || !Number.isFinite(s.score)) return;
    const score = Math.min(1, Math.max(0, s.score));
    const x = n === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1);
    points.push({ x, y: scoreY(score, height, pad), score, failed: s.status === 'failed' });
  });
  return points;
}

/** The y of a score (1 at the top). */
export function scoreY(score: number, height: number, pad = 2): number {
  return pad + (1 - score) * (height - 2 * pad);
}

/** The SVG `points` attribute of a polyline through the points. */
export function polyline(points: readonly ChartPoint[]): string {
  return points.map((p) => `${round(p.x)},${round(p.y)}`).join(' ');
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
