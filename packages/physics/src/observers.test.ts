import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhysicsError } from './errors.js';
import { L16Controller, type L16StepInput } from './l16.js';
import { TAU, wrapPhase } from './math.js';
import { defaultKnm } from './params.js';
import { PGBOEngine, phaseGeometryBridge } from './pgbo.js';
import { PIController } from './pi.js';
import { SECFunctional } from './sec.js';
import { TCBOController, TCBOObserver } from './tcbo.js';

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

const ramp = (n: number, step: number) => Array.from({ length: n }, (_, i) => step * i);

describe('SECFunctional', () => {
  it('updateCoupling scales V_max and the coupling term with K', () => {
    const sec = new SECFunctional();
    const k = defaultKnm();
    const v0 = sec.vMax;
    sec.updateCoupling({ n: 16, data: k.data.map((x) => 2 * x) });
    expect(sec.vMax).toBeCloseTo(2 * v0, 12);
    sec.updateCoupling({ n: 16, data: new Float64Array(256) });
    expect(sec.couplingPotential(ramp(16, 0.4))).toBe(0);
  });

  it('the entropy term rewards dispersion: clustered phases score higher V_e than spread ones', () => {
    const sec = new SECFunctional();
    const clustered = ramp(16, 0.01);
    const spread = ramp(16, TAU / 16);
    expect(sec.entropyTerm(clustered)).toBeGreaterThan(sec.entropyTerm(spread));
    expect(sec.entropyTerm(spread)).toBeGreaterThanOrEqual(0);
  });

  it('wraps the frequency difference: a phase crossing 2π is a small step, not a 2π jump', () => {
    const sec = new SECFunctional({ omega: [1, 1], knm: { n: 2, data: [0, 0, 0, 0] } });
    const prev = [TAU - 0.005, 1];
    const cur = [wrapPhase(TAU - 0.005 + 0.01), 1.01];
    expect(sec.frequencyPenalty(cur, prev, 0.01)).toBeLessThan(1e-20);
  });

  it('isStable needs a dvDt and compares it with the tolerance', () => {
    const base = {
      v: 0,
      vNormalised: 0,
      phaseScore: 1,
      rGlobal: 1,
      vCoupling: 0,
      vFrequency: 0,
      vEntropy: 0,
    };
    expect(SECFunctional.isStable({ ...base, dvDt: -0.01 }, 0)).toBe(true);
    expect(SECFunctional.isStable({ ...base, dvDt: 0.005 }, 0.01)).toBe(true);
    expect(SECFunctional.isStable({ ...base, dvDt: 0.005 }, 0.001)).toBe(false);
    expect(SECFunctional.isStable({ ...base, dvDt: null }, 1)).toBe(false);
  });

  it('dvDt is null unless thetaPrev is the previous call’s θ', () => {
    const sec = new SECFunctional();
    const a = ramp(16, 0.1);
    const b = ramp(16, 0.11);
    sec.evaluate(a);
    expect(sec.evaluate(b, ramp(16, 0.2)).dvDt).toBeNull();
    expect(sec.evaluate(ramp(16, 0.12), b).dvDt).not.toBeNull();
    sec.reset();
    expect(sec.evaluate(ramp(16, 0.13), ramp(16, 0.12)).dvDt).toBeNull();
  });

  it('rejects bad input naming the field', () => {
    const sec = new SECFunctional();
    expectPhysicsError(() => sec.evaluate([]), 'theta.length');
    expectPhysicsError(() => sec.evaluate(ramp(15, 0.1)), 'theta.length');
    expectPhysicsError(() => sec.evaluate([...ramp(15, 0.1), Number.NaN]), 'theta[15]');
    expectPhysicsError(() => sec.evaluate(ramp(16, 0.1), ramp(16, 0.1), 0), 'dt');
    expectPhysicsError(() => sec.evaluate(ramp(16, 0.1), ramp(10, 0.1)), 'thetaPrev.length');
    expectPhysicsError(
      () => sec.updateCoupling({ n: 16, data: new Float64Array(10) }),
      'knm.data.length',
    );
    expectPhysicsError(
      () => sec.updateCoupling({ n: 16, data: new Float64Array(256).fill(-1) }),
      'knm.data[0]',
    );
    expectPhysicsError(() => new SECFunctional({ lambdaOmega: -1 }), 'lambdaOmega');
    expectPhysicsError(() => new SECFunctional({ kappa: 1000 }), 'kappa');
    const big = defaultKnm();
    big.data[1] = Number.MAX_VALUE;
    big.data[2] = Number.MAX_VALUE;
    expectPhysicsError(() => new SECFunctional({ knm: big }), 'knm.data');
    expectPhysicsError(
      () => SECFunctional.isStable(sec.evaluate(ramp(16, 0)), Number.NaN),
      'tolerance',
    );
  });
});

const input = (over: Partial<L16StepInput> = {}): L16StepInput => ({
  rGlobal: 0.5,
  plv: 0.5,
  c7: 0,
  c8: 0,
  c10: 0,
  tcboP: 0.72,
  hFrob: 0,
  dt: 0.01,
  ...over,
});

describe('L16Controller', () => {
  it('PI anti-windup keeps the integral and the output bounded', () => {
    const pi = new PIController({
      setpoint: 0,
      kp: 0.3,
      ki: 0.03,
      action: 'reverse',
      outputMin: 0.01,
      outputMax: 10,
    });
    for (let i = 0; i < 10_000; i++) pi.step(100, 0.01);
    expect(pi.integral).toBe(10);
    expect(pi.step(100, 0.01)).toBe(10);
    for (let i = 0; i < 10_000; i++) pi.step(-100, 0.01);
    expect(pi.integral).toBe(-10);
    expect(pi.step(-100, 0.01)).toBe(0.01);
  });

  it('cost weights rise with their cost (the reference pinned them at 0.01)', () => {
    const ctl = new L16Controller();
    const low = ctl.step(input({ c7: 0.1 })).lambda7;
    const ctl2 = new L16Controller();
    const high = ctl2.step(input({ c7: 2 })).lambda7;
    expect(low).toBeGreaterThan(0.01);
    expect(high).toBeGreaterThan(low);
  });

  it('PLV gate: opens on a high mean, keeps only plvWindow samples', () => {
    const ctl = new L16Controller({ plvWindow: 5 });
    expect(ctl.plvGateOpen()).toBe(false);
    for (let i = 0; i < 10; i++) ctl.step(input({ plv: 0.8 }));
    expect(ctl.plvGateOpen()).toBe(true);
    for (let i = 0; i < 4; i++) ctl.step(input({ plv: 0.3 }));
    // window of 5: four 0.3 and one 0.8 → mean 0.4
    expect(ctl.last!.avgPlv).toBeCloseTo(0.4, 12);
    expect(ctl.plvGateOpen()).toBe(false);
  });

  it('refusal fires after w rises (not w − 1) and scales down learning', () => {
    const ctl = new L16Controller({ hRecWindow: 3 });
    // H_rec = 1 − R with tcboP at target: R = 0.9, 0.8, 0.7 is two rises → no refusal
    for (const r of [0.9, 0.8, 0.7]) expect(ctl.step(input({ rGlobal: r })).refusal).toBe(false);
    const res = ctl.step(input({ rGlobal: 0.6 }));
    expect(res.refusal).toBe(true);
    expect(res.lrZScale).toBe(0.5);
    expect(res.tauDScale).toBe(1.5);
    expect(ctl.step(input({ rGlobal: 0.6 })).refusal).toBe(false);
    ctl.reset();
    expect(ctl.last).toBeNull();
    expect(ctl.lrZScale).toBe(1);
  });

  it('rejects bad input naming the field, and keeps its state', () => {
    const ctl = new L16Controller();
    ctl.step(input());
    expectPhysicsError(() => ctl.step(input({ rGlobal: 1.5 })), 'rGlobal');
    expectPhysicsError(() => ctl.step(input({ plv: Number.NaN })), 'plv');
    expectPhysicsError(() => ctl.step(input({ c8: -1 })), 'c8');
    expectPhysicsError(() => ctl.step(input({ tcboP: 2 })), 'tcboP');
    expectPhysicsError(() => ctl.step(input({ dt: 0 })), 'dt');
    expectPhysicsError(
      () => ctl.step(input({ eigvecs: { n: 16, data: new Float64Array(256) } })),
      'phiTarget',
    );
    expectPhysicsError(
      () =>
        ctl.step(
          input({
            eigvecs: { n: 4, data: new Float64Array(16) },
            phiTarget: { n: 4, data: new Float64Array(16) },
          }),
        ),
      'eigvecs.n',
    );
    expect(ctl.hRecHistory.length).toBe(1);
    expectPhysicsError(() => new L16Controller({ plvWindow: 0 }), 'plvWindow');
    expectPhysicsError(() => new L16Controller({ plvThreshold: 1.1 }), 'plvThreshold');
    expectPhysicsError(() => new L16Controller({ hRecWindow: 0 }), 'hRecWindow');
  });
});

describe('TCBOObserver', () => {
  it('reports 0 until enough samples arrived, then a probability in [0, 1]', () => {
    const obs = new TCBOObserver({ n: 4 });
    expect(obs.state()).toMatchObject({
      probability: 0,
      gateOpen: false,
      bufferSize: 0,
      deficit: 0.72,
    });
    expect(obs.pushAndCompute([0, 1, 2, 3]).probability).toBe(0);
    for (let i = 0; i < 60; i++) obs.push(ramp(4, 0.1 * i));
    const st = obs.compute();
    expect(st.probability).toBeGreaterThanOrEqual(0);
    expect(st.probability).toBeLessThanOrEqual(1);
    expect(st.bufferSize).toBe(obs.samplesNeeded);
    obs.reset();
    expect(obs.state()).toMatchObject({ probability: 0, spreadIndex: 0, bufferSize: 0 });
  });

  it('a constant cloud has spread 0 and probability 0.5', () => {
    const obs = new TCBOObserver({ n: 3 });
    for (let i = 0; i < 60; i++) obs.push([1, 2, 3]);
    expect(obs.compute()).toMatchObject({ spreadIndex: 0, probability: 0.5 });
  });

  it('circle embedding: a phase crossing 2π is not a jump, unlike raw angles', () => {
    const spread = (offset: number, embedding: 'angle' | 'circle') => {
      const obs = new TCBOObserver({ n: 1, embedding });
      for (let i = 0; i < 60; i++) obs.push([wrapPhase(offset + 0.02 * i)]);
      return obs.compute().spreadIndex;
    };
    // The same arc, once crossing 2π (offset 6) and once not (offset 3): rotation-invariant in
    // circle coordinates, a spurious jump in raw angles.
    expect(spread(6, 'circle')).toBeCloseTo(spread(3, 'circle'), 12);
    expect(spread(6, 'angle')).toBeGreaterThan(5 * spread(3, 'angle'));
  });

  it('computeEveryN recomputes on every Nth call unless forced', () => {
    const obs = new TCBOObserver({
      n: 1,
      computeEveryN: 3,
      windowSize: 3,
      embedDim: 1,
      embedding: 'angle',
    });
    for (const x of [0, 1, 5]) obs.push([x]);
    expect(obs.compute(false).probability).toBe(0); // call 1
    expect(obs.compute(false).probability).toBe(0); // call 2
    expect(obs.compute(false).probability).toBeGreaterThan(0.5); // call 3
  });

  it('rejects bad options and pushes', () => {
    expectPhysicsError(() => new TCBOObserver({ embedDim: 0 }), 'embedDim');
    expectPhysicsError(() => new TCBOObserver({ windowSize: 2 }), 'windowSize');
    expectPhysicsError(() => new TCBOObserver({ tauDelay: 0 }), 'tauDelay');
    expectPhysicsError(() => new TCBOObserver({ threshold: 1 }), 'threshold');
    expectPhysicsError(() => new TCBOObserver({ embedding: 'torus' as never }), 'embedding');
    const obs = new TCBOObserver({ n: 2 });
    expectPhysicsError(() => obs.push([1]), 'theta.length');
    expectPhysicsError(() => obs.push([1, Number.NaN]), 'theta[1]');
    expectPhysicsError(() => obs.push([1e300, 0]), 'theta[0]');
  });
});

describe('TCBOController', () => {
  it('is positional: κ rises on a deficit and falls back once p exceeds the threshold', () => {
    const ctl = new TCBOController();
    const up = ctl.step(0.3, 0.01);
    expect(up).toBeCloseTo(1 + 0.8 * 0.42 + 0.2 * 0.0042, 12);
    const down = ctl.step(0.95, 0.01);
    expect(down).toBeLessThan(1);
    expect(ctl.isGateOpen()).toBe(true);
    expect(ctl.isGateOpen(0.5)).toBe(false);
    expect(ctl.isGateOpen(0.8)).toBe(true);
    ctl.reset();
    expect(ctl.integral).toBe(0);
    expect(ctl.lastError).toBe(0);
    expect(ctl.isGateOpen()).toBe(false);
  });

  it('κ stays within [kappaMin, kappaMax] for any sequence of probabilities', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 200 }),
        (ps) => {
          const ctl = new TCBOController();
          for (const p of ps) {
            const k = ctl.step(p, 0.5);
            expect(k).toBeGreaterThanOrEqual(0);
            expect(k).toBeLessThanOrEqual(5);
          }
        },
      ),
    );
  });

  it('rejects bad input', () => {
    const ctl = new TCBOController();
    expectPhysicsError(() => ctl.step(1.2, 0.01), 'p');
    expectPhysicsError(() => ctl.step(0.5, -1), 'dt');
    expectPhysicsError(() => new TCBOController({ kappaMin: 3, kappaMax: 2 }), 'kappaMax');
  });
});

describe('PGBOEngine', () => {
  it('h is symmetric and PSD, |u| < uCap, for any pair of phase vectors', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: TAU, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: TAU, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (a, b, x) => {
          const e = new PGBOEngine({ n: 6, uCap: 2 });
          e.compute(a, 0.01);
          const r = e.compute(b, 0.01);
          expect(r.uNorm).toBeLessThan(2);
          let quad = 0;
          for (let i = 0; i < 6; i++) {
            for (let j = 0; j < 6; j++) {
              expect(r.h.data[i * 6 + j]).toBeCloseTo(r.h.data[j * 6 + i]!, 12);
              quad += x[i]! * r.h.data[i * 6 + j]! * x[j]!;
            }
          }
          expect(quad).toBeGreaterThanOrEqual(-1e-12);
        },
      ),
    );
  });

  it('traceless mode has zero trace and reports it', () => {
    const e = new PGBOEngine({ n: 4, traceless: true });
    e.compute([0.1, 0.2, 0.3, 0.4], 0.01);
    const r = e.compute([0.5, 0.1, 0.7, 0.2], 0.01);
    const tr = r.h.data[0]! + r.h.data[5]! + r.h.data[10]! + r.h.data[15]!;
    expect(Math.abs(tr)).toBeLessThan(1e-10);
    expect(r.hTrace).toBe(0);
  });

  it('reset clears the phase memory and outputs, keeps A and κ', () => {
    const e = new PGBOEngine({ n: 4, uCap: 1 });
    e.setBoundaryPotential([1, 1, 1, 1]);
    e.compute([0, 0, 0, 0], 0.01);
    const r = e.compute([3, 3, 3, 3], 0.01);
    expect(r.uNorm).toBeLessThan(1);
    e.reset();
    expect([e.uNorm, e.hFrob]).toEqual([0, 0]);
    expect(Array.from(e.getBoundaryPotential())).toEqual([1, 1, 1, 1]);
    // first call after reset: u = −αA only
    expect(e.compute([3, 3, 3, 3], 0.01).u[0]).toBeCloseTo(-0.5 / (1 + 1 / 1), 12);
  });

  it('rejects bad input', () => {
    const e = new PGBOEngine({ n: 4 });
    expectPhysicsError(() => e.compute([1, 2, 3], 0.01), 'theta.length');
    expectPhysicsError(() => e.compute([1, 2, 3, 4], 0), 'dt');
    expectPhysicsError(() => e.setBoundaryPotential([1, 2, 3, Number.NaN]), 'a[3]');
    expectPhysicsError(() => e.setKappa(-1), 'kappa');
    expectPhysicsError(() => new PGBOEngine({ n: 0 }), 'n');
    expectPhysicsError(() => new PGBOEngine({ uCap: 0 }), 'uCap');
    expectPhysicsError(() => phaseGeometryBridge([1, 2], [1]), 'a.length');
    expectPhysicsError(() => phaseGeometryBridge([], []), 'dphi.length');
    expectPhysicsError(() => phaseGeometryBridge([1e200, 1e200], [0, 0]), 'u');
    expectPhysicsError(() => phaseGeometryBridge([1e10, 0], [0, 0], { kappa: 1e300 }), 'h');
  });
});
