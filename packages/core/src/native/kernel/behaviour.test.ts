import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadNative, type Native, type RawBinding } from '../../test/native.js';
import type { BackfireStreamError as StreamError } from '../rust.js';

const native = loadNative();

describe.skipIf(native === null)('RustStreamingKernel behaviour', () => {
  const {
    BackfireConfig,
    BackfireConfigError,
    BackfireInputError,
    BackfireStreamError,
    RustSafetyKernel,
    RustStreamingKernel,
  } = native ?? ({} as Native);

  it('passes (token, { index, text }) to the callback, only for due tokens', () => {
    const seen: [string, number, string][] = [];
    new RustStreamingKernel().streamTokens(['Hel', 'lo', '!'], (t, ctx) => {
      seen.push([t, ctx.index, ctx.text]);
      return 0.9;
    });
    expect(seen).toEqual([
      ['Hel', 0, 'Hel'],
      ['lo', 1, 'Hello'],
      ['!', 2, 'Hello!'],
    ]);
    const due: number[] = [];
    new RustStreamingKernel({ scoreEveryN: 4 }).streamTokens(Array(10).fill('w '), (_t, c) => {
      due.push(c.index);
      return 0.9;
    });
    expect(due).toEqual([0, 4, 8]);
  });

  it('latches the kernel on a hard-limit halt only, until reactivate()', () => {
    const k = new RustStreamingKernel({ trendWindow: 2, trendThreshold: 0.1 });
    const s1 = k.streamTokens(['a', 'b'], (_t, { index }) => (index === 0 ? 0.9 : 0.75));
    expect([s1.haltKind, s1.haltReason, k.isActive]).toEqual([
      'downward_trend',
      'downward_trend (0.1500 > 0.1)',
      true,
    ]);
    const s2 = k.streamTokens(['a', 'b'], () => 0.2);
    expect([s2.haltKind, s2.output, k.isActive]).toEqual(['hard_limit', '', false]);
    let called = 0;
    const s3 = k.streamTokens(['c', 'd'], () => {
      called++;
      return 0.9;
    });
    expect([s3.haltKind, s3.haltIndex, s3.tokenCount, called]).toEqual([
      'kernel_inactive',
      0,
      0,
      0,
    ]);
    expect(k.streamOutput(['c'], () => 0.9)).toBe('[KERNEL INTERRUPT: kernel_inactive]');
    k.reactivate();
    expect(k.streamTokens(['e'], () => 0.9).halted).toBe(false);
  });

  it('a callback that throws, returns a non-number or a Promise halts with callback_error', () => {
    const k = new RustStreamingKernel();
    const s = k.streamTokens(['a ', 'b ', 'c '], (_t, { index }) => {
      if (index === 1) throw new Error('scorer down');
      return 0.9;
    });
    expect([s.halted, s.haltKind, s.haltReason, s.haltIndex, s.output, s.coherenceHistory]).toEqual(
      [true, 'callback_error', 'callback_error', 1, 'a ', [0.9, 0]],
    );
    for (const bad of [undefined, '0.9', null, {}, Promise.resolve(0.9), 1n]) {
      const r = k.streamTokens(['a'], () => bad as unknown as number);
      expect(r.haltKind).toBe('callback_error');
    }
    // A `then` getter that throws is still just a failed callback.
    const evil = Object.defineProperty({}, 'then', {
      get(): never {
        throw new Error('getter');
      },
    });
    expect(k.streamTokens(['a'], () => evil as unknown as number).haltKind).toBe('callback_error');
  });

  it('rethrows the callback error itself when asked, and types non-number results', () => {
    const boom = new Error('scorer down');
    const k = new RustStreamingKernel(undefined, { rethrowCallbackErrors: true });
    expect(() =>
      k.streamTokens(['a '], () => {
        throw boom;
      }),
    ).toThrow(boom);
    let caught: unknown;
    try {
      k.streamTokens(['a '], () => 'x' as unknown as number);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BackfireInputError);
    expect((caught as Error).message).toBe('callback result must be a number, got "x"');
    expect(() => k.streamTokens(['a '], () => Promise.resolve(1) as unknown as number)).toThrow(
      /callback returned a Promise; use streamTokensAsync/,
    );
  });

  it('fails closed on NaN, Infinity and out-of-range scores; the reason names a non-finite one', () => {
    for (const [bad, name] of [
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
    ] as const) {
      const s = new RustStreamingKernel().streamTokens(['x'], () => bad);
      expect([s.haltKind, s.haltReason]).toEqual([
        'hard_limit',
        `hard_limit (score ${name} → 0 < 0.5)`,
      ]);
    }
    // Finite scores the clamp changes are not invalid: printed as usual.
    const low = new RustStreamingKernel().streamTokens(['x'], () => -0.5);
    expect([low.haltKind, low.haltReason]).toEqual(['hard_limit', 'hard_limit (0.0000 < 0.5)']);
    const clamped = new RustStreamingKernel().streamTokens(['x'], () => 7);
    expect(clamped.coherenceHistory).toEqual([1]);
  });

  it('monitor push and pushMany name a score that is not a number by its type, as core does', () => {
    const cases: [unknown, string][] = [
      ['0.9', 'string'],
      [undefined, 'undefined'],
      [null, 'null'],
      [{}, 'object'],
      [true, 'boolean'],
      [1n, 'bigint'],
      [Number.NaN, 'NaN'],
    ];
    for (const [bad, name] of cases) {
      const m = new RustStreamingKernel().monitor();
      m.push('a ', 0.9);
      const e = m.push('b ', bad as number);
      expect([e.halted, e.coherence, e.index]).toEqual([true, 0, 1]);
      const s = m.end();
      expect([s.haltKind, s.haltReason, s.output]).toEqual([
        'hard_limit',
        `hard_limit (score ${name} → 0 < 0.5)`,
        'a ',
      ]);
    }
    // pushMany over a plain array holding a non-number: same verdict, same count, same trace.
    const many = new RustStreamingKernel().monitor();
    const n = many.pushMany([0.9, 0.8, 'x' as unknown as number, 0.9], ['a ', 'b ', 'c ', 'd ']);
    const ms = many.end();
    expect([n, ms.tokenCount, ms.haltIndex, ms.haltReason, ms.output, ms.tokens]).toEqual([
      3,
      3,
      2,
      'hard_limit (score string → 0 < 0.5)',
      'a b ',
      ['a ', 'b ', 'c '],
    ]);
    // A non-number on a token that is not due is never read.
    const due = new RustStreamingKernel({ scoreEveryN: 2 }).monitor();
    expect(due.pushMany([0.9, 'x' as unknown as number, 0.8, 0.85])).toBe(4);
    expect(due.end().halted).toBe(false);
    // Tokens that do not fit still fail with the addon's typed error, before anything is pushed.
    const short = new RustStreamingKernel().monitor();
    expect(() => short.pushMany([0.9, 'x' as unknown as number], ['a '])).toThrow(
      BackfireInputError,
    );
    expect(short.nextIndex).toBe(0);
  });

  it('a non-string token rejects with a BackfireStreamError carrying the session so far', () => {
    let caught: unknown;
    try {
      new RustStreamingKernel().streamTokens(['a ', 'b ', 7 as unknown as string], () => 0.9);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BackfireStreamError);
    const err = caught as StreamError;
    expect(err.code).toBe('BACKFIRE_STREAM');
    expect(err.message).toBe('token source failed: token must be a string, got 7');
    expect(err.cause).toBeInstanceOf(BackfireInputError);
    expect([err.session.output, err.session.haltKind, err.session.haltIndex]).toEqual([
      'a b ',
      'source_error',
      2,
    ]);
  });

  it('reads generators lazily and closes them on a halt; a throwing source keeps the session', () => {
    const log: string[] = [];
    function* endless() {
      try {
        for (let i = 0; ; i++) yield `w${i} `;
      } finally {
        log.push('closed');
      }
    }
    const s = new RustStreamingKernel().streamTokens(endless(), (_t, { index }) =>
      index === 3 ? 0.1 : 0.9,
    );
    expect([s.haltIndex, s.output, s.tokens]).toEqual([
      3,
      'w0 w1 w2 ',
      ['w0 ', 'w1 ', 'w2 ', 'w3 '],
    ]);
    expect(log).toEqual(['closed']);

    function* failing() {
      yield 'ok ';
      throw new Error('upstream 500');
    }
    let caught: unknown;
    try {
      new RustStreamingKernel().streamTokens(failing(), () => 0.9);
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).message).toBe('token source failed: upstream 500');
    expect((caught as StreamError).session.output).toBe('ok ');
    expect(() => new RustStreamingKernel().streamTokens(5 as unknown as string[], () => 1)).toThrow(
      /token source failed: tokens is not iterable/,
    );
    expect(() => new RustStreamingKernel().streamTokens(['a'], 'f' as never)).toThrow(
      'callback must be a function, got "f"',
    );
  });

  it('streamScores equals streamTokens with a score array, in one call', () => {
    const tokens = ['One ', 'two ', 'three. ', 'four ', 'five '];
    const scores = [0.9, 0.8, 0.45, 0.9, 0.9];
    const a = new RustStreamingKernel({ scoreEveryN: 2 }).streamScores(tokens, scores);
    const b = new RustStreamingKernel({ scoreEveryN: 2 }).streamTokens(
      tokens,
      (_t, { index }) => scores[index]!,
    );
    expect(a.toJSON()).toEqual({ ...b.toJSON(), durationMs: a.durationMs, events: a.events });
    expect(a.events.map((e) => e.coherence)).toEqual(b.events.map((e) => e.coherence));
    expect(() => new RustStreamingKernel().streamScores(['a', 'b'], [0.9])).toThrow(
      'scores must hold one score per token (2 tokens), got 1',
    );
    // Non-numbers in a plain array fail closed as that callback does: callback_error.
    const odd = ['0.9' as unknown as number, 0.9];
    const s = new RustStreamingKernel().streamScores(['a ', 'b '], odd);
    const t = new RustStreamingKernel().streamTokens(['a ', 'b '], (_t, { index }) => odd[index]!);
    expect([s.haltKind, s.haltReason, s.output]).toEqual(['callback_error', 'callback_error', '']);
    expect(s.toJSON()).toEqual({ ...t.toJSON(), durationMs: s.durationMs, events: s.events });
  });

  it('monitors are independent; emergencyStop reaches every monitor at its next token', () => {
    const k = new RustStreamingKernel();
    const a = k.monitor();
    const b = k.monitor();
    expect(a.push('x ', 0.1).halted).toBe(true);
    expect(b.push('y ', 0.9)).toMatchObject({
      token: 'y ',
      index: 0,
      coherence: 0.9,
      halted: false,
    });
    k.emergencyStop();
    expect(b.push('z ', 0.9).halted).toBe(true);
    expect([b.session.haltKind, b.session.tokens, b.session.output]).toEqual([
      'kernel_inactive',
      ['y '],
      'y ',
    ]);
    k.reactivate();
    const c = k.monitor();
    expect(c.push('w ', 0.9).halted).toBe(false);
    expect(b.push('v ', 0.9).halted).toBe(true);
    const ended = b.end();
    expect(ended.haltIndex).toBe(1);
    expect(() => b.push('late', 0.9)).toThrow('token cannot be pushed after end(), got "late"');
    expect(() => c.push(42 as unknown as string, 0.9)).toThrow(BackfireInputError);
  });

  it('monitor pushMany crosses once, stops at the halt and keeps the soft-halt sentence logic', () => {
    const k = new RustStreamingKernel({
      haltMode: 'soft',
      windowSize: 2,
      windowThreshold: 0.6,
      trendThreshold: 0.9,
    });
    const m = k.monitor();
    const tokens = ['One ', 'two ', 'three ', 'four. ', 'five '];
    const n = m.pushMany(new Float64Array([0.55, 0.55, 0.9, 0.9, 0.9]), tokens);
    expect(n).toBe(4);
    const s = m.end();
    expect([s.halted, s.softHalted, s.haltIndex, s.haltKind, s.output]).toEqual([
      true,
      true,
      1,
      'window_avg',
      'One two three four. ',
    ]);
    const q = new RustStreamingKernel({ trendThreshold: 0.9 }).monitor({ trace: false });
    expect(q.pushMany(new Float64Array(5000).fill(0.8))).toBe(5000);
    const qs = q.end();
    expect([qs.tokenCount, qs.tokens.length, qs.events.length, qs.output]).toEqual([
      5000,
      0,
      0,
      '',
    ]);
    expect(qs.avgCoherence).toBeCloseTo(0.8, 12);
  });

  it('RustSafetyKernel interrupts, latches and validates like the seed', () => {
    const kernel = new RustSafetyKernel(0.5);
    expect(kernel.streamOutput(['a', 'b'], (_t, { index }) => (index ? 0.2 : 0.9))).toBe(
      '[KERNEL INTERRUPT: COHERENCE LIMIT EXCEEDED]',
    );
    expect(kernel.isActive).toBe(false);
    expect(kernel.streamOutput(['ok'], () => 0.9)).toBe('[KERNEL INTERRUPT: kernel_inactive]');
    kernel.reactivate();
    const falling = [1, 0.9, 0.8, 0.7, 0.6, 0.55, 0.51, 0.51, 0.51, 0.51, 0.51];
    expect(kernel.streamOutput(Array(11).fill('w '), (_t, { index }) => falling[index]!)).toBe(
      'w '.repeat(11),
    );
    expect(
      new RustSafetyKernel(0.5).streamOutput(['a'], () => {
        throw new Error('x');
      }),
    ).toBe('[KERNEL INTERRUPT: callback_error]');
    expect(() => new RustSafetyKernel(Number.NaN)).toThrow(BackfireConfigError);
    expect(() => new RustSafetyKernel(1.5)).toThrow('hardLimit must be in [0, 1], got 1.5');
    expect(() => new RustSafetyKernel('0.5' as unknown as number)).toThrow(
      'hardLimit must be a finite number in [0, 1], got "0.5"',
    );
    expect(new RustSafetyKernel({}).hardLimit).toBe(0.5);
  });

  it('BackfireConfig validates in Rust with core’s messages and round-trips', () => {
    const cases: [unknown, string][] = [
      [{ hardLimit: Number.NaN }, 'hardLimit must be a finite number, got NaN'],
      [{ hardLimit: 0.8 }, 'softLimit must be >= hardLimit (0.8), got 0.7'],
      [{ wLogic: 0.5 }, 'wLogic + wFact must equal 1 (wLogic 0.5 + wFact 0.4), got 0.9'],
      [{ windowSize: 2.5 }, 'windowSize must be an integer >= 1, got 2.5'],
      [{ trendThreshold: 0 }, 'trendThreshold must be > 0, got 0'],
      [{ haltMode: 'medium' }, "haltMode must be 'hard' or 'soft', got \"medium\""],
      [{ windowSize: [1] }, 'windowSize must be a finite number, got array(1)'],
      [{ windowSize: new Date(0) }, 'windowSize must be a finite number, got object Date'],
      [{ scoreEveryN: 3e9 }, 'scoreEveryN must be <= 2147483647, got 3000000000'],
      [null, 'config must be an object of config fields, got null'],
      [[], 'config must be an object of config fields, got array(0)'],
    ];
    for (const [init, message] of cases) {
      let caught: unknown;
      try {
        new BackfireConfig(init as never);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(BackfireConfigError);
      expect((caught as Error).message).toBe(message);
      expect((caught as { code: string }).code).toBe('BACKFIRE_CONFIG');
    }
    const err = (() => {
      try {
        new BackfireConfig({ hardlimit: 0.5 } as never);
      } catch (e) {
        return e as InstanceType<typeof BackfireConfigError>;
      }
    })();
    expect([err?.field, err?.value]).toEqual(['hardlimit', 0.5]);
    const medical = BackfireConfig.preset('medical');
    expect([medical.windowThreshold, medical.trendThreshold]).toEqual([0.6, 0.1]);
    expect(BackfireConfig.fromJSON(JSON.stringify(medical))).toEqual(medical);
    expect(() => BackfireConfig.fromJSON('{bad')).toThrow(/json must be valid JSON/);
    expect(() => BackfireConfig.preset('strict' as never)).toThrow(
      'preset must be one of default, medical, finance, creative, got "strict"',
    );
    expect(medical.with({ haltMode: 'soft' }).haltMode).toBe('soft');
    expect(new RustStreamingKernel(medical).config).toBe(medical);
    expect(() => new RustStreamingKernel({ windowSize: -1 })).toThrow(BackfireConfigError);
  });

  it('round-trips any Unicode through tokens, output and callbacks', () => {
    const tokens = ['😀 ', 'e\u0301', '\u0000nul', '终わり。', '\ud83d\ude00', 'a\u200db', ''];
    const seen: string[] = [];
    const s = new RustStreamingKernel().streamTokens(tokens, (t) => {
      seen.push(t);
      return 0.9;
    });
    expect(seen).toEqual(tokens);
    expect(s.output).toBe(tokens.join(''));
    const m = new RustStreamingKernel().monitor();
    for (const t of tokens) m.push(t, 0.9);
    expect(m.end().output).toBe(tokens.join(''));
    // Sentence ends across scripts still finish a soft halt.
    const soft = new RustStreamingKernel({
      haltMode: 'soft',
      windowSize: 1,
      windowThreshold: 0.6,
      trendThreshold: 0.9,
    }).streamTokens(['bad ', 'ende', '終わり。', 'x'], (_t, { index }) => (index ? 0.9 : 0.55));
    expect([soft.softHalted, soft.output]).toEqual([true, 'bad ende終わり。']);
  });

  it('the raw binding builds ctx itself when no adapter is passed (and checks every token)', () => {
    const raw = createRequire(import.meta.url)('@backfire/native') as RawBinding;
    const k = new raw.RustStreamingKernel();
    const seen: [string, number, string][] = [];
    const [stats] = k.streamTokens(
      ['Hel', 'lo', '!'],
      (t: string, ctx: { index: number; text: string }) => {
        seen.push([t, ctx.index, ctx.text]);
        return 0.9;
      },
      undefined,
    );
    expect(seen).toEqual([
      ['Hel', 0, 'Hel'],
      ['lo', 1, 'Hello'],
      ['!', 2, 'Hello!'],
    ]);
    expect(stats[4]).toBe(3);
    expect(() => k.streamTokens(['a', 1], () => 0.9, undefined)).toThrow(
      'token source failed: token must be a string, got 1',
    );
    expect(() => k.streamScores(['a', null], new Float64Array(2))).toThrow(
      'token source failed: token must be a string, got null',
    );
  });
});
