import { BackfireBackendError } from '../../errors/errors.js';

/** The text of whatever a dependency threw, for the `BackfireBackendError` that wraps it. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Checked before each step that costs something (loading, each batch), not only once. */
export function throwIfAborted(signal: AbortSignal | undefined, backend: string): void {
  if (signal?.aborted) {
    throw new BackfireBackendError(backend, 'aborted', { cause: signal.reason });
  }
}
