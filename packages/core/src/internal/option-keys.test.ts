// optionKeys is checked by the compiler: `pnpm typecheck` (tsc over src, tests included) fails if
// a `@ts-expect-error` line below compiles, or if an `expectTypeOf` assertion does not hold.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type ListsEveryKey, optionKeys } from './options.js';

interface Base {
  a?: string;
}

interface Opts extends Base {
  b?: number;
  c?: boolean;
}

describe('optionKeys', () => {
  it('returns the list it is given, typed as the exact tuple', () => {
    const keys = optionKeys<Opts>()(['a', 'b', 'c']);
    expect(keys).toEqual(['a', 'b', 'c']);
    expectTypeOf(keys).toEqualTypeOf<readonly ['a', 'b', 'c']>();
  });

  it('takes a spread list', () => {
    const base = optionKeys<Base>()(['a']);
    const keys = optionKeys<Opts>()([...base, 'c', 'b']);
    expect(keys).toEqual(['a', 'c', 'b']);
    expectTypeOf(keys).toEqualTypeOf<readonly ['a', 'c', 'b']>();
  });

  it('does not compile with a key the type does not have', () => {
    // @ts-expect-error 'd' is not a key of Opts
    optionKeys<Opts>()(['a', 'b', 'c', 'd']);
    // @ts-expect-error nor is a misspelt one
    optionKeys<Opts>()(['a', 'b', 'C']);
  });

  it('does not compile when the list misses a key of the type', () => {
    // @ts-expect-error 'c' is missing
    optionKeys<Opts>()(['a', 'b']);
    const base = optionKeys<Base>()(['a']);
    // @ts-expect-error 'b' and 'c' are missing
    optionKeys<Opts>()([...base]);
  });

  it('names the missing keys in the type the list fails to match', () => {
    expectTypeOf<ListsEveryKey<Opts, ['a', 'b', 'c']>>().toEqualTypeOf<true>();
    expectTypeOf<ListsEveryKey<Opts, ['a']>>().toEqualTypeOf<{ readonly missing: 'b' | 'c' }>();
  });
});
