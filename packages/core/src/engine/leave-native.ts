/**
 * Leaving native, in one place. The Rust engines cannot hold a lone surrogate (see `fitsRust`),
 * and a Rust scorer can only stand in for the built-in heuristic over a Rust index. When that
 * stops being true, the work moves to the TypeScript engine, which answers alike:
 *
 * - a knowledge index moves for good at the first write that does not fit Rust (its entries are
 *   replayed into a TypeScript index);
 * - a scorer moves for good when its heuristic is replaced after construction (a spy, a patch) or
 *   its store moves; a single review whose text does not fit Rust runs in TypeScript.
 */
import type { EvidenceChunk } from '../knowledge/types.js';
import type { Backend } from '../native/index.js';
import type { NliBackend } from '../nli/types.js';
import type { CoherenceScore } from '../scoring/types.js';
import type { NativeKnowledge } from './binding.js';
import { fitsRust } from './fits-rust.js';
import { isBuiltinHeuristic } from './heuristic.js';
import type { IndexedDocument, KnowledgeIndex } from './knowledge-index.js';
import type { RustKnowledgeIndex } from './rust-knowledge-index.js';
import type { Plan, ScoringEngine } from './scoring-engine.js';

/** A Rust knowledge index that moves to TypeScript for good at the first write Rust cannot take. */
export class LeavingKnowledgeIndex implements KnowledgeIndex {
  #index: KnowledgeIndex;
  #rust: RustKnowledgeIndex | null;

  constructor(rust: RustKnowledgeIndex) {
    this.#index = rust;
    this.#rust = rust;
  }

  get backend(): Backend {
    return this.#index.backend;
  }

  /** The addon's index while the store lives in Rust, for a Rust scorer to search. */
  get rustStore(): NativeKnowledge | null {
    return this.#rust?.store ?? null;
  }

  addFact(tenant: string, key: string, value: string): void {
    this.#admit(tenant, `${key}: ${value}`);
    this.#index.addFact(tenant, key, value);
  }

  addDocuments(documents: readonly IndexedDocument[]): void {
    if (this.#rust !== null) {
      for (const d of documents) this.#admit(d.id, d.text, d.source, d.tenant);
    }
    this.#index.addDocuments(documents);
  }

  remove(tenant: string, id: string): boolean {
    return this.#index.remove(tenant, id);
  }

  clear(tenant?: string): void {
    this.#index.clear(tenant);
  }

  get size(): number {
    return this.#index.size;
  }

  passageCount(tenant: string): number {
    return this.#index.passageCount(tenant);
  }

  retrieve(query: string, k: number, tenant: string): EvidenceChunk[] {
    return this.#index.retrieve(query, k, tenant);
  }

  #admit(...texts: string[]): void {
    if (this.#rust === null || fitsRust(...texts)) return;
    this.#index = this.#rust.toJs();
    this.#rust = null;
  }
}

/**
 * A Rust scorer with its TypeScript twin: each review runs in Rust while the Rust engine can
 * score it exactly as TypeScript would, else in TypeScript.
 */
export class LeavingScoringEngine implements ScoringEngine {
  #rust: ScoringEngine | null;
  readonly #js: ScoringEngine;
  readonly #nli: NliBackend;
  readonly #knowledge: LeavingKnowledgeIndex | null;

  constructor(
    rust: ScoringEngine,
    js: ScoringEngine,
    nli: NliBackend,
    knowledge: LeavingKnowledgeIndex | null,
  ) {
    this.#rust = rust;
    this.#js = js;
    this.#nli = nli;
    this.#knowledge = knowledge;
  }

  get backend(): Backend {
    return this.#engineFor().backend;
  }

  review(prompt: string, response: string, tenant: string | undefined): Plan<CoherenceScore> {
    return this.#engineFor(prompt, response, tenant).review(prompt, response, tenant);
  }

  reviewSegment(
    prompt: string,
    segment: string,
    previous: string,
    tenant: string | undefined,
  ): Plan<CoherenceScore> {
    return this.#engineFor(prompt, segment, previous, tenant).reviewSegment(
      prompt,
      segment,
      previous,
      tenant,
    );
  }

  #engineFor(...texts: (string | undefined)[]): ScoringEngine {
    const rust = this.#rust;
    if (rust === null) return this.#js;
    if (!isBuiltinHeuristic(this.#nli) || this.#knowledge?.backend === 'js') {
      // Replaced methods must run; a store that moved takes its scorer along.
      this.#rust = null;
      return this.#js;
    }
    return fitsRust(...texts) ? rust : this.#js;
  }
}
