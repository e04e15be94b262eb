import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhysicsError } from './errors.js';
import { orderParameter, sinCosInto, TAU, wrapPi } from './math.js';
import { UPDEStepper } from './upde.js';

/** Asserts that `fn` throws a PhysicsError (code BACKFIRE_PHYSICS) whose field is `field`. */
function expectPhysicsError(fn: () => unknown, field: string): void {
  let thrown: unknown = null;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `expected a PhysicsError on ${field}`).toBeInstanceOf(PhysicsError);
  const err = thrown as PhysicsError;
  expect(err.code).toBe('BACKFIRE_PHYSICS');
  expect(err.field).toBe(field);
  expect(err.message.startsWith(field)).toBe(true);
}

const splay = (n: number) => Float64Array.from({ length: n }, (_, i) => (TAU * i) / n);

describe('UPDEStepper', () => {
  it('keeps phases in [0, 2π) and R in [0, 1] for any seed and start', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 16, maxLength: 16 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (seed, theta, sigma) => {
          const st = new UPDEStepper({ seed, noiseAmplitude: sigma }).run(theta, 50);
          for (const x of st.theta) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThan(TAU);
          }
          expect(st.rGlobal).toBeGreaterThanOrEqual(0);
          expect(st.rGlobal).toBeLessThanOrEqual(1);
          expect(st.dthetaDt.every(Number.isFinite)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is deterministic for a seed, and the stream continues across calls', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 53 - 1 }),
        fc.integer({ min: 1, max: 30 }),
        (seed, k) => {
          const a = new UPDEStepper({ seed }).run(new Float64Array(16), 2 * k);
          const b = new UPDEStepper({ seed });
          const half = b.run(new Float64Array(16), k);
          const whole = b.run(half, k);
          expect(Array.from(whole.theta)).toEqual(Array.from(a.theta));
          expect(whole.stepCount).toBe(2 * k);
          expect(whole.t).toBeCloseTo(a.t, 15);
        },
      ),
      { numRuns: 25 },
    );
    const x = new UPDEStepper({ seed: 1 }).run(new Float64Array(16), 5).theta;
    const y = new UPDEStepper({ seed: 2 }).run(new Float64Array(16), 5).theta;
    expect(Array.from(x)).not.toEqual(Array.from(y));
  });

  it('reports the seed it drew when none was given', () => {
    const s = new UPDEStepper();
    const again = new UPDEStepper({ seed: s.seed });
    expect(Array.from(again.run(new Float64Array(16), 10).theta)).toEqual(
      Array.from(s.run(new Float64Array(16), 10).theta),
    );
  });

  it('adds Euler–Maruyama noise with standard deviation σ·√dt per step', () => {
    const n = 16;
    const dt = 0.01;
    const stepper = new UPDEStepper({
      dt,
      fieldPressure: 0,
      noiseAmplitude: 1,
      omega: new Float64Array(n),
      knm: { n, data: new Float64Array(n * n) },
      seed: 11,
    });
    let st = stepper.createState(splay(n));
    let sum = 0;
    let sum2 = 0;
    let count = 0;
    for (let s = 0; s < 1500; s++) {
      const next = stepper.step(st);
      for (let i = 0; i < n; i++) {
        const d = wrapPi(next.theta[i]! - st.theta[i]!);
        sum += d;
        sum2 += d * d;
        count += 1;
      }
      st = next;
    }
    const sd = Math.sqrt(sum2 / count - (sum / count) ** 2);
    // 24,000 samples: the sample sd of N(0, 0.1²) is within 2% with overwhelming probability.
    expect(Math.abs(sd - 0.1)).toBeLessThan(0.002);
    expect(Math.abs(sum / count)).toBeLessThan(0.002);
  });

  it('drift is Ω + F·cos θ when all phases coincide (coupling vanishes)', () => {
    const st = new UPDEStepper({ fieldPressure: 0, noiseAmplitude: 0 }).run(
      new Float64Array(16),
      1,
    );
    const omega = new UPDEStepper({ seed: 0 }).getOmega();
    for (let i = 0; i < 16; i++) expect(st.dthetaDt[i]).toBe(omega[i]);
  });

  it('synchronises identical oscillators with strong coupling from a perturbed splay state', () => {
    const n = 16;
    const knm = new Float64Array(n * n).fill(5);
    for (let i = 0; i < n; i++) knm[i * n + i] = 0;
    const stepper = new UPDEStepper({
      dt: 0.001,
      fieldPressure: 0,
      noiseAmplitude: 0,
      omega: new Float64Array(n).fill(1),
      knm: { n, data: knm },
      seed: 0,
    });
    // Splay is an unstable equilibrium; a small perturbation lets synchrony grow.
    const start = splay(n).map((x, i) => x + 1e-6 * Math.sin(i * 1.7));
    expect(orderParameter(start)).toBeLessThan(1e-5);
    expect(stepper.run(start, 5000).rGlobal).toBeGreaterThan(0.9);
  });

  it('run(θ, 0) returns the state unchanged, and step never mutates its input', () => {
    const stepper = new UPDEStepper({ seed: 5 });
    const s0 = stepper.createState(new Float64Array(16).fill(0.5));
    const same = stepper.run(s0, 0);
    expect(same.stepCount).toBe(0);
    expect(Array.from(same.theta)).toEqual(Array.from(s0.theta));
    const copy = s0.theta.slice();
    const s1 = stepper.step(s0);
    expect(Array.from(s0.theta)).toEqual(Array.from(copy));
    expect(s1.stepCount).toBe(1);
    expect(s1.t).toBeCloseTo(0.01, 15);
  });

  it('randomState draws uniform phases reproducibly', () => {
    const a = UPDEStepper.randomState(16, 9);
    expect(Array.from(a.theta)).toEqual(Array.from(UPDEStepper.randomState(16, 9).theta));
    for (const x of a.theta) expect(x >= 0 && x < TAU).toBe(true);
  });

  it('rejects bad input with a PhysicsError naming the field', () => {
    const s = new UPDEStepper({ seed: 1 });
    const th = new Float64Array(16);
    expectPhysicsError(() => s.run([...th.slice(0, 3), Number.NaN, ...th.slice(4)], 1), 'theta[3]');
    expectPhysicsError(() => s.run([...th.slice(0, 15), Number.POSITIVE_INFINITY], 1), 'theta[15]');
    expectPhysicsError(() => s.run([0, 0, 0, 0], 1), 'theta.length');
    expectPhysicsError(() => s.run(th, -1), 'nSteps');
    expectPhysicsError(() => s.run(th, 1.5), 'nSteps');
    expectPhysicsError(() => s.step({ ...s.createState(th), t: Number.NaN }), 'state.t');
    expectPhysicsError(() => new UPDEStepper({ dt: 0 }), 'dt');
    expectPhysicsError(() => new UPDEStepper({ dt: Number.NaN }), 'dt');
    expectPhysicsError(() => new UPDEStepper({ noiseAmplitude: -0.1 }), 'noiseAmplitude');
    expectPhysicsError(
      () => new UPDEStepper({ fieldPressure: Number.POSITIVE_INFINITY }),
      'fieldPressure',
    );
    expectPhysicsError(() => new UPDEStepper({ omega: [1, 2, 3] }), 'knm');
    expectPhysicsError(
      () => new UPDEStepper({ omega: [1, 2], knm: { n: 2, data: [0, 1, 1] } }),
      'knm.data.length',
    );
    expectPhysicsError(
      () => new UPDEStepper({ omega: [1, 2], knm: { n: 2, data: [0, Number.NaN, 1, 0] } }),
      'knm.data[1]',
    );
    expectPhysicsError(() => new UPDEStepper({ omega: [1, 2], knm: { n: 3, data: [] } }), 'knm.n');
    expectPhysicsError(() => new UPDEStepper({ seed: -1 }), 'seed');
    expectPhysicsError(() => new UPDEStepper({ seed: 1n << 64n }), 'seed');
    expectPhysicsError(() => new UPDEStepper({ seed: 0.5 }), 'seed');
    expectPhysicsError(() => new UPDEStepper({ dtt: 0.1 } as never), 'options.dtt');
    expectPhysicsError(() => UPDEStepper.randomState(0), 'n');
    const huge = new UPDEStepper({
      omega: [Number.MAX_VALUE, Number.MAX_VALUE],
      knm: { n: 2, data: [0, 0, 0, 0] },
      fieldPressure: Number.MAX_VALUE,
      noiseAmplitude: 0,
      seed: 1,
    });
    expectPhysicsError(() => huge.run([0, 0], 3), 'theta[0]');
    expectPhysicsError(() => s.run({ ...s.createState(th), stepCount: 2 ** 53 - 1 }, 1), 'nSteps');
  });
});

describe('sinCosInto', () => {
  it('agrees with Math.sin/Math.cos within an ulp over the phase range', () => {
    const s = new Float64Array(1);
    const c = new Float64Array(1);
    let worst = 0;
    fc.assert(
      fc.property(fc.double({ min: -64, max: 64, noNaN: true }), (x) => {
        sinCosInto(x, s, c, 0);
        const err = Math.max(Math.abs(s[0]! - Math.sin(x)), Math.abs(c[0]! - Math.cos(x)));
        worst = Math.max(worst, err);
        return err <= 2.3e-16;
      }),
      { numRuns: 5_000 },
    );
    for (let k = -40; k <= 40; k++) {
      const x = (k * Math.PI) / 4;
      sinCosInto(x, s, c, 0);
      expect(Math.abs(s[0]! - Math.sin(x))).toBeLessThanOrEqual(2.3e-16);
      expect(Math.abs(c[0]! - Math.cos(x))).toBeLessThanOrEqual(2.3e-16);
    }
    sinCosInto(Number.NaN, s, c, 0);
    expect(Number.isNaN(s[0]!) && Number.isNaN(c[0]!)).toBe(true);
    expect(worst).toBeLessThanOrEqual(2.3e-16);
  });
});
