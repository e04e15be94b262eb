// How the addon tests load `@backfire/physics/native` (src/native/index.ts, which loads the
// addon from the installed `@backfire/native`). When the addon is missing:
// - BACKFIRE_FORCE_JS=1: the addon suites are skipped, and say so;
// - no Rust toolchain on this machine (the build printed "native addon skipped"): skipped, and say
//   so — unless BACKFIRE_REQUIRE_NATIVE=1, which makes it a failure;
// - a Rust toolchain is present: the import error is thrown and every addon test file fails
//   loudly (the build was supposed to produce the addon).
import { spawnSync } from 'node:child_process';
import type * as NativeModule from '../native/index.js';

export type Native = typeof NativeModule;

export const forcedJs = ['1', 'true'].includes((process.env.BACKFIRE_FORCE_JS ?? '').toLowerCase());

const requireNative = ['1', 'true'].includes(
  (process.env.BACKFIRE_REQUIRE_NATIVE ?? '').toLowerCase(),
);

export function hasCargo(): boolean {
  const r = spawnSync('cargo', ['--version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

// The module loads the addon on import, so it is imported once here (an ES module cannot be
// loaded synchronously from TypeScript sources under vitest); `loadNative` applies the policy.
const imported: { module: Native } | { error: unknown } = forcedJs
  ? { error: undefined }
  : await import('../native/index.js').then(
      (module) => ({ module }),
      (error: unknown) => ({ error }),
    );

export function loadNative(): Native | null {
  if (forcedJs) {
    console.warn(
      'BACKFIRE_FORCE_JS=1: @backfire/physics/native suites skipped (TypeScript forced)',
    );
    return null;
  }
  if ('module' in imported) return imported.module;
  if (requireNative || hasCargo()) throw imported.error;
  console.warn(
    'native addon not built (no Rust toolchain): @backfire/physics/native suites skipped — ' +
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
