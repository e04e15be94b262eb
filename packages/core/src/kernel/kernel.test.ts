import { describe, expect, it } from 'vitest';
import { BackfireConfigError, BackfireInputError, BackfireStreamError } from '../errors/errors.js';
import { formatReason, isSentenceEnd } from './format.js';
import { COHERENCE_INTERRUPT, SafetyKernel } from './safety-kernel.js';
import { invalidScoreOf, sanitizeScore } from './sanitize.js';
import type { StreamSession } from './session.js';
import { StreamingKernel } from './streaming-kernel.js';

const words = (n: number, w = 'w ') => Array.from({ length: n }, () => w);

describe('sanitizeScore', () => {
  it('fails closed on non-finite and non-numbers, clamps the rest', () => {
    expect(sanitizeScore(Number.NaN)).toBe(0);
    expect(sanitizeScore(Number.POSITIVE_INFINITY)).toBe(0);
    expect(sanitizeScore(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(sanitizeScore('0.9')).toBe(0);
    expect(sanitizeScore(undefined)).toBe(0);
    expect(sanitizeScore(-0.2)).toBe(0);
    expect(Object.is(sanitizeScore(-0), 0)).toBe(true);
    expect(sanitizeScore(1.7)).toBe(1);
    expect(sanitizeScore(0.42)).toBe(0.42);
  });

  it('names what it replaced: non-finite numbers by value, non-numbers by type', () => {
    expect(invalidScoreOf(Number.NaN)).toBe('NaN');
    expect(invalidScoreOf(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(invalidScoreOf(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(invalidScoreOf('0.9')).toBe('string');
    expect(invalidScoreOf(undefined)).toBe('undefined');
    expect(invalidScoreOf(null)).toBe('null');
    expect(invalidScoreOf({})).toBe('object');
    expect(invalidScoreOf(true)).toBe('boolean');
    expect(invalidScoreOf(1n)).toBe('bigint');
    // Finite numbers are clamped, not replaced: nothing to name.
    for (const ok of [0, -0, 0.42, 1, 1.7, -0.2, 1e308, -1e308])
      expect(invalidScoreOf(ok)).toBe(null);
  });
});

describe('formatReason / isSentenceEnd', () => {
  it('keeps the reference text', () => {
    expect(formatReason('hard_limit', 0.3, 0.5)).toBe('hard_limit (0.3000 < 0.5)');
    expect(formatReason('window_avg', 0.52, 0.55)).toBe('window_avg (0.5200 < 0.55)');
    expect(formatReason('downward_trend', 0.21, 0.15)).toBe('downward_trend (0.2100 > 0.15)');
    expect(formatReason('hard_limit', 0.03125, 1)).toBe('hard_limit (0.0313 < 1)');
  });
  it('names a score that was not a finite number instead of printing 0.0000', () => {
    expect(formatReason('hard_limit', 0, 0.5, 'NaN')).toBe('hard_limit (score NaN → 0 < 0.5)');
    expect(formatReason('hard_limit', 0, 1, '-Infinity')).toBe(
      'hard_limit (score -Infinity → 0 < 1)',
    );
    expect(formatReason('hard_limit', 0, 0.5, null)).toBe('hard_limit (0.0000 < 0.5)');
  });
  it('finds sentence ends through trailing space and closing quotes', () => {
    expect(isSentenceEnd('blue. ')).toBe(true);
    expect(isSentenceEnd('done!"')).toBe(true);
    expect(isSentenceEnd('(really?) ')).toBe(true);
    expect(isSentenceEnd('終わり。')).toBe(true);
    expect(isSentenceEnd('3.5')).toBe(false);
    expect(isSentenceEnd('   ')).toBe(false);
    expect(isSentenceEnd('')).toBe(false);
  });
});

describe('StreamMonitor', () => {
  it('passes a faithful stream and summarises it', () => {
    const m = new StreamingKernel().monitor();
    for (const [t, s] of [
      ['The ', 0.9],
      ['sky ', 0.8],
      ['is ', 0.85],
      ['blue.', 0.95],
    ] as const) {
      expect(m.push(t, s).halted).toBe(false);
    }
    const session = m.end();
    expect(session.halted).toBe(false);
    expect(session.haltIndex).toBe(-1);
    expect(session.haltKind).toBeNull();
    expect(session.haltReason).toBe('');
    expect(session.output).toBe('The sky is blue.');
    expect(session.tokenCount).toBe(4);
    expect(session.avgCoherence).toBeCloseTo(0.875, 12);
    expect(session.minCoherence).toBe(0.8);
    expect(session.events.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(session.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('halts on the hard limit, excludes the token from output and drops later tokens', () => {
    const m = new StreamingKernel().monitor();
    m.push('A ', 0.9);
    const e = m.push('bad ', 0.3);
    expect(e.halted).toBe(true);
    expect(m.halted).toBe(true);
    const after = m.push('more ', 0.99);
    expect(after.halted).toBe(true);
    const s = m.end();
    expect(s.haltKind).toBe('hard_limit');
    expect(s.haltReason).toBe('hard_limit (0.3000 < 0.5)');
    expect(s.haltIndex).toBe(1);
    expect(s.output).toBe('A ');
    expect(s.tokens).toEqual(['A ', 'bad ']);
  });

  it('a score equal to a limit passes (strict comparisons)', () => {
    const m = new StreamingKernel().monitor();
    expect(m.push('x', 0.5).halted).toBe(false);
  });

  it('halts on a full window whose mean is below the threshold, never on a partial one', () => {
    const k = new StreamingKernel({ windowSize: 3, windowThreshold: 0.6, trendThreshold: 0.9 });
    const m = k.monitor();
    expect(m.push('a', 0.55).halted).toBe(false);
    expect(m.push('b', 0.55).halted).toBe(false);
    expect(m.push('c', 0.55).halted).toBe(true);
    expect(m.session.haltReason).toBe('window_avg (0.5500 < 0.6)');
  });

  it('halts on a least-squares downward trend; 0.8 − 0.7 > 0.1 in floating point', () => {
    const m = new StreamingKernel({ trendWindow: 2, trendThreshold: 0.1 }).monitor();
    m.push('a', 0.8);
    expect(m.push('b', 0.7).halted).toBe(true);
    expect(m.session.haltKind).toBe('downward_trend');
    expect(m.session.haltReason).toBe('downward_trend (0.1000 > 0.1)');
  });

  it('counts warnings below softLimit on tokens that do not halt', () => {
    const m = new StreamingKernel({ trendThreshold: 0.9 }).monitor();
    m.push('a', 0.65);
    m.push('b', 0.69);
    m.push('c', 0.7);
    expect(m.session.warningCount).toBe(2);
    expect(m.session.events.map((e) => e.warning)).toEqual([true, true, false]);
  });

  it('soft mode finishes the sentence, then halts with the trigger index', () => {
    const k = new StreamingKernel({
      haltMode: 'soft',
      windowSize: 2,
      windowThreshold: 0.6,
      trendThreshold: 0.9,
    });
    const m = k.monitor();
    m.push('One ', 0.55);
    m.push('two ', 0.55); // window trips: pending
    expect(m.halted).toBe(false);
    expect(m.haltPending).toBe(true);
    m.push('three ', 0.9);
    expect(m.push('four. ', 0.9).halted).toBe(true);
    const s = m.end();
    expect([s.halted, s.softHalted, s.haltIndex, s.haltKind]).toEqual([
      true,
      true,
      1,
      'window_avg',
    ]);
    expect(s.output).toBe('One two three four. ');
  });

  it('soft mode: a hard breach while pending overrides, and a pending halt is finalised at end', () => {
    const cfg = {
      haltMode: 'soft',
      windowSize: 2,
      windowThreshold: 0.6,
      hardLimit: 0.3,
      softLimit: 0.7,
      trendThreshold: 0.9,
    } as const;
    const m = new StreamingKernel(cfg).monitor();
    m.push('a ', 0.5);
    m.push('b ', 0.5);
    expect(m.push('c ', 0.05).halted).toBe(true);
    const s = m.end();
    expect([s.softHalted, s.haltKind, s.haltIndex, s.output]).toEqual([
      false,
      'hard_limit',
      2,
      'a b ',
    ]);

    const m2 = new StreamingKernel(cfg).monitor();
    m2.push('a ', 0.5);
    m2.push('b ', 0.5);
    m2.push('c ', 0.9);
    const s2 = m2.end();
    expect([s2.halted, s2.softHalted, s2.haltKind, s2.haltIndex, s2.output]).toEqual([
      true,
      true,
      'window_avg',
      1,
      'a b c ',
    ]);
  });

  it('soft mode stops after softHaltCap tokens without a sentence end', () => {
    const m = new StreamingKernel({
      haltMode: 'soft',
      softHaltCap: 3,
      windowSize: 1,
      windowThreshold: 0.6,
      trendThreshold: 0.9,
    }).monitor();
    m.push('a ', 0.55);
    m.push('b ', 0.9);
    m.push('c ', 0.9);
    expect(m.push('d ', 0.9).halted).toBe(true);
    expect(m.session.tokenCount).toBe(4);
  });

  it('scoreEveryN carries the last score and skips the argument', () => {
    const m = new StreamingKernel({ scoreEveryN: 3, trendThreshold: 0.9 }).monitor();
    const due: boolean[] = [];
    for (let i = 0; i < 7; i++) {
      due.push(m.scoreDue);
      m.push('t ', [0.9, 0.5, 0.5, 0.87, 0.1, 0.1, 0.84][i]!);
    }
    expect(due).toEqual([true, false, false, true, false, false, true]);
    expect(m.session.coherenceHistory).toEqual([0.9, 0.9, 0.9, 0.87, 0.87, 0.87, 0.84]);
  });

  it('two monitors never share state', () => {
    const k = new StreamingKernel();
    const a = k.monitor();
    const b = k.monitor();
    a.push('x ', 0.1);
    expect(a.halted).toBe(true);
    expect(b.push('y ', 0.9).halted).toBe(false);
    expect(b.session.tokens).toEqual(['y ']);
  });

  it('emergencyStop halts every monitor at its next token until reactivate', () => {
    const k = new StreamingKernel();
    const a = k.monitor();
    const b = k.monitor();
    a.push('x ', 0.9);
    k.emergencyStop();
    expect(k.isActive).toBe(false);
    expect(a.push('y ', 0.9).halted).toBe(true);
    expect(a.session.haltKind).toBe('kernel_inactive');
    expect(a.session.tokens).toEqual(['x ']);
    expect(a.session.output).toBe('x ');
    k.reactivate();
    expect(b.push('z ', 0.9).halted).toBe(false);
    expect(a.push('w ', 0.9).halted).toBe(true); // a stays latched
  });

  it('trace: false keeps counters but no per-token memory', () => {
    const m = new StreamingKernel({ trendThreshold: 0.9 }).monitor({ trace: false });
    for (let i = 0; i < 1000; i++) m.push('t ', 0.8);
    const s = m.end();
    expect(s.tokenCount).toBe(1000);
    expect(s.tokens).toHaveLength(0);
    expect(s.events).toHaveLength(0);
    expect(s.coherenceHistory).toHaveLength(0);
    expect(s.avgCoherence).toBeCloseTo(0.8, 12);
    expect(s.traced).toBe(false);
  });

  it('rejects non-string tokens without changing state, and pushes after end()', () => {
    const m = new StreamingKernel().monitor();
    m.push('a', 0.9);
    expect(() => m.push(42 as unknown as string, 0.9)).toThrow(BackfireInputError);
    expect(() => m.push(undefined as unknown as string, 0.9)).toThrow(
      /token must be a string, got undefined/,
    );
    expect(m.session.tokenCount).toBe(1);
    m.end();
    expect(() => m.push('b', 0.9)).toThrow(/after end\(\)/);
  });

  it('NaN, Infinity and non-number scores halt (fail closed), and the reason names them', () => {
    const cases: [unknown, string][] = [
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
      ['0.9', 'string'],
      [undefined, 'undefined'],
      [null, 'null'],
      [{ score: 0.9 }, 'object'],
    ];
    for (const [bad, name] of cases) {
      const m = new StreamingKernel().monitor();
      const event = m.push('x', bad as number);
      expect([event.halted, event.coherence]).toEqual([true, 0]);
      expect(m.session.haltKind).toBe('hard_limit');
      expect(m.session.haltReason).toBe(`hard_limit (score ${name} → 0 < 0.5)`);
    }
  });

  it('finite out-of-range scores are clamped, not named', () => {
    const m = new StreamingKernel().monitor();
    m.push('x', -0.2);
    expect(m.session.haltReason).toBe('hard_limit (0.0000 < 0.5)');
    const high = new StreamingKernel().monitor();
    expect(high.push('x', 1.7).coherence).toBe(1);
    expect(high.halted).toBe(false);
  });

  it('a NaN that overrides a pending soft halt is named too', () => {
    const m = new StreamingKernel({
      haltMode: 'soft',
      windowSize: 1,
      windowThreshold: 0.6,
    }).monitor();
    m.push('a ', 0.55);
    expect(m.haltPending).toBe(true);
    m.push('b ', Number.NaN);
    expect([m.session.haltKind, m.session.haltReason, m.session.softHalted]).toEqual([
      'hard_limit',
      'hard_limit (score NaN → 0 < 0.5)',
      false,
    ]);
  });
});

describe('StreamingKernel batch calls (seed API)', () => {
  it('runs the seed example', () => {
    const streaming = new StreamingKernel({
      hardLimit: 0.5,
      windowSize: 10,
      windowThreshold: 0.55,
    });
    const session = streaming.streamTokens(['The ', 'sky ', 'is ', 'blue.'], () => 0.9);
    expect(session.halted).toBe(false);
    expect(session.avgCoherence).toBeCloseTo(0.9, 12);
    expect(session.output).toBe('The sky is blue.');
  });

  it('passes (token, { index, text }) to the callback', () => {
    const seen: [string, number, string][] = [];
    new StreamingKernel().streamTokens(['Hel', 'lo', '!'], (t, ctx) => {
      seen.push([t, ctx.index, ctx.text]);
      return 0.9;
    });
    expect(seen).toEqual([
      ['Hel', 0, 'Hel'],
      ['lo', 1, 'Hello'],
      ['!', 2, 'Hello!'],
    ]);
  });

  it('calls the callback only for due tokens under scoreEveryN', () => {
    let calls = 0;
    new StreamingKernel({ scoreEveryN: 4 }).streamTokens(words(10), () => {
      calls++;
      return 0.9;
    });
    expect(calls).toBe(3);
  });

  it('latches the kernel on a hard-limit halt, not on window or trend halts', () => {
    const k = new StreamingKernel({ trendWindow: 2, trendThreshold: 0.1 });
    const s1 = k.streamTokens(['a', 'b'], (_t, { index }) => (index === 0 ? 0.9 : 0.75));
    expect(s1.haltKind).toBe('downward_trend');
    expect(k.isActive).toBe(true);
    const s2 = k.streamTokens(['a', 'b'], () => 0.2);
    expect(s2.haltKind).toBe('hard_limit');
    expect(k.isActive).toBe(false);
    const s3 = k.streamTokens(['c', 'd'], () => 0.9);
    expect([s3.halted, s3.haltKind, s3.haltIndex, s3.tokenCount]).toEqual([
      true,
      'kernel_inactive',
      0,
      0,
    ]);
    k.reactivate();
    expect(k.streamTokens(['e'], () => 0.9).halted).toBe(false);
  });

  it('a throwing callback halts with callback_error, or rethrows when asked', () => {
    const boom = new Error('scorer down');
    const s = new StreamingKernel().streamTokens(['a ', 'b ', 'c '], (_t, { index }) => {
      if (index === 1) throw boom;
      return 0.9;
    });
    expect([s.halted, s.haltKind, s.haltReason, s.haltIndex, s.output]).toEqual([
      true,
      'callback_error',
      'callback_error',
      1,
      'a ',
    ]);
    const k = new StreamingKernel(undefined, { rethrowCallbackErrors: true });
    expect(() =>
      k.streamTokens(['a '], () => {
        throw boom;
      }),
    ).toThrow(boom);
  });

  it('a callback returning a non-number or a Promise halts with callback_error', () => {
    const k = new StreamingKernel();
    expect(k.streamTokens(['a'], () => undefined as unknown as number).haltKind).toBe(
      'callback_error',
    );
    expect(k.streamTokens(['a'], () => Promise.resolve(0.9) as unknown as number).haltKind).toBe(
      'callback_error',
    );
  });

  it('a non-string token or a throwing iterable rejects with the session so far', () => {
    const k = new StreamingKernel();
    let caught: unknown;
    try {
      k.streamTokens(['a ', 'b ', 7 as unknown as string], () => 0.9);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BackfireStreamError);
    const session = (caught as BackfireStreamError<StreamSession>).session;
    expect([session.output, session.haltKind, session.haltIndex]).toEqual([
      'a b ',
      'source_error',
      2,
    ]);
    function* failing() {
      yield 'ok ';
      throw new Error('socket reset');
    }
    expect(() => k.streamTokens(failing(), () => 0.9)).toThrow(/token source failed: socket reset/);
    expect(() => k.streamTokens(['a'], 'nope' as unknown as () => number)).toThrow(
      BackfireInputError,
    );
  });

  it('streamOutput returns the text or the interrupt', () => {
    const k = new StreamingKernel();
    expect(k.streamOutput(['Hello ', 'world'], () => 0.9)).toBe('Hello world');
    expect(k.streamOutput(['Hello ', 'world'], () => 0.1)).toBe(
      '[KERNEL INTERRUPT: hard_limit (0.1000 < 0.5)]',
    );
  });

  it('a callback returning NaN or ±Infinity halts with a reason that names it', () => {
    for (const [bad, name] of [
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
    ] as const) {
      const s = new StreamingKernel().streamTokens(['a ', 'b '], (_t, { index }) =>
        index === 1 ? bad : 0.9,
      );
      expect([s.haltKind, s.haltReason, s.haltIndex, s.output]).toEqual([
        'hard_limit',
        `hard_limit (score ${name} → 0 < 0.5)`,
        1,
        'a ',
      ]);
      expect(new StreamingKernel().streamOutput(['a '], () => bad)).toBe(
        `[KERNEL INTERRUPT: hard_limit (score ${name} → 0 < 0.5)]`,
      );
    }
  });
});

describe('streamTokensAsync', () => {
  async function* gen(tokens: string[], log: string[] = []) {
    try {
      for (const t of tokens) {
        await new Promise((r) => setTimeout(r, 1));
        yield t;
      }
    } finally {
      log.push('closed');
    }
  }

  it('takes async iterables and async callbacks', async () => {
    const s = await new StreamingKernel().streamTokensAsync(
      gen(['The ', 'sky.']),
      async () => 0.85,
    );
    expect([s.halted, s.output]).toEqual([false, 'The sky.']);
    expect(s.events.every((e) => e.coherence === 0.85)).toBe(true);
  });

  it('closes the source on a halt', async () => {
    const log: string[] = [];
    const s = await new StreamingKernel().streamTokensAsync(
      gen(['a ', 'b ', 'c ', 'd '], log),
      (_t, { index }) => (index === 1 ? 0.1 : 0.9),
    );
    expect([s.haltIndex, s.output]).toEqual([1, 'a ']);
    expect(log).toEqual(['closed']);
  });

  it('a callback that never resolves halts with timeout when timeoutMs is set', async () => {
    const s = await new StreamingKernel().streamTokensAsync(
      ['a ', 'b '],
      (_t, { index }) => (index === 0 ? 0.9 : new Promise<number>(() => {})),
      { timeoutMs: 20 },
    );
    expect([s.haltKind, s.haltReason, s.haltIndex, s.output]).toEqual([
      'timeout',
      'timeout',
      1,
      'a ',
    ]);
  });

  it('a callback resolving to NaN halts with a reason that names it', async () => {
    const s = await new StreamingKernel().streamTokensAsync(gen(['a ', 'b ']), async (_t, c) =>
      c.index === 1 ? Number.NaN : 0.9,
    );
    expect([s.haltKind, s.haltReason, s.output]).toEqual([
      'hard_limit',
      'hard_limit (score NaN → 0 < 0.5)',
      'a ',
    ]);
  });

  it('a rejecting callback fails closed', async () => {
    const s = await new StreamingKernel().streamTokensAsync(['a '], async () => {
      throw new Error('nli down');
    });
    expect(s.haltKind).toBe('callback_error');
  });

  it('a throwing async source rejects with the partial session', async () => {
    async function* failing() {
      yield 'a ';
      throw new Error('upstream 500');
    }
    const err = await new StreamingKernel()
      .streamTokensAsync(failing(), () => 0.9)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackfireStreamError);
    expect((err as BackfireStreamError<StreamSession>).session.output).toBe('a ');
  });

  it('validates timeoutMs', async () => {
    await expect(
      new StreamingKernel().streamTokensAsync(['a'], () => 0.9, { timeoutMs: Number.NaN }),
    ).rejects.toThrow(/timeoutMs must be a finite number > 0, got NaN/);
  });

  it('stops reading when the signal aborts', async () => {
    const ac = new AbortController();
    const s = await new StreamingKernel().streamTokensAsync(
      gen(['a ', 'b ', 'c ']),
      (_t, { index }) => {
        if (index === 0) ac.abort();
        return 0.9;
      },
      { signal: ac.signal },
    );
    expect([s.halted, s.tokenCount]).toEqual([false, 1]);
  });
});

describe('SafetyKernel (seed API)', () => {
  it('runs the seed example', () => {
    const kernel = new SafetyKernel(0.5);
    expect(kernel.streamOutput(['Hello ', 'world ', '!'], () => 0.85)).toBe('Hello world !');
    expect(new SafetyKernel({ hardLimit: 0.5 }).hardLimit).toBe(0.5);
  });

  it('interrupts below the hard limit and latches until reactivate', () => {
    const kernel = new SafetyKernel(0.5);
    expect(kernel.streamOutput(['a', 'b'], (_t, { index }) => (index ? 0.2 : 0.9))).toBe(
      COHERENCE_INTERRUPT,
    );
    expect(kernel.isActive).toBe(false);
    expect(kernel.streamOutput(['ok'], () => 0.9)).toBe('[KERNEL INTERRUPT: kernel_inactive]');
    kernel.reactivate();
    expect(kernel.streamOutput(['ok'], () => 0.9)).toBe('ok');
  });

  it('never halts on window or trend, only on the hard limit', () => {
    const scores = [1, 0.9, 0.8, 0.7, 0.6, 0.55, 0.51, 0.51, 0.51, 0.51, 0.51];
    expect(
      new SafetyKernel(0.5).streamOutput(words(scores.length), (_t, { index }) => scores[index]!),
    ).toBe(words(scores.length).join(''));
  });

  it('validates the hard limit', () => {
    expect(() => new SafetyKernel(Number.NaN)).toThrow(BackfireConfigError);
    expect(() => new SafetyKernel(1.5)).toThrow(/hardLimit must be in \[0, 1\], got 1.5/);
    expect(() => new SafetyKernel('0.5' as unknown as number)).toThrow(BackfireConfigError);
  });

  it('fails closed on NaN and on a throwing callback', () => {
    expect(new SafetyKernel(0.5).streamOutput(['a'], () => Number.NaN)).toBe(COHERENCE_INTERRUPT);
    expect(
      new SafetyKernel(0.5).streamOutput(['a'], () => {
        throw new Error('x');
      }),
    ).toBe('[KERNEL INTERRUPT: callback_error]');
  });
});
