/**
 * `@backfire/physics/native` — the classes and functions of `@backfire/physics` computed by the
 * Rust addon (`@backfire/native`, when it is installed and built for the platform): a stochastic
 * Kuramoto integrator, a phase potential, PI supervisors, a radial-spread statistic, a
 * phase-velocity outer product and a graph-Laplacian learner, with the same names, options,
 * methods, seeded streams and errors (`PhysicsError`, code `BACKFIRE_PHYSICS` — the same class).
 * Importing it where the addon is missing throws a `BackfireError` with code `BACKFIRE_NATIVE`.
 * They never take part in a guard decision; docs/physics.md says what each computes.
 */
// PhysicsError's base class, core's: an addon error and a TypeScript one are both instances.
export { BackfireError } from '@backfire/core';
export { PhysicsError } from '../errors.js';
export type {
  EigenOptions,
  EigenResult,
  L16Options,
  L16StepInput,
  L16StepResult,
  LaplacianSpectrum,
  PGBOOptions,
  PGBOResult,
  PhysicsSeed,
  PIOptions,
  SECOptions,
  SECResult,
  SquareMatrix,
  SquareMatrixInput,
  SSGFCosts,
  SSGFDecoder,
  SSGFGradient,
  SSGFOptions,
  SSGFStepLog,
  SSGFWeights,
  TCBOControllerOptions,
  TCBOEmbedding,
  TCBOObserverOptions,
  TCBOState,
  UPDEOptions,
  UPDEState,
  VectorInput,
} from '../index.js';
export { L16Controller, PIController } from './control.js';
export {
  circularMean,
  DEFAULT_OMEGA,
  DEFAULT_SSGF_WEIGHTS,
  decodeWeights,
  defaultKnm,
  defaultOmega,
  delayEmbed,
  logisticProbability,
  normalizedLaplacian,
  orderParameter,
  phaseGeometryBridge,
  radialSpreadIndex,
  type SSGFCostInput,
  s0ForThreshold,
  sigmoid,
  softplus,
  ssgfCosts,
  symmetricEigen,
  TAU,
  wrapPhase,
  wrapPi,
} from './functions.js';
export { PGBOEngine, TCBOController, TCBOObserver } from './observers.js';
export { PhysicsRng } from './rng.js';
export { SECFunctional } from './sec.js';
export { SSGFEngine } from './ssgf.js';
export { UPDEStepper } from './upde.js';
