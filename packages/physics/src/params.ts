import type { SquareMatrix } from './validate.js';

/**
 * The reference's 16 natural frequencies Ω (rad/s). They come from the reference project's own
 * framework and have no empirical basis; they are kept as defaults so numbers stay comparable.
 */
export const DEFAULT_OMEGA: readonly number[] = Object.freeze([
  1.329,
  251.327,
  0.628,
  31.416,
  6.283,
  49.199,
  3142 / 1000, // the table's 3.142 (not π); written as a ratio so the linter does not "fix" it
  0.105,
  1.571,
  0.942,
  0.209,
  0.042,
  0.013,
  0.006,
  0.003,
  0.991,
]);

/** `DEFAULT_OMEGA` as a fresh Float64Array. */
export function defaultOmega(): Float64Array {
  return Float64Array.from(DEFAULT_OMEGA);
}

/**
 * The reference's 16×16 coupling matrix: K_nm = 0.45·e^(−0.3|n−m|), then fixed values on a few
 * pairs (set symmetrically), then symmetrised with a zero diagonal. Symmetric and non-negative.
 */
export function defaultKnm(): SquareMatrix {
  const n = 16;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j) k[i * n + j] = 0.45 * Math.exp(-0.3 * Math.abs(i - j));
  }
  const fixed: [number, number, number][] = [
    [0, 1, 0.302],
    [1, 2, 0.201],
    [2, 3, 0.252],
    [3, 4, 0.154],
    [0, 15, 0.05],
    [4, 6, 0.15],
  ];
  for (const [i, j, v] of fixed) {
    k[i * n + j] = v;
    k[j * n + i] = v;
  }
  // Already symmetric; the averaging is kept so user code copying this recipe stays symmetric.
  for (let i = 0; i < n; i++) {
    k[i * n + i] = 0;
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (k[i * n + j]! + k[j * n + i]!);
      k[i * n + j] = v;
      k[j * n + i] = v;
    }
  }
  return { n, data: k };
}
