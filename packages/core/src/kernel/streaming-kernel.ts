import { BackfireConfig, type BackfireConfigInit } from '../config/config.js';
import { BackfireInputError, BackfireStreamError, describeValue } from '../errors/errors.js';
import { isPromiseLike, toAsyncIterator } from '../internal/async.js';
import { check, checkFunction } from '../internal/check.js';
import { type KillSwitch, StreamMonitor } from './monitor.js';
import type { StreamSession } from './session.js';
import type { AsyncScoreCallback, MonitorOptions, ScoreCallback } from './types.js';

/** Options that shape how a kernel treats its callbacks. */
export interface KernelOptions {
  /**
   * A score callback that throws halts the stream with kind `callback_error` (fail closed). Set
   * this to rethrow the callback's error to the caller instead.
   */
  rethrowCallbackErrors?: boolean;
}

/** Options for one `streamTokensAsync` call. */
export interface StreamTokensAsyncOptions {
  /** A callback that has not settled after this many ms halts the stream with kind `timeout`. */
  timeoutMs?: number;
  /** Aborting stops reading the source; the session is finalised as is (not a halt). */
  signal?: AbortSignal;
}

/**
 * The streaming interlock: hard limit, sliding-window average and least-squares downward trend.
 *
 * A kernel is a policy plus a kill switch. `monitor()` opens an independent per-stream monitor;
 * `emergencyStop()` halts every monitor of this kernel at its next token until `reactivate()`.
 * The batch calls kept from the reference implementation (`streamTokens`, `streamOutput`,
 * `streamTokensAsync`) run one monitor and, as the reference does, latch the whole kernel on a
 * hard-limit halt.
 */
export class StreamingKernel {
  readonly config: BackfireConfig;
  readonly #kill: KillSwitch = { active: true };
  readonly #rethrow: boolean;

  constructor(config?: BackfireConfig | BackfireConfigInit, options: KernelOptions = {}) {
    this.config = BackfireConfig.from(config);
    this.#rethrow = options.rethrowCallbackErrors === true;
  }

  /** False between `emergencyStop()` and `reactivate()`. */
  get isActive(): boolean {
    return this.#kill.active;
  }

  /** Halts every monitor of this kernel at its next token, until `reactivate()`. */
  emergencyStop(): void {
    this.#kill.active = false;
  }

  reactivate(): void {
    this.#kill.active = true;
  }

  /** Opens an independent monitor for one stream. */
  monitor(options: MonitorOptions = {}): StreamMonitor {
    return new StreamMonitor(this.config, this.#kill, options);
  }

  /**
   * Runs `callback` over every token and returns the session (the reference implementation's
   * batch call).
   */
  streamTokens(tokens: Iterable<string>, callback: ScoreCallback): StreamSession {
    checkCallback(callback);
    const m = this.monitor();
    let text = '';
    try {
      for (const token of tokens) {
        if (typeof token !== 'string') {
          throw new BackfireInputError('token', token, 'must be a string');
        }
        if (m.halted) break;
        text += token;
        // A stopped kernel scores nothing: the monitor records the kill-switch halt.
        if (!m.scoreDue || !this.#kill.active) {
          m.push(token, 0);
          continue;
        }
        const index = m.nextIndex;
        let score: unknown;
        try {
          score = callback(token, { index, text });
          if (isPromiseLike(score)) {
            throw new BackfireInputError(
              'callback',
              score,
              'returned a Promise; use streamTokensAsync for async callbacks',
            );
          }
          if (typeof score !== 'number') {
            throw new BackfireInputError('callback result', score, 'must be a number');
          }
        } catch (err) {
          if (this.#rethrow) throw new Rethrow(err);
          m.fail(token, 'callback_error');
          break;
        }
        m.push(token, score as number);
      }
    } catch (err) {
      if (err instanceof Rethrow) {
        m.end();
        throw err.error;
      }
      throw this.#sourceError(m, err);
    }
    return this.#finish(m);
  }

  /**
   * Async tokens and async (or sync) callbacks. Each callback has `timeoutMs` to settle; a halt
   * stops reading and closes the source (`return()`), so the upstream generator is cancelled.
   */
  async streamTokensAsync(
    tokens: AsyncIterable<string> | Iterable<string>,
    callback: AsyncScoreCallback,
    options: StreamTokensAsyncOptions = {},
  ): Promise<StreamSession> {
    checkCallback(callback);
    const timeoutMs = options.timeoutMs;
    if (timeoutMs !== undefined) {
      const ok = typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0;
      check(ok, 'timeoutMs', timeoutMs, 'must be a finite number > 0');
    }
    const m = this.monitor();
    const iterator = toAsyncIterator(tokens, 'tokens');
    let text = '';
    let done = false;
    try {
      while (!m.halted && options.signal?.aborted !== true) {
        const next = await iterator.next();
        if (next.done === true) {
          done = true;
          break;
        }
        const token: unknown = next.value;
        if (typeof token !== 'string') {
          throw new BackfireInputError('token', token, 'must be a string');
        }
        text += token;
        if (!m.scoreDue || !this.#kill.active) {
          m.push(token, 0);
          continue;
        }
        const ctx = { index: m.nextIndex, text };
        const outcome = await settle(() => callback(token, ctx), timeoutMs);
        if (outcome.kind === 'ok') {
          m.push(token, outcome.value);
        } else if (outcome.kind === 'timeout') {
          m.fail(token, 'timeout');
        } else {
          if (this.#rethrow) throw new Rethrow(outcome.error);
          m.fail(token, 'callback_error');
        }
      }
    } catch (err) {
      if (!done) await closeQuietly(iterator);
      if (err instanceof Rethrow) {
        m.end();
        throw err.error;
      }
      throw this.#sourceError(m, err);
    }
    if (!done) await closeQuietly(iterator);
    return this.#finish(m);
  }

  /**
   * The reference implementation's string form: the output, or `[KERNEL INTERRUPT: <reason>]`
   * when halted.
   */
  streamOutput(tokens: Iterable<string>, callback: ScoreCallback): string {
    const session = this.streamTokens(tokens, callback);
    return session.halted ? `[KERNEL INTERRUPT: ${session.haltReason}]` : session.output;
  }

  #finish(m: StreamMonitor): StreamSession {
    const session = m.end();
    if (session.haltKind === 'hard_limit') this.emergencyStop();
    return session;
  }

  #sourceError(m: StreamMonitor, err: unknown): BackfireStreamError<StreamSession> {
    m._haltExternal('source_error', 'source_error');
    const session = m.end();
    const detail = err instanceof Error ? err.message : describeValue(err);
    return new BackfireStreamError(`token source failed: ${detail}`, session, { cause: err });
  }
}

// Carries a callback's error past the source-error handler when the kernel rethrows.
class Rethrow {
  constructor(readonly error: unknown) {}
}

function checkCallback(callback: unknown): void {
  checkFunction('callback', callback);
}

type Outcome =
  | { kind: 'ok'; value: number }
  | { kind: 'error'; error: unknown }
  | { kind: 'timeout' };

async function settle(run: () => unknown, timeoutMs: number | undefined): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = run();
    if (!isPromiseLike(result)) return asOutcome(result);
    const race: Promise<Outcome>[] = [
      Promise.resolve(result).then(asOutcome, (error: unknown) => ({ kind: 'error', error })),
    ];
    if (timeoutMs !== undefined) {
      race.push(
        new Promise<Outcome>((resolve) => {
          timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
        }),
      );
    }
    return await Promise.race(race);
  } catch (error) {
    return { kind: 'error', error };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function asOutcome(value: unknown): Outcome {
  if (typeof value !== 'number') {
    return {
      kind: 'error',
      error: new BackfireInputError('callback result', value, 'must be a number'),
    };
  }
  return { kind: 'ok', value };
}

async function closeQuietly(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The stream is already over; a source that fails while closing has nothing left to lose.
  }
}
