/**
 * `@backfire/core/native` — the Rust classes of `@backfire/native` with core's types, errors and
 * sessions: the reference implementation's names (`BackfireConfig`, `RustSafetyKernel`,
 * `RustStreamingKernel`, `RustCoherenceScorer`, `RustKnowledge`, …) with the semantics of core's
 * TypeScript classes, pinned by the same golden vectors. The root entry never needs them (core
 * picks the engine on its own); they are for direct use, batches and parity. Constructing one
 * without the addon throws a `BackfireError` with code `BACKFIRE_NATIVE`.
 */

import { BackfireStreamError as StreamError } from '../errors/errors.js';
import { loaded } from './addon.js';
import type { NativeStreamSession } from './kernel/session.js';

export { BackfireConfigError, BackfireError, BackfireInputError } from '../errors/errors.js';

/** Core's `BackfireStreamError`; here its `session` is a `NativeStreamSession` by default. */
export const BackfireStreamError = StreamError;
export type BackfireStreamError<S = NativeStreamSession> = StreamError<S>;
export { BackfireConfig } from './kernel/config.js';
export { RustSafetyKernel, RustStreamingKernel, RustStreamMonitor } from './kernel/kernel.js';
export { NativeStreamSession, type NativeStreamSessionJSON } from './kernel/session.js';
export { RustKnowledge } from './scoring/knowledge.js';
export { analyzeText, RustHeuristicNli, scoringRulesVersion } from './scoring/nli.js';
export {
  RustCoherenceScorer,
  type RustCoherenceScorerOptions,
  type RustSegmentOptions,
} from './scoring/scorer.js';

/** The binding ABI of the loaded addon (core checked it against `NATIVE_ABI_VERSION`). */
export const ABI_VERSION: number | undefined = loaded.binding?.ABI_VERSION;

/** Version of the Rust crates the loaded addon was built from. */
export const version: string | undefined = loaded.binding?.nativeVersion();
