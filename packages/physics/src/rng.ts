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
 * a draw costs no BigInt arithmetic (BigInt would dominate a UPDE step).
 *
 * Streams: `nextU64` is the raw output; `nextFloat` is `(x >> 11) · 2^-53` in [0, 1);
 * `nextGaussian` is Marsaglia's polar method: u = 2U − 1, v = 2U − 1 until 0 < s = u² + v² < 1,
 * f = √(−2 ln s / s), returning u·f and keeping v·f for the next call (no sin/cos, which makes it
 * cheaper than Box–Muller on the UPDE hot path).
 */
export class PhysicsRng {
  /** The seed this generator was built from (the drawn one if none was given). */
  readonly seed: bigint;
  // The state words as (hi, lo) int32 pairs s0..s3, and the last output as (hi, lo) uint32. Typed
  // arrays keep V8 from boxing 32-bit values above 2³¹ into heap numbers on every store.
  private readonly s = new Int32Array(8);
  private readonly out = new Uint32Array(2);
  private spare = 0;
  private hasSpare = false;

  constructor(seed?: PhysicsSeed) {
    this.seed = seed === undefined ? randomSeed() : normalizeSeed('seed', seed);
    let state = this.seed;
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitMix64(state);
      state = next;
      this.s[2 * i] = Number(out >> 32n) | 0;
      this.s[2 * i + 1] = Number(out & 0xffffffffn) | 0;
    }
  }

  /** Advances the state; returns the top 53 bits of the output (and keeps both halves in `out`). */
  private advance(): number {
    const s = this.s;
    const h0 = s[0]!;
    const l0 = s[1]!;
    const h1 = s[2]!;
    const l1 = s[3]!;
    const h2 = s[4]!;
    const l2 = s[5]!;
    const h3 = s[6]!;
    const l3 = s[7]!;
    // result = rotl(s0 + s3, 23) + s0, with the carries of the low words done unsigned
    const sl = (l0 + l3) | 0;
    const sh = (h0 + h3 + (sl >>> 0 < l0 >>> 0 ? 1 : 0)) | 0;
    const rh = (sh << 23) | (sl >>> 9);
    const rl = (sl << 23) | (sh >>> 9);
    const ol = (rl + l0) | 0;
    const oh = (rh + h0 + (ol >>> 0 < rl >>> 0 ? 1 : 0)) >>> 0;
    this.out[0] = oh;
    this.out[1] = ol;
    // t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
    const th = (h1 << 17) | (l1 >>> 15);
    const tl = l1 << 17;
    const nh2 = h2 ^ h0;
    const nl2 = l2 ^ l0;
    const nh3 = h3 ^ h1;
    const nl3 = l3 ^ l1;
    s[0] = h0 ^ nh3;
    s[1] = l0 ^ nl3;
    s[2] = h1 ^ nh2;
    s[3] = l1 ^ nl2;
    s[4] = nh2 ^ th;
    s[5] = nl2 ^ tl;
    // rotl by 45 = swap the halves, then rotl by 13
    s[6] = (nl3 << 13) | (nh3 >>> 19);
    s[7] = (nh3 << 13) | (nl3 >>> 19);
    return oh * TWO_POW_21 + (ol >>> 11);
  }

  /** The next raw 64-bit output (for tests and cross-language checks; slow: allocates a bigint). */
  nextU64(): bigint {
    this.advance();
    return (BigInt(this.out[0]!) << 32n) | BigInt(this.out[1]!);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number {
    return this.advance() * TWO_POW_53_INV;
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
