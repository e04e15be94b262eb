// How the native suites of every package treat the addon (each package's src/test/native.ts says
// what it loads; `loadAddon` applies the policy). When the addon is missing:
// - BACKFIRE_FORCE_JS=1: the native suites are skipped, and say so;
// - no Rust toolchain on this machine (the build printed "native addon skipped"): skipped, and say
//   so — unless BACKFIRE_REQUIRE_NATIVE=1, which makes it a failure;
// - a Rust toolchain is present: the import error is thrown and every native test file fails
//   loudly (the build was supposed to produce the addon).
import { spawnSync } from 'node:child_process';

const flag = (name: string) => ['1', 'true'].includes((process.env[name] ?? '').toLowerCase());

export const forcedJs = flag('BACKFIRE_FORCE_JS');

const requireNative = flag('BACKFIRE_REQUIRE_NATIVE');

export function hasCargo(): boolean {
  const r = spawnSync('cargo', ['--version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/** What loading the addon gave: the module, or the error the import failed with. */
export type Loaded<T> = { module: T } | { error: unknown };

export interface AddonSuites<T> {
  /** What the suites test, as the skip warnings name it (`@backfire/native`). */
  label: string;
  /** What runs instead when JS is forced, for the warning (`TypeScript kernel forced`). */
  forced: string;
  /** Loads the addon; not called when JS is forced. */
  load: () => Loaded<T>;
}

/** The addon for the native suites, or null when they are skipped (with a warning saying why). */
export function loadAddon<T>({ label, forced, load }: AddonSuites<T>): T | null {
  if (forcedJs) {
    console.warn(`BACKFIRE_FORCE_JS=1: ${label} suites skipped (${forced})`);
    return null;
  }
  const loaded = load();
  if ('module' in loaded) return loaded.module;
  if (requireNative || hasCargo()) throw loaded.error;
  console.warn(
    `native addon not built (no Rust toolchain): ${label} suites skipped — ` +
      'set BACKFIRE_REQUIRE_NATIVE=1 to make this a failure',
  );
  return null;
}
