import { toAsyncIterator } from '../internal/async.js';
import { assertKnownKeys } from '../internal/options.js';
import { createGuard } from './guard.js';
import {
  GUARD_OPTION_KEYS,
  type GuardEvent,
  type GuardOptions,
  type GuardResult,
} from './types.js';

/** `createGuard`'s options but `onEvent`, which the stream itself supplies. */
const STREAM_OPTION_KEYS: readonly string[] = GUARD_OPTION_KEYS.filter((key) => key !== 'onEvent');

/**
 * Guards an async iterable of text deltas and yields the guard's events (`release`, `score`,
 * `halt`) as they happen; the generator's return value is the `GuardResult`. On a halt the source
 * is closed (`return()`), which cancels an upstream generator or reader.
 */
export async function* guardTextStream(
  source: AsyncIterable<string> | Iterable<string>,
  options: Omit<GuardOptions, 'onEvent'>,
): AsyncGenerator<GuardEvent, GuardResult, undefined> {
  assertKnownKeys('guardTextStream', options, STREAM_OPTION_KEYS);
  const queue: GuardEvent[] = [];
  let wake: (() => void) | null = null;
  const guard = createGuard({
    ...options,
    onEvent: (event) => {
      queue.push(event);
      wake?.();
    },
  });
  const iterator = toAsyncIterator(source, 'source');
  let sourceDone = false;
  try {
    while (!guard.closed) {
      const next = await iterator.next();
      if (next.done === true) {
        sourceDone = true;
        break;
      }
      // A non-string delta is rejected by write() with a typed error naming it.
      await guard.write(next.value as string);
      while (queue.length > 0) yield queue.shift()!;
    }
    const ending = guard.end();
    // Verified mode releases the last segments while end() waits on the scorer: stream them out.
    let finished = false;
    const result = ending.then((r) => {
      finished = true;
      wake?.();
      return r;
    });
    while (!finished || queue.length > 0) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (finished || queue.length > 0) resolve();
        });
        wake = null;
      }
      while (queue.length > 0) yield queue.shift()!;
    }
    return await result;
  } finally {
    if (!sourceDone) await iterator.return?.().catch(() => undefined);
    guard.cancel();
  }
}
