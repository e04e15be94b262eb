import { BackfireConfig } from '../config/config.js';
import { BackfireError, BackfireHaltError, BackfireInputError } from '../errors/errors.js';
import { isPromiseLike } from '../internal/async.js';
import {
  check,
  checkArray,
  checkFunction,
  checkInteger,
  checkObject,
  checkOneOf,
  checkText,
} from '../internal/check.js';
import { assertKnownKeys } from '../internal/options.js';
import { isSpaceCode } from '../kernel/format.js';
import type { StreamMonitor } from '../kernel/monitor.js';
import { invalidScoreOf, sanitizeScore } from '../kernel/sanitize.js';
import { StreamingKernel } from '../kernel/streaming-kernel.js';
import type { HaltKind } from '../kernel/types.js';
import { GuardSpan } from '../telemetry/guard-span.js';
import { resolveTelemetry } from '../telemetry/otel.js';
import { countWords, type Segment, Segmenter } from './segmenter.js';
import { suggestedAction } from './suggest.js';
import { TraceRecorder, type TraceRecordFn } from './trace.js';
import {
  GUARD_OPTION_KEYS,
  type GuardEvent,
  type GuardHalt,
  type GuardOptions,
  type GuardOutput,
  type GuardResult,
  type GuardResume,
  type ReleasePolicy,
  type SegmentRecord,
  type SegmentScoreFn,
  type SegmentVerdict,
} from './types.js';

// `raw` is what the scorer said (the monitor sanitises it and names it in its reason when it is not
// a finite number); `invalid` is that name, kept for the halt record.
type Outcome =
  | { kind: 'ok'; score: number; raw: unknown; invalid: string | null; evidence: unknown }
  | { kind: 'error'; error: unknown; invalid?: string | null }
  | { kind: 'timeout' }
  | { kind: 'unscored' };

interface Pending {
  readonly index: number;
  readonly seg: Segment;
  readonly tokenStart: number;
  readonly tokenEnd: number;
  startedAt: number;
  state: 'queued' | 'running' | 'done';
  outcome: Outcome | null;
}

const DEFAULTS = {
  release: 'optimistic' as ReleasePolicy,
  maxUnverifiedWords: 40,
  maxSegmentWords: 48,
  scoreTimeoutMs: 5000,
  onTimeout: 'halt' as const,
  maxConcurrentChecks: 4,
};

const RELEASES: readonly ReleasePolicy[] = ['optimistic', 'verified'];
const ON_TIMEOUTS = ['halt', 'pass'] as const;

/**
 * Creates the stream guard: the engine every adapter shares. Feed it the model's text deltas (any
 * size — a delta may split words, sentences or characters); it cuts the text into sentences,
 * scores each sentence once (never the whole prefix again, so cost is linear in the answer),
 * feeds the scores to a `StreamMonitor`, and releases text according to the release policy. When
 * the monitor halts, the guard aborts `guard.signal` (adapters cancel the upstream call with it),
 * cancels the checks still running and reports one `GuardHalt`.
 *
 * The series the kernel sees is one point per scored segment. Window and trend therefore measure
 * sentences, not tokens: a faithful answer whose sentences score 0.85 then 0.72 is a single step,
 * not the five-token "slide" a token-counted trend would see, while a contradicting sentence still
 * trips the hard limit as soon as it is scored.
 */
export function createGuard(options: GuardOptions): Guard {
  return new Guard(options);
}

export class Guard {
  readonly config: BackfireConfig;
  readonly release: ReleasePolicy;
  readonly #score: SegmentScoreFn;
  readonly #prompt: string;
  readonly #tenant: string | undefined;
  readonly #maxUnverified: number;
  readonly #timeoutMs: number;
  readonly #onTimeout: 'halt' | 'pass';
  readonly #maxConcurrent: number;
  readonly #onHalt: ((halt: GuardHalt) => void) | undefined;
  readonly #onEvent: ((event: GuardEvent) => void) | undefined;
  readonly #onOutput: ((output: GuardOutput) => void) | undefined;
  readonly #record: TraceRecordFn | undefined;
  readonly #recorder: TraceRecorder | null;
  readonly #resumedChars: number;
  readonly #span: GuardSpan | null;
  #monitor: StreamMonitor;
  readonly #segmenter: Segmenter;
  readonly #abort = new AbortController();

  readonly #pending: Pending[] = [];
  readonly #records: SegmentRecord[] = [];
  readonly #releasedChunks: string[] = [];
  #buf = '';
  #bufBase = 0;
  #wordsVerified = 0;
  #next = 0;
  #running = 0;
  #released = 0;
  #verifiedEnd = 0;
  #wordsSeen = 0;
  #wordsSeenSpace = true;
  #segmentWords = 0;
  #halt: GuardHalt | null = null;
  #trigger: Pending | null = null;
  #cancelled = false;
  #ended = false;
  #result: GuardResult | null = null;
  #waiters: (() => void)[] = [];
  // Output not yet reported: released text and the halt, until a write returns them (or
  // `takeOutput()` does). `#writing` counts the writes running: while one runs, nothing is pushed
  // to `onOutput`, so an adapter is never called back while it awaits a write. `#delivered`
  // settles once the caller has had the last write's result: pushes wait for it, or a verdict
  // landing between the end of a write and the caller's next step would overtake that write's
  // text.
  #unreported: string[] = [];
  #unreportedHalt: GuardHalt | null = null;
  #writing = 0;
  #delivered: Promise<unknown> = Promise.resolve();

  constructor(options: GuardOptions) {
    checkObject('options', options, { rule: 'must be an object' });
    assertKnownKeys('createGuard', options, GUARD_OPTION_KEYS);
    this.#score = toScoreFn(options.scorer);
    this.#prompt = optionalString('prompt', options.prompt) ?? '';
    this.#tenant = optionalString('tenant', options.tenant);
    const kernel =
      options.kernel instanceof StreamingKernel
        ? options.kernel
        : new StreamingKernel(BackfireConfig.from(options.config));
    this.config = kernel.config;
    this.#monitor = kernel.monitor();
    const resume = checkResume(options.resume);
    this.release = checkOneOf('release', options.release ?? DEFAULTS.release, RELEASES, {
      rule: `must be 'optimistic' or 'verified'`,
    });
    this.#maxUnverified = maxUnverifiedWords(options);
    const maxWords = positiveInt(
      'maxSegmentWords',
      options.maxSegmentWords ?? DEFAULTS.maxSegmentWords,
    );
    this.#segmenter = new Segmenter({
      maxWords,
      ...(resume !== undefined ? { after: resume.text } : {}),
    });
    if (resume !== undefined) this.#resumeFrom(resume, kernel);
    this.#timeoutMs = positiveNumber(
      'scoreTimeoutMs',
      options.scoreTimeoutMs ?? DEFAULTS.scoreTimeoutMs,
    );
    this.#onTimeout = checkOneOf(
      'onTimeout',
      options.onTimeout ?? DEFAULTS.onTimeout,
      ON_TIMEOUTS,
      {
        rule: `must be 'halt' or 'pass'`,
      },
    );
    this.#maxConcurrent = positiveInt(
      'maxConcurrentChecks',
      options.maxConcurrentChecks ?? DEFAULTS.maxConcurrentChecks,
    );
    this.#onHalt = optionalFn('onHalt', options.onHalt);
    this.#onEvent = optionalFn('onEvent', options.onEvent);
    this.#onOutput = optionalFn('onOutput', options.onOutput);
    this.#record = optionalFn('record', options.record);
    this.#recorder = this.#record !== undefined ? new TraceRecorder(resume?.text) : null;
    this.#resumedChars = resume?.text.length ?? 0;
    const telemetry = resolveTelemetry(options.telemetry, options.telemetryContext);
    this.#span =
      telemetry === null
        ? null
        : new GuardSpan(telemetry, {
            release: this.release,
            prompt: this.#prompt,
            resumed: resume !== undefined,
          });
    if (options.signal !== undefined) {
      if (options.signal.aborted) this.cancel();
      else options.signal.addEventListener('abort', () => this.cancel(), { once: true });
    }
  }

  // The kept text counts as verified and released; the kept segments are the context of the next
  // one and the start of the kernel's series. When the kept scores alone would halt the kernel
  // again (a window or trend halt: the low scores are kept), the series starts afresh instead, or
  // such a halt could never be repaired.
  #resumeFrom(resume: GuardResume, kernel: StreamingKernel): void {
    const { text, segments } = resume;
    const words = countWords(text);
    this.#bufBase = this.#released = this.#verifiedEnd = text.length;
    if (text !== '') this.#releasedChunks.push(text);
    this.#wordsSeen = this.#wordsVerified = this.#segmentWords = words;
    this.#wordsSeenSpace = text === '' || isSpaceCode(text.charCodeAt(text.length - 1));
    for (const record of segments) {
      const index = this.#pending.length;
      const kept: SegmentRecord = record.index === index ? record : { ...record, index };
      this.#pending.push({
        index,
        seg: { text: kept.text, start: kept.charStart, end: kept.charEnd, kind: kept.kind },
        tokenStart: kept.tokenStart,
        tokenEnd: kept.tokenEnd,
        startedAt: 0,
        state: 'done',
        outcome: { kind: 'unscored' },
      });
      this.#records.push(kept);
      if (kept.score !== null) this.#monitor.push(kept.text, kept.score);
    }
    this.#next = this.#pending.length;
    if (this.#monitor.halted || this.#monitor.haltPending) this.#monitor = kernel.monitor();
  }

  /** Aborted when the stream halts (reason: a `BackfireHaltError`) or the guard is cancelled. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get halted(): boolean {
    return this.#halt !== null;
  }

  get halt(): GuardHalt | null {
    return this.#halt;
  }

  /**
   * Adds attributes to this call's `backfire.guard` span (with `telemetry` on): an adapter's
   * (`gen_ai.*`, `backfire.repairs`). A no-op without telemetry.
   */
  setSpanAttributes(attributes: Record<string, string | number | boolean>): void {
    this.#span?.set(attributes);
  }

  /** Characters received from the model so far (after a halt, further writes are ignored). */
  get receivedChars(): number {
    return this.#bufBase + this.#buf.length;
  }

  /** Text released so far. */
  get releasedText(): string {
    return this.#releasedChunks.join('');
  }

  /** Scored segments so far, in order. */
  get segments(): readonly SegmentRecord[] {
    return this.#records;
  }

  /** True once halted, cancelled or ended: further writes are ignored. */
  get closed(): boolean {
    return this.#halt !== null || this.#cancelled || this.#ended;
  }

  /**
   * Adds a text delta and resolves to what the guard released and decided since it last reported
   * (this write included): the text to show and, if the stream halted, the halt. Resolves when
   * the guard can take more: in optimistic mode that may wait for the scorer when more than
   * `maxUnverifiedWords` words would run ahead of their verdict. Await each write before the next.
   * After a halt, writes are ignored (and report nothing new).
   */
  write(delta: string): Promise<GuardOutput> {
    const result = this.#write(delta);
    this.#delivered = result.then(ignore, ignore);
    return result;
  }

  async #write(delta: string): Promise<GuardOutput> {
    checkText('delta', delta);
    if (this.closed) return this.takeOutput();
    this.#writing++;
    try {
      this.#recorder?.delta(delta);
      this.#countSeen(delta);
      this.#buf += delta;
      for (const seg of this.#segmenter.push(delta)) this.#enqueue(seg);
      this.#pump();
      if (this.release === 'optimistic') await this.#releaseOptimistic();
    } finally {
      this.#writing--;
    }
    return this.takeOutput();
  }

  /**
   * What the guard released and decided since it last reported and that nobody has taken yet:
   * output of verdicts that landed between writes or during `end()` when there is no `onOutput`.
   */
  takeOutput(): GuardOutput {
    const chunks = this.#unreported;
    const released = chunks.length === 0 ? '' : chunks.length === 1 ? chunks[0]! : chunks.join('');
    if (chunks.length > 0) this.#unreported = [];
    const halt = this.#unreportedHalt;
    this.#unreportedHalt = null;
    return { released, halt };
  }

  /** Ends the stream: scores the last segment, waits for every check and returns the result. */
  async end(): Promise<GuardResult> {
    if (this.#result !== null) return this.#result;
    if (!this.#ended && !this.#halt && !this.#cancelled) {
      this.#ended = true;
      for (const seg of this.#segmenter.finish()) this.#enqueue(seg);
      this.#pump();
      while (!this.#halt && !this.#cancelled && this.#next < this.#pending.length) {
        await this.#nextVerdict();
      }
      if (!this.#halt && !this.#cancelled) {
        const session = this.#monitor.end();
        if (session.halted && session.softHalted && this.#trigger !== null) {
          this.#haltAt(this.#trigger, session.haltKind ?? 'window_avg', session.haltReason, true);
        }
        if (!this.#halt) this.#releaseTo(this.#segmenter.length);
      }
    }
    this.#ended = true;
    this.#result = this.#summary();
    this.#flushRecord();
    return this.#result;
  }

  /** Stops the guard without a halt record (e.g. the user pressed stop). Pending checks abort. */
  cancel(): void {
    if (this.closed) return;
    this.#cancelled = true;
    this.#abort.abort(new Error('backfire guard cancelled'));
    this.#wake();
    this.#flushRecord();
  }

  // The trace goes out once, when the call is over (ended, halted or cancelled).
  // A guard cancelled before any text (an adapter validating its options, a call stopped before
  // the model spoke) has nothing to replay: no trace.
  #flushRecord(): void {
    this.#span?.end({
      segments: this.#records,
      halt: this.#halt,
      cancelled: this.#cancelled,
      wordsGenerated: this.#wordsSeen,
      wordsReleased: this.#halt?.wordsReleased ?? countWords(this.releasedText),
    });
    if (this.#recorder === null) return;
    if (this.#cancelled && this.#recorder.empty) return;
    const trace = this.#recorder.take({
      prompt: this.#prompt,
      tenant: this.#tenant,
      config: this.config.toJSON(),
      release: this.release,
      resumedChars: this.#resumedChars,
      segments: this.#records,
      halt: this.#halt,
      cancelled: this.#cancelled,
    });
    if (trace === null) return;
    try {
      this.#record!(trace);
    } catch (error) {
      this.#emit({ type: 'record-error', error });
    }
  }

  #enqueue(seg: Segment): void {
    const words = countWords(seg.text);
    const p: Pending = {
      index: this.#pending.length,
      seg,
      tokenStart: this.#segmentWords,
      tokenEnd: this.#segmentWords + words,
      startedAt: 0,
      state: 'queued',
      outcome: null,
    };
    this.#segmentWords += words;
    this.#pending.push(p);
  }

  #pump(): void {
    for (let k = this.#next; k < this.#pending.length; k++) {
      if (this.#stopped()) return;
      if (this.#running >= this.#maxConcurrent) return;
      const p = this.#pending[k]!;
      if (p.state === 'queued') this.#start(p);
    }
  }

  #stopped(): boolean {
    return this.#halt !== null || this.#cancelled;
  }

  #start(p: Pending): void {
    p.state = 'running';
    p.startedAt = performance.now();
    if (p.seg.kind === 'code' || !/\S/u.test(p.seg.text)) {
      this.#settle(p, { kind: 'unscored' });
      return;
    }
    this.#running++;
    let result: ReturnType<SegmentScoreFn>;
    try {
      result = this.#score({
        prompt: this.#prompt,
        segment: p.seg.text,
        previous: this.#previousOf(p),
        ...(this.#tenant !== undefined ? { tenant: this.#tenant } : {}),
        signal: this.#abort.signal,
      });
    } catch (error) {
      this.#running--;
      this.#settle(p, { kind: 'error', error });
      return;
    }
    if (!isPromiseLike(result)) {
      this.#running--;
      this.#settle(p, toOutcome(result));
      return;
    }
    let finished = false;
    const finish = (o: Outcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      this.#running--;
      this.#settle(p, o);
      this.#pump();
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), this.#timeoutMs);
    Promise.resolve(result).then(
      (v) => finish(toOutcome(v)),
      (error: unknown) => finish({ kind: 'error', error }),
    );
  }

  #settle(p: Pending, outcome: Outcome): void {
    if (p.state === 'done') return;
    p.state = 'done';
    p.outcome = outcome;
    this.#applyReady();
  }

  // Verdicts are applied strictly in segment order, whatever order the checks finish in.
  #applyReady(): void {
    while (!this.#stopped() && this.#next < this.#pending.length) {
      const p = this.#pending[this.#next]!;
      if (p.outcome === null) break;
      this.#next++;
      this.#apply(p, p.outcome);
    }
    this.#wake();
  }

  #apply(p: Pending, o: Outcome): void {
    const m = this.#monitor;
    let score: number | null = null;
    let evidence: unknown = null;
    if (o.kind === 'ok') {
      score = o.score;
      evidence = o.evidence;
      const wasPending = m.haltPending;
      m.push(p.seg.text, o.raw as number);
      if (!wasPending && m.haltPending) this.#trigger = p;
    } else if (o.kind === 'error') {
      score = 0;
      // The halt's evidence says what failed (the reason itself stays the reference's text).
      evidence = { error: o.error instanceof Error ? o.error.message : String(o.error) };
      m.fail(p.seg.text, 'callback_error');
    } else if (o.kind === 'timeout' && this.#onTimeout === 'halt') {
      score = 0;
      m.fail(p.seg.text, 'timeout');
    }
    const session = m.session;
    const hardHalt = session.halted && !session.softHalted;
    const record: SegmentRecord = {
      index: p.index,
      text: p.seg.text,
      charStart: p.seg.start,
      charEnd: p.seg.end,
      tokenStart: p.tokenStart,
      tokenEnd: p.tokenEnd,
      kind: p.seg.kind,
      status: hardHalt ? 'failed' : score === null ? 'unscored' : 'passed',
      score,
      evidence,
      durationMs: performance.now() - p.startedAt,
    };
    this.#records.push(record);
    this.#span?.segment(record);
    this.#emit({ type: 'score', segment: record });
    if (hardHalt) {
      const [kind, reason] = groundingHalt(
        session.haltKind ?? 'hard_limit',
        session.haltReason,
        evidence,
      );
      this.#haltAt(p, kind, reason, false, score ?? 0, evidence);
      return;
    }
    this.#verifiedEnd = p.seg.end;
    this.#wordsVerified = p.tokenEnd;
    this.#trimBuffer();
    if (this.release === 'verified') this.#releaseTo(this.#verifiedEnd);
    if (session.halted && session.softHalted) {
      const trigger = this.#trigger ?? p;
      this.#haltAt(trigger, session.haltKind ?? 'window_avg', session.haltReason, true);
    }
  }

  #haltAt(
    p: Pending,
    kind: HaltKind,
    reason: string,
    soft: boolean,
    score?: number,
    evidence?: unknown,
  ): void {
    if (this.#halt !== null) return;
    // Text that passed its check before the halt is released whatever the policy, so the outcome
    // never depends on how the provider chunked its text: a sync verdict can halt inside the very
    // write that delivered the verified sentences, before optimistic release ever saw them.
    this.#releaseTo(this.#verifiedEnd);
    const rec = this.#records[p.index];
    const o = p.outcome;
    const invalid = o?.kind === 'ok' || o?.kind === 'error' ? (o.invalid ?? null) : null;
    // Counted once, here, rather than on every release: the released text is a prefix of the
    // answer, and only a halt or the summary needs its word count.
    const released = countWords(this.releasedText);
    const halt: GuardHalt = {
      halted: true,
      kind,
      reason,
      tokenIndex: p.tokenStart,
      charOffset: p.seg.start,
      segment: p.seg.text,
      score: score ?? rec?.score ?? 0,
      evidence: evidence ?? rec?.evidence ?? null,
      suggestedAction: suggestedAction(kind),
      wordsGenerated: this.#wordsSeen,
      wordsReleased: released,
      wordsWithheld: Math.max(0, this.#wordsSeen - released),
      tokensGenerated: this.#wordsSeen,
      tokensReleased: released,
      tokensWithheld: Math.max(0, this.#wordsSeen - released),
      soft,
      ...(invalid !== null ? { invalidScore: invalid } : {}),
    };
    this.#halt = halt;
    this.#span?.halt(halt);
    this.#abort.abort(new BackfireHaltError(`backfire halted the stream: ${reason}`, halt));
    this.#emit({ type: 'halt', halt });
    this.#report('', halt);
    if (this.#onHalt) {
      try {
        this.#onHalt(halt);
      } catch {
        // The halt stands whatever the callback does; a throwing hook must not reopen the stream.
      }
    }
    this.#flushRecord();
    this.#wake();
  }

  async #releaseOptimistic(): Promise<void> {
    while (!this.#stopped()) {
      const end = this.#segmenter.length;
      const limit = this.#allowedEnd();
      if (limit >= end) {
        this.#releaseTo(end);
        return;
      }
      this.#releaseTo(limit);
      // Nothing in flight means the unverified text is one open segment: waiting could deadlock.
      if (this.#next >= this.#pending.length) {
        this.#releaseTo(end);
        return;
      }
      await this.#nextVerdict();
    }
  }

  // Offset just past `maxUnverifiedWords` words after the verified prefix.
  #allowedEnd(): number {
    // Cheap common case: everything received fits in the budget (no scan needed).
    if (this.#wordsSeen - this.#wordsVerified <= this.#maxUnverified) return this.#segmenter.length;
    const t = this.#buf;
    const base = this.#bufBase;
    let words = 0;
    let prevSpace = true;
    for (let i = this.#verifiedEnd - base; i < t.length; i++) {
      const space = isSpaceCode(t.charCodeAt(i));
      if (!space && prevSpace) {
        if (words === this.#maxUnverified) return base + i;
        words++;
      }
      prevSpace = space;
    }
    return base + t.length;
  }

  #releaseTo(pos: number): void {
    if (pos <= this.#released) return;
    const text = this.#buf.slice(this.#released - this.#bufBase, pos - this.#bufBase);
    const offset = this.#released;
    this.#released = pos;
    this.#releasedChunks.push(text);
    this.#trimBuffer();
    this.#emit({ type: 'release', text, offset });
    this.#report(text, null);
  }

  // Output goes to `onOutput` when no write is running and there is one (right after the caller
  // has had the last write's result, so it arrives in order); otherwise it waits to be returned
  // by a write (or `takeOutput()`).
  #report(released: string, halt: GuardHalt | null): void {
    const onOutput = this.#onOutput;
    if (this.#writing === 0 && onOutput !== undefined) {
      const output: GuardOutput = { released, halt };
      void this.#delivered.then(() => {
        try {
          onOutput(output);
        } catch {
          // The guard's decisions stand whatever the callback does.
        }
      });
      return;
    }
    if (released !== '') this.#unreported.push(released);
    if (halt !== null) this.#unreportedHalt = halt;
  }

  // Keeps only text not yet both released and verified: the buffer stays as small as the lead of
  // the stream over its verdicts, so no step ever touches the whole answer.
  #trimBuffer(): void {
    const keep = Math.min(this.#released, this.#verifiedEnd);
    if (keep <= this.#bufBase) return;
    this.#buf = this.#buf.slice(keep - this.#bufBase);
    this.#bufBase = keep;
  }

  // Context for the scorer: the two segments before this one (the scorer reads only the last
  // sentence of it), never the whole prefix.
  #previousOf(p: Pending): string {
    const a = this.#pending[p.index - 2]?.seg.text ?? '';
    const b = this.#pending[p.index - 1]?.seg.text ?? '';
    return a + b;
  }

  #countSeen(delta: string): void {
    for (let i = 0; i < delta.length; i++) {
      const space = isSpaceCode(delta.charCodeAt(i));
      if (!space && this.#wordsSeenSpace) this.#wordsSeen++;
      this.#wordsSeenSpace = space;
    }
  }

  #emit(event: GuardEvent): void {
    if (!this.#onEvent) return;
    try {
      this.#onEvent(event);
    } catch {
      // Observers cannot break the guard; the stream's safety does not depend on them.
    }
  }

  #nextVerdict(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  #summary(): GuardResult {
    const scores = this.#records.map((r) => r.score).filter((s): s is number => s !== null);
    const sum = scores.reduce((a, b) => a + b, 0);
    const released = countWords(this.releasedText);
    return {
      halted: this.#halt !== null,
      halt: this.#halt,
      text: this.releasedText,
      segments: this.#records,
      wordsGenerated: this.#wordsSeen,
      wordsReleased: released,
      tokensGenerated: this.#wordsSeen,
      tokensReleased: released,
      avgScore: scores.length === 0 ? 0 : sum / scores.length,
      minScore: scores.length === 0 ? 0 : Math.min(...scores),
    };
  }
}

function ignore(): void {}

/**
 * A hard-limit halt whose evidence is a strict-grounding cue (`unsupported`: claims the evidence
 * does not back) is reported as kind `unsupported`, so a UI and a log can tell "not in your
 * documents" from "contradicts them". The reason keeps the kernel's numbers: `unsupported (0.4600
 * < 0.5)`.
 */
function groundingHalt(kind: HaltKind, reason: string, evidence: unknown): [HaltKind, string] {
  if (kind !== 'hard_limit' || evidence === null || typeof evidence !== 'object') {
    return [kind, reason];
  }
  const cue = (evidence as { contradiction?: { kind?: unknown } | null }).contradiction;
  if (cue?.kind !== 'unsupported') return [kind, reason];
  return ['unsupported', reason.replace(/^hard_limit/, 'unsupported')];
}

function checkResume(resume: unknown): GuardResume | undefined {
  if (resume === undefined) return undefined;
  const r = resume as Partial<GuardResume> | null;
  const isResume = r !== null && typeof r === 'object' && typeof r.text === 'string';
  check(isResume, 'resume', resume, 'must be { text: string, segments: [] }');
  const segments = checkArray('resume.segments', r.segments) as Array<SegmentRecord | null>;
  for (const [i, seg] of segments.entries()) {
    const kept = seg !== null && typeof seg === 'object' && seg.status !== 'failed';
    check(kept, `resume.segments[${i}]`, seg, 'must be a kept SegmentRecord');
  }
  return r as GuardResume;
}

function toScoreFn(scorer: unknown): SegmentScoreFn {
  if (typeof scorer === 'function') return scorer as SegmentScoreFn;
  if (
    scorer !== null &&
    typeof scorer === 'object' &&
    typeof (scorer as { scoreSegment?: unknown }).scoreSegment === 'function'
  ) {
    const s = scorer as { scoreSegment: SegmentScoreFn };
    return (req) => s.scoreSegment(req);
  }
  check(false, 'scorer', scorer, 'must be a function or an object with scoreSegment(request)');
}

function toOutcome(value: unknown): Outcome {
  if (typeof value === 'number') return ok(value, null);
  if (value !== null && typeof value === 'object' && 'score' in value) {
    const v = value as SegmentVerdict;
    if (v.skip === true) return { kind: 'unscored' };
    // A scorer that reports its own failure (CoherenceScore.failure): nothing to check passes
    // unscored; anything else is a scorer failure, reported as such (fail closed).
    if (typeof v.failure === 'string') {
      if (v.failure === 'no_content' || v.failure === 'empty_response') return { kind: 'unscored' };
      const why = typeof v.reason === 'string' && v.reason !== '' ? `: ${v.reason}` : '';
      return {
        kind: 'error',
        error: new BackfireError('BACKFIRE_BACKEND', `scorer failed (${v.failure})${why}`),
      };
    }
    return ok(v.score, v.evidence ?? null);
  }
  // Not a score at all (the scorer is broken, as one that throws is): callback_error, naming it.
  return {
    kind: 'error',
    error: new BackfireInputError('scorer result', value, 'must be a number or { score }'),
    invalid: invalidScoreOf(value),
  };
}

function ok(raw: unknown, evidence: unknown): Outcome {
  const score = sanitizeScore(raw);
  return { kind: 'ok', score, raw, invalid: score === 0 ? invalidScoreOf(raw) : null, evidence };
}

function optionalString(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return checkText(field, value);
}

function optionalFn<F>(field: string, value: F | undefined): F | undefined {
  if (value === undefined) return undefined;
  checkFunction(field, value);
  return value;
}

// `maxUnverifiedWords`, or its deprecated name `maxUnverifiedTokens` (an error names the key the
// caller wrote); both at once is ambiguous and rejected.
function maxUnverifiedWords(options: GuardOptions): number {
  const { maxUnverifiedWords: words, maxUnverifiedTokens: tokens } = options;
  if (words !== undefined && tokens !== undefined) {
    throw new BackfireInputError(
      'maxUnverifiedTokens',
      tokens,
      'must not be passed with maxUnverifiedWords',
      'maxUnverifiedWords and maxUnverifiedTokens (its deprecated name) are both set: ' +
        'pass maxUnverifiedWords only',
    );
  }
  if (tokens !== undefined) return positiveInt('maxUnverifiedTokens', tokens);
  return positiveInt('maxUnverifiedWords', words ?? DEFAULTS.maxUnverifiedWords);
}

function positiveInt(field: string, value: unknown): number {
  return checkInteger(field, value, 1);
}

function positiveNumber(field: string, value: unknown): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value > 0;
  check(ok, field, value, 'must be a finite number > 0');
  return value as number;
}
