import { BackfireInputError } from '../errors/errors.js';

/** True for anything `await` would wait on (a native Promise or any thenable). */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * One async iterator over a sync or async iterable of text, so a caller can stop it (`return()`)
 * either way. `field` names the argument in the error for anything else.
 */
export function toAsyncIterator(
  source: AsyncIterable<string> | Iterable<string>,
  field: string,
): AsyncIterator<unknown> {
  if (source !== null && typeof source === 'object') {
    const asyncIt = (source as AsyncIterable<string>)[Symbol.asyncIterator];
    if (typeof asyncIt === 'function') return asyncIt.call(source);
    const syncIt = (source as Iterable<string>)[Symbol.iterator];
    if (typeof syncIt === 'function') {
      const it = syncIt.call(source);
      return {
        next: async () => it.next(),
        return: async () =>
          typeof it.return === 'function' ? it.return() : { done: true, value: undefined },
      };
    }
  }
  throw new BackfireInputError(field, source, 'must be an iterable or async iterable of strings');
}
