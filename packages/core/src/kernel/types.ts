/** Why a stream halted. Machine-readable; `haltReason` carries the human text. */
export type HaltKind =
  | 'hard_limit'
  | 'window_avg'
  | 'downward_trend'
  | 'kernel_inactive'
  | 'callback_error'
  | 'timeout'
  | 'source_error'
  /**
   * The stream guard's name for a hard-limit halt on claims the evidence does not support (strict
   * grounding); kernels never report it themselves.
   */
  | 'unsupported';

/** One token as the kernel saw it. */
export interface TokenEvent {
  readonly token: string;
  /** Position of the token in the stream, from 0. */
  readonly index: number;
  /** The (sanitised, possibly carried) score the kernel used for this token. */
  readonly coherence: number;
  /** Milliseconds since the stream started. */
  readonly timestampMs: number;
  /** True on the token where the halt took effect. */
  readonly halted: boolean;
  /** True when the score was below `softLimit` without halting. */
  readonly warning: boolean;
}

/** What a score callback receives besides the token. */
export interface TokenContext {
  /** Index of the token being scored. */
  readonly index: number;
  /** All tokens so far, including this one. */
  readonly text: string;
}

/** A score callback for the batch calls: return a coherence in [0, 1]. */
export type ScoreCallback = (token: string, ctx: TokenContext) => number;

/** A score callback for `streamTokensAsync`: may return a promise. */
export type AsyncScoreCallback = (token: string, ctx: TokenContext) => number | Promise<number>;

/** Options for one monitor. */
export interface MonitorOptions {
  /**
   * Keep every token, event and score (default true). `false` keeps memory at
   * O(windowSize + trendWindow) for very long streams: `tokens`, `events` and `coherenceHistory`
   * stay empty and `output` is '' — the caller owns the text.
   */
  trace?: boolean;
}
