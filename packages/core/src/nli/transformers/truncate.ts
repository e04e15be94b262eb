import { BackfireBackendError } from '../../errors/errors.js';
import type { EncodedRow } from './encode.js';

/**
 * Shortens a pair encoding to `maxLength` by trimming the premise and hypothesis inside it
 * (found by their lone encodings), keeping every special token.
 */
export function truncatePair(
  row: EncodedRow,
  premise: readonly number[],
  hypothesis: readonly number[],
  maxLength: number,
  backend: string,
): EncodedRow {
  const n = row.ids.length;
  const specials = n - premise.length - hypothesis.length;
  const premiseStart = specials >= 0 ? findRun(row.ids, premise, 0, specials) : -1;
  const hypothesisStart =
    premiseStart >= 0
      ? findRun(row.ids, hypothesis, premiseStart + premise.length, n - hypothesis.length)
      : -1;
  if (hypothesisStart < 0) {
    throw new BackfireBackendError(
      backend,
      `a pair of ${n} tokens exceeds maxLength ${maxLength} and the tokenizer's pair encoding ` +
        'cannot be split into premise and hypothesis to truncate it',
    );
  }
  const budget = maxLength - specials;
  if (budget < 2) {
    throw new BackfireBackendError(
      backend,
      `maxLength ${maxLength} leaves no room for text after ${specials} special tokens`,
    );
  }
  const [keepPremise, keepHypothesis] = longestFirst(premise.length, hypothesis.length, budget);
  const keep = (i: number): boolean =>
    i < premiseStart ||
    (i < premiseStart + premise.length && i < premiseStart + keepPremise) ||
    (i >= premiseStart + premise.length && i < hypothesisStart) ||
    (i >= hypothesisStart && i < hypothesisStart + keepHypothesis) ||
    i >= hypothesisStart + hypothesis.length;
  const pick = (values: readonly number[]): number[] => values.filter((_, i) => keep(i));
  return {
    ids: pick(row.ids),
    mask: pick(row.mask),
    types: row.types === undefined ? undefined : pick(row.types),
  };
}

function findRun(
  haystack: readonly number[],
  run: readonly number[],
  from: number,
  to: number,
): number {
  for (let start = from; start <= to; start++) {
    let match = true;
    for (let j = 0; j < run.length; j++) {
      if (haystack[start + j] !== run[j]) {
        match = false;
        break;
      }
    }
    if (match) return start;
  }
  return -1;
}

/** Hugging Face's `longest_first`: trim the longer text until both fit, alternating once equal. */
function longestFirst(premise: number, hypothesis: number, budget: number): [number, number] {
  let a = premise;
  let b = hypothesis;
  let excess = a + b - budget;
  if (excess <= 0) return [a, b];
  const gap = Math.min(excess, Math.abs(a - b));
  if (a > b) a -= gap;
  else b -= gap;
  excess -= gap;
  a -= Math.ceil(excess / 2);
  b -= Math.floor(excess / 2);
  return [a, b];
}
