import type { HaltKind } from '../kernel/types.js';

const ACTIONS: Record<HaltKind, string> = {
  hard_limit:
    'The answer contradicts the knowledge base or the prompt. Show the verified part and offer a retry; if the knowledge base is out of date, update it.',
  window_avg:
    'The answer drifted away from grounded facts. Retry with a more specific prompt or add the missing facts to the knowledge base.',
  downward_trend: 'Answer quality was falling steadily. Regenerate, or narrow the question.',
  kernel_inactive:
    'The kernel was stopped with emergencyStop(). Call reactivate() when it is safe to continue.',
  callback_error:
    'The scorer failed, so the stream was stopped to be safe. Check the scorer and knowledge-base backends.',
  timeout:
    'The scorer missed its deadline. Raise scoreTimeoutMs, use a faster backend, or set onTimeout to "pass".',
  source_error: 'The model stream failed before it finished. Retry the request.',
  unsupported:
    'The answer states something your documents do not support. Show the verified part, say the answer is not in the documents, or add the missing source.',
};

/** A short, user-facing next step for each halt kind. */
export function suggestedAction(kind: HaltKind): string {
  return ACTIONS[kind];
}
