// Every testdata/physics vector through the addon: the RNG-free cases computed from the
// mathematics by testdata/physics/generate_golden.py, and seeded.json (written by the TypeScript
// implementation), which the addon must reproduce — UPDE to 1e-12, SSGF to 1e-9.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNative, type Native } from '../test/native.js';

const native = loadNative();

// biome-ignore lint/suspicious/noExplicitAny: JSON fixtures are untyped by nature.
type Json = any;
const load = (name: string): Json =>
  JSON.parse(
    readFileSync(new URL(`../../../../testdata/physics/${name}`, import.meta.url), 'utf8'),
  );

const close = (actual: number, expected: number, tol: number) => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
};
const closeAll = (actual: ArrayLike<number>, expected: readonly number[], tol: number) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) close(actual[i]!, expected[i]!, tol);
};

describe.skipIf(native === null)('physics golden vectors (testdata/physics) on the addon', () => {
  const p = native ?? ({} as Native);

  describe('params.json', () => {
    const g = load('params.json');
    it('Ω and K match the reference recipe', () => {
      closeAll(p.DEFAULT_OMEGA, g.omega, 0);
      closeAll(p.defaultOmega(), g.omega, 0);
      closeAll(new p.UPDEStepper({ seed: 1 }).getOmega(), g.omega, 0);
      const k = p.defaultKnm();
      expect(k.n).toBe(16);
      closeAll(k.data, g.knm, 1e-15);
      close(
        k.data.reduce((a, b) => a + b, 0),
        g.knm_sum,
        1e-12,
      );
      for (const [i, j, v] of g.knm_spots) close(k.data[i * 16 + j]!, v, 1e-12);
      closeAll(new p.SECFunctional().getKnm().data, g.knm, 1e-15);
    });
    it('order parameter, wraps, softplus, sigmoid', () => {
      for (const c of g.order_parameter) close(p.orderParameter(c.theta), c.r, 1e-15);
      for (const c of g.wrap) {
        expect(p.wrapPhase(c.x)).toBe(c.wrap_phase);
        expect(p.wrapPi(c.x)).toBe(c.wrap_pi);
      }
      for (const c of g.softplus) close(p.softplus(c.x), c.y, 1e-15 * Math.max(1, Math.abs(c.y)));
      for (const c of g.sigmoid) close(p.sigmoid(c.x), c.y, 1e-16);
    });
    it('the phase sin/cos of the UPDE hot path, read back from the drift', () => {
      // Phases are wrapped before any sin/cos, so only arguments in [0, 2π) reach the polynomial
      // through the public API (the Rust crate's own tests run the rest of `sincos`).
      const inRange = g.sincos.filter((c: Json) => c.x >= 0 && c.x < p.TAU);
      expect(inRange.length).toBeGreaterThanOrEqual(12);
      const sinStepper = new p.UPDEStepper({
        omega: [0, 0],
        knm: { n: 2, data: [0, 1, 0, 0] },
        fieldPressure: 0,
        noiseAmplitude: 0,
        dt: 1,
      });
      const cosStepper = new p.UPDEStepper({
        omega: [0],
        knm: { n: 1, data: [0] },
        fieldPressure: 1,
        noiseAmplitude: 0,
        dt: 1,
      });
      for (const c of inRange) {
        // f_0 = cos θ0·(K01 sin 0) − sin θ0·(K01 cos 0) = −sin θ0; f = F·cos θ with K = 0.
        close(-sinStepper.run([c.x, 0], 1).dthetaDt[0]!, c.sin, 2.3e-16);
        close(cosStepper.run([c.x], 1).dthetaDt[0]!, c.cos, 2.3e-16);
      }
    });
  });

  it('rng.json: xoshiro256++ seeded by SplitMix64 reproduces the reference stream', () => {
    for (const c of load('rng.json').cases) {
      const a = new p.PhysicsRng(BigInt(c.seed));
      expect(a.seed).toBe(BigInt(c.seed));
      expect(c.u64.map(() => a.nextU64().toString(16).padStart(16, '0'))).toEqual(c.u64);
      const b = new p.PhysicsRng(BigInt(c.seed));
      for (const u of c.uniform) expect(b.nextFloat()).toBe(u);
      const n = new p.PhysicsRng(BigInt(c.seed));
      for (const x of c.gaussian) close(n.nextGaussian(), x, 1e-14);
      // The same uniforms drive UPDEStepper.randomState: θ_i = 2π·U_i.
      const st = p.UPDEStepper.randomState(c.uniform.length, BigInt(c.seed));
      expect(Array.from(st.theta)).toEqual(c.uniform.map((u: number) => u * p.TAU));
    }
  });

  describe('upde.json (σ = 0)', () => {
    for (const c of load('upde.json').cases) {
      it(c.name, () => {
        const stepper = new p.UPDEStepper({
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

  describe('sec.json', () => {
    const g = load('sec.json');
    it('V_max and K_c', () => {
      const sec = new p.SECFunctional();
      close(sec.vMax, g.v_max, 1e-12);
      close(sec.criticalCoupling(), g.critical_coupling, 1e-10);
    });
    for (const c of g.cases) {
      it(c.name, () => {
        const r = new p.SECFunctional().evaluate(c.theta, c.theta_prev, c.dt ?? 0.01);
        const e = c.expected;
        close(r.vCoupling, e.v_coupling, 1e-11);
        close(r.vFrequency, e.v_frequency, 1e-9 * Math.max(1, e.v_frequency));
        close(r.vEntropy, e.v_entropy, 1e-14);
        close(r.v, e.v, 1e-9 * Math.max(1, e.v));
        close(r.vNormalised, e.v_normalised, 1e-12);
        close(r.phaseScore, e.phase_score, 1e-12);
        close(r.rGlobal, e.r_global, 1e-15);
        expect(r.dvDt).toBeNull();
      });
    }
    it('dvDt only across consecutive states', () => {
      const sec = new p.SECFunctional();
      const d = g.dv_dt_pair;
      expect(sec.evaluate(d.first).dvDt).toBeNull();
      const r = sec.evaluate(d.second, d.first, d.dt);
      close(r.v, d.second_v, 1e-9);
      close(r.dvDt!, d.dv_dt, 1e-6);
      expect(p.SECFunctional.isStable(r, Math.abs(d.dv_dt) + 1)).toBe(true);
    });
  });

  describe('l16.json', () => {
    const g = load('l16.json');
    it('PI primitive', () => {
      const pi = new p.PIController({ setpoint: g.pi.setpoint, kp: g.pi.kp, ki: g.pi.ki });
      close(pi.step(g.pi.measured, g.pi.dt), g.pi.output, 1e-15);
    });
    for (const seq of g.sequences) {
      it(seq.name, () => {
        const ctl = new p.L16Controller(seq.n ? { n: seq.n } : {});
        seq.inputs.forEach((input: Json, i: number) => {
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
          ] as const) {
            close(r[key], e[key], 1e-12);
          }
          close(r.dhRecDt, e.dhRecDt, 1e-9);
          expect([r.gateOpen, r.refusal, r.refusalCount, r.hRecNonIncreasing]).toEqual([
            e.gateOpen,
            e.refusal,
            e.refusalCount,
            e.hRecNonIncreasing,
          ]);
          expect(r.hRecMode).toBe(seq.eigvecs ? 'full' : 'simplified');
          expect(ctl.last).toEqual(r);
        });
        expect(ctl.hRecHistory.length).toBe(seq.inputs.length);
      });
    }
  });

  describe('tcbo.json', () => {
    const g = load('tcbo.json');
    it('logistic, s0ForThreshold, delayEmbed', () => {
      for (const c of g.logistic) close(p.logisticProbability(c.s, c.s0, c.beta), c.p, 1e-15);
      const t = g.s0_for_threshold;
      close(p.s0ForThreshold(t.s, t.p, t.beta), t.s0, 1e-15);
      close(p.logisticProbability(t.s, t.s0, t.beta), t.p, 1e-12);
      const d = p.delayEmbed(g.delay_embed.x, g.delay_embed.m, g.delay_embed.tau);
      expect(d.rows).toBe(g.delay_embed.rows);
      closeAll(d.data, g.delay_embed.data, 0);
    });
    for (const c of g.observer) {
      it(`observer ${c.name}`, () => {
        const obs = new p.TCBOObserver({
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
      const ctl = new p.TCBOController();
      g.controller.inputs.forEach(([prob, dt]: [number, number], i: number) => {
        close(ctl.step(prob, dt), g.controller.kappa[i], 1e-15);
      });
    });
  });

  describe('pgbo.json', () => {
    const g = load('pgbo.json');
    for (const c of g.pairs) {
      it(c.name, () => {
        const e = new p.PGBOEngine({ n: c.theta1.length, traceless: c.traceless ?? false });
        if (c.a) e.setBoundaryPotential(c.a);
        e.compute(c.theta1, c.dt);
        const r = e.compute(c.theta2, c.dt);
        closeAll(r.u, c.u, 1e-12);
        closeAll(r.h.data, c.h, 1e-11);
        close(r.uNorm, c.uNorm, 1e-12);
        close(r.hTrace, c.hTrace, 1e-11);
        close(r.hFrob, c.hFrob, 1e-11);
        expect(e.result()).toEqual(r);
        expect([e.uNorm, e.hTrace, e.hFrob]).toEqual([r.uNorm, r.hTrace, r.hFrob]);
      });
    }
    it('first call with a boundary potential', () => {
      const e = new p.PGBOEngine({ n: 4 });
      e.setBoundaryPotential(g.first_with_potential.a);
      const r = e.compute([0, 0, 0, 0], 0.01);
      close(r.uNorm, g.first_with_potential.uNorm, 1e-12);
    });
    it('standalone bridge', () => {
      const s = g.standalone;
      const r = p.phaseGeometryBridge(s.dphi, s.a, {
        alpha: s.alpha,
        kappa: s.kappa,
        uCap: s.uCap,
      });
      closeAll(r.u, s.u, 1e-14);
      expect(r.h.n).toBe(s.dphi.length);
      closeAll(r.h.data, s.h, 1e-14);
    });
  });

  describe('ssgf.json', () => {
    const g = load('ssgf.json');
    for (const c of g.spectra) {
      it(`spectrum ${c.name}`, () => {
        const lap = p.normalizedLaplacian({ n: c.n, data: c.w });
        expect(lap.n).toBe(c.n);
        const eig = p.symmetricEigen(lap);
        closeAll(eig.values, c.values, 1e-12);
        expect(eig.converged).toBe(true);
        expect(eig.vectors.n).toBe(c.n);
      });
    }
    it('benchmark fixture: decoder, spectrum, costs', () => {
      const b = g.bench;
      const w = p.decodeWeights(b.z, 16);
      close(w.data[1]!, b.w01, 1e-15);
      close(w.data[2]!, b.w02, 1e-15);
      const engine = new p.SSGFEngine({ seed: 1 });
      engine.setZ(b.z);
      expect(engine.getW()).toEqual(w);
      const spec = engine.getSpectrum();
      close(spec.fiedlerValue, b.fiedler_value, 1e-12);
      close(spec.fiedlerRatio, b.fiedler_ratio, 1e-12);
      close(spec.fiedlerGap, b.fiedler_gap, 1e-12);
      close(spec.values[15]!, b.lambda_max, 1e-12);
      const costs = p.ssgfCosts({
        theta: b.theta,
        w: w.data,
        n: 16,
        eigvals: spec.values,
        eigvecs: spec.vectors.data,
        phiTarget: new Float64Array(256),
        mask: null,
        weights: { ...p.DEFAULT_SSGF_WEIGHTS },
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
      const costs = p.ssgfCosts({
        theta: new Float64Array(c.n),
        w,
        n: c.n,
        eigvals: new Float64Array(c.n).fill(1),
        eigvecs: new Float64Array(c.n * c.n),
        phiTarget: new Float64Array(c.n * c.n),
        mask: c.mask,
        weights: { ...p.DEFAULT_SSGF_WEIGHTS },
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
        const engine = new p.SSGFEngine({
          omega: Array.from({ length: c.n }, (_, i) => 1 + i),
          knm: { n: c.n, data: new Float64Array(c.n * c.n) },
          weights: c.weights,
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
      const w = p.decodeWeights(r.z, r.n, { decoder: 'rbf', rbfDim: r.d, rbfSigma: r.sigma });
      closeAll(w.data, r.w, 1e-15);
    });
  });

  describe('seeded.json (written by TypeScript; the addon must reproduce it)', () => {
    const g = load('seeded.json');
    for (const run of g.upde) {
      it(`UPDE seed ${run.seed}, to 1e-12`, () => {
        const stepper = new p.UPDEStepper({ seed: BigInt(run.seed) });
        let st = stepper.createState(run.theta0);
        let done = 0;
        for (const c of run.checkpoints) {
          st = stepper.run(st, c.steps - done);
          done = c.steps;
          expect(st.stepCount).toBe(c.steps);
          closeAll(st.theta, c.theta, 1e-12);
          closeAll(st.dthetaDt, c.dthetaDt, 1e-12 * 300);
          close(st.t, c.t, 1e-12);
          close(st.rGlobal, c.rGlobal, 1e-12);
        }
      });
    }
    it('UPDE with custom options, to 1e-12', () => {
      const c = g.upde_custom;
      const stepper = new p.UPDEStepper({
        seed: BigInt(c.seed),
        dt: c.dt,
        fieldPressure: c.fieldPressure,
        noiseAmplitude: c.noiseAmplitude,
        omega: c.omega,
        knm: { n: c.omega.length, data: c.knm },
      });
      const st = stepper.run(c.theta0, c.steps);
      closeAll(st.theta, c.theta, 1e-12);
      close(st.rGlobal, c.rGlobal, 1e-12);
    });
    it('SSGF seed 42, three outer steps, to 1e-9', () => {
      const s = g.ssgf;
      const engine = new p.SSGFEngine({ seed: BigInt(s.seed) });
      const logs = engine.run(s.steps);
      expect(logs.length).toBe(s.steps);
      logs.forEach((l, i) => {
        const e = s.logs[i];
        expect(l.step).toBe(i);
        expect(l.refusal).toBe(e.refusal);
        const got: Record<string, number> = {
          rGlobal: l.rGlobal,
          uTotal: l.costs.uTotal,
          cMicro: l.costs.cMicro,
          c7: l.costs.c7,
          c8: l.costs.c8,
          c9: l.costs.c9,
          rGraph: l.costs.rGraph,
          cPgbo: l.costs.cPgbo,
          fiedlerValue: l.fiedlerValue,
          hRec: l.hRec,
          pgboUNorm: l.pgboUNorm,
          pgboHFrob: l.pgboHFrob,
          pgboKappa: l.pgboKappa,
          gradNorm: l.gradNorm,
        };
        for (const [key, value] of Object.entries(got)) {
          close(value, e[key], 1e-9 * Math.max(1, Math.abs(e[key])));
        }
      });
      closeAll(engine.getTheta(), s.theta, 1e-9);
      closeAll(engine.getZ(), s.z, 1e-9);
      expect(engine.stepCount).toBe(s.steps);
    });
  });
});
