/**
 * @backfire/native — Backfire's kernel in Rust (Node-API). The classes have the seed's names and
 * @backfire/core's semantics; @backfire/core loads this package on its own when it is installed
 * and built for the platform. Importing it where the addon is missing throws a `BackfireError`
 * with code `BACKFIRE_NATIVE`.
 */
import { native } from './binding.js';

export type { HaltKind, HaltMode } from './binding.js';
export {
  BackfireConfig,
  type BackfireConfigFields,
  type BackfireConfigInit,
  type BackfirePresetName,
} from './config.js';
export {
  BackfireConfigError,
  BackfireError,
  type BackfireErrorCode,
  BackfireInputError,
  BackfireStreamError,
} from './errors.js';
export {
  type KernelOptions,
  type MonitorOptions,
  RustSafetyKernel,
  RustStreamingKernel,
  RustStreamMonitor,
  type ScoreCallback,
  type TokenContext,
} from './kernel.js';
/** The scoring stack: tokenizer, heuristic NLI, BM25 knowledge, coherence scorer. */
export * from './scoring/index.js';
export { NativeStreamSession, type NativeStreamSessionJSON, type TokenEvent } from './session.js';

/** The binding ABI; @backfire/core checks it before using the addon. */
export const ABI_VERSION: number = native.ABI_VERSION;

/** Version of the Rust crates the addon was built from. */
export const version: string = native.nativeVersion();
