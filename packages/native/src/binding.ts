// Loads the generated Node-API loader (`../index.js`, written by `napi build`). Its declarations
// (`../index.d.ts`) are committed with it, so this package and @backfire/core type-check against
// the addon's real signatures even on a machine that never built the Rust code.
import type * as Generated from '../index.js';

/** Everything the addon exports, as `napi build` declares it. */
export type NativeAddon = typeof Generated;

/**
 * The generated loader throws `Cannot find native binding` when no `.node` file matches this
 * platform (or the addon was never built). That is rethrown as a plain `Error` with code
 * `BACKFIRE_NATIVE`: this package depends on nothing of ours, so it has no error classes of its
 * own; @backfire/core recognises the code.
 */
function loadBinding(): NativeAddon {
  try {
    return require('../index.js') as NativeAddon;
  } catch (cause) {
    const err = new Error(
      '@backfire/native: the Rust addon is not available on this platform or was not built ' +
        '(run `pnpm build` with a Rust toolchain, or install a prebuilt @backfire/native-<platform> package). ' +
        '@backfire/core falls back to its TypeScript kernel on its own.',
      { cause },
    ) as Error & { code: string };
    err.name = 'BackfireError';
    err.code = 'BACKFIRE_NATIVE';
    throw err;
  }
}

/** The addon, loaded when this package is first imported (throws `BACKFIRE_NATIVE` when absent). */
export const native: NativeAddon = loadBinding();
