import { getNative, hasScoring, type NativeBinding } from '../native/index.js';

/** The addon's knowledge index, as core adapts it (`native/scoring/knowledge.ts`). */
export type NativeKnowledge = InstanceType<NativeBinding['RustKnowledge']>;

/** The addon's scorer, as core adapts it (`native/scoring/scorer.ts`). */
export type NativeScorer = InstanceType<NativeBinding['RustCoherenceScorer']>;

/**
 * The loaded addon when it scores by exactly this core's rules (see `hasScoring`), or null: on
 * the JS backend, or with an addon built from other rules, everything stays on TypeScript.
 */
export function nativeScoring(): NativeBinding | null {
  const binding = getNative();
  return hasScoring(binding) ? binding : null;
}
