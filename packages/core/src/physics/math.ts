/** 2π. */
export const TAU = 2 * Math.PI;

/**
 * θ reduced to [0, 2π). `%` is an exact remainder in both JS and Rust, so this is bit-identical in
 * both; the final guard catches a tiny negative input whose `+ 2π` rounds up to exactly 2π.
 */
export function wrapPhase(x: number): number {
  // Fast paths for the common cases; both give exactly what `%` would (x − 2π is exact for x in
  // [2π, 4π) by Sterbenz's lemma), and `%` on doubles is a slow fmod call.
  if (x >= 0 && x < TAU) return x;
  if (x >= TAU && x < 2 * TAU) return x - TAU;
  let r = x % TAU;
  if (r < 0) r += TAU;
  return r >= TAU ? 0 : r;
}

/** x reduced to [−π, π): the shortest signed angle of a phase difference. */
export function wrapPi(x: number): number {
  return wrapPhase(x + Math.PI) - Math.PI;
}

/**
 * Kuramoto order parameter R = |mean exp(iθ)| in [0, 1]; 0 for an empty vector. `sqrt(s² + c²)`
 * rather than `hypot`: both terms are ≤ 1 so nothing can overflow, and sqrt is correctly rounded
 * in every language, which keeps Rust and TS bit-identical here.
 */
export function orderParameter(theta: ArrayLike<number>): number {
  const n = theta.length;
  if (n === 0) return 0;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    s += Math.sin(theta[i]!);
    c += Math.cos(theta[i]!);
  }
  s /= n;
  c /= n;
  const r = Math.sqrt(s * s + c * c);
  return Math.min(r, 1);
}

/** Circular mean ψ = atan2(mean sin θ, mean cos θ). */
export function circularMean(theta: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < theta.length; i++) {
    s += Math.sin(theta[i]!);
    c += Math.cos(theta[i]!);
  }
  return Math.atan2(s / theta.length, c / theta.length);
}

/** softplus(x) = ln(1 + eˣ) in the stable form max(x, 0) + log1p(e^(−|x|)) — no cut-offs. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** The logistic σ(x) = 1/(1 + e^(−x)), evaluated so neither branch overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
