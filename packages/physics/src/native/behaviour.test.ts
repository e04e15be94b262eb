// The physics invariants on the addon itself: phases stay in [0, 2π) and R in [0, 1] for any seed,
// start and σ; a seed reproduces a run and the stream continues across calls; an unseeded run
// reports the seed that reproduces it; W stays symmetric, non-negative, zero-diagonal; the
// normalised Laplacian's spectrum lies in [0, 2]; Euler–Maruyama noise has standard deviation σ√dt.
import { rng } from '@backfire/test-support/rng';
import { describe, expect, it } from 'vitest';
import { loadNative, type Native } from '../test/native.js';

const native = loadNative();
const TAU = 2 * Math.PI;

describe.skipIf(native === null)('physics invariants on the addon', () => {
  const n = native ?? ({} as Native);

  it('θ ∈ [0, 2π) and R ∈ [0, 1] for any seed, start and σ', () => {
    const r = rng(21);
    for (let t = 0; t < 40; t++) {
      const s = new n.UPDEStepper({ seed: t, noiseAmplitude: r() * 5, dt: 0.001 + r() * 0.05 });
      const st = s.run(
        Float64Array.from({ length: 16 }, () => (r() - 0.5) * 1e3),
        1 + Math.floor(r() * 300),
      );
      for (const x of st.theta) expect(x >= 0 && x < TAU).toBe(true);
      expect(st.rGlobal >= 0 && st.rGlobal <= 1).toBe(true);
    }
  });

  it('a seed reproduces a run, and the stream continues across run() calls', () => {
    const a = new n.UPDEStepper({ seed: 77n });
    const b = new n.UPDEStepper({ seed: 77n });
    const th = Float64Array.from({ length: 16 }, (_, i) => i / 3);
    const whole = a.run(th, 300);
    const half = b.run(b.run(th, 120), 180);
    expect(half).toEqual(whole);
    const other = new n.UPDEStepper({ seed: 78n }).run(th, 300);
    expect(other.theta).not.toEqual(whole.theta);
  });

  it('an unseeded stepper reports the seed that reproduces it', () => {
    const a = new n.UPDEStepper();
    const b = new n.UPDEStepper();
    expect(typeof a.seed).toBe('bigint');
    expect(a.seed).not.toBe(b.seed);
    const th = new Float64Array(16);
    expect(new n.UPDEStepper({ seed: a.seed }).run(th, 50)).toEqual(a.run(th, 50));
    const e = new n.SSGFEngine();
    expect(new n.SSGFEngine({ seed: e.seed }).getZ()).toEqual(e.getZ());
  });

  it('Euler–Maruyama noise has standard deviation σ√dt', () => {
    // K = 0, Ω = 0, F = 0: each step adds σ√dt·ξ (phases start at π so no wrap interferes).
    const s = new n.UPDEStepper({
      omega: new Float64Array(1000),
      knm: { n: 1000, data: new Float64Array(1000 * 1000) },
      fieldPressure: 0,
      noiseAmplitude: 1,
      dt: 0.01,
      seed: 3,
    });
    const st = s.run(new Float64Array(1000).fill(Math.PI), 1);
    let m2 = 0;
    for (const x of st.theta) m2 += (x - Math.PI) ** 2;
    expect(Math.sqrt(m2 / 1000)).toBeGreaterThan(0.1 * 0.94);
    expect(Math.sqrt(m2 / 1000)).toBeLessThan(0.1 * 1.06);
  });

  it('W is symmetric, non-negative, zero-diagonal and the spectrum lies in [0, 2]', () => {
    const r = rng(22);
    for (const decoder of ['gramSoftplus', 'rbf'] as const) {
      const e = new n.SSGFEngine({ decoder, seed: 5 });
      for (let t = 0; t < 5; t++) {
        e.setZ(Float64Array.from(e.getZ(), () => (r() - 0.5) * 20));
        const log = e.outerStep();
        expect([log.wValid, log.eigvalOrdered, log.eigenConverged]).toEqual([true, true, true]);
        const { n: m, data: w } = e.getW();
        for (let i = 0; i < m; i++) {
          expect(w[i * m + i]).toBe(0);
          for (let j = 0; j < m; j++) {
            expect(w[i * m + j]).toBe(w[j * m + i]);
            expect(w[i * m + j]! >= 0).toBe(true);
          }
        }
        const spec = e.getSpectrum();
        for (const x of spec.values) expect(x >= 0 && x <= 2).toBe(true);
      }
    }
  });

  it('h is symmetric; traceless h has trace 0', () => {
    const e = new n.PGBOEngine({ n: 6, traceless: true });
    e.compute([0, 1, 2, 3, 4, 5], 0.1);
    const res = e.compute([0.3, 1.1, 1.7, 3.4, 4.4, 5.9], 0.1);
    let trace = 0;
    for (let i = 0; i < 6; i++) {
      trace += res.h.data[i * 6 + i]!;
      // κ·u_i·u_j and κ·u_j·u_i round differently in the last bit.
      for (let j = 0; j < 6; j++)
        expect(res.h.data[i * 6 + j]).toBeCloseTo(res.h.data[j * 6 + i]!, 15);
    }
    expect(Math.abs(trace)).toBeLessThan(1e-12);
    expect(res.hTrace).toBe(0);
    expect(res.uNorm).toBeLessThan(e.uCap);
  });

  it('reads Float64Array views at any offset, small arrays and plain arrays alike', () => {
    const s = new n.UPDEStepper({ seed: 1, noiseAmplitude: 0 });
    const values = Array.from({ length: 16 }, (_, i) => 0.3 * i - 2);
    const big = new Float64Array(40);
    big.set(values, 7);
    const view = big.subarray(7, 23);
    expect(view.byteOffset).toBe(56);
    expect(s.createState(view)).toEqual(s.createState(values));
    expect(s.run(view, 3)).toEqual(s.run(Float64Array.from(values), 3));
    // An on-heap (≤ 64-byte) Float64Array and a view into a shared buffer.
    const pgbo = new n.PGBOEngine({ n: 2 });
    pgbo.compute(new Float64Array([0.5, 1]), 0.1);
    const shared = new Float64Array(new SharedArrayBuffer(32)).subarray(1, 3);
    shared.set([0.6, 1.2]);
    const q = new n.PGBOEngine({ n: 2 });
    q.compute([0.5, 1], 0.1);
    expect(pgbo.compute(shared, 0.1).u).toEqual(q.compute([0.6, 1.2], 0.1).u);
  });

  it('run(k) is the same as k outerStep() calls', () => {
    const a = new n.SSGFEngine({ seed: 11 });
    const b = new n.SSGFEngine({ seed: 11 });
    const logs = a.run(4);
    expect([b.outerStep(), b.outerStep(), b.outerStep(), b.outerStep()]).toEqual(logs);
    expect(logs.map((l) => l.step)).toEqual([0, 1, 2, 3]);
    expect(a.run(0)).toEqual([]);
  });
});
