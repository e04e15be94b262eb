import type { NativeAddon as NativeAddonModule } from '@backfire/native';
import { BackfireError } from '../errors/errors.js';

/** Which implementation runs a part of Backfire: the Rust addon (`'native'`) or TypeScript (`'js'`). */
export type Backend = 'native' | 'js';

/** The binding ABI this version of core understands; `@backfire/native` exports the same number. */
export const NATIVE_ABI_VERSION = 1;

/** The package core loads when it is installed. */
export const NATIVE_PACKAGE = '@backfire/native';

/**
 * What `require('@backfire/native')` returns: the generated binding, typed by the declarations
 * `napi build` writes. Type-only, so core builds and runs without the addon, while a renamed or
 * changed Rust signature fails core's type check (the adapters in ./scoring and ./kernel call it).
 */
export type NativeAddon = NativeAddonModule;

/** Why the native backend is or is not in use. */
export type NativeLoadStatus = 'loaded' | 'forced-js' | 'missing' | 'incompatible';

export interface NativeLoadResult {
  readonly backend: Backend;
  readonly binding: NativeAddon | null;
  readonly status: NativeLoadStatus;
  /** Why the addon could not be used (`null` when it loaded or JS was forced). */
  readonly error: unknown;
}

export interface LoadNativeOptions {
  /** Environment to read `BACKFIRE_FORCE_JS` / `BACKFIRE_REQUIRE_NATIVE` from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Module loader (default: Node's `createRequire` for this file). A test seam. */
  require?: (id: string) => unknown;
}

function flag(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true';
}

type NodeProcess = {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
};

function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

// `process.getBuiltinModule` (Node ≥ 20.16) instead of a static `import 'node:module'`, so this
// module also loads on edge runtimes and in browsers, where it reports the JS backend.
function defaultRequire(): (id: string) => unknown {
  const mod = nodeProcess()?.getBuiltinModule?.('node:module') as
    | { createRequire?: (from: string) => (id: string) => unknown }
    | undefined;
  if (typeof mod?.createRequire !== 'function') {
    throw new Error('node:module is not available (not Node.js, or Node.js older than 20.16)');
  }
  return mod.createRequire(import.meta.url);
}

/** Checks what `require('@backfire/native')` returned; returns the problem, or null when usable. */
function incompatibility(mod: unknown): string | null {
  if (mod === null || typeof mod !== 'object') return `${NATIVE_PACKAGE} exported ${typeof mod}`;
  const m = mod as Record<string, unknown>;
  if (m.ABI_VERSION !== NATIVE_ABI_VERSION) {
    return `${NATIVE_PACKAGE} has ABI ${String(m.ABI_VERSION)}, this @backfire/core needs ABI ${NATIVE_ABI_VERSION} (install matching versions)`;
  }
  for (const name of ['RustStreamingKernel', 'RustSafetyKernel'] as const) {
    if (typeof m[name] !== 'function') return `${NATIVE_PACKAGE} does not export ${name}`;
  }
  return null;
}

/**
 * Decides the backend: `BACKFIRE_FORCE_JS=1` forces TypeScript (it wins over everything);
 * otherwise `@backfire/native` is required in a try/catch and checked (ABI, classes). When it
 * cannot be used, the TypeScript kernel runs — unless `BACKFIRE_REQUIRE_NATIVE=1`, which turns that
 * into a `BackfireError` with code `BACKFIRE_NATIVE` (its `cause` says why).
 */
export function loadNative(options: LoadNativeOptions = {}): NativeLoadResult {
  const env = options.env ?? nodeProcess()?.env ?? {};
  if (flag(env.BACKFIRE_FORCE_JS)) {
    return { backend: 'js', binding: null, status: 'forced-js', error: null };
  }
  let result: NativeLoadResult;
  try {
    const req = options.require ?? defaultRequire();
    const mod = req(NATIVE_PACKAGE);
    const problem = incompatibility(mod);
    result =
      problem === null
        ? { backend: 'native', binding: mod as NativeAddon, status: 'loaded', error: null }
        : { backend: 'js', binding: null, status: 'incompatible', error: new Error(problem) };
  } catch (error) {
    result = { backend: 'js', binding: null, status: 'missing', error };
  }
  if (result.binding === null && flag(env.BACKFIRE_REQUIRE_NATIVE)) {
    const detail = result.error instanceof Error ? result.error.message : String(result.error);
    throw new BackfireError(
      'BACKFIRE_NATIVE',
      `BACKFIRE_REQUIRE_NATIVE=1 but ${NATIVE_PACKAGE} cannot be used (${result.status}): ${detail}`,
      { cause: result.error },
    );
  }
  return result;
}
