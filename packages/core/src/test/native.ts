// How the native tests load the addon: through core's own loader and its adapters
// (`@backfire/core/native`), the way users load it. When the addon is missing:
// - BACKFIRE_FORCE_JS=1: the native suites are skipped, and say so;
// - no Rust toolchain on this machine (the build printed "native addon skipped"): skipped, and say
//   so — unless BACKFIRE_REQUIRE_NATIVE=1, which makes it a failure;
// - a Rust toolchain is present: the import error is thrown and every native test file fails
//   loudly (the build was supposed to produce the addon).
import { spawnSync } from 'node:child_process';
import { nativeLoadError, nativeStatus } from '../native/index.js';
import * as NativeModule from '../native/rust.js';

export type Native = typeof NativeModule;

/**
 * The generated binding as the tests poke it directly: any arguments, so a test can show what the
 * addon itself rejects (the generated declarations would refuse those calls at compile time).
 */
export interface RawBinding {
  RustStreamingKernel: new () => {
    streamTokens(...args: unknown[]): [Float64Array, ...unknown[]];
    streamScores(...args: unknown[]): [Float64Array, ...unknown[]];
  };
}

export const forcedJs = ['1', 'true'].includes((process.env.BACKFIRE_FORCE_JS ?? '').toLowerCase());

const requireNative = ['1', 'true'].includes(
  (process.env.BACKFIRE_REQUIRE_NATIVE ?? '').toLowerCase(),
);

export function hasCargo(): boolean {
  const r = spawnSync('cargo', ['--version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

export function loadNative(): Native | null {
  if (forcedJs) {
    console.warn('BACKFIRE_FORCE_JS=1: @backfire/native suites skipped (TypeScript kernel forced)');
    return null;
  }
  if (nativeStatus === 'loaded') return NativeModule;
  if (requireNative || hasCargo()) throw nativeLoadError;
  console.warn(
    'native addon not built (no Rust toolchain): @backfire/native suites skipped — ' +
      'set BACKFIRE_REQUIRE_NATIVE=1 to make this a failure',
  );
  return null;
}

/** A small deterministic PRNG (mulberry32), so every randomized case can be replayed by seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
