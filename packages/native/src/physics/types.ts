// The public types of the physics classes: the same shapes as @backfire/core/physics, so code
// written against either backend type-checks against the other (test/physics-parity checks it).

/** A vector argument: a `Float64Array` (preferred) or a plain array of numbers. */
export type VectorInput = Float64Array | readonly number[];

/** A square matrix, row-major: entry (i, j) is `data[i * n + j]`. */
export interface SquareMatrix {
  n: number;
  data: Float64Array;
}

/** What a matrix argument may be: `{ n, data }` with `data` of length n². */
export interface SquareMatrixInput {
  n: number;
  data: VectorInput;
}

/** A seed: a non-negative safe integer or a bigint in [0, 2^64). */
export type PhysicsSeed = number | bigint;

/** Options of `UPDEStepper`; every field has a default. */
export interface UPDEOptions {
  /** Time step (> 0). Default 0.01. */
  dt?: number;
  /** F in the drift term F·cos θ. Default 0.1. */
  fieldPressure?: number;
  /** σ ≥ 0: each step adds σ·√dt·ξ, ξ ~ N(0, 1). Default 0.05. */
  noiseAmplitude?: number;
  /** Natural frequencies Ω (length n ≥ 1). Default: the reference's 16 values. */
  omega?: VectorInput;
  /** Coupling K (n×n). Default: the reference's 16×16 matrix; required if omega's length ≠ 16. */
  knm?: SquareMatrixInput;
  /** PRNG seed. Omit for a random seed (reported as `seed`). */
  seed?: PhysicsSeed;
}

/** The state of the oscillators after a step or a run. */
export interface UPDEState {
  /** Phases, each in [0, 2π). */
  theta: Float64Array;
  /** The drift f of the last step (without the noise); zeros in a fresh state. */
  dthetaDt: Float64Array;
  /** Time: t0 + stepCount·dt. */
  t: number;
  /** Kuramoto order parameter R of `theta`, in [0, 1]. */
  rGlobal: number;
  /** Steps taken since the state was created. */
  stepCount: number;
}

/** Options of `SECFunctional`. */
export interface SECOptions {
  /** λ_ω ≥ 0. Default 0.1. */
  lambdaOmega?: number;
  /** λ_S ≥ 0. Default 0.01. */
  lambdaEntropy?: number;
  /** κ in (0, 100]. Default 2. */
  kappa?: number;
  /** Coupling K (n×n, finite, ≥ 0). Default: the reference's 16×16 matrix. */
  knm?: SquareMatrixInput;
  /** Natural frequencies Ω (length n). Default: the reference's 16 values. */
  omega?: VectorInput;
}

/** What `SECFunctional.evaluate` returns. */
export interface SECResult {
  v: number;
  vNormalised: number;
  phaseScore: number;
  rGlobal: number;
  /** (V − V_previous)/dt when `thetaPrev` equals the θ of the previous call, else null. */
  dvDt: number | null;
  vCoupling: number;
  vFrequency: number;
  vEntropy: number;
}

/** Options of `L16Controller`. */
export interface L16Options {
  n?: number;
  plvThreshold?: number;
  plvWindow?: number;
  hRecWindow?: number;
  refusalLrFactor?: number;
  refusalDFactor?: number;
  refusalTauFactor?: number;
  tcboTarget?: number;
}

/** One `L16Controller.step` input. */
export interface L16StepInput {
  rGlobal: number;
  plv: number;
  c7: number;
  c8: number;
  c10: number;
  tcboP: number;
  hFrob: number;
  dt: number;
  /** With `phiTarget`: eigenvectors (as columns) for the full H_rec path. n×n. */
  eigvecs?: SquareMatrixInput;
  phiTarget?: SquareMatrixInput;
}

/** What `L16Controller.step` returns. */
export interface L16StepResult {
  lambda7: number;
  lambda8: number;
  lambda10: number;
  nuStar: number;
  gateOpen: boolean;
  avgPlv: number;
  refusal: boolean;
  refusalCount: number;
  hRec: number;
  hRecMode: 'simplified' | 'full';
  dhRecDt: number;
  hRecNonIncreasing: boolean;
  lrZScale: number;
  dThetaScale: number;
  tauDScale: number;
}

/** Options of `PIController`. */
export interface PIOptions {
  setpoint?: number;
  kp?: number;
  ki?: number;
  bias?: number;
  action?: 'direct' | 'reverse';
  integralMin?: number;
  integralMax?: number;
  outputMin?: number;
  outputMax?: number;
}

/** How each phase channel enters the TCBO delay embedding. */
export type TCBOEmbedding = 'circle' | 'angle';

/** Options of `TCBOObserver`. */
export interface TCBOObserverOptions {
  n?: number;
  threshold?: number;
  beta?: number;
  s0?: number;
  windowSize?: number;
  embedDim?: number;
  tauDelay?: number;
  spreadFloor?: number;
  computeEveryN?: number;
  embedding?: TCBOEmbedding;
}

/** The observer's state after a compute. */
export interface TCBOState {
  spreadIndex: number;
  probability: number;
  gateOpen: boolean;
  deficit: number;
  threshold: number;
  bufferSize: number;
}

/** Options of `TCBOController`. */
export interface TCBOControllerOptions {
  threshold?: number;
  kp?: number;
  ki?: number;
  kappaBase?: number;
  kappaMin?: number;
  kappaMax?: number;
  integralLimit?: number;
}

/** Options of `PGBOEngine` (and, less `n`, of `phaseGeometryBridge`). */
export interface PGBOOptions {
  n?: number;
  alpha?: number;
  kappa?: number;
  uCap?: number;
  traceless?: boolean;
}

/** What `PGBOEngine.compute` returns. */
export interface PGBOResult {
  u: Float64Array;
  h: SquareMatrix;
  uNorm: number;
  hTrace: number;
  hFrob: number;
}

/** z → W decoders. */
export type SSGFDecoder = 'gramSoftplus' | 'rbf';
/** How ∂U/∂z is computed. */
export type SSGFGradient = 'analytic' | 'finiteDifference';

/** The weights of the cost terms in U_total (each finite, ≥ 0). */
export interface SSGFWeights {
  micro: number;
  c7: number;
  c8: number;
  c9: number;
  c10: number;
  reg: number;
  c4: number;
  pgbo: number;
}

/** Options of `SSGFEngine` (defaults in docs/physics.md §7). */
export interface SSGFOptions {
  omega?: VectorInput;
  knm?: SquareMatrixInput;
  decoder?: SSGFDecoder;
  rbfSigma?: number;
  rbfDim?: number;
  nMicro?: number;
  dtMicro?: number;
  dtOuter?: number;
  lrZ?: number;
  sigmaG?: number;
  noiseAmp?: number;
  fieldPressure?: number;
  weights?: Partial<SSGFWeights>;
  plvThreshold?: number;
  plvWindow?: number;
  hRecWindow?: number;
  fdEps?: number;
  gradient?: SSGFGradient;
  seed?: PhysicsSeed;
  pgboEnabled?: boolean;
  pgboAlpha?: number;
  pgboKappa?: number;
  pgboWeight?: number;
  pgboUCap?: number;
  pgboTraceless?: boolean;
  protectedMask?: readonly boolean[];
  phiTarget?: SquareMatrixInput;
  c8Index?: number;
  c9Index?: number;
  plvPair?: readonly [number, number];
  tcboThreshold?: number;
}

/** The cost terms of one outer step. */
export interface SSGFCosts {
  cMicro: number;
  c7: number;
  c8: number;
  c9: number;
  c10: number;
  rGraph: number;
  c4: number;
  cPgbo: number;
  uTotal: number;
}

/** What one SSGF outer step reports. */
export interface SSGFStepLog {
  step: number;
  costs: SSGFCosts;
  rGlobal: number;
  fiedlerValue: number;
  fiedlerGap: number;
  fiedlerRatio: number;
  eigenSweeps: number;
  eigenConverged: boolean;
  hRec: number;
  l16GateOpen: boolean;
  refusal: boolean;
  lrScale: number;
  gradNorm: number;
  wValid: boolean;
  eigvalOrdered: boolean;
  pgboUNorm: number;
  pgboHFrob: number;
  pgboKappa: number;
  tcboP: number;
  tcboGateOpen: boolean;
}

/** Everything `ssgfCosts` reads; every vector has length n (matrices n²). */
export interface SSGFCostInput {
  theta: VectorInput;
  w: VectorInput;
  n: number;
  eigvals: VectorInput;
  eigvecs: VectorInput;
  phiTarget: VectorInput;
  mask: readonly boolean[] | null;
  weights: Partial<SSGFWeights>;
  tcboP: number;
  tcboThreshold: number;
  h: VectorInput | null;
  c8Index: number;
  c9Index: number;
}

/** Options of `symmetricEigen`. */
export interface EigenOptions {
  /** Cyclic Jacobi sweeps at most (integer ≥ 1). Default 50. */
  maxSweeps?: number;
  /** Converged when ‖off-diagonal‖_F ≤ tolerance·‖A‖_F (> 0). Default 1e-14. */
  tolerance?: number;
}

/** Eigenpairs of a symmetric matrix. */
export interface EigenResult {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Eigenvectors as the columns of an n×n row-major matrix, in the order of `values`. */
  vectors: SquareMatrix;
  sweeps: number;
  converged: boolean;
}

/** The spectrum of W's normalised Laplacian and the quantities derived from it. */
export interface LaplacianSpectrum extends EigenResult {
  fiedlerValue: number;
  fiedlerGap: number;
  fiedlerRatio: number;
}
