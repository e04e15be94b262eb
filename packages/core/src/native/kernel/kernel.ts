import type {
  RustStreamMonitor as AddonMonitor,
  RustSafetyKernel as AddonSafetyKernel,
  RustStreamingKernel as AddonStreamingKernel,
} from '@backfire/native';
import type { BackfireConfigInit } from '../../config/index.js';
import type { KernelOptions } from '../../kernel/streaming-kernel.js';
import type { MonitorOptions, ScoreCallback, TokenEvent } from '../../kernel/types.js';
import { addon } from '../addon.js';
import { fromAddonError } from '../errors.js';
import { BackfireConfig } from './config.js';
import {
  FLAG_HALTED,
  FLAG_RECORDED,
  FLAG_WARNING,
  NativeStreamSession,
  type RawSession,
} from './session.js';

/** Called by the addon for each due token; builds `{ index, text }` and calls the user's callback. */
type Invoke = (index: number) => unknown;

/** The addon's errors as core's classes; a stream error's session is rebuilt from `tokens`. */
function typed(err: unknown, tokens: readonly string[] = []): unknown {
  return fromAddonError(err, (raw) => new NativeStreamSession(raw as RawSession, tokens));
}

/**
 * Arrays go to the addon as they are (read by index, one crossing for the stream). Any other
 * iterable goes as an iterator that remembers what it yielded, so the addon reads it lazily — an
 * endless generator is read only until the stream halts — and the session still has its tokens.
 */
function tokenSource(tokens: Iterable<string>): {
  source: string[] | Iterator<unknown>;
  seen: readonly string[];
  error?: unknown;
  checked?: number;
} {
  if (Array.isArray(tokens))
    return { source: tokens as string[], seen: tokens, checked: leadingStrings(tokens) };
  const seen: string[] = [];
  let it: Iterator<string>;
  try {
    const make = (tokens as Partial<Iterable<string>> | null | undefined)?.[Symbol.iterator];
    if (typeof make !== 'function') throw new TypeError('tokens is not iterable');
    it = make.call(tokens);
  } catch (error) {
    return { source: [], seen, error };
  }
  const source = {
    next(): IteratorResult<string> {
      const r = it.next();
      if (r.done !== true) seen.push(r.value);
      return r;
    },
    return(): IteratorResult<string> {
      return typeof it.return === 'function' ? it.return() : { done: true, value: undefined };
    },
  };
  return { source, seen };
}

/**
 * How many leading elements are strings. The addon then skips reading those elements (each read is
 * a Node-API call); the first non-string is still read and reported by the addon, where the
 * TypeScript kernel would report it.
 */
function leadingStrings(tokens: readonly unknown[]): number {
  let i = 0;
  while (i < tokens.length && typeof tokens[i] === 'string') i++;
  return i;
}

/**
 * The adapter the addon calls for each due token: it keeps `text` (all tokens so far) as a JS
 * string and builds `{ index, text }` as an object literal — both far cheaper here than through
 * Node-API. `seen[i]` is the token at stream index i (arrays by index; iterators record what they
 * yield), so `text` includes tokens that were not due.
 */
function invoker(callback: unknown, seen: readonly string[]): Invoke | undefined {
  if (typeof callback !== 'function') return undefined; // the addon reports the bad callback
  const cb = callback as ScoreCallback;
  let text = '';
  let pos = 0;
  return (index) => {
    while (pos <= index) text += seen[pos++];
    return cb(seen[index]!, { index, text });
  };
}

/** Scores as a Float64Array (callers send arrays holding non-numbers another way). */
function toScores(scores: Float64Array | readonly unknown[]): Float64Array {
  if (scores instanceof Float64Array) return scores;
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    out[i] = typeof s === 'number' ? s : Number.NaN;
  }
  return out;
}

function run(tokens: readonly string[], fn: () => RawSession): NativeStreamSession {
  let raw: RawSession;
  try {
    raw = fn();
  } catch (err) {
    throw typed(err, tokens);
  }
  return new NativeStreamSession(raw, tokens);
}

type AddonConfigArg = ConstructorParameters<typeof AddonStreamingKernel>[0];

function rawConfig(config: BackfireConfig | BackfireConfigInit | null | undefined): unknown {
  return config instanceof BackfireConfig ? config._raw : config;
}

/**
 * The streaming interlock in Rust: hard limit, sliding-window average and least-squares downward
 * trend, with `StreamingKernel`'s semantics (golden vectors and randomized parity
 * tests keep them identical). Batch calls cross the boundary once per stream.
 */
export class RustStreamingKernel {
  readonly config: BackfireConfig;
  readonly #raw: AddonStreamingKernel;

  constructor(config?: BackfireConfig | BackfireConfigInit | null, options: KernelOptions = {}) {
    try {
      this.#raw = new (addon().RustStreamingKernel)(rawConfig(config) as AddonConfigArg, options);
    } catch (err) {
      throw typed(err);
    }
    this.config =
      config instanceof BackfireConfig
        ? config
        : new BackfireConfig(this.#raw.config.toJSON() as BackfireConfigInit);
  }

  /** False between `emergencyStop()` and `reactivate()`. */
  get isActive(): boolean {
    return this.#raw.isActive;
  }

  /** Halts every monitor of this kernel at its next token, until `reactivate()`. */
  emergencyStop(): void {
    this.#raw.emergencyStop();
  }

  reactivate(): void {
    this.#raw.reactivate();
  }

  /** Opens an independent monitor for one stream. */
  monitor(options: MonitorOptions = {}): RustStreamMonitor {
    return new RustStreamMonitor(
      this.#raw.monitor(options.trace !== false),
      options.trace !== false,
    );
  }

  /**
   * Runs `callback` over every due token and returns the session (the reference implementation's
   * batch call).
   */
  streamTokens(tokens: Iterable<string>, callback: ScoreCallback): NativeStreamSession {
    const { source, seen, error, checked } = tokenSource(tokens);
    const invoke = invoker(callback, seen);
    return run(seen, () => this.#raw.streamTokens(source, callback, error, invoke, checked));
  }

  /**
   * The whole session in one boundary crossing: `scores[i]` is the score of `tokens[i]` (ignored
   * for tokens that are not due under `scoreEveryN`). Same result as
   * `streamTokens(tokens, (t, { index }) => scores[index])`.
   */
  streamScores(
    tokens: readonly string[],
    scores: Float64Array | readonly number[],
  ): NativeStreamSession {
    if (
      !(scores instanceof Float64Array) &&
      Array.isArray(tokens) &&
      Array.isArray(scores) &&
      scores.length >= tokens.length &&
      scores.some((s) => typeof s !== 'number')
    ) {
      // A non-number is what that callback would return: callback_error, exactly as there (read
      // as NaN it would halt naming a NaN that was never there).
      return this.streamTokens(tokens, (_t, { index }) => scores[index] as number);
    }
    const checked = Array.isArray(tokens) ? leadingStrings(tokens) : 0;
    return run(tokens, () =>
      this.#raw.streamScores(tokens as string[], toScores(scores), undefined, checked),
    );
  }

  /**
   * The reference implementation's string form: the output, or `[KERNEL INTERRUPT: <reason>]` when
   * halted.
   */
  streamOutput(tokens: Iterable<string>, callback: ScoreCallback): string {
    const session = this.streamTokens(tokens, callback);
    return session._interrupt ?? session.output;
  }
}

/**
 * The reference implementation's hard-limit interlock: every token is scored, a score below
 * `hardLimit` halts and latches the kernel until `reactivate()`. Window and trend checks are off.
 */
export class RustSafetyKernel {
  readonly #raw: AddonSafetyKernel;

  constructor(hardLimit: number | { hardLimit?: number } = 0.5) {
    try {
      this.#raw = new (addon().RustSafetyKernel)(hardLimit);
    } catch (err) {
      throw typed(err);
    }
  }

  get hardLimit(): number {
    return this.#raw.hardLimit;
  }

  get isActive(): boolean {
    return this.#raw.isActive;
  }

  emergencyStop(): void {
    this.#raw.emergencyStop();
  }

  reactivate(): void {
    this.#raw.reactivate();
  }

  /**
   * The joined tokens, or `[KERNEL INTERRUPT: COHERENCE LIMIT EXCEEDED]` for a hard-limit halt
   * (`[KERNEL INTERRUPT: <reason>]` for any other halt).
   */
  streamOutput(tokens: Iterable<string>, callback: ScoreCallback): string {
    const { source, seen, error, checked } = tokenSource(tokens);
    const invoke = invoker(callback, seen);
    const session = run(seen, () =>
      this.#raw.streamTokens(source, callback, error, invoke, checked),
    );
    return session._interrupt ?? session.output;
  }
}

/**
 * One stream's monitor (from `kernel.monitor()`). Each `push` is one boundary crossing
 * (~0.1–0.3 µs); `pushMany` takes a whole batch of scores in one.
 */
export class RustStreamMonitor {
  readonly #raw: AddonMonitor;
  readonly #trace: boolean;
  readonly #tokens: string[] = [];
  readonly #out = new Float64Array(3);
  #session: NativeStreamSession | undefined;

  /** @internal Use `kernel.monitor()`. */
  constructor(raw: AddonMonitor, trace: boolean) {
    this.#raw = raw;
    this.#trace = trace;
  }

  get halted(): boolean {
    return this.#raw.halted;
  }

  /** True while a soft halt waits for the end of its sentence. */
  get haltPending(): boolean {
    return this.#raw.haltPending;
  }

  /** Index the next pushed token will get. */
  get nextIndex(): number {
    return this.#raw.nextIndex;
  }

  /** Whether the next token is scored under `scoreEveryN` (otherwise its score is ignored). */
  get scoreDue(): boolean {
    return this.#raw.scoreDue;
  }

  /** The session so far. */
  get session(): NativeStreamSession {
    this.#session ??= new NativeStreamSession(this.#raw.snapshot(), this.#tokens);
    return this.#session;
  }

  /**
   * Records one token and its score; NaN, ±Infinity and non-numbers count as 0 (fail closed), and
   * a hard-limit reason names them (`hard_limit (score NaN → 0 < 0.5)`, `score string → 0`).
   */
  push(token: string, score: number): TokenEvent {
    let flags: number;
    try {
      // A non-number takes the slower path that can name its type.
      flags =
        typeof score === 'number'
          ? this.#raw.push(token, score, this.#out)
          : this.#raw.pushValue(token, score, this.#out);
    } catch (err) {
      throw typed(err);
    }
    return this.#event(token, flags);
  }

  /** Records a token whose score could not be produced: it halts with `kind`. */
  fail(token: string, kind: 'callback_error' | 'timeout'): TokenEvent {
    let flags: number;
    try {
      flags = this.#raw.fail(token, kind, this.#out);
    } catch (err) {
      throw typed(err);
    }
    return this.#event(token, flags);
  }

  /**
   * Pushes many scores in one crossing, stopping at a halt. Pass the tokens too when the text
   * matters (soft halts look for sentence ends; a traced session keeps them). Returns how many
   * tokens were recorded.
   */
  pushMany(scores: Float64Array | readonly number[], tokens?: readonly string[]): number {
    const bad =
      scores instanceof Float64Array ? -1 : scores.findIndex((s) => typeof s !== 'number');
    if (bad >= 0) return this.#pushManyMixed(scores as readonly unknown[], tokens, bad);
    let n: number;
    try {
      n = this.#raw.pushMany(toScores(scores), tokens as string[] | undefined);
    } catch (err) {
      throw typed(err);
    }
    this.#session = undefined;
    if (this.#trace) {
      for (let i = 0; i < n; i++) this.#tokens.push(tokens?.[i] ?? '');
    }
    return n;
  }

  // An array holding non-numbers: runs of numbers cross in one call each, and every non-number on
  // its own through `push`, so its halt reason names it as TypeScript's monitor would.
  #pushManyMixed(scores: readonly unknown[], tokens: readonly string[] | undefined, bad: number) {
    if (tokens !== undefined && (!Array.isArray(tokens) || tokens.length < scores.length)) {
      // Tokens that do not fit the scores: the addon's own check throws its own typed error (it
      // rejects these before pushing anything).
      return this.pushMany(new Float64Array(scores.length), tokens);
    }
    let n = 0;
    let from = 0;
    for (let i = bad; i <= scores.length && !this.halted; i++) {
      if (i < scores.length && typeof scores[i] === 'number') continue;
      if (i > from) {
        n += this.pushMany(
          Float64Array.from(scores.slice(from, i) as number[]),
          tokens?.slice(from, i),
        );
      }
      if (i < scores.length && !this.halted) {
        const before = this.nextIndex;
        this.push(tokens?.[i] ?? '', scores[i] as number);
        if (this.nextIndex > before) n++;
      }
      from = i + 1;
    }
    return n;
  }

  /** Finalises the stream (a pending soft halt becomes a soft halt) and returns the session. */
  end(): NativeStreamSession {
    this.#session = new NativeStreamSession(this.#raw.end(), this.#tokens);
    return this.#session;
  }

  #event(token: string, flags: number): TokenEvent {
    this.#session = undefined;
    if (this.#trace && (flags & FLAG_RECORDED) !== 0) this.#tokens.push(token);
    const out = this.#out;
    return {
      token,
      index: out[2]!,
      coherence: out[0]!,
      timestampMs: out[1]!,
      halted: (flags & FLAG_HALTED) !== 0,
      warning: (flags & FLAG_WARNING) !== 0,
    };
  }
}
