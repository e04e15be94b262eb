import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhysicsError } from './errors.js';
import { sigmoid } from './math.js';
import { laplacianSpectrum, normalizedLaplacian, symmetricEigen } from './spectral.js';
import {
  DEFAULT_SSGF_WEIGHTS,
  decodeWeights,
  isValidWeights,
  SSGFEngine,
  type SSGFWeights,
} from './ssgf.js';

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

const zeroWeights = (over: Partial<SSGFWeights>): SSGFWeights => ({
  micro: 0,
  c7: 0,
  c8: 0,
  c9: 0,
  c10: 0,
  reg: 0,
  c4: 0,
  pgbo: 0,
  ...over,
});

const symmetricNonNegative = (n: number) =>
  fc
    .array(fc.double({ min: 0, max: 10, noNaN: true }), {
      minLength: (n * (n - 1)) / 2,
      maxLength: (n * (n - 1)) / 2,
    })
    .map((upper) => {
      const w = new Float64Array(n * n);
      let k = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          w[i * n + j] = upper[k]!;
          w[j * n + i] = upper[k]!;
          k += 1;
        }
      }
      return w;
    });

describe('decoders', () => {
  it('W is symmetric, non-negative, zero-diagonal for any z (gram and RBF)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 28, maxLength: 28 }),
        (z) => {
          const g = decodeWeights(z, 8);
          expect(isValidWeights(g.data, 8)).toBe(true);
          const r = decodeWeights(z.slice(0, 24), 8, { decoder: 'rbf', rbfDim: 3, rbfSigma: 0.7 });
          expect(isValidWeights(r.data, 8)).toBe(true);
          for (let i = 0; i < 64; i++) expect(g.data[i]).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('RBF on identical points gives 1 off the diagonal', () => {
    const w = decodeWeights(new Float64Array(12), 4, { decoder: 'rbf', rbfDim: 3 });
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) expect(w.data[i * 4 + j]).toBe(i === j ? 0 : 1);
  });
});

describe('spectrum', () => {
  it('normalised Laplacian eigenvalues lie in [0, 2], ascending, eigenvectors orthonormal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }).chain((n) => symmetricNonNegative(n).map((w) => ({ n, w }))),
        ({ n, w }) => {
          const lap = normalizedLaplacian({ n, data: w });
          const eig = symmetricEigen(lap);
          expect(eig.converged).toBe(true);
          for (let k = 0; k < n; k++) {
            expect(eig.values[k]).toBeGreaterThanOrEqual(-1e-12);
            expect(eig.values[k]).toBeLessThanOrEqual(2 + 1e-12);
            if (k > 0) expect(eig.values[k]).toBeGreaterThanOrEqual(eig.values[k - 1]!);
          }
          const v = eig.vectors.data;
          for (let a = 0; a < n; a++) {
            for (let b = 0; b < n; b++) {
              let dot = 0;
              for (let r = 0; r < n; r++) dot += v[r * n + a]! * v[r * n + b]!;
              expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-10);
            }
          }
          // A V = V Λ
          for (let i = 0; i < n; i++) {
            for (let k = 0; k < n; k++) {
              let av = 0;
              for (let j = 0; j < n; j++) av += lap.data[i * n + j]! * v[j * n + k]!;
              expect(Math.abs(av - eig.values[k]! * v[i * n + k]!)).toBeLessThan(1e-9);
            }
          }
          const spec = laplacianSpectrum(w, n, null);
          for (const x of spec.values) expect(x >= 0 && x <= 2).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports non-convergence instead of hiding it', () => {
    const n = 12;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 1 / (1 + i + j);
    expect(symmetricEigen({ n, data: a }, { maxSweeps: 1 }).converged).toBe(false);
    const full = symmetricEigen({ n, data: a });
    expect(full.converged).toBe(true);
    expect(full.sweeps).toBeGreaterThan(1);
  });

  it('keeps eigenvector signs stable across a small perturbation', () => {
    const n = 5;
    const w = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) if (i !== j) w[i * n + j] = 1 + 0.1 * ((i * 7 + j * 7) % 5);
    const first = laplacianSpectrum(w, n, null);
    w[1] = 1.01;
    w[n] = 1.01;
    const second = laplacianSpectrum(w, n, first.vectors.data);
    for (let k = 1; k < n; k++) {
      let dot = 0;
      for (let r = 0; r < n; r++)
        dot += first.vectors.data[r * n + k]! * second.vectors.data[r * n + k]!;
      expect(dot).toBeGreaterThanOrEqual(0);
    }
  });

  it('a warm start from the previous eigenvectors gives the cold-start spectrum', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 3, max: 10 })
          .chain((n) => symmetricNonNegative(n).map((w) => ({ n, w }))),
        ({ n, w }) => {
          const first = laplacianSpectrum(w, n, null);
          const moved = w.map((x, k) => (x === 0 ? 0 : x * (1 + 0.01 * Math.sin(k))));
          for (let i = 0; i < n; i++)
            for (let j = 0; j < i; j++) moved[i * n + j] = moved[j * n + i]!;
          const cold = laplacianSpectrum(moved, n, null);
          const warm = laplacianSpectrum(moved, n, first.vectors.data);
          expect(warm.converged).toBe(true);
          for (let k = 0; k < n; k++)
            expect(Math.abs(warm.values[k]! - cold.values[k]!)).toBeLessThan(1e-12);
          // L·v = λ·v for the warm-started vectors
          const lap = normalizedLaplacian({ n, data: moved }).data;
          for (let k = 0; k < n; k++) {
            for (let i = 0; i < n; i++) {
              let lv = 0;
              for (let j = 0; j < n; j++) lv += lap[i * n + j]! * warm.vectors.data[j * n + k]!;
              expect(Math.abs(lv - warm.values[k]! * warm.vectors.data[i * n + k]!)).toBeLessThan(
                1e-9,
              );
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rejects asymmetric input', () => {
    expectPhysicsError(() => symmetricEigen({ n: 2, data: [1, 2, 3, 4] }), 'a.data[2]');
  });
});

describe('SSGFEngine', () => {
  it('analytic gradient equals finite differences at n = 16 with only C9 active (C9 counted once)', () => {
    const engine = new SSGFEngine({ seed: 4, weights: zeroWeights({ c9: 0.2 }), fdEps: 1e-6 });
    const a = engine.analyticGradient();
    const f = engine.fdGradient();
    let nonZero = 0;
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(a[i]! - f[i]!)).toBeLessThan(1e-8 + 1e-6 * Math.abs(f[i]!));
      if (Math.abs(f[i]!) > 1e-6) nonZero += 1;
    }
    expect(nonZero).toBe(15); // the 15 pairs touching row 8
  });

  it('analytic gradient equals finite differences with C9, C10 and the Frobenius term (n = 6)', () => {
    const engine = new SSGFEngine({
      omega: [1, 2, 3, 4, 5, 6],
      knm: { n: 6, data: new Float64Array(36) },
      seed: 8,
      weights: zeroWeights({ c9: 0.2, c10: 0.4, reg: 0.1 }),
      protectedMask: [true, true, true, false, false, false],
      c8Index: 2,
      c9Index: 4,
      plvPair: [1, 3],
      fdEps: 1e-6,
    });
    const a = engine.analyticGradient();
    expect(a.length).toBe(15);
    const noReg = new SSGFEngine({
      omega: [1, 2, 3, 4, 5, 6],
      knm: { n: 6, data: new Float64Array(36) },
      seed: 8,
      weights: zeroWeights({ c9: 0.2, c10: 0.4 }),
      protectedMask: [true, true, true, false, false, false],
      c8Index: 2,
      c9Index: 4,
      plvPair: [1, 3],
      fdEps: 1e-6,
    });
    const an = noReg.analyticGradient();
    const fd = noReg.fdGradient();
    for (let i = 0; i < an.length; i++) expect(Math.abs(an[i]! - fd[i]!)).toBeLessThan(1e-8);
    // The Frobenius part of R_graph (its eigen part is stop-gradient): 2·reg·0.02·W_ij·σ(z_k).
    const w = engine.getW().data;
    const z = engine.getZ();
    let k = 0;
    for (let i = 0; i < 6; i++) {
      for (let j = i + 1; j < 6; j++) {
        const expected = 2 * 0.1 * 0.02 * w[i * 6 + j]! * sigmoid(z[k]!);
        expect(Math.abs(a[k]! - an[k]! - expected)).toBeLessThan(1e-15);
        k += 1;
      }
    }
  });

  it('is deterministic for a seed; logs are valid', () => {
    const a = new SSGFEngine({ seed: 42 }).run(5);
    const b = new SSGFEngine({ seed: 42 }).run(5);
    expect(b).toEqual(a);
    expect(new SSGFEngine({ seed: 43 }).run(1)[0]!.rGlobal).not.toBe(a[0]!.rGlobal);
    a.forEach((log, i) => {
      expect(log.step).toBe(i);
      expect(log.wValid).toBe(true);
      expect(log.eigvalOrdered).toBe(true);
      expect(log.eigenConverged).toBe(true);
      expect(log.rGlobal >= 0 && log.rGlobal <= 1).toBe(true);
      expect(log.fiedlerValue >= 0 && log.fiedlerValue <= 2).toBe(true);
      expect(Number.isFinite(log.costs.uTotal)).toBe(true);
    });
  });

  it('gradient steps lower U over time without noise or PGBO', () => {
    const e = new SSGFEngine({ seed: 42, lrZ: 0.05, noiseAmp: 0, pgboEnabled: false, nMicro: 20 });
    const logs = e.run(20);
    const mean = (xs: number[]) => xs.reduce((p, q) => p + q, 0) / xs.length;
    const early = mean(logs.slice(0, 5).map((l) => l.costs.rGraph + l.costs.c9));
    const late = mean(logs.slice(15).map((l) => l.costs.rGraph + l.costs.c9));
    expect(late).toBeLessThan(early);
  });

  it('tcboP feeds C4 and the gate', () => {
    const e = new SSGFEngine({ seed: 1 });
    e.setTcboP(0.85);
    const log = e.outerStep();
    expect(log.tcboP).toBe(0.85);
    expect(log.tcboGateOpen).toBe(true);
    expect(log.costs.c4).toBe(0);
    e.setTcboP(0.5);
    expect(e.outerStep().costs.c4).toBeCloseTo(0.0484, 15);
  });

  it('the log carries no pseudo-scientific fields', () => {
    const log = new SSGFEngine({ seed: 1 }).outerStep() as unknown as Record<string, unknown>;
    for (const k of ['theurgicMode', 'healingAcceleration', 'brainwaveBand', 'isConscious']) {
      expect(log).not.toHaveProperty(k);
    }
  });

  it('rejects bad options naming the field', () => {
    expectPhysicsError(() => new SSGFEngine({ omega: [1, 2] }), 'knm');
    expectPhysicsError(
      () => new SSGFEngine({ omega: [1], knm: { n: 1, data: [0] } }),
      'omega.length',
    );
    expectPhysicsError(
      () => new SSGFEngine({ omega: [1, 2, 3, 4, 5], knm: { n: 5, data: new Float64Array(25) } }),
      'c8Index',
    );
    expectPhysicsError(
      () => new SSGFEngine({ knm: { n: 16, data: new Float64Array(10) } }),
      'knm.data.length',
    );
    expectPhysicsError(
      () => new SSGFEngine({ omega: new Float64Array(16).fill(Number.NaN) }),
      'omega[0]',
    );
    expectPhysicsError(() => new SSGFEngine({ decoder: 'spline' as never }), 'decoder');
    expectPhysicsError(() => new SSGFEngine({ weights: { c9: -1 } }), 'weights.c9');
    expectPhysicsError(() => new SSGFEngine({ weights: { c99: 1 } as never }), 'weights.c99');
    expectPhysicsError(() => new SSGFEngine({ protectedMask: [true] }), 'protectedMask');
    expectPhysicsError(() => new SSGFEngine({ nMicro: 0 }), 'nMicro');
    expectPhysicsError(() => new SSGFEngine({ dtMicro: -1 }), 'dtMicro');
    const e = new SSGFEngine({ seed: 2 });
    expectPhysicsError(() => e.setTcboP(1.5), 'p');
    expectPhysicsError(() => e.setZ([1, 2]), 'z.length');
    expectPhysicsError(() => e.run(-1), 'k');
    expect(DEFAULT_SSGF_WEIGHTS.c9).toBe(0.2);
    const huge = new SSGFEngine({
      omega: new Float64Array(16).fill(Number.MAX_VALUE),
      fieldPressure: Number.MAX_VALUE,
      seed: 1,
    });
    expect(() => huge.outerStep()).toThrow(/became non-finite/);
  });
});
