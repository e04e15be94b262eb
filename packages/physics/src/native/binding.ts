// The physics part of the addon's generated Node-API binding (`@backfire/native`'s `index.js`,
// written by `napi build`), declared by hand so this package type-checks and builds without a Rust
// build. Results are packed Float64Arrays; see crates/backfire-napi/src/physics/*.rs for each
// layout. The classes hand out the vectors of one result as disjoint `subarray` views of that one
// buffer: a fresh off-heap Float64Array costs about a microsecond in Node 20 (measured), a view a
// few tens of nanoseconds.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BackfireError } from '@backfire/core';

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

/**
 * Loads the generated loader of the installed `@backfire/native` directly (not the package's
 * entry): the physics classes are part of the addon itself, whatever the package's typed entry
 * chooses to re-export. Throws a `BackfireError` with code `BACKFIRE_NATIVE` when the package is
 * missing, the addon was not built for this platform, or it has no physics classes.
 */
function loadAddon(): RawPhysicsBinding {
  const require = createRequire(import.meta.url);
  let addon: Partial<RawPhysicsBinding>;
  try {
    const root = dirname(require.resolve('@backfire/native/package.json'));
    addon = require(join(root, 'index.js')) as Partial<RawPhysicsBinding>;
  } catch (cause) {
    throw new BackfireError(
      'BACKFIRE_NATIVE',
      '@backfire/physics/native: the Rust addon (@backfire/native) is not installed or was not ' +
        'built for this platform (run `pnpm build` with a Rust toolchain, or install a prebuilt ' +
        '@backfire/native-<platform> package). `@backfire/physics` computes the same in TypeScript.',
      { cause },
    );
  }
  if (typeof addon.UPDEStepper !== 'function' || typeof addon.SSGFEngine !== 'function') {
    throw new BackfireError(
      'BACKFIRE_NATIVE',
      '@backfire/physics/native: the installed @backfire/native addon has no physics classes',
    );
  }
  return addon as RawPhysicsBinding;
}

/** The addon's physics classes, loaded when this module is first imported. */
export const raw: RawPhysicsBinding = loadAddon();
