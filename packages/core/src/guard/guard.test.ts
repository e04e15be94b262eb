import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackfireHaltError, BackfireInputError } from '../errors/errors.js';
import { StreamingKernel } from '../kernel/streaming-kernel.js';
import { createGuard } from './guard.js';
import { guardTextStream } from './stream.js';
import type { GuardEvent, GuardOptions, SegmentScoreRequest } from './types.js';

// A scorer that flags any sentence containing WRONG; everything else is faithful but scores vary.
const keywordScorer = (req: SegmentScoreRequest) => {
  if (req.segment.includes('WRONG')) return { score: 0.2, evidence: { contradicts: 'fact-1' } };
  return 0.7 + (req.segment.length % 20) / 100;
};

const ANSWER = 'The sky is blue. It is blue because of Rayleigh scattering. Sunsets look red. ';
const BAD = 'The sky is blue. It is WRONG green at noon. Sunsets look red. ';

async function run(text: string, chunks: string[], options: Partial<GuardOptions> = {}) {
  const events: GuardEvent[] = [];
  const guard = createGuard({
    scorer: keywordScorer,
    prompt: 'What colour is the sky?',
    onEvent: (e) => events.push(e),
    ...options,
  });
  for (const c of chunks) await guard.write(c);
  const result = await guard.end();
  const released = events.flatMap((e) => (e.type === 'release' ? [e.text] : [])).join('');
  return { guard, result, events, released, text };
}

const byWords = (t: string) => t.match(/\S+\s*/gu) ?? [];

describe('createGuard', () => {
  it('passes a faithful answer unchanged, chunk for chunk in optimistic mode', async () => {
    const chunks = byWords(ANSWER);
    const { result, events, released } = await run(ANSWER, chunks);
    expect(result.halted).toBe(false);
    expect(released).toBe(ANSWER);
    expect(result.text).toBe(ANSWER);
    const releases = events
      .filter((e) => e.type === 'release')
      .map((e) => (e as { text: string }).text);
    expect(releases).toEqual(chunks); // byte-for-byte, same chunk boundaries
    expect(result.segments.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    expect(result.tokensGenerated).toBe(14);
  });

  it('faithful sentences whose scores step down do not read as a downward trend', async () => {
    const scores = [0.95, 0.82, 0.69, 0.9, 0.75, 0.62, 0.88];
    let i = 0;
    const text = 'One fact here. Two fact here. Three fact here. Four. Five. Six fact. Seven. ';
    const { result } = await run(text, byWords(text), { scorer: () => scores[i++]! });
    expect(result.halted).toBe(false);
  });

  it('halts on a contradicting second sentence: first released, the rest withheld, upstream aborted', async () => {
    const { guard, result } = await run(BAD, byWords(BAD), { release: 'verified' });
    expect(result.halted).toBe(true);
    const halt = result.halt!;
    expect(halt.kind).toBe('hard_limit');
    expect(halt.reason).toBe('hard_limit (0.2000 < 0.5)');
    expect(halt.segment).toBe('It is WRONG green at noon. ');
    expect(halt.charOffset).toBe(17);
    expect(halt.tokenIndex).toBe(4);
    expect(halt.evidence).toEqual({ contradicts: 'fact-1' });
    expect(halt.suggestedAction).toMatch(/contradicts/);
    expect(result.text).toBe('The sky is blue. ');
    expect(halt.tokensReleased).toBe(4);
    expect(halt.tokensGenerated).toBeGreaterThanOrEqual(10);
    expect(halt.tokensWithheld).toBe(halt.tokensGenerated - halt.tokensReleased);
    expect(guard.signal.aborted).toBe(true);
    expect(guard.signal.reason).toBeInstanceOf(BackfireHaltError);
    expect((guard.signal.reason as BackfireHaltError).halt).toBe(halt);
  });

  it('optimistic mode releases ahead of verdicts, bounded by maxUnverifiedTokens', async () => {
    const release: string[] = [];
    let resolveScore: ((v: number) => void) | null = null;
    const guard = createGuard({
      scorer: () => new Promise<number>((r) => (resolveScore = r)),
      maxUnverifiedTokens: 3,
      onEvent: (e) => e.type === 'release' && release.push(e.text),
    });
    await guard.write('One two. ');
    await guard.write('Three ');
    expect(release.join('')).toBe('One two. Three ');
    const blocked = guard.write('four five ');
    await new Promise((r) => setTimeout(r, 5));
    expect(release.join('')).toBe('One two. Three ');
    resolveScore!(0.9);
    await blocked;
    expect(release.join('')).toBe('One two. Three four five ');
    resolveScore = null;
    const ending = guard.end();
    await new Promise((r) => setTimeout(r, 5));
    resolveScore!(0.9);
    expect((await ending).halted).toBe(false);
  });

  it('verified mode never shows a sentence before it passed', async () => {
    const { events } = await run(BAD, [BAD], { release: 'verified' });
    const shown = events
      .filter((e) => e.type === 'release')
      .map((e) => (e as { text: string }).text);
    expect(shown.join('')).not.toContain('WRONG');
  });

  it('async scorers overlap, verdicts apply in order, and a halt cancels the checks still running', async () => {
    const signals: AbortSignal[] = [];
    const order: number[] = [];
    const scorer = (req: SegmentScoreRequest) => {
      signals.push(req.signal);
      const bad = req.segment.includes('WRONG');
      const delay = bad ? 5 : 20;
      return new Promise<number>((r) =>
        setTimeout(() => {
          order.push(signals.length);
          r(bad ? 0.1 : 0.9);
        }, delay),
      );
    };
    const text = 'Good one. WRONG two. Good three. Good four. ';
    const { result } = await run(text, [text], { scorer, release: 'verified' });
    expect(result.halt?.segment).toBe('WRONG two. ');
    expect(result.text).toBe('Good one. ');
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it('a scorer that throws or rejects halts with callback_error (fail closed)', async () => {
    const sync = await run(ANSWER, [ANSWER], {
      scorer: () => {
        throw new Error('nli down');
      },
    });
    expect(sync.result.halt?.kind).toBe('callback_error');
    const rejected = await run(ANSWER, [ANSWER], {
      scorer: async () => Promise.reject(new Error('x')),
    });
    expect(rejected.result.halt?.kind).toBe('callback_error');
    const garbage = await run(ANSWER, [ANSWER], { scorer: () => 'high' as unknown as number });
    expect(garbage.result.halt?.kind).toBe('callback_error');
  });

  it('NaN and out-of-range scores are sanitised: NaN halts, 7 passes as 1', async () => {
    expect((await run(ANSWER, [ANSWER], { scorer: () => Number.NaN })).result.halt?.kind).toBe(
      'hard_limit',
    );
    const high = await run(ANSWER, [ANSWER], { scorer: () => 7 });
    expect(high.result.halted).toBe(false);
    expect(high.result.segments[0]!.score).toBe(1);
  });

  it('a score that is not a finite number halts, and the reason and the record name it', async () => {
    const cases: [unknown, string][] = [
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
      ['high', 'string'],
      [undefined, 'undefined'],
      [null, 'null'],
      [{ value: 0.9 }, 'object'],
    ];
    for (const [bad, name] of cases) {
      for (const wrap of [false, true]) {
        // As the score itself, or inside a verdict ({ score }); sync and async alike.
        const value = wrap ? { score: bad, evidence: { why: 'x' } } : bad;
        for (const scorer of [() => value, async () => value]) {
          const { result, released } = await run(BAD, [BAD], {
            scorer: (req: SegmentScoreRequest) =>
              req.segment.includes('WRONG') ? (scorer() as number) : 0.9,
            release: 'verified',
          });
          const halt = result.halt!;
          const label = `${name} ${wrap ? 'in a verdict' : 'bare'}`;
          expect(halt.invalidScore, label).toBe(name);
          expect(halt.score, label).toBe(0);
          expect(halt.segment, label).toBe('It is WRONG green at noon. ');
          expect(released, label).toBe('The sky is blue. ');
          if (wrap || typeof bad === 'number') {
            expect([halt.kind, halt.reason], label).toEqual([
              'hard_limit',
              `hard_limit (score ${name} → 0 < 0.5)`,
            ]);
          } else {
            // Not a score at all: the scorer is broken (as one that throws), fail closed.
            expect([halt.kind, halt.reason], label).toEqual(['callback_error', 'callback_error']);
            expect(String((halt.evidence as { error: string }).error), label).toMatch(
              /scorer result must be a number or \{ score \}/,
            );
          }
        }
      }
    }
  });

  it('finite out-of-range and low scores are not invalid: no invalidScore, reason as before', async () => {
    for (const low of [-0.2, 0, 0.1]) {
      const { result } = await run(BAD, [BAD], {
        scorer: (req) => (req.segment.includes('WRONG') ? low : 1.7),
      });
      expect(result.halt?.reason).toBe(`hard_limit (${Math.max(0, low).toFixed(4)} < 0.5)`);
      expect(result.halt && 'invalidScore' in result.halt).toBe(false);
      expect(result.segments[0]!.score).toBe(1);
    }
  });

  it('a scorer that misses its deadline halts with timeout, or passes unscored when asked', async () => {
    const hang = () => new Promise<number>(() => {});
    const halted = await run(ANSWER, [ANSWER], {
      scorer: hang,
      scoreTimeoutMs: 10,
      release: 'verified',
    });
    expect(halted.result.halt?.kind).toBe('timeout');
    expect(halted.result.text).not.toContain('Rayleigh');
    const passed = await run(ANSWER, [ANSWER], {
      scorer: hang,
      scoreTimeoutMs: 10,
      onTimeout: 'pass',
    });
    expect(passed.result.halted).toBe(false);
    expect(passed.result.segments.every((s) => s.status === 'unscored')).toBe(true);
    expect(passed.result.text).toBe(ANSWER);
  });

  it('soft mode finishes the sentence that tripped the window, then halts', async () => {
    const text = 'A one. B two. C three. D four. ';
    const scores = [0.56, 0.56, 0.9, 0.9];
    let i = 0;
    const { result } = await run(text, byWords(text), {
      scorer: () => scores[i++]!,
      config: { haltMode: 'soft', windowSize: 2, windowThreshold: 0.6 },
      release: 'verified',
    });
    expect(result.halt?.kind).toBe('window_avg');
    expect(result.halt?.soft).toBe(true);
    expect(result.text).toBe('A one. B two. ');
  });

  it('code blocks are not scored', async () => {
    const calls: string[] = [];
    const text = 'Run this:\n```\nrm -rf WRONG\n```\nDone. ';
    const { result } = await run(text, [text], {
      scorer: (r) => {
        calls.push(r.segment);
        return 0.9;
      },
    });
    expect(result.halted).toBe(false);
    expect(calls.join('')).not.toContain('rm -rf');
    expect(result.segments.find((s) => s.kind === 'code')?.status).toBe('unscored');
  });

  it('joins a kernel: emergencyStop halts the guard at its next segment', async () => {
    const kernel = new StreamingKernel();
    const guard = createGuard({ scorer: () => 0.9, kernel });
    await guard.write('First. ');
    kernel.emergencyStop();
    await guard.write('Second. Third. ');
    const r = await guard.end();
    expect(r.halt?.kind).toBe('kernel_inactive');
  });

  it('an external abort cancels without a halt record, and writes after it are ignored', async () => {
    const ac = new AbortController();
    const guard = createGuard({ scorer: () => 0.9, signal: ac.signal });
    await guard.write('One. ');
    ac.abort();
    await guard.write('Two. ');
    const r = await guard.end();
    expect(r.halted).toBe(false);
    expect(guard.signal.aborted).toBe(true);
  });

  it('onHalt is called once and a throwing onHalt does not reopen the stream', async () => {
    const seen: string[] = [];
    const { result } = await run(BAD, [BAD], {
      onHalt: (h) => {
        seen.push(h.kind);
        throw new Error('hook failed');
      },
    });
    expect(seen).toEqual(['hard_limit']);
    expect(result.halted).toBe(true);
  });

  it('rejects bad options and non-string deltas with typed errors', async () => {
    expect(() => createGuard({ scorer: 3 as unknown as () => number })).toThrow(BackfireInputError);
    expect(() => createGuard({ scorer: () => 1, release: 'eager' as 'verified' })).toThrow(
      /release must be/,
    );
    expect(() => createGuard({ scorer: () => 1, maxUnverifiedTokens: 0 })).toThrow(
      /maxUnverifiedTokens/,
    );
    expect(() => createGuard({ scorer: () => 1, scoreTimeoutMs: Number.NaN })).toThrow(
      /scoreTimeoutMs/,
    );
    expect(() => createGuard({ scorer: () => 1, config: { hardLimit: 2 } })).toThrow(/hardLimit/);
    const g = createGuard({ scorer: () => 1 });
    await expect(g.write(42 as unknown as string)).rejects.toThrow(
      /delta must be a string, got 42/,
    );
  });

  it('scores each sentence once: cost is linear in the answer', async () => {
    let scored = 0;
    const sentence = 'This is a faithful sentence about the sky. ';
    const text = sentence.repeat(200);
    const { result } = await run(text, byWords(text), {
      scorer: (r) => {
        scored += r.segment.length;
        return 0.9;
      },
    });
    expect(result.segments).toHaveLength(200);
    expect(scored).toBe(text.length);
  });

  it('any re-chunking gives the same verdicts and the same released text', async () => {
    const pieces = fc.constantFrom(
      'The sky is blue. ',
      'Dr. Who is WRONG here. ',
      'Pi is 3.14. ',
      'Well... ',
      'ok ',
      '\n\n',
      'Really? ',
      'Yes! ',
      'A list:\n- one\n',
      '東京。',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(pieces, { minLength: 1, maxLength: 12 }).map((a) => a.join('')),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.constantFrom('optimistic', 'verified'),
        async (text, cuts, release) => {
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let prev = 0;
          for (const p of points) {
            chunks.push(text.slice(prev, p));
            prev = p;
          }
          chunks.push(text.slice(prev));
          const opts = { release: release as 'optimistic' | 'verified', maxUnverifiedTokens: 2 };
          const a = await run(text, [text], opts);
          const b = await run(text, chunks, opts);
          expect(b.result.halt?.reason).toBe(a.result.halt?.reason);
          expect(b.result.halt?.charOffset).toBe(a.result.halt?.charOffset);
          expect(b.result.segments.map((s) => [s.text, s.score])).toEqual(
            a.result.segments.map((s) => [s.text, s.score]),
          );
          if (release === 'verified') {
            expect(b.released).toBe(a.released);
            // Verified mode never releases a sentence that later halts.
            if (a.result.halt)
              expect(b.released.length).toBeLessThanOrEqual(a.result.halt.charOffset);
          } else if (!a.result.halted) {
            expect(b.released).toBe(text);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('a halt keeps the verified part, however the text was chunked', () => {
  const TEXT = 'Good one. Good two. WRONG three. Good four.';
  const KEPT = 'Good one. Good two. ';
  const sync = (req: SegmentScoreRequest) => (req.segment.includes('WRONG') ? 0.1 : 0.9);
  const async_ = async (req: SegmentScoreRequest) => sync(req);
  for (const release of ['optimistic', 'verified'] as const) {
    for (const [name, scorer] of [
      ['sync', sync],
      ['async', async_],
    ] as const) {
      it(`${release}, ${name} scorer: one delta releases the sentences that passed`, async () => {
        const { result, released } = await run(TEXT, [TEXT], { scorer, release });
        expect(result.halt?.segment).toBe('WRONG three. ');
        expect(result.text).toBe(released);
        // An async verdict lets optimistic mode show the delta while it is judged (its lead is
        // bounded by maxUnverifiedTokens); a sync one halts before anything unverified is shown.
        if (release === 'optimistic' && name === 'async') {
          expect(released).toBe(TEXT);
          return;
        }
        expect(released).toBe(KEPT);
        expect(result.halt?.tokensReleased).toBe(4);
        expect(result.halt?.tokensWithheld).toBe(result.halt!.tokensGenerated - 4);
      });

      it(`${release}, ${name} scorer: two deltas release the same`, async () => {
        const cut = TEXT.indexOf('WRONG') + 2;
        const { result, released } = await run(TEXT, [TEXT.slice(0, cut), TEXT.slice(cut)], {
          scorer,
          release,
        });
        expect(released.startsWith(KEPT)).toBe(true);
        if (release === 'verified') expect(released).toBe(KEPT);
        expect(result.halt?.tokensReleased).toBeGreaterThanOrEqual(4);
      });
    }
  }

  it('the verified text is released before the halt event (adapters send it first)', async () => {
    const { events } = await run(TEXT, [TEXT], { scorer: sync });
    const shown = events.flatMap((e) =>
      e.type === 'release' ? [e.text] : e.type === 'halt' ? ['<halt>'] : [],
    );
    expect(shown).toEqual([KEPT, '<halt>']);
  });
});

describe('guardTextStream', () => {
  it('yields events and closes the source on a halt', async () => {
    let closed = false;
    async function* model() {
      try {
        for (const w of byWords(`${BAD}And more text that should never be generated. `.repeat(3))) {
          yield w;
        }
      } finally {
        closed = true;
      }
    }
    const kinds: string[] = [];
    const it = guardTextStream(model(), { scorer: keywordScorer, release: 'verified' });
    let step = await it.next();
    while (!step.done) {
      kinds.push(step.value.type);
      step = await it.next();
    }
    expect(step.value.halted).toBe(true);
    expect(kinds).toContain('halt');
    expect(closed).toBe(true);
  });
});
