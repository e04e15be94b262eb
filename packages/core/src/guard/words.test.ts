import { describe, expect, it } from 'vitest';
import { resolveGuardOptions } from './adapter-options.js';
import { createGuard } from './guard.js';
import { publicHaltRecord } from './halt-record.js';
import type { SegmentScoreRequest } from './types.js';

// Counts of words are named words; the token names stay, deprecated, for one release.
const scorer = (req: SegmentScoreRequest) => (req.segment.includes('WRONG') ? 0.2 : 0.9);
const byWords = (t: string) => t.match(/\S+\s*/gu) ?? [];
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('maxUnverifiedWords', () => {
  async function shownBeforeVerdict(options: Parameters<typeof createGuard>[0]): Promise<string> {
    const released: string[] = [];
    let resolve: ((score: number) => void) | null = null;
    const guard = createGuard({
      ...options,
      scorer: () => new Promise<number>((r) => (resolve = r)),
      onEvent: (e) => e.type === 'release' && released.push(e.text),
    });
    await guard.write('One two. ');
    const blocked = guard.write('Three four five six ');
    await tick();
    const shown = released.join('');
    resolve!(0.9);
    await blocked;
    guard.cancel();
    return shown;
  }

  it('bounds the words released ahead of their verdict; the deprecated maxUnverifiedTokens still does', async () => {
    expect(await shownBeforeVerdict({ scorer, maxUnverifiedWords: 3 })).toBe('One two. Three ');
    expect(await shownBeforeVerdict({ scorer, maxUnverifiedTokens: 3 })).toBe('One two. Three ');
  });

  it('is validated under the name the caller used', () => {
    expect(() => createGuard({ scorer, maxUnverifiedWords: 0 })).toThrow(
      /maxUnverifiedWords must be an integer >= 1, got 0/,
    );
    expect(() => createGuard({ scorer, maxUnverifiedTokens: 0 })).toThrow(
      /maxUnverifiedTokens must be an integer >= 1, got 0/,
    );
  });

  it('rejects both names at once, naming both', () => {
    expect(() => createGuard({ scorer, maxUnverifiedWords: 3, maxUnverifiedTokens: 3 })).toThrow(
      /maxUnverifiedWords and maxUnverifiedTokens \(its deprecated name\) are both set/,
    );
  });
});

describe('word counts under their names', () => {
  it('a halt and a result carry wordsGenerated / wordsReleased / wordsWithheld beside the token names', async () => {
    const bad = 'The sky is blue. It is WRONG green at noon. Sunsets look red. ';
    const guard = createGuard({ scorer, release: 'verified' });
    for (const delta of byWords(bad)) await guard.write(delta);
    const result = await guard.end();
    const halt = result.halt!;
    expect([halt.wordsGenerated, halt.wordsReleased, halt.wordsWithheld]).toEqual([
      halt.tokensGenerated,
      halt.tokensReleased,
      halt.tokensWithheld,
    ]);
    expect(halt.wordsReleased).toBe(4);
    expect([result.wordsGenerated, result.wordsReleased]).toEqual([
      result.tokensGenerated,
      result.tokensReleased,
    ]);
    const record = publicHaltRecord(halt);
    expect([record.wordsGenerated, record.wordsReleased, record.wordsWithheld]).toEqual([
      halt.tokensGenerated,
      halt.tokensReleased,
      halt.tokensWithheld,
    ]);
  });

  it('adapters pass maxUnverifiedWords (and the deprecated name) through to the guard', () => {
    expect(resolveGuardOptions({ maxUnverifiedWords: 5 }).maxUnverifiedWords).toBe(5);
    expect(resolveGuardOptions({ maxUnverifiedTokens: 5 }).maxUnverifiedTokens).toBe(5);
    expect(() =>
      createGuard(resolveGuardOptions({ maxUnverifiedWords: 5, maxUnverifiedTokens: 5 })),
    ).toThrow(/both set/);
  });
});
