/**
 * @backfire/native — Backfire's Rust crates as a Node-API addon. This entry is the generated
 * binding (`index.js` / `index.d.ts`, written by `napi build`) and nothing more: the classes keep
 * the seed's names and take and return what the Rust side speaks (flat arrays, `Float64Array`s,
 * plain `Error`s with a `code`). @backfire/core owns the types, the errors and the sessions, and
 * adapts this binding when it loads it (`@backfire/core/native`). Importing this package where the
 * addon is missing throws an `Error` with code `BACKFIRE_NATIVE`.
 */
// First, so a missing addon throws BACKFIRE_NATIVE before '../index.js' is required below.
import { native } from './binding.js';

// Everything `napi build` generated: the kernel, config and scoring classes, the physics classes
// (`UPDEStepper`, `SSGFEngine`, …, wrapped by `@backfire/physics/native`) and the functions.
export * from '../index.js';
export type { NativeAddon } from './binding.js';

/** Version of the Rust crates the addon was built from. */
export const version: string = native.nativeVersion();
