import type { GuardHalt, ReleasePolicy, SegmentRecord } from '../guard/types.js';
import type { OtelSpan, ResolvedTelemetry } from './otel.js';

type Attributes = Record<string, string | number | boolean>;

/** What the span reports when the call is over. */
export interface GuardSpanSummary {
  readonly segments: readonly SegmentRecord[];
  readonly halt: GuardHalt | null;
  readonly cancelled: boolean;
  readonly wordsGenerated: number;
  readonly wordsReleased: number;
}

/**
 * The `backfire.guard` span of one guarded call: opened with the guard, as a child of the span
 * active where the call started; a `backfire.halt` event; `backfire.segment` events with
 * `segments: true`; text only with `recordContent: true`; ended when the call is over.
 */
export class GuardSpan {
  readonly #telemetry: ResolvedTelemetry;
  readonly #start: { release: ReleasePolicy; prompt: string; resumed: boolean };
  readonly #startTime = Date.now();
  #opened: OtelSpan | null = null;
  #ended = false;

  constructor(
    telemetry: ResolvedTelemetry,
    start: { release: ReleasePolicy; prompt: string; resumed: boolean },
  ) {
    this.#telemetry = telemetry;
    this.#start = start;
  }

  // Opened on first use, with the guard's creation as its start time: a guard cancelled before
  // any text (an adapter checking its options) leaves no span.
  get #span(): OtelSpan {
    if (this.#opened !== null) return this.#opened;
    const attributes: Attributes = {
      ...this.#telemetry.attributes,
      'backfire.release': this.#start.release,
      'backfire.resumed': this.#start.resumed,
    };
    if (this.#telemetry.recordContent) attributes['backfire.prompt'] = this.#start.prompt;
    // SpanKind.INTERNAL is 0.
    this.#opened = this.#telemetry.tracer.startSpan(
      'backfire.guard',
      { attributes, kind: 0, startTime: this.#startTime },
      this.#telemetry.parent,
    );
    return this.#opened;
  }

  segment(record: SegmentRecord): void {
    if (!this.#telemetry.segments || this.#ended) return;
    const attributes: Attributes = {
      'backfire.segment.index': record.index,
      'backfire.segment.status': record.status,
      'backfire.segment.char_start': record.charStart,
      'backfire.segment.duration_ms': record.durationMs,
    };
    if (record.score !== null) attributes['backfire.segment.score'] = record.score;
    if (this.#telemetry.recordContent) attributes['backfire.segment.text'] = record.text;
    this.#span.addEvent('backfire.segment', attributes);
  }

  halt(halt: GuardHalt): void {
    if (this.#ended) return;
    const attributes: Attributes = {
      'backfire.halt.kind': halt.kind,
      'backfire.halt.reason': halt.reason,
      'backfire.halt.score': Number.isFinite(halt.score) ? halt.score : 0,
      'backfire.halt.token_index': halt.tokenIndex,
      'backfire.halt.char_offset': halt.charOffset,
      'backfire.halt.soft': halt.soft,
    };
    if (this.#telemetry.recordContent) attributes['backfire.halt.segment'] = halt.segment;
    this.#span.addEvent('backfire.halt', attributes);
  }

  /** Adds attributes (an adapter's: repairs, the model). */
  set(attributes: Attributes): void {
    if (!this.#ended) this.#span.setAttributes(attributes);
  }

  end(summary: GuardSpanSummary): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#opened === null && summary.cancelled && summary.wordsGenerated === 0) return;
    const scores = summary.segments.map((s) => s.score).filter((s): s is number => s !== null);
    const attributes: Attributes = {
      'backfire.segments.scored': scores.length,
      'backfire.halted': summary.halt !== null,
      'backfire.cancelled': summary.cancelled,
      'backfire.words.generated': summary.wordsGenerated,
      'backfire.words.released': summary.wordsReleased,
      'backfire.words.withheld': Math.max(0, summary.wordsGenerated - summary.wordsReleased),
    };
    if (scores.length > 0) {
      attributes['backfire.score.min'] = Math.min(...scores);
      attributes['backfire.score.mean'] = scores.reduce((a, b) => a + b, 0) / scores.length;
    }
    const halt = summary.halt;
    if (halt !== null) {
      attributes['backfire.halt.kind'] = halt.kind;
      attributes['backfire.halt.reason'] = halt.reason;
      attributes['backfire.halt.score'] = Number.isFinite(halt.score) ? halt.score : 0;
    }
    try {
      this.#span.setAttributes(attributes);
    } finally {
      this.#span.end();
    }
  }
}
