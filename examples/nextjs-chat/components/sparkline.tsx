'use client';

import type { SegmentPoint } from '../lib/chat-types';
import { chartPoints, polyline, scoreY } from '../lib/sparkline';

const SMALL = { width: 72, height: 20 };
const LARGE = { width: 480, height: 160 };

export interface SparklineProps {
  readonly segments: readonly SegmentPoint[];
  /** Scores below this halt; drawn as a dashed line. */
  readonly hardLimit: number;
  /** True while the answer streams (more points are coming). */
  readonly pending: boolean;
  /** Whether the chart (rendered by the message, below the answer) is open. */
  readonly open: boolean;
  readonly onToggle: () => void;
  /** The chart's element id, for aria-controls. */
  readonly chartId: string;
}

/**
 * The coherence of an answer, one point per sentence: a sparkline in the message header that
 * toggles a chart with the threshold and every score. The box has a fixed size from the first
 * token on, so the message does not move when scores arrive.
 */
export function Sparkline(props: SparklineProps) {
  const { segments, hardLimit, pending, open, onToggle, chartId } = props;
  const scored = segments.filter((s) => s.score !== null) as { score: number; status: string }[];
  const avg = scored.length === 0 ? null : scored.reduce((a, s) => a + s.score, 0) / scored.length;
  const points = chartPoints(segments, SMALL.width, SMALL.height);
  const label =
    avg === null
      ? pending
        ? 'Coherence: scoring…'
        : 'Coherence: nothing scored'
      : `Coherence: ${scored.length} sentence${scored.length === 1 ? '' : 's'}, average ${avg.toFixed(2)}`;

  return (
    <div className="spark">
      <button
        type="button"
        className="spark-toggle"
        aria-expanded={open}
        aria-controls={chartId}
        disabled={scored.length === 0}
        onClick={onToggle}
      >
        <svg
          width={SMALL.width}
          height={SMALL.height}
          viewBox={`0 0 ${SMALL.width} ${SMALL.height}`}
          aria-hidden="true"
          className="spark-svg"
        >
          <line
            className="spark-limit"
            x1={0}
            x2={SMALL.width}
            y1={scoreY(hardLimit, SMALL.height)}
            y2={scoreY(hardLimit, SMALL.height)}
          />
          {points.length > 1 && <polyline className="spark-line" points={polyline(points)} />}
          {points.map((p, i) => (
            <circle
              // biome-ignore lint/suspicious/noArrayIndexKey: one point per sentence, in order
              key={i}
              className={p.failed ? 'spark-dot failed' : 'spark-dot'}
              cx={p.x}
              cy={p.y}
              r={p.failed ? 2.5 : 1.6}
            />
          ))}
        </svg>
        <span className="spark-label">{label}</span>
      </button>
    </div>
  );
}

/** The expanded chart: axes, the halt threshold and each sentence's score. */
export function CoherenceChart({
  id,
  segments,
  hardLimit,
}: {
  id: string;
  segments: readonly SegmentPoint[];
  hardLimit: number;
}) {
  const { width, height } = LARGE;
  const pad = 14;
  const points = chartPoints(segments, width, height, pad);
  const limitY = scoreY(hardLimit, height, pad);
  return (
    <figure id={id} className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Sentence scores: ${segments
          .map((s, i) => `sentence ${i + 1} ${s.score === null ? 'unscored' : s.score.toFixed(2)}`)
          .join(', ')}. Halt below ${hardLimit}.`}
      >
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g key={v}>
            <line
              className="chart-grid"
              x1={pad}
              x2={width - pad}
              y1={scoreY(v, height, pad)}
              y2={scoreY(v, height, pad)}
            />
            <text className="chart-axis" x={2} y={scoreY(v, height, pad) + 3}>
              {v.toFixed(2).replace(/0$/, '')}
            </text>
          </g>
        ))}
        <line className="chart-limit" x1={pad} x2={width - pad} y1={limitY} y2={limitY} />
        <text className="chart-limit-label" x={pad + 4} y={limitY + 11}>
          halt below {hardLimit}
        </text>
        {points.length > 1 && <polyline className="chart-line" points={polyline(points)} />}
        {points.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: one point per sentence, in order
          <g key={i}>
            <circle
              className={p.failed ? 'chart-dot failed' : 'chart-dot'}
              cx={p.x}
              cy={p.y}
              r={4}
            />
            <text className="chart-value" x={p.x} y={p.y - 8} textAnchor="middle">
              {p.score.toFixed(2)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        One point per sentence, scored against the prompt and the knowledge base (1 = fully
        supported). A sentence below the dashed line halts the answer.
      </figcaption>
    </figure>
  );
}
