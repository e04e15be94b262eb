import type { Plan, Step, StepResult } from '../engine/index.js';
import { BackfireError } from '../errors/errors.js';
import { isPromiseLike } from '../internal/async.js';
import { failed } from './plans.js';
import { runStep, type StepBackends, StepFailure } from './steps.js';
import type { CoherenceScore, ReviewAsyncOptions } from './types.js';

/** How a plan may run: `sync` refuses a backend that answers with a Promise. */
export interface DriveOptions {
  readonly sync: boolean;
  /** Checked before every step (and passed to the backends); an abort fails the review closed. */
  readonly signal?: AbortSignal | undefined;
}

function aborted(): CoherenceScore {
  return failed('aborted', 'the review was aborted');
}

/** One turn of a plan: its score (done, aborted, or a step failed closed), or its next step run. */
type Turn =
  | { readonly score: CoherenceScore }
  | { readonly step: Step; readonly out: StepResult | Promise<StepResult> };

function turn(
  plan: Plan<CoherenceScore>,
  input: StepResult | undefined,
  backends: StepBackends,
  signal: AbortSignal | undefined,
): Turn {
  if (signal?.aborted) return { score: aborted() };
  const next = plan.next(input as StepResult);
  if (next.done) return { score: next.value };
  try {
    return { step: next.value, out: runStep(next.value, backends, signal) };
  } catch (err) {
    if (err instanceof StepFailure) return { score: failed(err.failure, err.reason) };
    throw err;
  }
}

/**
 * Runs a plan to its score: synchronously while the steps answer synchronously; at the first
 * Promise, a sync run throws `BACKFIRE_BACKEND` and any other run resumes here when the Promise
 * settles. A step whose backend misbehaves (`StepFailure`) fails the review closed.
 */
export function drive(
  plan: Plan<CoherenceScore>,
  backends: StepBackends,
  options: DriveOptions,
  input?: StepResult,
): CoherenceScore | Promise<CoherenceScore> {
  for (;;) {
    const t = turn(plan, input, backends, options.signal);
    if ('score' in t) return t.score;
    if (isPromiseLike(t.out)) {
      if (options.sync) {
        // Never leave a rejection unhandled just because we refuse to wait for it.
        Promise.resolve(t.out).catch(() => {});
        const who = t.step.kind === 'retrieve' ? 'the knowledge source' : 'the NLI backend';
        throw new BackfireError(
          'BACKFIRE_BACKEND',
          `${who} is asynchronous (it returned a Promise); use reviewAsync() / reviewSegmentAsync()`,
        );
      }
      return continueAsync(plan, backends, options.signal, t.out);
    }
    input = t.out;
  }
}

/**
 * The rest of a plan after its first asynchronous step: awaits each Promise in turn. An async
 * function, so a verdict settles in as many microtask turns as it always has — adapters that
 * race a verdict against the next upstream chunk see the same interleaving.
 */
async function continueAsync(
  plan: Plan<CoherenceScore>,
  backends: StepBackends,
  signal: AbortSignal | undefined,
  pending: PromiseLike<StepResult>,
): Promise<CoherenceScore> {
  let out: StepResult | PromiseLike<StepResult> = pending;
  for (;;) {
    let input: StepResult;
    try {
      input = await out;
    } catch (err) {
      if (err instanceof StepFailure) return failed(err.failure, err.reason);
      throw err;
    }
    const t = turn(plan, input, backends, signal);
    if ('score' in t) return t.score;
    out = t.out;
  }
}

/**
 * Drives a plan under the caller's AbortSignal and deadline (`timeoutMs`): whichever comes first
 * of the score, the abort and the timeout decides; the plan is stopped at its next step after.
 */
export async function driveWithin(
  plan: Plan<CoherenceScore>,
  backends: StepBackends,
  options: ReviewAsyncOptions,
): Promise<CoherenceScore> {
  const outer = options.signal;
  if (outer?.aborted) return aborted();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const racers: Promise<CoherenceScore>[] = [
      new Promise<CoherenceScore>((resolve) => {
        controller.signal.addEventListener('abort', () => resolve(aborted()), { once: true });
      }),
    ];
    if (options.timeoutMs !== undefined) {
      const ms = options.timeoutMs;
      racers.push(
        new Promise<CoherenceScore>((resolve) => {
          timer = setTimeout(
            () =>
              resolve(failed('timeout', `no verdict within ${ms} ms (a backend is slow or hung)`)),
            ms,
          );
        }),
      );
    }
    // Started last, so a synchronous validation error still runs the cleanup below.
    racers.unshift(
      Promise.resolve(drive(plan, backends, { sync: false, signal: controller.signal })),
    );
    return await Promise.race(racers);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
    // Stops the plan at its next step if it is still running (a timeout, a hung backend).
    controller.abort();
  }
}
