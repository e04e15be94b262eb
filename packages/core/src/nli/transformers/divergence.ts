import { BackfireBackendError } from '../../errors/errors.js';
import type { ReadyModel } from './ready.js';

/** The softmax of one pair's logits read through the model's label scheme, in [0, 1]. */
export function divergenceFromLogits(
  logits: readonly number[],
  ready: ReadyModel,
  pairIndex: number,
  backend: string,
): number {
  const bad = logits.find((v) => !Number.isFinite(v));
  if (bad !== undefined) {
    throw new BackfireBackendError(
      backend,
      `the model returned a non-finite logit (${bad}) for pair ${pairIndex}; no verdict`,
    );
  }
  const top = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  const p = (i: number): number => exps[i]! / sum;
  const value =
    ready.info.scheme === 'three-way'
      ? p(ready.contradiction) + 0.5 * p(ready.neutral)
      : 1 - p(ready.entailment);
  // Rounding can leave 1 + 1e-16; anything else out of range would be a bug, not noise.
  return Math.min(1, Math.max(0, value));
}
