/**
 * The RNG-free golden vectors of testdata/physics/, computed from the mathematics by
 * testdata/physics/generate_golden.py (an independent implementation). The Rust crates run the
 * same files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { L16Controller, type L16StepInput } from './l16.js';
import { orderParameter, sigmoid, sinCosInto, softplus, wrapPhase, wrapPi } from './math.js';
import { DEFAULT_OMEGA, defaultKnm } from './params.js';
import { PGBOEngine, phaseGeometryBridge } from './pgbo.js';
import { PIController } from './pi.js';
import { PhysicsRng } from './rng.js';
import { SECFunctional } from './sec.js';
import { laplacianSpectrum, normalizedLaplacian, symmetricEigen } from './spectral.js';
import {
  DEFAULT_SSGF_WEIGHTS,
  decodeWeights,
  gramSoftplusWeights,
  SSGFEngine,
  type SSGFWeights,
  ssgfCosts,
} from './ssgf.js';
import {
  delayEmbed,
  logisticProbability,
  s0ForThreshold,
  TCBOController,
  TCBOObserver,
} from './tcbo.js';
import { UPDEStepper } from './upde.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON fixtures are untyped by nature.
type Json = any;
const load = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../../../testdata/physics/${name}`, import.meta.url), 'utf8'));

const close = (actual: number, expected: number, tol: number) => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
};
const closeAll = (actual: ArrayLike<number>, expected: number[], tol: number) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) close(actual[i]!, expected[i]!, tol);
};

describe('golden: params', () => {
  const g = load('params.json');
  it('Ω and K match the reference recipe', () => {
    closeAll(DEFAULT_OMEGA, g.omega, 0);
    const k = defaultKnm();
    closeAll(k.data, g.knm, 1e-15);
    close(
      k.data.reduce((a, b) => a + b, 0),
      g.knm_sum,
      1e-12,
    );
    for (const [i, j, v] of g.knm_spots) close(k.data[i * 16 + j]!, v, 1e-12);
  });
  it('order parameter, wraps, softplus, sigmoid', () => {
    for (const c of g.order_parameter)
      close(orderParameter(Float64Array.from(c.theta)), c.r, 1e-15);
    for (const c of g.wrap) {
      expect(wrapPhase(c.x)).toBe(c.wrap_phase);
      expect(wrapPi(c.x)).toBe(c.wrap_pi);
    }
    for (const c of g.softplus) close(softplus(c.x), c.y, 1e-15 * Math.max(1, Math.abs(c.y)));
    for (const c of g.sigmoid) close(sigmoid(c.x), c.y, 1e-16);
    const so = new Float64Array(1);
    const co = new Float64Array(1);
    for (const c of g.sincos) {
      sinCosInto(c.x, so, co, 0);
      close(so[0]!, c.sin, 2.3e-16);
      close(co[0]!, c.cos, 2.3e-16);
    }
  });
});

describe('golden: rng', () => {
  const g = load('rng.json');
  it('xoshiro256++ seeded by SplitMix64 reproduces the reference stream', () => {
    for (const c of g.cases) {
      const a = new PhysicsRng(BigInt(c.seed));
      expect(c.u64.map(() => a.nextU64().toString(16).padStart(16, '0'))).toEqual(c.u64);
      const b = new PhysicsRng(BigInt(c.seed));
      for (const u of c.uniform) expect(b.nextFloat()).toBe(u);
      const n = new PhysicsRng(BigInt(c.seed));
      for (const x of c.gaussian) close(n.nextGaussian(), x, 1e-14);
    }
  });
});

describe('golden: UPDE (σ = 0)', () => {
  for (const c of load('upde.json').cases) {
    it(c.name, () => {
      const stepper = new UPDEStepper({
        dt: c.dt,
        fieldPressure: c.field_pressure,
        noiseAmplitude: c.noise_amplitude,
        ...(c.omega ? { omega: c.omega, knm: { n: c.omega.length, data: c.knm } } : {}),
        seed: 1,
      });
      const st = stepper.run(c.theta0, c.steps);
      closeAll(st.theta, c.theta, 1e-12);
      closeAll(st.dthetaDt, c.dtheta_dt, 1e-10);
      close(st.t, c.t, 1e-12);
      close(st.rGlobal, c.r_global, 1e-12);
      expect(st.stepCount).toBe(c.steps);
    });
  }
});

describe('golden: SEC', () => {
  const g = load('sec.json');
  it('V_max and K_c', () => {
    const sec = new SECFunctional();
    close(sec.vMax, g.v_max, 1e-12);
    close(sec.criticalCoupling(), g.critical_coupling, 1e-10);
  });
  for (const c of g.cases) {
    it(c.name, () => {
      const r = new SECFunctional().evaluate(c.theta, c.theta_prev, c.dt ?? 0.01);
      const e = c.expected;
      close(r.vCoupling, e.v_coupling, 1e-11);
      close(r.vFrequency, e.v_frequency, 1e-9 * Math.max(1, e.v_frequency));
      close(r.vEntropy, e.v_entropy, 1e-14);
      close(r.v, e.v, 1e-9 * Math.max(1, e.v));
      close(r.vNormalised, e.v_normalised, 1e-12);
      close(r.phaseScore, e.phase_score, 1e-12);
      close(r.rGlobal, e.r_global, 1e-15);
    });
  }
  it('dvDt only across consecutive states', () => {
    const sec = new SECFunctional();
    const p = g.dv_dt_pair;
    expect(sec.evaluate(p.first).dvDt).toBeNull();
    const r = sec.evaluate(p.second, p.first, p.dt);
    close(r.v, p.second_v, 1e-9);
    close(r.dvDt!, p.dv_dt, 1e-6);
  });
});

describe('golden: L16', () => {
  const g = load('l16.json');
  it('PI primitive', () => {
    const pi = new PIController({ setpoint: g.pi.setpoint, kp: g.pi.kp, ki: g.pi.ki });
    close(pi.step(g.pi.measured, g.pi.dt), g.pi.output, 1e-15);
  });
  for (const seq of g.sequences) {
    it(seq.name, () => {
      const ctl = new L16Controller(seq.n ? { n: seq.n } : {});
      seq.inputs.forEach((input: L16StepInput, i: number) => {
        const full = seq.eigvecs
          ? {
              ...input,
              eigvecs: { n: seq.n, data: seq.eigvecs },
              phiTarget: { n: seq.n, data: seq.phiTarget },
            }
          : input;
        const r = ctl.step(full);
        const e = seq.outputs[i];
        for (const key of [
          'lambda7',
          'lambda8',
          'lambda10',
          'nuStar',
          'avgPlv',
          'hRec',
          'lrZScale',
        ]) {
          close(r[key as keyof typeof r] as number, e[key], 1e-12);
        }
        close(r.dhRecDt, e.dhRecDt, 1e-9);
        expect([r.gateOpen, r.refusal, r.refusalCount, r.hRecNonIncreasing]).toEqual([
          e.gateOpen,
          e.refusal,
          e.refusalCount,
          e.hRecNonIncreasing,
        ]);
        expect(r.hRecMode).toBe(seq.eigvecs ? 'full' : 'simplified');
      });
    });
  }
});

describe('golden: TCBO', () => {
  const g = load('tcbo.json');
  it('logistic, s0ForThreshold, delayEmbed', () => {
    for (const c of g.logistic) close(logisticProbability(c.s, c.s0, c.beta), c.p, 1e-15);
    const t = g.s0_for_threshold;
    close(s0ForThreshold(t.s, t.p, t.beta), t.s0, 1e-15);
    close(logisticProbability(t.s, t.s0, t.beta), t.p, 1e-12);
    const d = delayEmbed(g.delay_embed.x, g.delay_embed.m, g.delay_embed.tau);
    expect(d.rows).toBe(g.delay_embed.rows);
    closeAll(d.data, g.delay_embed.data, 0);
  });
  for (const c of g.observer) {
    it(`observer ${c.name}`, () => {
      const obs = new TCBOObserver({
        n: c.n,
        embedding: c.embedding,
        ...(c.embedDim
          ? { embedDim: c.embedDim, tauDelay: c.tauDelay, windowSize: c.windowSize }
          : {}),
      });
      let st = obs.state();
      for (const s of c.samples) st = obs.pushAndCompute(s);
      close(st.spreadIndex, c.spreadIndex, 1e-12);
      close(st.probability, c.probability, 1e-12);
      expect(st.gateOpen).toBe(c.probability > 0.72);
    });
  }
  it('controller', () => {
    const ctl = new TCBOController();
    g.controller.inputs.forEach(([p, dt]: [number, number], i: number) => {
      close(ctl.step(p, dt), g.controller.kappa[i], 1e-15);
    });
  });
});

describe('golden: PGBO', () => {
  const g = load('pgbo.json');
  for (const c of g.pairs) {
    it(c.name, () => {
      const e = new PGBOEngine({ n: c.theta1.length, traceless: c.traceless ?? false });
      if (c.a) e.setBoundaryPotential(c.a);
      e.compute(c.theta1, c.dt);
      const r = e.compute(c.theta2, c.dt);
      closeAll(r.u, c.u, 1e-12);
      closeAll(r.h.data, c.h, 1e-11);
      close(r.uNorm, c.uNorm, 1e-12);
      close(r.hTrace, c.hTrace, 1e-11);
      close(r.hFrob, c.hFrob, 1e-11);
    });
  }
  it('first call with a boundary potential', () => {
    const e = new PGBOEngine({ n: 4 });
    e.setBoundaryPotential(g.first_with_potential.a);
    const r = e.compute([0, 0, 0, 0], 0.01);
    close(r.uNorm, g.first_with_potential.uNorm, 1e-12);
  });
  it('standalone bridge', () => {
    const s = g.standalone;
    const r = phaseGeometryBridge(s.dphi, s.a, { alpha: s.alpha, kappa: s.kappa, uCap: s.uCap });
    closeAll(r.u, s.u, 1e-14);
    closeAll(r.h.data, s.h, 1e-14);
  });
});

describe('golden: SSGF', () => {
  const g = load('ssgf.json');
  for (const c of g.spectra) {
    it(`spectrum ${c.name}`, () => {
      const spec = laplacianSpectrum(Float64Array.from(c.w), c.n, null);
      closeAll(spec.values, c.values, 1e-12);
      expect(spec.converged).toBe(true);
      const direct = symmetricEigen(normalizedLaplacian({ n: c.n, data: c.w }));
      closeAll(direct.values, c.values, 1e-12);
    });
  }
  it('benchmark fixture: decoder, spectrum, costs', () => {
    const b = g.bench;
    const w = gramSoftplusWeights(Float64Array.from(b.z), 16);
    close(w[1]!, b.w01, 1e-15);
    close(w[2]!, b.w02, 1e-15);
    const spec = laplacianSpectrum(w, 16, null);
    close(spec.fiedlerValue, b.fiedler_value, 1e-12);
    close(spec.fiedlerRatio, b.fiedler_ratio, 1e-12);
    close(spec.fiedlerGap, b.fiedler_gap, 1e-12);
    close(spec.values[15]!, b.lambda_max, 1e-12);
    const costs = ssgfCosts({
      theta: Float64Array.from(b.theta),
      w,
      n: 16,
      eigvals: spec.values,
      eigvecs: spec.vectors.data,
      phiTarget: new Float64Array(256),
      mask: null,
      weights: { ...DEFAULT_SSGF_WEIGHTS },
      tcboP: b.tcbo_p,
      tcboThreshold: 0.72,
      h: null,
      c8Index: 7,
      c9Index: 8,
    });
    for (const [key, value] of Object.entries(b.costs)) {
      close(costs[key as keyof typeof costs], value as number, 1e-10);
    }
  });
  it('C10 with half the nodes protected and W = 1', () => {
    const c = g.c10_half_mask;
    const w = new Float64Array(c.n * c.n).fill(1);
    for (let i = 0; i < c.n; i++) w[i * c.n + i] = 0;
    const costs = ssgfCosts({
      theta: new Float64Array(c.n),
      w,
      n: c.n,
      eigvals: new Float64Array(c.n).fill(1),
      eigvecs: new Float64Array(c.n * c.n),
      phiTarget: new Float64Array(c.n * c.n),
      mask: c.mask,
      weights: { ...DEFAULT_SSGF_WEIGHTS },
      tcboP: 0.72,
      tcboThreshold: 0.72,
      h: null,
      c8Index: 2,
      c9Index: 3,
    });
    close(costs.c10, c.c10, 1e-15);
    expect(costs.c4).toBe(0);
  });
  for (const c of g.gradients) {
    it(`analytic gradient ${c.name}`, () => {
      const omega = Array.from({ length: c.n }, (_, i) => 1 + i);
      const engine = new SSGFEngine({
        omega,
        knm: { n: c.n, data: new Float64Array(c.n * c.n) },
        weights: c.weights as SSGFWeights,
        seed: 3,
        ...(c.mask ? { protectedMask: c.mask } : {}),
        ...(c.c9Index !== undefined
          ? { c9Index: c.c9Index, c8Index: c.c8Index, plvPair: c.plvPair }
          : {}),
      });
      engine.setZ(c.z);
      closeAll(engine.analyticGradient(), c.grad, 1e-14);
    });
  }
  it('RBF decoder', () => {
    const r = g.rbf;
    const w = decodeWeights(r.z, r.n, { decoder: 'rbf', rbfDim: r.d, rbfSigma: r.sigma });
    closeAll(w.data, r.w, 1e-15);
  });
});
