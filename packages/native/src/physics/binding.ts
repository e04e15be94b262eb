// The physics part of the generated Node-API binding, declared by hand (so the package
// type-checks without a Rust build). Results are packed Float64Arrays; see
// crates/backfire-napi/src/physics/*.rs for each layout. The classes hand out the vectors of one
// result as disjoint `subarray` views of that one buffer: a fresh off-heap Float64Array costs
// about a microsecond in Node 20 (measured), a view a few tens of nanoseconds.
import { native } from '../binding.js';

type Options = object | undefined;

export interface RawUPDEStepper {
  readonly n: number;
  readonly dt: number;
  readonly fieldPressure: number;
  readonly noiseAmplitude: number;
  readonly seed: bigint;
  getOmega(): Float64Array;
  getKnm(): Float64Array;
  createState(theta: unknown): Float64Array;
  step(state: unknown): Float64Array;
  run(initial: unknown, nSteps: unknown): Float64Array;
}

export interface RawSECFunctional {
  readonly n: number;
  readonly lambdaOmega: number;
  readonly lambdaEntropy: number;
  readonly kappa: number;
  readonly vMax: number;
  updateCoupling(knm: unknown): void;
  getKnm(): Float64Array;
  couplingPotential(theta: unknown): number;
  frequencyPenalty(theta: unknown, thetaPrev: unknown, dt: unknown): number;
  entropyTerm(theta: unknown): number;
  evaluate(theta: unknown, thetaPrev?: unknown, dt?: unknown): Float64Array;
  reset(): void;
  criticalCoupling(): number;
}

export interface RawL16Controller {
  readonly n: number;
  readonly plvThreshold: number;
  readonly plvWindow: number;
  readonly hRecWindow: number;
  readonly refusalLrFactor: number;
  readonly refusalDFactor: number;
  readonly refusalTauFactor: number;
  readonly tcboTarget: number;
  readonly lrZScale: number;
  readonly last: Float64Array | null;
  readonly hRecHistory: Float64Array;
  step(input: unknown): Float64Array;
  plvGateOpen(): boolean;
  reset(): void;
}

export interface RawPIController {
  readonly setpoint: number;
  readonly kp: number;
  readonly ki: number;
  readonly bias: number;
  readonly action: 'direct' | 'reverse';
  readonly integralMin: number;
  readonly integralMax: number;
  readonly outputMin: number;
  readonly outputMax: number;
  readonly integral: number;
  readonly lastError: number;
  step(measured: unknown, dt: unknown): number;
  reset(): void;
}

export interface RawTCBOObserver {
  readonly n: number;
  readonly threshold: number;
  readonly beta: number;
  readonly s0: number;
  readonly windowSize: number;
  readonly embedDim: number;
  readonly tauDelay: number;
  readonly spreadFloor: number;
  readonly computeEveryN: number;
  readonly embedding: 'circle' | 'angle';
  readonly samplesNeeded: number;
  push(theta: unknown): void;
  compute(force?: unknown): Float64Array;
  pushAndCompute(theta: unknown, force?: unknown): Float64Array;
  state(): Float64Array;
  reset(): void;
}

export interface RawTCBOController {
  readonly threshold: number;
  readonly kappa: number;
  readonly integral: number;
  readonly lastError: number;
  step(p: unknown, dt: unknown): number;
  isGateOpen(p?: unknown): boolean;
  reset(): void;
}

export interface RawPGBOEngine {
  readonly n: number;
  readonly alpha: number;
  readonly uCap: number;
  readonly traceless: boolean;
  readonly kappa: number;
  readonly uNorm: number;
  readonly hFrob: number;
  readonly hTrace: number;
  setKappa(kappa: unknown): void;
  setBoundaryPotential(a: unknown): void;
  getBoundaryPotential(): Float64Array;
  compute(theta: unknown, dt: unknown): Float64Array;
  result(): Float64Array;
  reset(): void;
}

export interface RawSSGFEngine {
  readonly n: number;
  readonly decoder: 'gramSoftplus' | 'rbf';
  readonly gradient: 'analytic' | 'finiteDifference';
  readonly seed: bigint;
  readonly stepCount: number;
  readonly tcboP: number;
  setTcboP(p: unknown): void;
  rGlobal(): number;
  getTheta(): Float64Array;
  getZ(): Float64Array;
  setZ(z: unknown): void;
  getW(): Float64Array;
  getSpectrum(): Float64Array;
  outerStep(): Float64Array;
  run(k: unknown): Float64Array;
  analyticGradient(): Float64Array;
  fdGradient(): Float64Array;
  costs(): Float64Array;
}

export interface RawPhysicsRng {
  readonly seed: bigint;
  nextU64(): bigint;
  nextFloat(): number;
  nextGaussian(): number;
}

export interface RawPhysicsBinding {
  UPDEStepper: {
    new (options?: Options): RawUPDEStepper;
    randomState(n: unknown, seed?: unknown): Float64Array;
  };
  SECFunctional: {
    new (options?: Options): RawSECFunctional;
    isStable(result: unknown, tolerance?: unknown): boolean;
  };
  L16Controller: new (options?: Options) => RawL16Controller;
  PIController: new (options?: Options) => RawPIController;
  TCBOObserver: new (options?: Options) => RawTCBOObserver;
  TCBOController: new (options?: Options) => RawTCBOController;
  PGBOEngine: new (options?: Options) => RawPGBOEngine;
  SSGFEngine: new (options?: Options) => RawSSGFEngine;
  PhysicsRng: new (seed?: unknown) => RawPhysicsRng;
  phaseGeometryBridge(dphi: unknown, a: unknown, options?: Options): Float64Array;
  symmetricEigen(a: unknown, options?: Options): Float64Array;
  normalizedLaplacian(w: unknown): Float64Array;
  decodeWeights(z: unknown, n: unknown, options?: Options): Float64Array;
  ssgfCosts(input: unknown): Float64Array;
  delayEmbed(x: unknown, m: unknown, tau: unknown): Float64Array;
  logisticProbability(s: unknown, s0: unknown, beta: unknown): number;
  s0ForThreshold(s: unknown, p: unknown, beta: unknown): number;
  radialSpreadIndex(points: unknown, dim: unknown): number;
  orderParameter(theta: unknown): number;
  circularMean(theta: unknown): number;
  wrapPhase(x: unknown): number;
  wrapPi(x: unknown): number;
  softplus(x: unknown): number;
  sigmoid(x: unknown): number;
  defaultOmega(): Float64Array;
  defaultKnm(): Float64Array;
  defaultSsgfWeights(): Float64Array;
}

export const raw = native as unknown as RawPhysicsBinding;
