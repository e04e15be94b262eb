import { PhysicsError } from './errors.js';

/**
 * A seed: a non-negative safe integer or a bigint in [0, 2^64). `undefined` means "draw one from the
 * platform's crypto source" — the only non-deterministic path, and the seed drawn is reported back.
 */
export type PhysicsSeed = number | bigint;

const MASK64 = (1n << 64n) - 1n;
const TWO_POW_53_INV = 1 / 9007199254740992;
const TWO_POW_21 = 2097152;

/** Normalises a seed to a u64 bigint, or throws naming `field`. */
export function normalizeSeed(field: string, seed: unknown): bigint {
  if (typeof seed === 'bigint') {
    if (seed < 0n || seed > MASK64) throw new PhysicsError(field, seed, 'must be in [0, 2^64)');
    return seed;
  }
  if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) return BigInt(seed);
  throw new PhysicsError(field, seed, 'must be a non-negative safe integer or a bigint below 2^64');
}

/** A fresh random u64 seed from `crypto.getRandomValues` (Node ≥ 19 and every edge runtime). */
export function randomSeed(): bigint {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (BigInt(words[0]!) << 32n) | BigInt(words[1]!);
}

/** One SplitMix64 output; advances `state` (returned as the new state). Used only for seeding. */
export function splitMix64(state: bigint): [next: bigint, output: bigint] {
  const s = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [s, z ^ (z >> 31n)];
}

/**
 * xoshiro256++ seeded by SplitMix64 — the one generator of every physics class, with the same
 * stream in Rust (`backfire_physics::PhysicsRng`). The 64-bit state lives in eight 32-bit halves so
 * a draw costs no BigInt arithmetic (BigInt is ~50× slower and would dominate a UPDE step).
 *
 * Streams: `nextU64` is the raw output; `nextFloat` is `(x >> 11) · 2^-53` in [0, 1);
 * `nextGaussian` is Marsaglia's polar method: u = 2U − 1, v = 2U − 1 until 0 < s = u² + v² < 1,
 * f = √(−2 ln s / s), returning u·f and keeping v·f for the next call (no sin/cos, which makes it
 * cheaper than Box–Muller on the UPDE hot path).
 */
export class PhysicsRng {
  /** The seed this generator was built from (the drawn one if none was given). */
  readonly seed: bigint;
  private h0 = 0;
  private l0 = 0;
  private h1 = 0;
  private l1 = 0;
  private h2 = 0;
  private l2 = 0;
  private h3 = 0;
  private l3 = 0;
  private spare = 0;
  private hasSpare = false;
  // The output halves of the last draw; avoids allocating a pair per draw.
  private outHi = 0;
  private outLo = 0;

  constructor(seed?: PhysicsSeed) {
    this.seed = seed === undefined ? randomSeed() : normalizeSeed('seed', seed);
    let state = this.seed;
    const words: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitMix64(state);
      state = next;
      words.push(out);
    }
    const hi = (w: bigint) => Number(w >> 32n) >>> 0;
    const lo = (w: bigint) => Number(w & 0xffffffffn) >>> 0;
    this.h0 = hi(words[0]!);
    this.l0 = lo(words[0]!);
    this.h1 = hi(words[1]!);
    this.l1 = lo(words[1]!);
    this.h2 = hi(words[2]!);
    this.l2 = lo(words[2]!);
    this.h3 = hi(words[3]!);
    this.l3 = lo(words[3]!);
  }

  private advance(): void {
    // result = rotl(s0 + s3, 23) + s0
    const sl = (this.l0 + this.l3) >>> 0;
    const sh = (this.h0 + this.h3 + (sl < this.l0 ? 1 : 0)) >>> 0;
    const rh = ((sh << 23) | (sl >>> 9)) >>> 0;
    const rl = ((sl << 23) | (sh >>> 9)) >>> 0;
    const ol = (rl + this.l0) >>> 0;
    this.outHi = (rh + this.h0 + (ol < rl ? 1 : 0)) >>> 0;
    this.outLo = ol;
    // t = s1 << 17
    const th = ((this.h1 << 17) | (this.l1 >>> 15)) >>> 0;
    const tl = (this.l1 << 17) >>> 0;
    this.h2 = (this.h2 ^ this.h0) >>> 0;
    this.l2 = (this.l2 ^ this.l0) >>> 0;
    this.h3 = (this.h3 ^ this.h1) >>> 0;
    this.l3 = (this.l3 ^ this.l1) >>> 0;
    this.h1 = (this.h1 ^ this.h2) >>> 0;
    this.l1 = (this.l1 ^ this.l2) >>> 0;
    this.h0 = (this.h0 ^ this.h3) >>> 0;
    this.l0 = (this.l0 ^ this.l3) >>> 0;
    this.h2 = (this.h2 ^ th) >>> 0;
    this.l2 = (this.l2 ^ tl) >>> 0;
    // s3 = rotl(s3, 45) = swap halves, then rotl by 13
    const h3 = this.h3;
    const l3 = this.l3;
    this.h3 = ((l3 << 13) | (h3 >>> 19)) >>> 0;
    this.l3 = ((h3 << 13) | (l3 >>> 19)) >>> 0;
  }

  /** The next raw 64-bit output (for tests and cross-language checks; slow: allocates a bigint). */
  nextU64(): bigint {
    this.advance();
    return (BigInt(this.outHi) << 32n) | BigInt(this.outLo);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number {
    this.advance();
    return (this.outHi * TWO_POW_21 + (this.outLo >>> 11)) * TWO_POW_53_INV;
  }

  /** Standard normal N(0, 1) (Marsaglia's polar method; both outputs used: u·f, then v·f). */
  nextGaussian(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    for (;;) {
      const u = 2 * this.nextFloat() - 1;
      const v = 2 * this.nextFloat() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        this.hasSpare = true;
        return u * f;
      }
    }
  }
}
