import type { PhysicsSeed } from '../index.js';
import { type RawPhysicsRng, raw } from './binding.js';
import { call } from './errors.js';

/**
 * xoshiro256++ seeded by SplitMix64 — the generator of every stochastic physics class, with the
 * same stream as @backfire/physics's `PhysicsRng`.
 */
export class PhysicsRng {
  /** The seed this generator was built from (the drawn one if none was given). */
  readonly seed: bigint;
  readonly #raw: RawPhysicsRng;

  constructor(seed?: PhysicsSeed) {
    this.#raw = call(() => new raw.PhysicsRng(seed));
    this.seed = this.#raw.seed;
  }

  /** The next raw 64-bit output. */
  nextU64(): bigint {
    return this.#raw.nextU64();
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number {
    return this.#raw.nextFloat();
  }

  /** Standard normal N(0, 1) (Marsaglia's polar method). */
  nextGaussian(): number {
    return this.#raw.nextGaussian();
  }
}
