// How the native tests load the addon. They test the built package (dist/ + the .node file) the
// way users load it. When the addon is missing the import throws BACKFIRE_NATIVE and every native
// test file fails loudly — unless BACKFIRE_FORCE_JS=1, the documented "no Rust here" mode, in which
// the native suites are skipped and say so.
import { createRequire } from 'node:module';
import type * as NativeModule from '../src/index.js';

export type Native = typeof NativeModule;

export const forcedJs = ['1', 'true'].includes((process.env.BACKFIRE_FORCE_JS ?? '').toLowerCase());

export function loadNative(): Native | null {
  if (forcedJs) {
    console.warn('BACKFIRE_FORCE_JS=1: @backfire/native suites skipped (TypeScript kernel forced)');
    return null;
  }
  return createRequire(import.meta.url)('../dist/index.js') as Native;
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
