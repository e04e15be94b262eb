import { BackfireInputError } from '../errors/errors.js';

/**
 * `true` when the key list `K` names every key of the options type `T`; otherwise a type naming
 * the keys it misses. `optionKeys` checks its lists with it; use it directly to check a key list
 * built some other way.
 */
export type ListsEveryKey<T, K extends readonly PropertyKey[]> = [
  Exclude<keyof T, K[number]>,
] extends [never]
  ? true
  : { readonly missing: Exclude<keyof T, K[number]> };

/**
 * The key list of the options type `T`, checked both ways at compile time: a key `T` does not
 * have fails to compile, and so does a list that misses a key of `T` (the error names the keys
 * it misses: `{ readonly missing: 'instructions' }`). So the runtime check of `assertKnownKeys`
 * can never drift from the type that documents the options. The list comes back as given, typed
 * as the exact tuple; entries may spread another list. Curried because TypeScript infers the
 * list only when `T` is not given in the same call:
 *
 * ```ts
 * const REPAIR_OPTION_KEYS = optionKeys<RepairOptions>()(['attempts', 'instructions']);
 * ```
 */
export const optionKeys =
  <T>() =>
  <const K extends readonly (keyof T)[]>(
    keys: K & (ListsEveryKey<T, K> extends true ? unknown : ListsEveryKey<T, K>),
  ): K =>
    keys;

/** An own key of `value` that `allowed` does not list, with the allowed key probably meant. */
export interface UnknownKey {
  readonly key: string;
  readonly suggestion: string | undefined;
}

/**
 * The first own enumerable key of `value` that `allowed` does not list, or undefined. Anything
 * that is not an object has no keys here (its type is the caller's to check).
 */
export function findUnknownKey(value: unknown, allowed: readonly string[]): UnknownKey | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  // for…in with hasOwn allocates nothing: this runs on per-sentence paths (retrieve options).
  for (const key in value) {
    if (!Object.hasOwn(value, key) || allowed.includes(key)) continue;
    return { key, suggestion: closestKey(key, allowed) };
  }
  return undefined;
}

/**
 * Rejects an options object with a key its entry point does not take, so a misspelt option is an
 * error instead of a silent default (`relase: 'verified'` would otherwise release optimistically).
 * Throws a `BackfireInputError` whose `field` is the unknown key and `value` what was passed under
 * it. `where` names the entry point, e.g. `backfireMiddleware`. Keys set to `undefined` count:
 * only listed keys may be present at all, whatever their value.
 *
 * For adapters: every entry point that takes an options object checks it with this, against a key
 * list built from its options type with `optionKeys`.
 */
export function assertKnownKeys(where: string, value: unknown, allowed: readonly string[]): void {
  const unknown = findUnknownKey(value, allowed);
  if (unknown === undefined) return;
  const { key, suggestion } = unknown;
  const hint =
    suggestion !== undefined
      ? ` — did you mean "${suggestion}"?`
      : ` (known: ${allowed.length > 0 ? allowed.join(', ') : 'none'})`;
  throw new BackfireInputError(
    key,
    (value as Record<string, unknown>)[key],
    'is not a known option',
    `unknown option ${JSON.stringify(key)} in ${where} options${hint}`,
  );
}

/**
 * The allowed key `key` was probably meant as: one equal to it ignoring case (`scoreTimeoutMS`),
 * else the nearest by edit distance (insertions, deletions, substitutions and swaps of two
 * neighbours, ignoring case) if it is close enough: at most a third of the key's length, at least
 * one edit — except for keys of one or two characters, which are too short to tell a typo from
 * another word. Ties go to the earlier key in `allowed`.
 */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  for (const candidate of allowed) if (candidate.toLowerCase() === lower) return candidate;
  if (key.length < 3) return undefined;
  const limit = Math.max(1, Math.floor(key.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of allowed) {
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Damerau–Levenshtein distance (optimal string alignment) of `a` and `b`; any value ≥ `cap` means
 * "at least cap" (the rows stop early once every entry reaches it).
 */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let before: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2]! + 1);
      }
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= cap) return cap;
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}
