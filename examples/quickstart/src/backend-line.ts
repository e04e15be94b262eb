/**
 * The demo's line about where Backfire runs. Sentence scoring (and evidence retrieval) runs in the
 * Rust addon when it is built, in TypeScript otherwise; the per-token kernel always runs in
 * TypeScript (a call into Rust costs more than the kernel's work on one token).
 */
import type { Backend, NativeLoadStatus } from '@backfire/core';

/** How to build the addon (the demo itself never waits for the Rust build). */
export const BUILD_ADDON = 'pnpm --filter @backfire/native build';

// BENCHMARKS.md, "review, a new sentence each call, 10,000-passage KB" (p50, 2-core AMD EPYC,
// Node 20): native 22.27 µs, TypeScript 92.72 µs.
const NATIVE_US = 22;
const JS_US = 93;

export interface BackendInfo {
  /** core's `nativeStatus`. */
  readonly status: NativeLoadStatus;
  /** core's `backends.scoring` (`backend`). */
  readonly scoring: Backend;
  /** core's `nativeLoadError`: why the addon could not be used. */
  readonly error?: unknown;
}

/** One line: where scoring runs, that the kernel is TypeScript, and how to get the addon. */
export function backendLine({ status, scoring, error }: BackendInfo): string {
  const kernel = 'kernel: TypeScript';
  if (scoring === 'native') {
    return `scoring: native (Rust addon) · ${kernel} · a review against 10,000 passages takes ${NATIVE_US} µs here, ${JS_US} µs in TypeScript`;
  }
  const build = `\`${BUILD_ADDON}\` (needs Rust, ~2–3 min once) makes a review against 10,000 passages 4× faster (${NATIVE_US} µs instead of ${JS_US} µs)`;
  switch (status) {
    case 'forced-js':
      return `scoring: js (TypeScript, BACKFIRE_FORCE_JS=1) · ${kernel}`;
    case 'missing':
      return `scoring: js (TypeScript) · ${kernel} · the Rust addon is not built: ${build}`;
    case 'incompatible':
      return `scoring: js (TypeScript) · ${kernel} · the Rust addon cannot be used (${reason(error)}): ${build}`;
    case 'loaded':
      return `scoring: js (TypeScript) · ${kernel} · the loaded Rust addon has no scoring classes: ${build}`;
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
