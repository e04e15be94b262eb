/**
 * `@backfire/physics` — experimental numerical modules (a stochastic Kuramoto integrator, a
 * phase potential, PI supervisors, a radial-spread statistic, a phase-velocity outer product and a
 * graph-Laplacian learner). Deterministic with a seed, every input validated. They never take part
 * in a guard decision; see docs/physics.md for what each computes and how it differs from the
 * reference implementation.
 */
export { PhysicsError } from './errors.js';
export { L16Controller, type L16Options, type L16StepInput, type L16StepResult } from './l16.js';
export { circularMean, orderParameter, sigmoid, softplus, TAU, wrapPhase, wrapPi } from './math.js';
export { DEFAULT_OMEGA, defaultKnm, defaultOmega } from './params.js';
export {
  PGBOEngine,
  type PGBOOptions,
  type PGBOResult,
  phaseGeometryBridge,
} from './pgbo.js';
export { PIController, type PIOptions } from './pi.js';
export { PhysicsRng, type PhysicsSeed } from './rng.js';
export { SECFunctional, type SECOptions, type SECResult } from './sec.js';
export {
  type EigenOptions,
  type EigenResult,
  type LaplacianSpectrum,
  normalizedLaplacian,
  symmetricEigen,
} from './spectral.js';
export {
  DEFAULT_SSGF_WEIGHTS,
  decodeWeights,
  type SSGFCosts,
  type SSGFDecoder,
  SSGFEngine,
  type SSGFGradient,
  type SSGFOptions,
  type SSGFStepLog,
  type SSGFWeights,
} from './ssgf.js';
export {
  delayEmbed,
  logisticProbability,
  radialSpreadIndex,
  s0ForThreshold,
  TCBOController,
  type TCBOControllerOptions,
  type TCBOEmbedding,
  TCBOObserver,
  type TCBOObserverOptions,
  type TCBOState,
} from './tcbo.js';
export { type UPDEOptions, type UPDEState, UPDEStepper } from './upde.js';
export type { SquareMatrix, SquareMatrixInput, VectorInput } from './validate.js';
