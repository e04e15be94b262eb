/**
 * The one place that chooses between the TypeScript and the Rust engine. Everything else in core
 * talks to a `KnowledgeIndex` or a `ScoringEngine` and never asks which one it has.
 */

import type { KnowledgeSource } from '../knowledge/types.js';
import type { Grounding, NliBackend } from '../nli/types.js';
import { nativeScoring } from './binding.js';
import { JsKnowledgeIndex } from './bm25-index.js';
import { isBuiltinHeuristic } from './heuristic.js';
import type { KnowledgeIndex } from './knowledge-index.js';
import { LeavingKnowledgeIndex, LeavingScoringEngine } from './leave-native.js';
import { RustKnowledgeIndex } from './rust-knowledge-index.js';
import { RustScoringEngine } from './rust-scoring-engine.js';
import type { ScoringEngine } from './scoring-engine.js';

/** Rust indexes by the store that opened them, with the prototype the Rust scorer implements. */
const rustIndexes = new WeakMap<
  object,
  { readonly index: LeavingKnowledgeIndex; readonly prototype: object }
>();

/**
 * The index behind an `InMemoryKnowledge`: in Rust when `native` and the addon is loaded, else
 * TypeScript. `owner` is the store, remembered so that a scorer can score against the same Rust
 * index — as long as the store's prototype is still `builtIn` (a subclass may answer differently).
 */
export function openKnowledgeIndex(
  owner: object,
  builtIn: object,
  native: boolean,
): KnowledgeIndex {
  const binding = native ? nativeScoring() : null;
  if (binding === null) return new JsKnowledgeIndex();
  const index = new LeavingKnowledgeIndex(new RustKnowledgeIndex(binding));
  rustIndexes.set(owner, { index, prototype: builtIn });
  return index;
}

/** What a scorer scores with; the engine reads every setting from here. */
export interface ScoringSettings {
  readonly config: { toJSON(): object };
  readonly knowledge: KnowledgeSource | undefined;
  readonly nli: NliBackend;
  readonly evidenceK: number;
  readonly answerPrior: number;
  readonly maxResponseChars: number;
  readonly grounding: Grounding;
}

/**
 * A scorer's engine: `js`, the TypeScript engine, when `native` is false or the work is not what
 * Rust implements — a configured NLI model, a subclassed or patched heuristic, any knowledge
 * source but an `InMemoryKnowledge` (exactly that class) whose index lives in Rust. Otherwise the
 * Rust engine, with `js` standing by for what Rust cannot score (see `leave-native.ts`).
 */
export function openScoringEngine(
  settings: ScoringSettings,
  native: boolean,
  js: ScoringEngine,
): ScoringEngine {
  const binding = native ? nativeScoring() : null;
  if (binding === null) return js;
  const nli = settings.nli;
  if (!isBuiltinHeuristic(nli)) return js;
  const kb = settings.knowledge;
  let index: LeavingKnowledgeIndex | null = null;
  if (kb !== undefined) {
    const opened = rustIndexes.get(kb);
    if (opened === undefined || Object.getPrototypeOf(kb) !== opened.prototype) return js;
    index = opened.index;
  }
  const store = index?.rustStore ?? null;
  if (index !== null && store === null) return js;
  const rust = new binding.RustCoherenceScorer({
    config: settings.config,
    ...(store === null ? {} : { knowledge: store }),
    evidenceK: settings.evidenceK,
    answerPrior: settings.answerPrior,
    maxResponseChars: settings.maxResponseChars,
    specifics: nli.specifics,
    grounding: settings.grounding,
  });
  return new LeavingScoringEngine(new RustScoringEngine(rust), js, nli, index);
}
