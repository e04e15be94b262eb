import { findUnknownKey } from '@backfire/core';
import { PhysicsError } from './errors.js';

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

export function finite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PhysicsError(field, value, 'must be a finite number');
  }
  return value;
}

export function positive(field: string, value: unknown): number {
  const v = finite(field, value);
  if (!(v > 0)) throw new PhysicsError(field, value, 'must be > 0');
  return v;
}

export function nonNegative(field: string, value: unknown): number {
  const v = finite(field, value);
  if (v < 0) throw new PhysicsError(field, value, 'must be ≥ 0');
  return v;
}

export function unitInterval(field: string, value: unknown): number {
  const v = finite(field, value);
  if (v < 0 || v > 1) throw new PhysicsError(field, value, 'must be in [0, 1]');
  return v;
}

export function integer(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new PhysicsError(field, value, `must be an integer ≥ ${min}`);
  }
  return value;
}

export function boolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new PhysicsError(field, value, 'must be a boolean');
  return value;
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new PhysicsError(
      field,
      value,
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
    );
  }
  return value as T;
}

/**
 * Copies a vector argument into a fresh `Float64Array`, checking that it is array-like, has the
 * expected length (when given) and holds only finite numbers. The copy means later mutation of
 * the caller's array cannot reach into an object's state.
 */
export function vector(field: string, value: unknown, length?: number): Float64Array {
  if (!(value instanceof Float64Array) && !Array.isArray(value)) {
    throw new PhysicsError(field, value, 'must be a Float64Array or an array of numbers');
  }
  const src = value as ArrayLike<unknown>;
  if (length !== undefined && src.length !== length) {
    throw new PhysicsError(`${field}.length`, src.length, `must be ${length}`);
  }
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = finite(`${field}[${i}]`, src[i]);
  return out;
}

/** Like `vector`, for a square matrix `{ n, data }`; `n` must match `expectedN` when given. */
export function matrix(field: string, value: unknown, expectedN?: number): SquareMatrix {
  if (typeof value !== 'object' || value === null) {
    throw new PhysicsError(field, value, 'must be a matrix { n, data }');
  }
  const m = value as { n?: unknown; data?: unknown };
  const n = integer(`${field}.n`, m.n, 1);
  if (expectedN !== undefined && n !== expectedN) {
    throw new PhysicsError(`${field}.n`, n, `must be ${expectedN}`);
  }
  return { n, data: vector(`${field}.data`, m.data, n * n) };
}

/** Rejects option keys the class does not know, so a typo is an error rather than a default. */
export function knownKeys(field: string, value: object, allowed: readonly string[]): void {
  const unknown = findUnknownKey(value, allowed);
  if (unknown === undefined) return;
  const { key, suggestion } = unknown;
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  throw new PhysicsError(`${field}.${key}`, key, `is not a known option${hint}`);
}

export function options<T extends object>(field: string, value: unknown): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PhysicsError(field, value, 'must be an options object');
  }
  return value as Partial<T>;
}
