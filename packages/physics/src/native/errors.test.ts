// Bad input to every physics class and function: the addon throws a `PhysicsError` (code
// BACKFIRE_PHYSICS) naming the field and the value — the same name, field, value and message as
// @backfire/physics for the same call — and a rejected call changes no state. Integers are
// checked (negative, fractional, unsafe) before any cast; nothing panics across the boundary.
import { describe, expect, it } from 'vitest';
import * as ts from '../index.js';
import { loadNative, type Native } from '../test/native.js';

const native = loadNative();

type Physics = typeof ts;
type Case = [label: string, call: (p: Physics) => unknown];

// biome-ignore lint/suspicious/noExplicitAny: bad inputs are, by design, of the wrong type.
type Bad = any;
const bad = (x: unknown): Bad => x;

const v16 = (x = 0) => new Float64Array(16).fill(x);
const step = (over: Record<string, unknown> = {}) =>
  bad({ rGlobal: 0.5, plv: 0.5, c7: 0, c8: 0, c10: 0, tcboP: 0.5, hFrob: 0, dt: 0.01, ...over });
const three = { omega: [1, 2, 3], knm: { n: 3, data: new Float64Array(9) } };

const CASES: Case[] = [
  // UPDEStepper: options
  ['UPDE options not an object', (p) => new p.UPDEStepper(bad(5))],
  ['UPDE options null', (p) => new p.UPDEStepper(bad(null))],
  ['UPDE options an array', (p) => new p.UPDEStepper(bad([]))],
  ['UPDE unknown option', (p) => new p.UPDEStepper(bad({ dtt: 0.1 }))],
  ['UPDE dt = 0', (p) => new p.UPDEStepper({ dt: 0 })],
  ['UPDE dt < 0', (p) => new p.UPDEStepper({ dt: -1 })],
  ['UPDE dt NaN', (p) => new p.UPDEStepper({ dt: Number.NaN })],
  ['UPDE dt Infinity', (p) => new p.UPDEStepper({ dt: Number.POSITIVE_INFINITY })],
  ['UPDE dt a string', (p) => new p.UPDEStepper(bad({ dt: '0.1' }))],
  ['UPDE fieldPressure NaN', (p) => new p.UPDEStepper({ fieldPressure: Number.NaN })],
  ['UPDE noiseAmplitude < 0', (p) => new p.UPDEStepper({ noiseAmplitude: -0.1 })],
  ['UPDE omega empty', (p) => new p.UPDEStepper({ omega: [] })],
  ['UPDE omega NaN element', (p) => new p.UPDEStepper({ omega: [1, Number.NaN] })],
  ['UPDE omega string element', (p) => new p.UPDEStepper(bad({ omega: [1, 'x'] }))],
  ['UPDE omega a Float32Array', (p) => new p.UPDEStepper(bad({ omega: new Float32Array(16) }))],
  ['UPDE knm missing for n ≠ 16', (p) => new p.UPDEStepper({ omega: [1, 2, 3] })],
  ['UPDE knm.n ≠ n', (p) => new p.UPDEStepper({ ...three, knm: { n: 2, data: [0, 0, 0, 0] } })],
  ['UPDE knm.data length ≠ n²', (p) => new p.UPDEStepper({ ...three, knm: { n: 3, data: [0] } })],
  ['UPDE knm.n fractional', (p) => new p.UPDEStepper({ ...three, knm: { n: 2.5, data: [] } })],
  ['UPDE knm.n negative', (p) => new p.UPDEStepper({ ...three, knm: { n: -3, data: [] } })],
  ['UPDE knm not a matrix', (p) => new p.UPDEStepper(bad({ ...three, knm: 7 }))],
  ['UPDE knm null', (p) => new p.UPDEStepper(bad({ ...three, knm: null }))],
  [
    'UPDE knm Infinity entry',
    (p) =>
      new p.UPDEStepper({
        ...three,
        knm: { n: 3, data: [0, 1, 2, 3, Number.NEGATIVE_INFINITY, 5, 6, 7, 8] },
      }),
  ],
  ['UPDE seed negative', (p) => new p.UPDEStepper({ seed: -1 })],
  ['UPDE seed fractional', (p) => new p.UPDEStepper({ seed: 1.5 })],
  ['UPDE seed unsafe integer', (p) => new p.UPDEStepper({ seed: 2 ** 53 })],
  ['UPDE seed bigint ≥ 2^64', (p) => new p.UPDEStepper({ seed: 2n ** 64n })],
  ['UPDE seed negative bigint', (p) => new p.UPDEStepper({ seed: -5n })],
  ['UPDE seed a string', (p) => new p.UPDEStepper(bad({ seed: '1' }))],
  ['UPDE seed null', (p) => new p.UPDEStepper(bad({ seed: null }))],
  // UPDEStepper: calls
  ['UPDE createState wrong length', (p) => new p.UPDEStepper({ seed: 1 }).createState([1, 2])],
  ['UPDE createState NaN', (p) => new p.UPDEStepper({ seed: 1 }).createState(v16(Number.NaN))],
  ['UPDE createState not a vector', (p) => new p.UPDEStepper({ seed: 1 }).createState(bad('x'))],
  ['UPDE run nSteps negative', (p) => new p.UPDEStepper({ seed: 1 }).run(v16(), -1)],
  ['UPDE run nSteps fractional', (p) => new p.UPDEStepper({ seed: 1 }).run(v16(), 2.5)],
  ['UPDE run nSteps NaN', (p) => new p.UPDEStepper({ seed: 1 }).run(v16(), Number.NaN)],
  ['UPDE run nSteps a string', (p) => new p.UPDEStepper({ seed: 1 }).run(v16(), bad('3'))],
  ['UPDE run nSteps unsafe', (p) => new p.UPDEStepper({ seed: 1 }).run(v16(), 2 ** 53)],
  ['UPDE run state null', (p) => new p.UPDEStepper({ seed: 1 }).run(bad(null), 1)],
  ['UPDE run state a number', (p) => new p.UPDEStepper({ seed: 1 }).run(bad(3), 1)],
  ['UPDE run state without theta', (p) => new p.UPDEStepper({ seed: 1 }).run(bad({}), 1)],
  [
    'UPDE run state.dthetaDt short',
    (p) => new p.UPDEStepper({ seed: 1 }).run(bad({ theta: v16(), dthetaDt: [0] }), 1),
  ],
  [
    'UPDE run state.t NaN',
    (p) =>
      new p.UPDEStepper({ seed: 1 }).run(
        { theta: v16(), dthetaDt: v16(), t: Number.NaN, rGlobal: 0, stepCount: 0 },
        1,
      ),
  ],
  [
    'UPDE run state.stepCount fractional',
    (p) =>
      new p.UPDEStepper({ seed: 1 }).run(
        { theta: v16(), dthetaDt: v16(), t: 0, rGlobal: 0, stepCount: 0.5 },
        1,
      ),
  ],
  [
    'UPDE stepCount overflow',
    (p) =>
      new p.UPDEStepper({ seed: 1 }).run(
        { theta: v16(), dthetaDt: v16(), t: 0, rGlobal: 0, stepCount: 2 ** 53 - 2 },
        5,
      ),
  ],
  ['UPDE step of a bad state', (p) => new p.UPDEStepper({ seed: 1 }).step(bad({ theta: [1] }))],
  ['UPDE randomState n = 0', (p) => p.UPDEStepper.randomState(0)],
  ['UPDE randomState n fractional', (p) => p.UPDEStepper.randomState(1.5, 1)],
  ['UPDE randomState bad seed', (p) => p.UPDEStepper.randomState(4, -1)],
  [
    'UPDE overflow from absurd Ω is reported, not NaN',
    (p) =>
      new p.UPDEStepper({
        omega: [1.7e308, 1.7e308],
        knm: { n: 2, data: [0, 1e308, 1e308, 0] },
        noiseAmplitude: 0,
        dt: 10,
      }).run([0, 1], 3),
  ],
  // SECFunctional
  ['SEC lambdaOmega < 0', (p) => new p.SECFunctional({ lambdaOmega: -1 })],
  ['SEC lambdaEntropy NaN', (p) => new p.SECFunctional({ lambdaEntropy: Number.NaN })],
  ['SEC kappa = 0', (p) => new p.SECFunctional({ kappa: 0 })],
  ['SEC kappa > 100', (p) => new p.SECFunctional({ kappa: 101 })],
  ['SEC omega empty', (p) => new p.SECFunctional({ omega: [] })],
  [
    'SEC knm negative entry',
    (p) => new p.SECFunctional({ knm: { n: 16, data: new Float64Array(256).fill(-1) } }),
  ],
  [
    'SEC knm with an infinite sum',
    (p) => new p.SECFunctional({ knm: { n: 16, data: new Float64Array(256).fill(1e308) } }),
  ],
  ['SEC unknown option', (p) => new p.SECFunctional(bad({ lambda: 1 }))],
  ['SEC evaluate wrong length', (p) => new p.SECFunctional().evaluate([1, 2, 3])],
  ['SEC evaluate thetaPrev NaN', (p) => new p.SECFunctional().evaluate(v16(), v16(Number.NaN))],
  ['SEC evaluate thetaPrev null', (p) => new p.SECFunctional().evaluate(v16(), bad(null))],
  ['SEC evaluate dt = 0', (p) => new p.SECFunctional().evaluate(v16(), v16(), 0)],
  ['SEC evaluate dt null', (p) => new p.SECFunctional().evaluate(v16(), v16(), bad(null))],
  ['SEC couplingPotential short', (p) => new p.SECFunctional().couplingPotential([0])],
  ['SEC entropyTerm NaN', (p) => new p.SECFunctional().entropyTerm(v16(Number.NaN))],
  ['SEC frequencyPenalty dt < 0', (p) => new p.SECFunctional().frequencyPenalty(v16(), v16(), -1)],
  [
    'SEC updateCoupling wrong n',
    (p) => new p.SECFunctional().updateCoupling({ n: 2, data: [0, 0, 0, 0] }),
  ],
  ['SEC isStable tolerance NaN', (p) => p.SECFunctional.isStable(bad({ dvDt: 0 }), Number.NaN)],
  // L16Controller
  ['L16 n = 0', (p) => new p.L16Controller({ n: 0 })],
  ['L16 n fractional', (p) => new p.L16Controller({ n: 1.5 })],
  ['L16 n negative', (p) => new p.L16Controller({ n: -4 })],
  ['L16 plvThreshold > 1', (p) => new p.L16Controller({ plvThreshold: 2 })],
  ['L16 plvWindow = 0', (p) => new p.L16Controller({ plvWindow: 0 })],
  ['L16 hRecWindow too large', (p) => new p.L16Controller({ hRecWindow: 100 })],
  ['L16 refusalLrFactor = 0', (p) => new p.L16Controller({ refusalLrFactor: 0 })],
  ['L16 tcboTarget < 0', (p) => new p.L16Controller({ tcboTarget: -0.1 })],
  ['L16 step null', (p) => new p.L16Controller().step(bad(null))],
  ['L16 step rGlobal > 1', (p) => new p.L16Controller().step(step({ rGlobal: 2 }))],
  ['L16 step plv NaN', (p) => new p.L16Controller().step(step({ plv: Number.NaN }))],
  ['L16 step c7 < 0', (p) => new p.L16Controller().step(step({ c7: -1 }))],
  ['L16 step hFrob missing', (p) => new p.L16Controller().step(step({ hFrob: undefined }))],
  ['L16 step dt = 0', (p) => new p.L16Controller().step(step({ dt: 0 }))],
  [
    'L16 step eigvecs without phiTarget',
    (p) => new p.L16Controller({ n: 1 }).step(step({ eigvecs: { n: 1, data: [1] } })),
  ],
  [
    'L16 step phiTarget without eigvecs',
    (p) => new p.L16Controller({ n: 1 }).step(step({ phiTarget: { n: 1, data: [1] } })),
  ],
  [
    'L16 step eigvecs of the wrong n',
    (p) =>
      new p.L16Controller({ n: 2 }).step(
        step({ eigvecs: { n: 1, data: [1] }, phiTarget: { n: 2, data: [1, 0, 0, 1] } }),
      ),
  ],
  [
    'L16 step phiTarget NaN entry',
    (p) =>
      new p.L16Controller({ n: 2 }).step(
        step({
          eigvecs: { n: 2, data: [1, 0, 0, 1] },
          phiTarget: { n: 2, data: [1, 0, Number.NaN, 1] },
        }),
      ),
  ],
  [
    'L16 step n² beyond memory',
    (p) =>
      new p.L16Controller({ n: 2 ** 53 - 1 }).step(
        step({ eigvecs: { n: 2 ** 53 - 1, data: [] }, phiTarget: { n: 2 ** 53 - 1, data: [] } }),
      ),
  ],
  // PIController
  ['PI action unknown', (p) => new p.PIController(bad({ action: 'up' }))],
  ['PI integralMin > integralMax', (p) => new p.PIController({ integralMin: 2, integralMax: 1 })],
  ['PI outputMin > outputMax', (p) => new p.PIController({ outputMin: 2, outputMax: 1 })],
  ['PI outputMin null', (p) => new p.PIController(bad({ outputMin: null }))],
  ['PI kp NaN', (p) => new p.PIController({ kp: Number.NaN })],
  ['PI step measured NaN', (p) => new p.PIController().step(Number.NaN, 1)],
  ['PI step dt = 0', (p) => new p.PIController().step(1, 0)],
  // TCBOObserver
  ['TCBO threshold = 0', (p) => new p.TCBOObserver({ threshold: 0 })],
  ['TCBO threshold = 1', (p) => new p.TCBOObserver({ threshold: 1 })],
  ['TCBO beta = 0', (p) => new p.TCBOObserver({ beta: 0 })],
  ['TCBO windowSize < 3', (p) => new p.TCBOObserver({ windowSize: 2 })],
  ['TCBO embedDim = 0', (p) => new p.TCBOObserver({ embedDim: 0 })],
  ['TCBO tauDelay fractional', (p) => new p.TCBOObserver({ tauDelay: 1.5 })],
  ['TCBO spreadFloor < 0', (p) => new p.TCBOObserver({ spreadFloor: -1 })],
  ['TCBO computeEveryN = 0', (p) => new p.TCBOObserver({ computeEveryN: 0 })],
  ['TCBO embedding unknown', (p) => new p.TCBOObserver(bad({ embedding: 'torus' }))],
  ['TCBO n negative', (p) => new p.TCBOObserver({ n: -1 })],
  ['TCBO push wrong length', (p) => new p.TCBOObserver().push([1])],
  ['TCBO push beyond ±1e100', (p) => new p.TCBOObserver({ n: 2 }).push([0, 1e101])],
  ['TCBO pushAndCompute NaN', (p) => new p.TCBOObserver({ n: 1 }).pushAndCompute([Number.NaN])],
  // TCBOController
  ['TCBOController threshold = 1', (p) => new p.TCBOController({ threshold: 1 })],
  ['TCBOController integralLimit < 0', (p) => new p.TCBOController({ integralLimit: -1 })],
  ['TCBOController kappaMin < 0', (p) => new p.TCBOController({ kappaMin: -1 })],
  ['TCBOController kappaMax < kappaMin', (p) => new p.TCBOController({ kappaMin: 2, kappaMax: 1 })],
  ['TCBOController step p > 1', (p) => new p.TCBOController().step(1.5, 0.01)],
  ['TCBOController step dt = 0', (p) => new p.TCBOController().step(0.5, 0)],
  ['TCBOController isGateOpen(2)', (p) => new p.TCBOController().isGateOpen(2)],
  // PGBOEngine and the bridge
  ['PGBO n = 0', (p) => new p.PGBOEngine({ n: 0 })],
  ['PGBO n fractional', (p) => new p.PGBOEngine({ n: 2.5 })],
  ['PGBO alpha < 0', (p) => new p.PGBOEngine({ alpha: -1 })],
  ['PGBO kappa NaN', (p) => new p.PGBOEngine({ kappa: Number.NaN })],
  ['PGBO uCap = 0', (p) => new p.PGBOEngine({ uCap: 0 })],
  ['PGBO traceless a string', (p) => new p.PGBOEngine(bad({ traceless: 'yes' }))],
  ['PGBO setKappa < 0', (p) => new p.PGBOEngine().setKappa(-1)],
  ['PGBO setBoundaryPotential wrong length', (p) => new p.PGBOEngine().setBoundaryPotential([1])],
  ['PGBO compute dt = 0', (p) => new p.PGBOEngine().compute(v16(), 0)],
  ['PGBO compute NaN', (p) => new p.PGBOEngine({ n: 1 }).compute([Number.NaN], 0.1)],
  [
    'PGBO |u| overflow is reported',
    (p) => {
      const e = new p.PGBOEngine({ n: 2, alpha: 1 });
      e.setBoundaryPotential([1.5e308, 1.5e308]);
      return e.compute([0, 0], 0.01);
    },
  ],
  ['bridge dphi empty', (p) => p.phaseGeometryBridge([], [])],
  ['bridge a wrong length', (p) => p.phaseGeometryBridge([1, 2], [1])],
  ['bridge unknown option', (p) => p.phaseGeometryBridge([1], [1], bad({ n: 1 }))],
  ['bridge uCap < 0', (p) => p.phaseGeometryBridge([1], [1], { uCap: -1 })],
  // SSGFEngine
  ['SSGF omega of length 1', (p) => new p.SSGFEngine({ omega: [1] })],
  ['SSGF knm missing for n ≠ 16', (p) => new p.SSGFEngine({ omega: [1, 2, 3] })],
  ['SSGF decoder unknown', (p) => new p.SSGFEngine(bad({ decoder: 'gram' }))],
  ['SSGF gradient unknown', (p) => new p.SSGFEngine(bad({ gradient: 'fd' }))],
  ['SSGF plvPair of one', (p) => new p.SSGFEngine(bad({ plvPair: [1] }))],
  ['SSGF plvPair not an array', (p) => new p.SSGFEngine(bad({ plvPair: 'a,b' }))],
  ['SSGF plvPair fractional', (p) => new p.SSGFEngine(bad({ plvPair: [1, 2.5] }))],
  ['SSGF plvPair out of range', (p) => new p.SSGFEngine({ plvPair: [1, 16] })],
  ['SSGF c8Index ≥ n', (p) => new p.SSGFEngine({ c8Index: 16 })],
  ['SSGF c9Index negative', (p) => new p.SSGFEngine({ c9Index: -1 })],
  ['SSGF rbfDim = 0', (p) => new p.SSGFEngine({ decoder: 'rbf', rbfDim: 0 })],
  ['SSGF rbfSigma = 0', (p) => new p.SSGFEngine({ rbfSigma: 0 })],
  ['SSGF nMicro = 0', (p) => new p.SSGFEngine({ nMicro: 0 })],
  ['SSGF dtMicro = 0', (p) => new p.SSGFEngine({ dtMicro: 0 })],
  ['SSGF lrZ < 0', (p) => new p.SSGFEngine({ lrZ: -1 })],
  ['SSGF noiseAmp < 0', (p) => new p.SSGFEngine({ noiseAmp: -1 })],
  ['SSGF fdEps = 0', (p) => new p.SSGFEngine({ fdEps: 0 })],
  ['SSGF tcboThreshold > 1', (p) => new p.SSGFEngine({ tcboThreshold: 2 })],
  ['SSGF weights null', (p) => new p.SSGFEngine(bad({ weights: null }))],
  ['SSGF weights unknown key', (p) => new p.SSGFEngine(bad({ weights: { c11: 1 } }))],
  ['SSGF weights negative', (p) => new p.SSGFEngine({ weights: { c9: -1 } })],
  ['SSGF protectedMask short', (p) => new p.SSGFEngine({ protectedMask: [true] })],
  [
    'SSGF protectedMask non-boolean',
    (p) => new p.SSGFEngine(bad({ protectedMask: [...Array(15).fill(true), 1] })),
  ],
  ['SSGF phiTarget wrong n', (p) => new p.SSGFEngine({ phiTarget: { n: 2, data: [1, 0, 0, 1] } })],
  ['SSGF pgboEnabled a string', (p) => new p.SSGFEngine(bad({ pgboEnabled: 'yes' }))],
  ['SSGF pgboAlpha < 0 (checked as alpha)', (p) => new p.SSGFEngine({ pgboAlpha: -1 })],
  ['SSGF pgboTraceless a number', (p) => new p.SSGFEngine(bad({ pgboTraceless: 1 }))],
  ['SSGF plvThreshold > 1', (p) => new p.SSGFEngine({ plvThreshold: 2 })],
  ['SSGF plvWindow = 0', (p) => new p.SSGFEngine({ plvWindow: 0 })],
  ['SSGF seed negative', (p) => new p.SSGFEngine({ seed: -1 })],
  ['SSGF run(-1)', (p) => new p.SSGFEngine({ seed: 1 }).run(-1)],
  ['SSGF run(1.5)', (p) => new p.SSGFEngine({ seed: 1 }).run(1.5)],
  ['SSGF setZ wrong length', (p) => new p.SSGFEngine({ seed: 1 }).setZ([1, 2])],
  [
    'SSGF setZ NaN',
    (p) => new p.SSGFEngine({ seed: 1 }).setZ(new Float64Array(120).fill(Number.NaN)),
  ],
  ['SSGF setTcboP > 1', (p) => new p.SSGFEngine({ seed: 1 }).setTcboP(1.5)],
  // free functions and the PRNG
  ['symmetricEigen asymmetric', (p) => p.symmetricEigen({ n: 2, data: [1, 2, 3, 4] })],
  ['symmetricEigen maxSweeps = 0', (p) => p.symmetricEigen({ n: 1, data: [1] }, { maxSweeps: 0 })],
  ['symmetricEigen tolerance = 0', (p) => p.symmetricEigen({ n: 1, data: [1] }, { tolerance: 0 })],
  ['symmetricEigen not a matrix', (p) => p.symmetricEigen(bad([1, 2]))],
  ['normalizedLaplacian data short', (p) => p.normalizedLaplacian({ n: 3, data: [1] })],
  ['decodeWeights n = 0', (p) => p.decodeWeights([], 0)],
  ['decodeWeights z wrong length', (p) => p.decodeWeights([1], 4)],
  ['decodeWeights rbfDim = 0', (p) => p.decodeWeights([1], 4, { decoder: 'rbf', rbfDim: 0 })],
  ['decodeWeights decoder unknown', (p) => p.decodeWeights([1], 2, bad({ decoder: 'x' }))],
  ['delayEmbed m = 0', (p) => p.delayEmbed([1, 2], 0, 1)],
  ['delayEmbed tau fractional', (p) => p.delayEmbed([1, 2], 1, 0.5)],
  ['delayEmbed x NaN', (p) => p.delayEmbed([Number.NaN], 1, 1)],
  ['s0ForThreshold p > 1', (p) => p.s0ForThreshold(0, 2, 1)],
  ['s0ForThreshold beta = 0', (p) => p.s0ForThreshold(0, 0.5, 0)],
  ['PhysicsRng seed fractional', (p) => new p.PhysicsRng(0.5)],
];

function caught(fn: () => unknown): Error & { code?: string; field?: string; value?: unknown } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string; field?: string; value?: unknown };
  }
  throw new Error('expected a throw');
}

describe.skipIf(native === null)('physics: every bad input is a PhysicsError', () => {
  const n = native ?? ({} as Native);
  const np = n as unknown as Physics;

  for (const [label, call] of CASES) {
    it(label, () => {
      const want = caught(() => call(ts));
      const got = caught(() => call(np));
      expect(want).toBeInstanceOf(ts.PhysicsError);
      expect(got).toBeInstanceOf(n.PhysicsError);
      expect(got).toBeInstanceOf(n.BackfireError);
      expect([got.name, got.code, got.field, got.message]).toEqual([
        'PhysicsError',
        'BACKFIRE_PHYSICS',
        want.field,
        want.message,
      ]);
      if (typeof want.value === 'object' && want.value !== null)
        expect(got.value).toEqual(want.value);
      else expect(Object.is(got.value, want.value), `${String(got.value)}`).toBe(true);
    });
  }

  it('an exception thrown by a getter of the input reaches the caller unchanged', () => {
    const boom = new Error('boom');
    const opts = Object.defineProperty({}, 'dt', {
      enumerable: true,
      get() {
        throw boom;
      },
    });
    expect(caught(() => new n.UPDEStepper(opts))).toBe(boom);
    const state = { theta: v16(), dthetaDt: v16(), t: 0, rGlobal: 0 };
    Object.defineProperty(state, 'stepCount', {
      get() {
        throw boom;
      },
    });
    expect(caught(() => new n.UPDEStepper({ seed: 1 }).run(bad(state), 1))).toBe(boom);
  });

  it('where TypeScript does not check, the addon still refuses to return NaN', () => {
    const cases: [() => unknown, string][] = [
      [() => n.orderParameter(bad(['x'])), 'theta[0]'],
      [() => n.circularMean([Number.NaN]), 'theta[0]'],
      [() => n.wrapPhase(Number.NaN), 'x'],
      [() => n.wrapPi(Number.POSITIVE_INFINITY), 'x'],
      [() => n.softplus(bad('1')), 'x'],
      [() => n.sigmoid(Number.NaN), 'x'],
      [() => n.logisticProbability(Number.NaN, 0, 1), 's'],
      [() => n.radialSpreadIndex([1, 2, 3], 2), 'points.length'],
      [() => n.radialSpreadIndex([1, 2], 0), 'dim'],
      [() => n.SECFunctional.isStable(bad(null)), 'result'],
      [() => n.ssgfCosts(bad(null)), 'input'],
      [() => n.ssgfCosts(bad({ n: 2, theta: [0] })), 'theta.length'],
    ];
    for (const [call, field] of cases) {
      const e = caught(call);
      expect(e).toBeInstanceOf(n.PhysicsError);
      expect(e.field).toBe(field);
    }
  });

  it('sizes that would exhaust memory are refused, not allocated', () => {
    for (const [call, field] of [
      [() => new n.PGBOEngine({ n: 2 ** 20 }), 'n'],
      [() => n.UPDEStepper.randomState(2 ** 40), 'n'],
      [() => n.decodeWeights([1], 2 ** 20, { decoder: 'rbf', rbfDim: 1 }), 'n'],
      [() => new n.TCBOObserver({ embedDim: 2 ** 40, tauDelay: 2 ** 40 }), 'tauDelay'],
      [() => new n.TCBOObserver({ windowSize: 2 ** 53 - 1, embedDim: 3 }), 'windowSize'],
      [() => new n.SSGFEngine({ decoder: 'rbf', rbfDim: 2 ** 40 }), 'rbfDim'],
      [() => new n.UPDEStepper(bad({ omega: new Array(2 ** 32 - 1) })), 'omega.length'],
      [() => n.orderParameter(bad(new Array(2 ** 28))), 'theta.length'],
    ] as [() => unknown, string][]) {
      const e = caught(call);
      expect(e).toBeInstanceOf(n.PhysicsError);
      expect(e.field).toBe(field);
    }
    // A span beyond the series is simply no rows (as in TypeScript), however large m and τ are.
    expect(n.delayEmbed([1, 2, 3], 2 ** 52, 2 ** 52).rows).toBe(0);
    expect(ts.delayEmbed([1, 2, 3], 2 ** 52, 2 ** 52).rows).toBe(0);
  });

  it('a rejected call changes no state', () => {
    const s = new n.UPDEStepper({ seed: 9 });
    const fresh = new n.UPDEStepper({ seed: 9 });
    caught(() => s.run(v16(), -1));
    caught(() =>
      s.run({ theta: v16(), dthetaDt: v16(), t: Number.NaN, rGlobal: 0, stepCount: 0 }, 5),
    );
    expect(s.run(v16(0.3), 20)).toEqual(fresh.run(v16(0.3), 20));

    const sec = new n.SECFunctional();
    const first = v16(0.1);
    sec.evaluate(first);
    caught(() => sec.evaluate(v16(0.2), first, 0));
    expect(sec.evaluate(v16(0.2), first).dvDt).not.toBeNull();

    const l16 = new n.L16Controller();
    const r0 = l16.step(step());
    caught(() => l16.step(step({ dt: -1 })));
    expect(l16.last).toEqual(r0);
    expect(l16.hRecHistory.length).toBe(1);

    const obs = new n.TCBOObserver({ n: 2 });
    obs.push([0, 1]);
    caught(() => obs.push([0, Number.NaN]));
    expect(obs.state().bufferSize).toBe(1);

    const pgbo = new n.PGBOEngine({ n: 2 });
    pgbo.compute([0, 0], 0.1);
    caught(() => pgbo.compute([1, 1], -1));
    caught(() => pgbo.setKappa(-1));
    expect(pgbo.kappa).toBe(0.3);
    expect(pgbo.compute([0.1, 0.2], 0.1).u).toEqual(
      (() => {
        const q = new n.PGBOEngine({ n: 2 });
        q.compute([0, 0], 0.1);
        return q.compute([0.1, 0.2], 0.1).u;
      })(),
    );

    const e = new n.SSGFEngine({ seed: 4 });
    const z = e.getZ();
    caught(() => e.setZ([1]));
    caught(() => e.setTcboP(2));
    caught(() => e.run(-1));
    expect(e.getZ()).toEqual(z);
    expect([e.tcboP, e.stepCount]).toEqual([0, 0]);
  });
});
