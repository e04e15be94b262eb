/**
 * The experimental physics classes of @backfire/core/physics — a stochastic Kuramoto integrator, a
 * phase potential, PI supervisors, a radial-spread statistic, a phase-velocity outer product and a
 * graph-Laplacian learner — computed by the Rust crates, with the same names, options, methods,
 * seeded streams and errors (`PhysicsError`, code `BACKFIRE_PHYSICS`). They never take part in a
 * guard decision; docs/physics.md says what each computes.
 */
export { L16Controller, PIController } from './control.js';
export { PhysicsError } from './errors.js';
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
  SSGFCostInput,
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
} from './types.js';
export { UPDEStepper } from './upde.js';
