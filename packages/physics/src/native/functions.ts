// The free functions and constants of @backfire/physics, computed by the Rust crates.

import type {
  EigenOptions,
  EigenResult,
  PGBOOptions,
  SquareMatrix,
  SquareMatrixInput,
  SSGFCosts,
  SSGFDecoder,
  SSGFWeights,
  VectorInput,
} from '../index.js';
import { raw } from './binding.js';
import { call } from './errors.js';
import { unpackCosts } from './ssgf.js';

/** 2π. */
export const TAU: number = 2 * Math.PI;

/** The reference's 16 natural frequencies Ω (rad/s), as the Rust crate defines them. */
export const DEFAULT_OMEGA: readonly number[] = Object.freeze(Array.from(raw.defaultOmega()));

/** The default weights of the SSGF cost terms. */
export const DEFAULT_SSGF_WEIGHTS: Readonly<SSGFWeights> = (() => {
  const w = raw.defaultSsgfWeights();
  return Object.freeze({
    micro: w[0]!,
    c7: w[1]!,
    c8: w[2]!,
    c9: w[3]!,
    c10: w[4]!,
    reg: w[5]!,
    c4: w[6]!,
    pgbo: w[7]!,
  });
})();

/** A fresh copy of Ω. */
export function defaultOmega(): Float64Array {
  return raw.defaultOmega();
}

/** The reference's 16×16 coupling. */
export function defaultKnm(): SquareMatrix {
  return { n: 16, data: raw.defaultKnm() };
}

/** The stateless PGBO step: u = sat(dφ − α·A), h = κ·u uᵀ. */
export function phaseGeometryBridge(
  dphi: VectorInput,
  a: VectorInput,
  opts?: Omit<PGBOOptions, 'n'>,
): { u: Float64Array; h: SquareMatrix } {
  const p = call(() => raw.phaseGeometryBridge(dphi, a, opts));
  // p holds n + n² numbers.
  const n = Math.round((Math.sqrt(1 + 4 * p.length) - 1) / 2);
  return { u: p.subarray(0, n), h: { n, data: p.subarray(n) } };
}

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (reports convergence). */
export function symmetricEigen(a: SquareMatrixInput, opts?: EigenOptions): EigenResult {
  const p = call(() => raw.symmetricEigen(a, opts));
  const n = p[0]!;
  const at = 1 + n + n * n;
  return {
    values: p.subarray(1, 1 + n),
    vectors: { n, data: p.subarray(1 + n, at) },
    sweeps: p[at]!,
    converged: p[at + 1] === 1,
  };
}

/** L = I − D^(−½) W D^(−½); isolated nodes give all-zero rows and columns. */
export function normalizedLaplacian(w: SquareMatrixInput): SquareMatrix {
  const data = call(() => raw.normalizedLaplacian(w));
  return { n: Math.round(Math.sqrt(data.length)), data };
}

/** Checked decoders: z of length n(n−1)/2 (gramSoftplus) or n·d (rbf). */
export function decodeWeights(
  z: VectorInput,
  n: number,
  opts?: { decoder?: SSGFDecoder; rbfDim?: number; rbfSigma?: number },
): SquareMatrix {
  const data = call(() => raw.decodeWeights(z, n, opts));
  return { n, data };
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

/** The eight SSGF cost terms and U_total for explicit inputs (every length checked against n). */
export function ssgfCosts(input: SSGFCostInput): SSGFCosts {
  return unpackCosts(call(() => raw.ssgfCosts(input)));
}

/** Delay embedding of one series: rows × m, newest lag first; empty when (m − 1)·τ ≥ length. */
export function delayEmbed(
  x: VectorInput,
  m: number,
  tau: number,
): { rows: number; data: Float64Array } {
  const data = call(() => raw.delayEmbed(x, m, tau));
  return { rows: data.length / m, data };
}

/** 1/(1 + e^(−β(s − s₀))), the exponent clamped to ±500. */
export function logisticProbability(s: number, s0: number, beta: number): number {
  return call(() => raw.logisticProbability(s, s0, beta));
}

/** The s₀ that maps spread index `s` to probability `p`: s − ln(p/(1 − p))/β. */
export function s0ForThreshold(s: number, p: number, beta: number): number {
  return call(() => raw.s0ForThreshold(s, p, beta));
}

/** 0.7 × the population standard deviation of the points' distances to their centroid. */
export function radialSpreadIndex(points: VectorInput, dim: number): number {
  return call(() => raw.radialSpreadIndex(points, dim));
}

/** Kuramoto order parameter R = |mean exp(iθ)| in [0, 1]; 0 for an empty vector. */
export function orderParameter(theta: VectorInput): number {
  return call(() => raw.orderParameter(theta));
}

/** Circular mean atan2(mean sin θ, mean cos θ). */
export function circularMean(theta: VectorInput): number {
  return call(() => raw.circularMean(theta));
}

/** θ reduced to [0, 2π). */
export function wrapPhase(x: number): number {
  return call(() => raw.wrapPhase(x));
}

/** x reduced to [−π, π). */
export function wrapPi(x: number): number {
  return call(() => raw.wrapPi(x));
}

/** ln(1 + eˣ) without cut-offs. */
export function softplus(x: number): number {
  return call(() => raw.softplus(x));
}

/** 1/(1 + e^(−x)), stable on both sides. */
export function sigmoid(x: number): number {
  return call(() => raw.sigmoid(x));
}
