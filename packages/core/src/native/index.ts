import { loaded } from './addon.js';
import type { Backend, NativeAddon, NativeLoadStatus } from './loader.js';
import { UncheckedRustKnowledge } from './scoring/knowledge.js';
import { scoringRulesVersion } from './scoring/nli.js';
import { UncheckedRustScorer } from './scoring/scorer.js';

export { fromAddonError } from './errors.js';
export {
  type Backend,
  type LoadNativeOptions,
  loadNative,
  NATIVE_ABI_VERSION,
  NATIVE_PACKAGE,
  type NativeAddon,
  type NativeLoadResult,
  type NativeLoadStatus,
} from './loader.js';

/**
 * What core uses of the addon, adapted to core's types and errors: the scoring classes
 * (`InMemoryKnowledge` keeps its index in a `RustKnowledge`, `CoherenceScorer` scores through a
 * `RustCoherenceScorer`), in their unchecked form — core's classes check every argument before
 * they call them. The checked classes and the kernels are on `@backfire/core/native`, which the
 * root entry never loads.
 */
export interface NativeBinding {
  readonly ABI_VERSION: number;
  readonly version: string;
  scoringRulesVersion(): number;
  readonly RustKnowledge: typeof UncheckedRustKnowledge;
  readonly RustCoherenceScorer: typeof UncheckedRustScorer;
}

function adapt(addon: NativeAddon | null): NativeBinding | null {
  if (addon === null) return null;
  return Object.freeze({
    ABI_VERSION: addon.ABI_VERSION,
    version: addon.nativeVersion(),
    scoringRulesVersion,
    RustKnowledge: UncheckedRustKnowledge,
    RustCoherenceScorer: UncheckedRustScorer,
  });
}

const binding = adapt(loaded.binding);

/** True when `@backfire/native` loaded and matches this core's ABI. */
export const nativeAvailable: boolean = loaded.backend === 'native';

/**
 * Where each part of Backfire runs. The per-token kernel (`StreamMonitor`, `SafetyKernel`,
 * `StreamingKernel`, the guard) is always TypeScript, by design: it does ~5 ns of work per token
 * and a JS→Rust call costs ~340 ns, so a native per-token call would only be slower. The addon
 * pays where work comes in bulk: scoring whole sentences and retrieving evidence.
 */
export interface Backends {
  /**
   * `CoherenceScorer`'s built-in review (heuristic NLI and BM25 retrieval from an
   * `InMemoryKnowledge`, whose index lives in the addon too): `'native'` when the addon is loaded
   * and has the scoring classes. A scorer with another NLI or knowledge source scores in
   * TypeScript; `scorer.backend` says what one scorer really uses.
   */
  readonly scoring: Backend;
  /** The per-token kernel: always `'js'`. */
  readonly kernel: 'js';
}

/**
 * The version of the text and scoring rules (sentence splitting, the heuristic NLI, the
 * question-aware rules, the scorer) this core implements. The addon reports its own through
 * `scoringRulesVersion()`; an addon built from other rules leaves scoring on TypeScript rather than
 * answer differently. Bump both together (Rust: `backfire_core::scoring::SCORING_RULES_VERSION`).
 */
export const SCORING_RULES_VERSION = 5;

/** Whether the loaded addon scores by exactly this core's rules. */
export function hasScoring(binding: NativeBinding | NativeAddon | null): boolean {
  const b = binding as unknown as Record<string, unknown> | null;
  if (
    b === null ||
    typeof b['RustCoherenceScorer'] !== 'function' ||
    typeof b['RustKnowledge'] !== 'function' ||
    typeof b['scoringRulesVersion'] !== 'function'
  ) {
    return false;
  }
  return (b['scoringRulesVersion'] as () => unknown)() === SCORING_RULES_VERSION;
}

/** Where scoring and the kernel run (see `Backends`). */
export const backends: Backends = Object.freeze({
  scoring: hasScoring(loaded.binding) ? 'native' : 'js',
  kernel: 'js',
});

/**
 * The scoring backend: `'native'` when sentences are scored (and evidence retrieved) by the Rust
 * addon, `'js'` when by TypeScript. The same as `backends.scoring`. It does not describe the
 * per-token kernel, which is always TypeScript (`backends.kernel`).
 */
export const backend: Backend = backends.scoring;

/** Why native is or is not in use: `loaded`, `forced-js`, `missing` or `incompatible`. */
export const nativeStatus: NativeLoadStatus = loaded.status;

/** The reason the addon could not be used (null when it loaded or JS was forced). */
export const nativeLoadError: unknown = loaded.error;

/** The loaded binding (adapted: core's types and errors), or null on the JS backend. */
export function getNative(): NativeBinding | null {
  return binding;
}
