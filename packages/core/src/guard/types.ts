import type { BackfireConfig, BackfireConfigInit } from '../config/config.js';
import { optionKeys } from '../internal/options.js';
import type { HaltKind, StreamingKernel } from '../kernel/index.js';
import type { TelemetryOption } from '../telemetry/otel.js';
import type { HaltReceipt } from './receipt.js';
import type { TraceRecordFn } from './trace.js';

/**
 * What the guard needs from a scorer: one score per segment. `CoherenceScorer` satisfies it; so does
 * any object or function that returns a coherence in [0, 1] (or a richer `SegmentVerdict`).
 */
export interface SegmentScoreRequest {
  /** The user's prompt (the question the answer should address). */
  readonly prompt: string;
  /** The segment to score: one sentence (or one code block, which is never scored). */
  readonly segment: string;
  /**
   * Context: the text of the (up to two) segments just before this one. Never the whole prefix:
   * the cost of scoring a segment does not grow with the length of the answer.
   */
  readonly previous: string;
  /** The knowledge-base tenant, if any. */
  readonly tenant?: string;
  /** Aborted when the guard halts or is cancelled: stop work. */
  readonly signal: AbortSignal;
}

/** A scorer's verdict on one segment. */
export interface SegmentVerdict {
  /** Coherence in [0, 1]; sanitised before use (NaN → 0, named in the halt as `invalidScore`). */
  readonly score: number;
  /** Evidence the scorer used (chunks, the contradicting sentence): passed through to the halt. */
  readonly evidence?: unknown;
  /** True when there was nothing to check (no words): the segment passes unscored. */
  readonly skip?: boolean;
  /**
   * Set by scorers that fail closed in-band (`CoherenceScore.failure`): `no_content` and
   * `empty_response` pass unscored, any other value halts with `callback_error`.
   */
  readonly failure?: string | null;
  /** The scorer's explanation of `failure`. */
  readonly reason?: string;
}

export type SegmentScoreFn = (
  request: SegmentScoreRequest,
) => number | SegmentVerdict | Promise<number | SegmentVerdict>;

/** Anything with a `scoreSegment` method (e.g. `CoherenceScorer`). */
export interface SegmentScorer {
  scoreSegment(
    request: SegmentScoreRequest,
  ): number | SegmentVerdict | Promise<number | SegmentVerdict>;
}

/** `optimistic`: release text as it arrives, bounded lead. `verified`: release only scored text. */
export type ReleasePolicy = 'optimistic' | 'verified';

export interface GuardOptions {
  /** Scores each segment. Required unless a default scorer is provided by the caller's adapter. */
  scorer: SegmentScorer | SegmentScoreFn;
  /** The prompt the answer responds to (passed to the scorer). Default ''. */
  prompt?: string;
  /** Knowledge-base tenant passed to the scorer. */
  tenant?: string;
  /** Thresholds (hard limit, window, trend, soft mode). Ignored when `kernel` is given. */
  config?: BackfireConfig | BackfireConfigInit;
  /** Join an existing kernel: its `emergencyStop()` then halts this guard too. */
  kernel?: StreamingKernel;
  /** Default `optimistic`. */
  release?: ReleasePolicy;
  /**
   * Optimistic mode: at most this many words may be released ahead of the last verified segment;
   * beyond that `write()` waits for the scorer. Default 40.
   */
  maxUnverifiedWords?: number;
  /**
   * @deprecated Renamed `maxUnverifiedWords` (it counts words, not a model's tokens). Still
   * accepted, with the same meaning, for one release; passing both is a `BackfireInputError`.
   */
  maxUnverifiedTokens?: number;
  /** A sentence longer than this many words is cut and scored in parts. Default 48. */
  maxSegmentWords?: number;
  /** Deadline for one segment's score, in ms. Default 5000. */
  scoreTimeoutMs?: number;
  /** What a missed deadline means: halt (default, fail closed) or let the segment pass unscored. */
  onTimeout?: 'halt' | 'pass';
  /** At most this many segments are scored at once (async scorers). Default 4. */
  maxConcurrentChecks?: number;
  /** Aborting cancels the guard (no halt record; pending checks are cancelled). */
  signal?: AbortSignal;
  /** Called once, when the stream halts. Errors thrown here are ignored (the halt stands). */
  onHalt?: (halt: GuardHalt) => void;
  /** Called for every event, in order. */
  onEvent?: (event: GuardEvent) => void;
  /**
   * Called with what the guard released or decided while no `write()` was running: the verdict of
   * an async scorer that lands between writes, and what `end()` releases. What happens during a
   * write is that write's result instead, so a caller is never called back while it awaits a
   * write; and `onOutput` runs only once the caller has had the last write's result (from a
   * microtask), so output always reaches it in order. Without `onOutput`, such output waits for
   * the next `write()` or `takeOutput()`. Errors thrown here are ignored (the guard's decisions
   * stand).
   */
  onOutput?: (output: GuardOutput) => void;
  /**
   * Continue an answer instead of starting one (repair): the guard starts after `text`, which
   * counts as already verified and released — offsets, word counts, `releasedText` and `segments`
   * cover the whole answer, the first new segment is scored with the kept segments as context,
   * and the kernel's window and trend continue from the kept segments' scores. Build it from a
   * halted guard with `guardResume(guard)`.
   */
  resume?: GuardResume;
  /**
   * Record the call: called once, when the guard ends, halts or is cancelled, with a
   * `BackfireTrace` (the prompt, the text deltas with their timing, each segment's verdict with the
   * knowledge retrieved for it, the halt, the config) for `backfire replay`. Opt-in; the trace
   * holds user content. A `record` that throws never breaks the stream: the error is reported
   * once as a `record-error` event.
   */
  record?: TraceRecordFn;
  /**
   * OpenTelemetry (`@opentelemetry/api`, an optional peer): `true` or settings for a
   * `backfire.guard` span per guarded call. Off by default; see `TelemetrySettings`.
   */
  telemetry?: TelemetryOption;
  /**
   * The OpenTelemetry context the span is a child of. Default: the context active when the guard
   * is created. Adapters pass the one active where the model call started.
   */
  telemetryContext?: unknown;
}

/**
 * What the guard released and decided since it last said: the result of `write()` and
 * `takeOutput()`, and what `onOutput` receives. Every released character and the halt are reported
 * exactly once, in order: `released` comes before the halt that followed it.
 */
export interface GuardOutput {
  /** Text released for the user, in order ('' when nothing): may be more or less than a delta. */
  readonly released: string;
  /** The halt, when the stream halted since the last report (then nothing more is released). */
  readonly halt: GuardHalt | null;
}

/** Where a resumed guard starts: the verified part of an answer and its scored segments. */
export interface GuardResume {
  /** The answer so far (the verified prefix); new text continues it. */
  readonly text: string;
  /** Its segments, in order, as the earlier guard recorded them (`passed` or `unscored`). */
  readonly segments: readonly SegmentRecord[];
}

/** Every key of `GuardOptions`: what `createGuard` accepts (anything else is rejected). */
export const GUARD_OPTION_KEYS = optionKeys<GuardOptions>()([
  'scorer',
  'prompt',
  'tenant',
  'config',
  'kernel',
  'release',
  'maxUnverifiedWords',
  'maxUnverifiedTokens',
  'maxSegmentWords',
  'scoreTimeoutMs',
  'onTimeout',
  'maxConcurrentChecks',
  'signal',
  'onHalt',
  'onEvent',
  'onOutput',
  'resume',
  'record',
  'telemetry',
  'telemetryContext',
]);

/**
 * Counts of words (not a model's tokens) a stream received and released. Always set by the guard
 * and the adapters; the `words*` names are optional in the type for one release only, so records
 * built by hand before the rename still type-check, and the `tokens*` names of the previous
 * release stay beside them, deprecated. A type (not an interface) so JSON metadata can extend it.
 */
export type WordCounts = {
  /** Words received from the model. */
  readonly wordsGenerated?: number;
  /** Words released to the user. */
  readonly wordsReleased?: number;
  /** @deprecated The same count as `wordsGenerated` (words, not a model's tokens). */
  readonly tokensGenerated: number;
  /** @deprecated The same count as `wordsReleased`. */
  readonly tokensReleased: number;
};

/** `WordCounts` of a halted stream, with the words it withheld. */
export type HaltWordCounts = WordCounts & {
  /** Words received but never released. */
  readonly wordsWithheld?: number;
  /** @deprecated The same count as `wordsWithheld`. */
  readonly tokensWithheld: number;
};

/** Everything a halt says — the same record every adapter reports. */
export interface GuardHalt extends HaltWordCounts {
  readonly halted: true;
  readonly kind: HaltKind;
  /** Human text, e.g. `hard_limit (0.3000 < 0.5)`. */
  readonly reason: string;
  /** Index (in words) of the first token of the offending segment. */
  readonly tokenIndex: number;
  /** Character offset of the offending segment in the answer. */
  readonly charOffset: number;
  /** The offending segment. */
  readonly segment: string;
  /** Its score (0 for callback errors and timeouts, and for a score that was not a number). */
  readonly score: number;
  /** The scorer's evidence for that segment, if any. */
  readonly evidence: unknown;
  /** What the application could do next. */
  readonly suggestedAction: string;
  /** True when a soft halt finished its sentence first (that sentence was released). */
  readonly soft: boolean;
  /**
   * Set when the scorer's result for the offending segment was not a finite number, naming it:
   * `'NaN'`, `'Infinity'`, `'-Infinity'`, or the type of a non-number (`'string'`, `'undefined'`,
   * `'null'`, `'object'`, …). Such a score counts as 0 (fail closed), and the reason says so:
   * `hard_limit (score NaN → 0 < 0.5)`. Absent otherwise (finite out-of-range scores are clamped).
   */
  readonly invalidScore?: string;
  /**
   * What the halt stopped and cost (`upstreamAborted`, `partsAfterHalt`, the provider's usage, what
   * was withheld). Set by adapters, which know the model call; absent on the guard's own record.
   */
  readonly receipt?: HaltReceipt;
}

/** One scored (or skipped) segment. */
export interface SegmentRecord {
  readonly index: number;
  readonly text: string;
  readonly charStart: number;
  readonly charEnd: number;
  readonly tokenStart: number;
  readonly tokenEnd: number;
  readonly kind: 'sentence' | 'code';
  /** `passed`, `failed` (halted here), or `unscored` (code, or a timeout with onTimeout 'pass'). */
  readonly status: 'passed' | 'failed' | 'unscored';
  /** The sanitised score; null when unscored. */
  readonly score: number | null;
  readonly evidence: unknown;
  readonly durationMs: number;
}

export type GuardEvent =
  | { readonly type: 'release'; readonly text: string; readonly offset: number }
  | { readonly type: 'score'; readonly segment: SegmentRecord }
  | { readonly type: 'halt'; readonly halt: GuardHalt }
  /** The `record` callback threw (reported once; the stream goes on). */
  | { readonly type: 'record-error'; readonly error: unknown };

/** What `guard.end()` returns. */
export interface GuardResult extends WordCounts {
  readonly halted: boolean;
  readonly halt: GuardHalt | null;
  /** All text released to the user. */
  readonly text: string;
  readonly segments: readonly SegmentRecord[];
  /** Mean segment score (0 when nothing was scored). */
  readonly avgScore: number;
  readonly minScore: number;
}
