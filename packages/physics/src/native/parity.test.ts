// TypeScript (@backfire/physics) against the addon, class by class: seeded UPDE runs agree to
// 1e-12, SSGF runs within the documented 1e-9 (relative), the deterministic classes on generated
// inputs, result shapes key for key, and every rejected input with the same error (name, code,
// field, value, message) on both backends.
import { rng } from '@backfire/test-support/rng';
import { describe, expect, it } from 'vitest';
import * as ts from '../index.js';
import { loadNative, type Native } from '../test/native.js';
import type * as N from './index.js';

const native = loadNative();

// Compile-time conformance (checked by `tsc -p tsconfig.json`): the native public types and the
// public members of every native class are mutually assignable with @backfire/physics's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameApi<A, B> =
  Same<keyof A, keyof B> extends true
    ? Same<Pick<A, keyof B & keyof A>, Pick<B, keyof B & keyof A>>
    : false;
const conformance: true[] = [
  true satisfies Same<N.UPDEOptions, ts.UPDEOptions>,
  true satisfies Same<N.UPDEState, ts.UPDEState>,
  true satisfies Same<N.SECOptions, ts.SECOptions>,
  true satisfies Same<N.SECResult, ts.SECResult>,
  true satisfies Same<N.L16Options, ts.L16Options>,
  true satisfies Same<N.L16StepInput, ts.L16StepInput>,
  true satisfies Same<N.L16StepResult, ts.L16StepResult>,
  true satisfies Same<N.PIOptions, ts.PIOptions>,
  true satisfies Same<N.TCBOObserverOptions, ts.TCBOObserverOptions>,
  true satisfies Same<N.TCBOState, ts.TCBOState>,
  true satisfies Same<N.TCBOControllerOptions, ts.TCBOControllerOptions>,
  true satisfies Same<N.PGBOOptions, ts.PGBOOptions>,
  true satisfies Same<N.PGBOResult, ts.PGBOResult>,
  true satisfies Same<N.SSGFOptions, ts.SSGFOptions>,
  true satisfies Same<N.SSGFCosts, ts.SSGFCosts>,
  true satisfies Same<N.SSGFStepLog, ts.SSGFStepLog>,
  true satisfies Same<N.SSGFWeights, ts.SSGFWeights>,
  true satisfies Same<N.EigenResult, ts.EigenResult>,
  true satisfies Same<N.LaplacianSpectrum, ts.LaplacianSpectrum>,
  true satisfies Same<N.SquareMatrix, ts.SquareMatrix>,
  true satisfies Same<N.PhysicsSeed, ts.PhysicsSeed>,
  true satisfies SameApi<N.UPDEStepper, ts.UPDEStepper>,
  true satisfies SameApi<N.SECFunctional, ts.SECFunctional>,
  true satisfies SameApi<N.L16Controller, ts.L16Controller>,
  true satisfies SameApi<N.PIController, ts.PIController>,
  true satisfies SameApi<N.TCBOObserver, ts.TCBOObserver>,
  true satisfies SameApi<N.TCBOController, ts.TCBOController>,
  true satisfies SameApi<N.PGBOEngine, ts.PGBOEngine>,
  true satisfies SameApi<N.SSGFEngine, ts.SSGFEngine>,
  true satisfies SameApi<N.PhysicsRng, ts.PhysicsRng>,
  true satisfies Same<typeof N.UPDEStepper.randomState, typeof ts.UPDEStepper.randomState>,
  true satisfies Same<typeof N.SECFunctional.isStable, typeof ts.SECFunctional.isStable>,
];

/** max |a_i − b_i| / max(1, |b_i|), and the lengths must agree. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  }
  return m;
}

/** Every number (deeply) of two results, in the same key order; booleans/strings must be equal. */
function flatten(x: unknown, out: number[] = [], other: unknown[] = []): [number[], unknown[]] {
  if (typeof x === 'number') out.push(x);
  else if (x instanceof Float64Array) out.push(...x);
  else if (Array.isArray(x)) for (const v of x) flatten(v, out, other);
  else if (typeof x === 'object' && x !== null) {
    for (const k of Object.keys(x).sort()) {
      other.push(k);
      flatten((x as Record<string, unknown>)[k], out, other);
    }
  } else other.push(x);
  return [out, other];
}

function expectSame(a: unknown, b: unknown, tol: number): void {
  const [na, oa] = flatten(a);
  const [nb, ob] = flatten(b);
  expect(oa).toEqual(ob);
  expect(relDiff(na, nb)).toBeLessThanOrEqual(tol);
}

const theta16 = (r: () => number) => Float64Array.from({ length: 16 }, () => r() * 2 * Math.PI);

describe.skipIf(native === null)('physics: TypeScript vs native', () => {
  const n = native ?? ({} as Native);

  it('exports the same physics names as @backfire/physics', () => {
    expect(conformance.every((c) => c)).toBe(true);
    // Every runtime export of core's physics module exists natively with the same kind.
    for (const [name, value] of Object.entries(ts)) {
      expect(typeof (n as Record<string, unknown>)[name], name).toBe(typeof value);
    }
  });

  describe('UPDEStepper: seeded runs identical to 1e-12', () => {
    const custom = {
      dt: 0.05,
      fieldPressure: -0.3,
      noiseAmplitude: 0.4,
      omega: [0.5, 1, 1.5, 2, 2.5],
      knm: { n: 5, data: Array.from({ length: 25 }, (_, k) => (k % 6 === 0 ? 0 : 0.05 * k)) },
    };
    const configs: [string, ts.UPDEOptions][] = [
      ['defaults', {}],
      ['asymmetric 5×5, σ = 0.4', custom],
      ['σ = 0 (no draws)', { noiseAmplitude: 0 }],
      [
        '7 oscillators (rows not a multiple of 4)',
        {
          ...custom,
          omega: [1, 2, 3, 4, 5, 6, 7],
          knm: { n: 7, data: new Float64Array(49).fill(0.3) },
        },
      ],
    ];
    for (const [name, opts] of configs) {
      for (const seed of [1, 7, 123456789, 2n ** 64n - 1n]) {
        it(`${name}, seed ${seed}`, () => {
          const a = new ts.UPDEStepper({ ...opts, seed });
          const b = new n.UPDEStepper({ ...opts, seed });
          expect(b.seed).toBe(a.seed);
          expect([b.n, b.dt, b.fieldPressure, b.noiseAmplitude]).toEqual([
            a.n,
            a.dt,
            a.fieldPressure,
            a.noiseAmplitude,
          ]);
          expect(b.getOmega()).toEqual(a.getOmega());
          // The default K is built with exp(): Rust's libm and V8 may differ in the last bit.
          expectSame(b.getKnm(), a.getKnm(), 1e-15);
          const theta0 = Float64Array.from({ length: a.n }, (_, i) => 0.37 * i - 1);
          let sa = a.createState(theta0);
          let sb = b.createState(theta0);
          expect(sb).toEqual(sa);
          // A mix of calls: the PRNG stream must continue across them identically.
          for (const steps of [1, 0, 137, 500, 1]) {
            sa = steps === 1 ? a.step(sa) : a.run(sa, steps);
            sb = steps === 1 ? b.step(sb) : b.run(sb, steps);
            expect(relDiff(sb.theta, sa.theta)).toBeLessThanOrEqual(1e-12);
            expect(relDiff(sb.dthetaDt, sa.dthetaDt)).toBeLessThanOrEqual(1e-12);
            expect([sb.stepCount, sb.t]).toEqual([sa.stepCount, sa.t]);
            expect(Math.abs(sb.rGlobal - sa.rGlobal)).toBeLessThanOrEqual(1e-12);
          }
          const fa = a.run(Array.from(theta0), 1000);
          const fb = b.run(Array.from(theta0), 1000);
          expect(relDiff(fb.theta, fa.theta)).toBeLessThanOrEqual(1e-12);
          expect(fb.stepCount).toBe(1000);
        });
      }
    }
    it('randomState draws the same phases', () => {
      for (const seed of [0, 1, 99, 2n ** 63n]) {
        expect(n.UPDEStepper.randomState(16, seed)).toEqual(ts.UPDEStepper.randomState(16, seed));
      }
    });
    it('PhysicsRng streams are identical', () => {
      const a = new ts.PhysicsRng(2024);
      const b = new n.PhysicsRng(2024);
      for (let i = 0; i < 200; i++) {
        expect(b.nextU64()).toBe(a.nextU64());
        expect(b.nextFloat()).toBe(a.nextFloat());
        expect(Math.abs(b.nextGaussian() - a.nextGaussian())).toBeLessThanOrEqual(1e-14);
      }
    });
  });

  describe('SSGFEngine: seeded runs within 1e-9', () => {
    const small = {
      omega: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      knm: { n: 10, data: Array.from({ length: 100 }, (_, k) => (k % 11 === 0 ? 0 : 0.2)) },
      c8Index: 3,
      c9Index: 4,
      plvPair: [1, 2] as const,
    };
    const configs: [string, ts.SSGFOptions, number][] = [
      ['defaults', {}, 8],
      ['rbf decoder', { decoder: 'rbf', rbfSigma: 0.8 }, 5],
      ['finite-difference gradient, n = 10', { ...small, gradient: 'finiteDifference' }, 2],
      [
        'mask, no PGBO, custom weights',
        {
          pgboEnabled: false,
          protectedMask: Array.from({ length: 16 }, (_, i) => i < 5),
          weights: { c9: 1, c10: 2, reg: 0.5 },
          noiseAmp: 0.3,
        },
        6,
      ],
      ['traceless PGBO, strong noise', { pgboTraceless: true, noiseAmp: 1, nMicro: 4 }, 6],
    ];
    for (const [name, opts, steps] of configs) {
      it(name, () => {
        const a = new ts.SSGFEngine({ ...opts, seed: 42 });
        const b = new n.SSGFEngine({ ...opts, seed: 42 });
        expect([b.n, b.decoder, b.gradient, b.seed]).toEqual([a.n, a.decoder, a.gradient, a.seed]);
        expect(b.getZ()).toEqual(a.getZ());
        expect(b.getTheta()).toEqual(a.getTheta());
        expectSame(b.getSpectrum(), a.getSpectrum(), 1e-9);
        expectSame(b.costs(), a.costs(), 1e-9);
        a.setTcboP(0.4);
        b.setTcboP(0.4);
        // run(k) in one crossing, then single steps: the same logs either way.
        expectSame(b.run(steps - 1), a.run(steps - 1), 1e-9);
        expectSame(b.outerStep(), a.outerStep(), 1e-9);
        expect(b.stepCount).toBe(a.stepCount);
        expect(b.tcboP).toBe(a.tcboP);
        expect(relDiff(b.getTheta(), a.getTheta())).toBeLessThanOrEqual(1e-9);
        expect(relDiff(b.getZ(), a.getZ())).toBeLessThanOrEqual(1e-9);
        expectSame(b.getW(), a.getW(), 1e-9);
        expectSame(b.analyticGradient(), a.analyticGradient(), 1e-9);
        expect(Math.abs(b.rGlobal() - a.rGlobal())).toBeLessThanOrEqual(1e-9);
      });
    }
    it('fdGradient and setZ agree', () => {
      const a = new ts.SSGFEngine({ ...small, seed: 5 });
      const b = new n.SSGFEngine({ ...small, seed: 5 });
      const r = rng(5);
      const z = Float64Array.from(a.getZ(), () => r() * 2 - 1);
      a.setZ(z);
      b.setZ(z);
      expectSame(b.getSpectrum(), a.getSpectrum(), 1e-12);
      expect(relDiff(b.fdGradient(), a.fdGradient())).toBeLessThanOrEqual(1e-9);
    });
  });

  it('SECFunctional on generated phases', () => {
    const r = rng(11);
    const a = new ts.SECFunctional();
    const b = new n.SECFunctional();
    expect([b.n, b.lambdaOmega, b.lambdaEntropy, b.kappa, b.vMax]).toEqual([
      a.n,
      a.lambdaOmega,
      a.lambdaEntropy,
      a.kappa,
      a.vMax,
    ]);
    expect(b.criticalCoupling()).toBeCloseTo(a.criticalCoupling(), 12);
    let prev = theta16(r);
    for (let i = 0; i < 50; i++) {
      const th = i % 7 === 3 ? theta16(r) : prev.map((x) => x + 0.01 * (r() - 0.5));
      const dt = i % 5 === 0 ? undefined : 0.001 + r() * 0.01;
      const usePrev = i % 3 !== 0;
      const ra = a.evaluate(th, usePrev ? prev : undefined, dt);
      const rb = b.evaluate(th, usePrev ? prev : undefined, dt);
      expect(rb.dvDt === null).toBe(ra.dvDt === null);
      expectSame(rb, ra, 1e-12);
      expect(n.SECFunctional.isStable(rb, 0.5)).toBe(ts.SECFunctional.isStable(ra, 0.5));
      expect(b.couplingPotential(th)).toBeCloseTo(a.couplingPotential(th), 10);
      expect(b.entropyTerm(th)).toBeCloseTo(a.entropyTerm(th), 14);
      expect(b.frequencyPenalty(th, prev, 0.01)).toBeCloseTo(a.frequencyPenalty(th, prev, 0.01), 8);
      prev = th;
    }
    const k = { n: 16, data: Float64Array.from({ length: 256 }, () => r()) };
    a.updateCoupling(k);
    b.updateCoupling(k);
    expect(b.vMax).toBe(a.vMax);
    expect(b.getKnm()).toEqual(a.getKnm());
    a.reset();
    b.reset();
    expect(b.evaluate(prev, prev).dvDt).toBeNull();
  });

  it('L16Controller and PIController on generated sequences (bit for bit)', () => {
    const r = rng(12);
    for (const opts of [{}, { n: 4, hRecWindow: 2, plvWindow: 3, tcboTarget: 0.5 }]) {
      const a = new ts.L16Controller(opts);
      const b = new n.L16Controller(opts);
      expectSame(
        [
          b.n,
          b.plvThreshold,
          b.plvWindow,
          b.hRecWindow,
          b.refusalLrFactor,
          b.refusalDFactor,
          b.refusalTauFactor,
          b.tcboTarget,
        ],
        [
          a.n,
          a.plvThreshold,
          a.plvWindow,
          a.hRecWindow,
          a.refusalLrFactor,
          a.refusalDFactor,
          a.refusalTauFactor,
          a.tcboTarget,
        ],
        0,
      );
      expect(b.last).toBeNull();
      for (let i = 0; i < 200; i++) {
        const m = a.n;
        const full = i % 4 === 0;
        const input: ts.L16StepInput = {
          rGlobal: i % 9 < 6 ? 1 - i / 200 : r(),
          plv: r(),
          c7: r() * 3,
          c8: r(),
          c10: r() * 0.1,
          tcboP: r(),
          hFrob: r() * 2,
          dt: 0.01,
          ...(full
            ? {
                eigvecs: { n: m, data: Float64Array.from({ length: m * m }, () => r() - 0.5) },
                phiTarget: { n: m, data: Float64Array.from({ length: m * m }, () => r() - 0.5) },
              }
            : {}),
        };
        expect(b.step(input)).toEqual(a.step(input));
        expect(b.plvGateOpen()).toBe(a.plvGateOpen());
        expect(b.lrZScale).toBe(a.lrZScale);
      }
      expect(b.last).toEqual(a.last);
      expect(b.hRecHistory).toEqual(a.hRecHistory);
      a.reset();
      b.reset();
      expect([b.last, b.hRecHistory.length, b.lrZScale]).toEqual([a.last, 0, 1]);
    }
    for (const opts of [
      {},
      {
        setpoint: 0.5,
        kp: 2,
        ki: 0.7,
        bias: 1,
        action: 'reverse',
        integralMin: -1,
        integralMax: 2,
        outputMin: -3,
        outputMax: 4,
      },
    ] as ts.PIOptions[]) {
      const a = new ts.PIController(opts);
      const b = new n.PIController(opts);
      expect([
        b.setpoint,
        b.kp,
        b.ki,
        b.bias,
        b.action,
        b.integralMin,
        b.integralMax,
        b.outputMin,
        b.outputMax,
      ]).toEqual([
        a.setpoint,
        a.kp,
        a.ki,
        a.bias,
        a.action,
        a.integralMin,
        a.integralMax,
        a.outputMin,
        a.outputMax,
      ]);
      for (let i = 0; i < 100; i++) {
        const y = r() * 4 - 2;
        const dt = 0.001 + r() * 0.1;
        expect(b.step(y, dt)).toBe(a.step(y, dt));
        expect([b.integral, b.lastError]).toEqual([a.integral, a.lastError]);
      }
    }
  });

  it('TCBOObserver and TCBOController on generated phases', () => {
    const r = rng(13);
    for (const opts of [
      {},
      { n: 3, windowSize: 5, embedDim: 2, tauDelay: 2, embedding: 'angle', computeEveryN: 3 },
    ] as ts.TCBOObserverOptions[]) {
      const a = new ts.TCBOObserver(opts);
      const b = new n.TCBOObserver(opts);
      expect([
        b.n,
        b.threshold,
        b.beta,
        b.s0,
        b.windowSize,
        b.embedDim,
        b.tauDelay,
        b.spreadFloor,
        b.computeEveryN,
        b.embedding,
        b.samplesNeeded,
      ]).toEqual([
        a.n,
        a.threshold,
        a.beta,
        a.s0,
        a.windowSize,
        a.embedDim,
        a.tauDelay,
        a.spreadFloor,
        a.computeEveryN,
        a.embedding,
        a.samplesNeeded,
      ]);
      for (let i = 0; i < 120; i++) {
        const th = Float64Array.from({ length: a.n }, () => r() * 8 - 1);
        const force = i % 2 === 0;
        if (i % 5 === 0) {
          a.push(th);
          b.push(th);
          expectSame(b.compute(force), a.compute(force), 1e-12);
        } else {
          expectSame(b.pushAndCompute(th, force), a.pushAndCompute(th, force), 1e-12);
        }
      }
      expectSame(b.state(), a.state(), 1e-12);
      a.reset();
      b.reset();
      expect(b.state()).toEqual(a.state());
    }
    const a = new ts.TCBOController({ kp: 1.3, kappaMax: 3 });
    const b = new n.TCBOController({ kp: 1.3, kappaMax: 3 });
    expect([b.threshold, b.kappa, b.isGateOpen()]).toEqual([a.threshold, a.kappa, a.isGateOpen()]);
    for (let i = 0; i < 100; i++) {
      const p = r();
      expect(b.step(p, 0.02)).toBe(a.step(p, 0.02));
      expect([b.kappa, b.integral, b.lastError, b.isGateOpen(), b.isGateOpen(0.9)]).toEqual([
        a.kappa,
        a.integral,
        a.lastError,
        a.isGateOpen(),
        a.isGateOpen(0.9),
      ]);
    }
    a.reset();
    b.reset();
    expect([b.kappa, b.integral, b.isGateOpen()]).toEqual([a.kappa, a.integral, a.isGateOpen()]);
  });

  it('PGBOEngine and the bridge on generated phases (bit for bit)', () => {
    const r = rng(14);
    for (const opts of [{}, { n: 5, alpha: 0.1, kappa: 2, uCap: 0.5, traceless: true }]) {
      const a = new ts.PGBOEngine(opts);
      const b = new n.PGBOEngine(opts);
      expect([b.n, b.alpha, b.uCap, b.traceless, b.kappa]).toEqual([
        a.n,
        a.alpha,
        a.uCap,
        a.traceless,
        a.kappa,
      ]);
      expect(b.result()).toEqual(a.result());
      const pot = Float64Array.from({ length: a.n }, () => r() - 0.5);
      a.setBoundaryPotential(pot);
      b.setBoundaryPotential(pot);
      expect(b.getBoundaryPotential()).toEqual(a.getBoundaryPotential());
      for (let i = 0; i < 60; i++) {
        const th = Float64Array.from({ length: a.n }, () => r() * 7);
        const dt = 0.001 + r() * 0.05;
        expect(b.compute(th, dt)).toEqual(a.compute(th, dt));
        expect([b.uNorm, b.hFrob, b.hTrace]).toEqual([a.uNorm, a.hFrob, a.hTrace]);
        if (i === 30) {
          a.setKappa(0.7);
          b.setKappa(0.7);
          a.reset();
          b.reset();
          expect(b.result()).toEqual(a.result());
        }
      }
      const d = Float64Array.from({ length: 6 }, () => r() * 20 - 10);
      const pa = Float64Array.from({ length: 6 }, () => r());
      expect(n.phaseGeometryBridge(d, pa, { kappa: 0.9, traceless: true })).toEqual(
        ts.phaseGeometryBridge(d, pa, { kappa: 0.9, traceless: true }),
      );
    }
  });

  it('free functions agree', () => {
    const r = rng(15);
    for (let t = 0; t < 20; t++) {
      const m = 2 + Math.floor(r() * 9);
      const w = new Float64Array(m * m);
      for (let i = 0; i < m; i++)
        for (let j = i + 1; j < m; j++) w[i * m + j] = w[j * m + i] = r() < 0.2 ? 0 : r();
      const lap = n.normalizedLaplacian({ n: m, data: w });
      expect(lap).toEqual(ts.normalizedLaplacian({ n: m, data: w }));
      expect(n.symmetricEigen(lap, { maxSweeps: 30 })).toEqual(
        ts.symmetricEigen(lap, { maxSweeps: 30 }),
      );
      const z = Float64Array.from({ length: (m * (m - 1)) / 2 }, () => r() * 4 - 2);
      expectSame(n.decodeWeights(z, m), ts.decodeWeights(z, m), 1e-15);
      const zr = Float64Array.from({ length: m * 2 }, () => r() * 2 - 1);
      expectSame(
        n.decodeWeights(zr, m, { decoder: 'rbf', rbfDim: 2, rbfSigma: 0.7 }),
        ts.decodeWeights(zr, m, { decoder: 'rbf', rbfDim: 2, rbfSigma: 0.7 }),
        1e-15,
      );
      const th = Float64Array.from({ length: m }, () => r() * 10 - 5);
      expect(n.orderParameter(th)).toBeCloseTo(ts.orderParameter(th), 15);
      expect(n.circularMean(th)).toBeCloseTo(ts.circularMean(th), 14);
      const x = r() * 200 - 100;
      expect([n.wrapPhase(x), n.wrapPi(x)]).toEqual([ts.wrapPhase(x), ts.wrapPi(x)]);
      expect(n.softplus(x)).toBeCloseTo(ts.softplus(x), 12);
      expect(n.sigmoid(x / 10)).toBeCloseTo(ts.sigmoid(x / 10), 15);
      const s = r();
      const s0 = r();
      expect(n.logisticProbability(s, s0, 8)).toBeCloseTo(ts.logisticProbability(s, s0, 8), 15);
      expect(n.delayEmbed(th, 2, 1)).toEqual(ts.delayEmbed(th, 2, 1));
      const pts = Float64Array.from({ length: 4 * m }, () => r());
      expect(n.radialSpreadIndex(pts, 4)).toBeCloseTo(ts.radialSpreadIndex(pts, 4), 14);
    }
    expect(n.s0ForThreshold(0.2, 0.72, 8)).toBe(ts.s0ForThreshold(0.2, 0.72, 8));
    expect(n.DEFAULT_OMEGA).toEqual(ts.DEFAULT_OMEGA);
    expect(n.DEFAULT_SSGF_WEIGHTS).toEqual(ts.DEFAULT_SSGF_WEIGHTS);
    expectSame(n.defaultKnm(), ts.defaultKnm(), 1e-15);
    expect(n.TAU).toBe(ts.TAU);
  });
});
