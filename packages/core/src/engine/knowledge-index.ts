import type { EvidenceChunk } from '../knowledge/types.js';
import type { Backend } from '../native/index.js';

/** A document as the index stores it: validated, with its defaults filled in. */
export interface IndexedDocument {
  readonly id: string;
  readonly text: string;
  readonly source: string;
  /** `''` is the untenanted namespace. */
  readonly tenant: string;
}

/**
 * What `InMemoryKnowledge` keeps its facts and documents in: a BM25 index over tenant
 * namespaces, in TypeScript or in the Rust addon (see `openKnowledgeIndex`). Arguments arrive
 * validated; the untenanted namespace is the tenant `''`. Both implementations answer alike, bit
 * for bit.
 */
export interface KnowledgeIndex {
  /** Where the index lives now (a Rust index may move to TypeScript, see `leave-native.ts`). */
  readonly backend: Backend;
  /** Stores `"<key>: <value>"` under id `key` with source `fact`; re-adding an id replaces it. */
  addFact(tenant: string, key: string, value: string): void;
  /** Stores documents in order; re-adding an id replaces it. */
  addDocuments(documents: readonly IndexedDocument[]): void;
  remove(tenant: string, id: string): boolean;
  /** Removes everything, or one tenant's entries. */
  clear(tenant?: string): void;
  /** Facts and documents over all tenants. */
  readonly size: number;
  passageCount(tenant: string): number;
  retrieve(query: string, k: number, tenant: string): EvidenceChunk[];
}
