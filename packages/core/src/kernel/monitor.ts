import type { BackfireConfig } from '../config/config.js';
import { BackfireInputError } from '../errors/errors.js';
import { formatReason, isSentenceEnd } from './format.js';
import { invalidScoreOf, sanitizeScore } from './sanitize.js';
import { type MutableSession, StreamSession } from './session.js';
import type { HaltKind, MonitorOptions, TokenEvent } from './types.js';

/** @internal Shared by a kernel and its monitors: the kernel-wide kill switch. */
export interface KillSwitch {
  active: boolean;
}

/**
 * Watches one stream. Feed it each token with its score; it applies the hard limit, the window
 * average and the downward trend (in that order, strict comparisons) and latches on the first halt.
 * State is private to this stream: two monitors never see each other's scores.
 *
 * Cost per token is O(windowSize + trendWindow) with no allocation beyond the returned event, so a
 * monitor can sit in the hot path of a token stream.
 */
export class StreamMonitor {
  readonly config: BackfireConfig;
  readonly #kill: KillSwitch;
  readonly #trace: boolean;
  readonly #session: StreamSession;
  readonly #s: MutableSession;

  // Ring buffers: the window (windowSize) and the trend series (trendWindow).
  readonly #window: Float64Array;
  #windowPos = 0;
  #windowLen = 0;
  readonly #trendBuf: Float64Array;
  #trendPos = 0;
  #trendLen = 0;
  readonly #dx: Float64Array;
  readonly #den: number;
  readonly #every: number;

  #index = 0;
  #lastScore = 0;
  #sinceScore = 0;
  #pending = false;
  #pendingKind: HaltKind | null = null;
  #pendingReason = '';
  #extra = 0;
  #ended = false;

  /** @internal Use `kernel.monitor()`. */
  constructor(config: BackfireConfig, kill: KillSwitch, options: MonitorOptions = {}) {
    this.config = config;
    this.#kill = kill;
    this.#trace = options.trace !== false;
    this.#session = new StreamSession(this.#trace);
    this.#s = this.#session as MutableSession;
    this.#window = new Float64Array(config.windowSize);
    this.#trendBuf = new Float64Array(config.trendWindow);
    // x offsets from their mean and their sum of squares depend only on trendWindow: computed once,
    // in the same order the per-token formula would use, so the result is bit-identical.
    const n = config.trendWindow;
    const xMean = (n - 1) / 2;
    this.#dx = new Float64Array(n);
    let den = 0;
    for (let k = 0; k < n; k++) {
      const d = k - xMean;
      this.#dx[k] = d;
      den += d * d;
    }
    this.#den = den;
    this.#every = config.scoreEveryN;
  }

  /** True once the stream halted (including a soft halt that finished its sentence). */
  get halted(): boolean {
    return this.#session.halted;
  }

  /** True while a soft halt waits for the end of its sentence. */
  get haltPending(): boolean {
    return this.#pending;
  }

  /** The live session record. */
  get session(): StreamSession {
    return this.#session;
  }

  /** Index the next pushed token will get. */
  get nextIndex(): number {
    return this.#index;
  }

  /**
   * Whether the next token will be scored under `scoreEveryN`. When false, the score passed to
   * `push` is ignored and the last score is carried, so callers can skip scoring work.
   */
  get scoreDue(): boolean {
    return this.#index === 0 || this.#sinceScore + 1 >= this.config.scoreEveryN;
  }

  /**
   * Records one token and its score and returns the event. After a halt the token is dropped and
   * a halted event comes back; `score` goes through the one sanitiser (NaN, ±Infinity and
   * non-numbers become 0, so they halt, and a hard-limit reason names them:
   * `hard_limit (score NaN → 0 < 0.5)`).
   */
  push(token: string, score: number): TokenEvent {
    if (typeof token !== 'string') {
      throw new BackfireInputError('token', token, 'must be a string');
    }
    if (this.#ended) {
      throw new BackfireInputError('token', token, 'cannot be pushed after end()');
    }
    const s = this.#s;
    const i = this.#index;
    if (s.halted) return this.#droppedEvent(token, i);
    if (!this.#kill.active) {
      s.halted = true;
      s.haltIndex = i;
      s.haltKind = 'kernel_inactive';
      s.haltReason = 'kernel_inactive';
      this.#pending = false;
      return this.#droppedEvent(token, i);
    }

    let value: number;
    let invalid: string | null = null;
    if (i === 0 || this.#sinceScore + 1 >= this.#every) {
      value = sanitizeScore(score);
      // Only a 0 can stand for a value that was not a finite number: the common path skips this.
      if (value === 0) invalid = invalidScoreOf(score);
      this.#lastScore = value;
      this.#sinceScore = 0;
    } else {
      value = this.#lastScore;
      this.#sinceScore++;
    }
    return this.#record(token, value, null, invalid);
  }

  /**
   * Records a token whose score could not be produced (the callback threw, timed out or returned
   * garbage): it is recorded with score 0 and halts at once with `kind`, whatever the limits say.
   */
  fail(token: string, kind: 'callback_error' | 'timeout'): TokenEvent {
    if (typeof token !== 'string') {
      throw new BackfireInputError('token', token, 'must be a string');
    }
    if (this.#ended) throw new BackfireInputError('token', token, 'cannot be pushed after end()');
    const i = this.#index;
    if (this.#s.halted) return this.#droppedEvent(token, i);
    // The kill switch outranks everything, a failed callback included.
    if (!this.#kill.active) return this.push(token, 0);
    this.#lastScore = 0;
    this.#sinceScore = 0;
    return this.#record(token, 0, kind, null);
  }

  /** Finalises the stream (a pending soft halt becomes a soft halt) and returns the session. */
  end(): StreamSession {
    if (this.#ended) return this.#session;
    this.#ended = true;
    const s = this.#s;
    if (this.#pending) this.#finaliseSoft();
    s._endMs = performance.now();
    return this.#session;
  }

  /**
   * @internal Halts the stream from outside the score path (source failures). The current token
   * count stays as is; `haltIndex` is the next index.
   */
  _haltExternal(kind: HaltKind, reason: string): void {
    const s = this.#s;
    if (s.halted) return;
    s.halted = true;
    s.softHalted = false;
    s.haltIndex = this.#index;
    s.haltKind = kind;
    s.haltReason = reason;
    this.#pending = false;
  }

  // `invalid` names this token's own score when it was not a finite number. Only the hard-limit
  // reason measures that score; window and trend reasons measure aggregates and keep their text.
  #record(
    token: string,
    value: number,
    forced: 'callback_error' | 'timeout' | null,
    invalid: string | null,
  ): TokenEvent {
    const s = this.#s;
    const cfg = this.config;
    const i = this.#index++;

    // Window and trend ring buffers.
    this.#window[this.#windowPos] = value;
    this.#windowPos = this.#windowPos + 1 === this.#window.length ? 0 : this.#windowPos + 1;
    if (this.#windowLen < this.#window.length) this.#windowLen++;
    this.#trendBuf[this.#trendPos] = value;
    this.#trendPos = this.#trendPos + 1 === this.#trendBuf.length ? 0 : this.#trendPos + 1;
    if (this.#trendLen < this.#trendBuf.length) this.#trendLen++;

    s.tokenCount++;
    s._scoreSum += value;
    if (value < s._scoreMin) s._scoreMin = value;

    let halted = false;
    let warning = false;

    if (forced !== null) {
      this.#pending = false;
      this.#halt(i, forced, forced);
      halted = true;
    } else if (this.#pending) {
      if (value < cfg.hardLimit) {
        // A hard breach overrides the soft halt: the offending token is never delivered.
        this.#pending = false;
        this.#halt(i, 'hard_limit', formatReason('hard_limit', value, cfg.hardLimit, invalid));
        halted = true;
      } else {
        this.#extra++;
        if (isSentenceEnd(token) || this.#extra >= cfg.softHaltCap) {
          this.#finaliseSoft();
          halted = true;
        }
      }
    } else {
      let kind: HaltKind | null = null;
      let reason = '';
      if (value < cfg.hardLimit) {
        kind = 'hard_limit';
        reason = formatReason(kind, value, cfg.hardLimit, invalid);
      } else if (this.#windowLen === this.#window.length) {
        const mean = this.#windowMean();
        if (mean < cfg.windowThreshold) {
          kind = 'window_avg';
          reason = formatReason(kind, mean, cfg.windowThreshold);
        }
      }
      if (kind === null && this.#trendLen === this.#trendBuf.length) {
        const drop = this.#trendDrop();
        if (drop > cfg.trendThreshold) {
          kind = 'downward_trend';
          reason = formatReason(kind, drop, cfg.trendThreshold);
        }
      }
      if (kind !== null) {
        if (cfg.haltMode === 'soft' && kind !== 'hard_limit') {
          this.#pending = true;
          this.#pendingKind = kind;
          this.#pendingReason = reason;
          this.#extra = 0;
          s.haltIndex = i;
          if (isSentenceEnd(token)) {
            this.#finaliseSoft();
            halted = true;
          }
        } else {
          this.#halt(i, kind, reason);
          halted = true;
        }
      } else if (value < cfg.softLimit) {
        warning = true;
        s.warningCount++;
      }
    }

    const event: TokenEvent = {
      token,
      index: i,
      coherence: value,
      timestampMs: this.#trace ? performance.now() - s._startMs : 0,
      halted,
      warning,
    };
    if (this.#trace) {
      s.tokens.push(token);
      s.coherenceHistory.push(value);
      s.events.push(event);
    }
    return event;
  }

  #halt(index: number, kind: HaltKind, reason: string): void {
    const s = this.#s;
    s.halted = true;
    s.softHalted = false;
    s.haltIndex = index;
    s.haltKind = kind;
    s.haltReason = reason;
  }

  #finaliseSoft(): void {
    const s = this.#s;
    s.halted = true;
    s.softHalted = true;
    s.haltKind = this.#pendingKind;
    s.haltReason = this.#pendingReason;
    this.#pending = false;
  }

  // Oldest to newest, left to right: the order the Rust kernel sums in, so results match bit for bit.
  #windowMean(): number {
    const buf = this.#window;
    const n = buf.length;
    let sum = 0;
    for (let k = this.#windowPos; k < n; k++) sum += buf[k]!;
    for (let k = 0; k < this.#windowPos; k++) sum += buf[k]!;
    return sum / n;
  }

  #trendDrop(): number {
    const buf = this.#trendBuf;
    const n = buf.length;
    const pos = this.#trendPos;
    let ySum = 0;
    for (let k = pos; k < n; k++) ySum += buf[k]!;
    for (let k = 0; k < pos; k++) ySum += buf[k]!;
    const yMean = ySum / n;
    const dx = this.#dx;
    let num = 0;
    let j = 0;
    for (let k = pos; k < n; k++) num += dx[j++]! * (buf[k]! - yMean);
    for (let k = 0; k < pos; k++) num += dx[j++]! * (buf[k]! - yMean);
    const slope = this.#den <= 1e-12 ? 0 : num / this.#den;
    return -slope * (n - 1);
  }

  #droppedEvent(token: string, index: number): TokenEvent {
    return {
      token,
      index,
      coherence: 0,
      timestampMs: this.#trace ? performance.now() - this.#s._startMs : 0,
      halted: true,
      warning: false,
    };
  }
}
