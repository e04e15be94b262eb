import type { HaltKind, TokenEvent } from './types.js';

/** @internal The monitor's writable view of a session. */
export type MutableSession = { -readonly [K in keyof StreamSession]: StreamSession[K] };

/**
 * The record of one stream: what was seen, what was scored and whether (and why) it halted.
 * A monitor fills it in; users read it.
 */
export class StreamSession {
  /** Every recorded token (empty when the monitor runs with `trace: false`). */
  readonly tokens: string[] = [];
  /** One event per recorded token (empty with `trace: false`). */
  readonly events: TokenEvent[] = [];
  /** One score per recorded token, including the halting one (empty with `trace: false`). */
  readonly coherenceHistory: number[] = [];
  readonly halted: boolean = false;
  /** True when a soft halt finished its sentence (the text up to there was delivered). */
  readonly softHalted: boolean = false;
  /** Index of the token that triggered the halt, −1 when nothing halted. */
  readonly haltIndex: number = -1;
  /** Human-readable reason, '' when nothing halted. */
  readonly haltReason: string = '';
  /** Machine-readable reason, null when nothing halted. */
  readonly haltKind: HaltKind | null = null;
  readonly warningCount: number = 0;
  /** Number of recorded tokens. */
  readonly tokenCount: number = 0;
  /** True when tokens, events and history were kept. */
  readonly traced: boolean;
  /** Epoch milliseconds when the stream started (`performance.timeOrigin`-based). */
  readonly startedAt: number;
  /** @internal */ _scoreSum = 0;
  /** @internal */ _scoreMin = Number.POSITIVE_INFINITY;
  /** @internal */ _startMs: number;
  /** @internal */ _endMs: number | null = null;

  constructor(traced: boolean) {
    this.traced = traced;
    this._startMs = performance.now();
    this.startedAt = performance.timeOrigin + this._startMs;
  }

  /**
   * The text that may be shown: every token when nothing halted or a soft halt finished its
   * sentence; otherwise the tokens before the halting one.
   */
  get output(): string {
    if (this.halted && !this.softHalted && this.haltIndex >= 0) {
      return this.tokens.slice(0, this.haltIndex).join('');
    }
    return this.tokens.join('');
  }

  /** Mean of all scores (0 when nothing was recorded). */
  get avgCoherence(): number {
    return this.tokenCount === 0 ? 0 : this._scoreSum / this.tokenCount;
  }

  /** Lowest score (0 when nothing was recorded). */
  get minCoherence(): number {
    return this.tokenCount === 0 ? 0 : this._scoreMin;
  }

  /** Time from the start of the stream to its end (or to now, while it runs). */
  get durationMs(): number {
    return (this._endMs ?? performance.now()) - this._startMs;
  }

  toJSON(): StreamSessionJSON {
    return sessionToJSON(this);
  }
}

/**
 * A session as plain data, read through its getters: the TypeScript session and the Rust-backed
 * one (`@backfire/core/native`) have the same shape.
 */
export function sessionToJSON(s: Readonly<StreamSessionJSON>): StreamSessionJSON {
  return {
    tokens: s.tokens,
    events: s.events,
    coherenceHistory: s.coherenceHistory,
    halted: s.halted,
    softHalted: s.softHalted,
    haltIndex: s.haltIndex,
    haltReason: s.haltReason,
    haltKind: s.haltKind,
    warningCount: s.warningCount,
    output: s.output,
    tokenCount: s.tokenCount,
    avgCoherence: s.avgCoherence,
    minCoherence: s.minCoherence,
    durationMs: s.durationMs,
  };
}

/** A `StreamSession` as plain data. */
export interface StreamSessionJSON {
  tokens: readonly string[];
  events: readonly TokenEvent[];
  coherenceHistory: readonly number[];
  halted: boolean;
  softHalted: boolean;
  haltIndex: number;
  haltReason: string;
  haltKind: HaltKind | null;
  warningCount: number;
  output: string;
  tokenCount: number;
  avgCoherence: number;
  minCoherence: number;
  durationMs: number;
}
