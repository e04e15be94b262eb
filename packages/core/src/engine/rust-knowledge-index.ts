import type { EvidenceChunk } from '../knowledge/types.js';
import type { NativeBinding } from '../native/index.js';
import type { NativeKnowledge } from './binding.js';
import { JsKnowledgeIndex } from './bm25-index.js';
import { fitsRust } from './fits-rust.js';
import type { IndexedDocument, KnowledgeIndex } from './knowledge-index.js';

/** What was stored under one id: replayed into a TypeScript index if the store leaves Rust. */
interface Entry {
  readonly text: string;
  readonly source: string;
}

function tenantOption(tenant: string): { tenant?: string } {
  return tenant === '' ? {} : { tenant };
}

/**
 * The knowledge index kept in the Rust addon (`RustKnowledge`). It holds only strings Rust can
 * take (see `fitsRust`): a lookup by an id or tenant that does not fit finds nothing, because
 * nothing like it was ever stored here. Beside the Rust index it keeps a journal of the live
 * entries, so that `toJs()` can rebuild the same store in TypeScript.
 */
export class RustKnowledgeIndex implements KnowledgeIndex {
  readonly backend = 'native';
  /** The addon's index, also what a Rust scorer searches (see `openScoringEngine`). */
  readonly store: NativeKnowledge;
  /** Every live entry by tenant, in the order the TypeScript index would hold them. */
  readonly #journal = new Map<string, Map<string, Entry>>();

  constructor(binding: NativeBinding) {
    this.store = new binding.RustKnowledge();
  }

  addFact(tenant: string, key: string, value: string): void {
    this.store.addFact(key, value, tenantOption(tenant));
    this.#record(tenant, key, { text: `${key}: ${value}`, source: 'fact' });
  }

  addDocuments(documents: readonly IndexedDocument[]): void {
    // One crossing for the whole batch.
    this.store.addDocuments(
      documents.map((d) => ({
        id: d.id,
        text: d.text,
        source: d.source,
        tenant: d.tenant === '' ? undefined : d.tenant,
      })),
    );
    for (const d of documents) this.#record(d.tenant, d.id, { text: d.text, source: d.source });
  }

  remove(tenant: string, id: string): boolean {
    if (!fitsRust(id, tenant)) return false;
    const entries = this.#journal.get(tenant);
    entries?.delete(id);
    if (entries?.size === 0) this.#journal.delete(tenant);
    return this.store.remove(id, tenantOption(tenant));
  }

  clear(tenant?: string): void {
    if (tenant === undefined) {
      this.#journal.clear();
      this.store.clear();
    } else if (fitsRust(tenant)) {
      this.#journal.delete(tenant);
      this.store.clear({ tenant });
    }
  }

  get size(): number {
    return this.store.size;
  }

  passageCount(tenant: string): number {
    return fitsRust(tenant) ? this.store.passageCount(tenantOption(tenant)) : 0;
  }

  retrieve(query: string, k: number, tenant: string): EvidenceChunk[] {
    if (tenant === '') return this.store.retrieve(query, { k });
    return fitsRust(tenant) ? this.store.retrieve(query, { k, tenant }) : [];
  }

  /**
   * The same store in TypeScript: the live entries replayed in their order of insertion, which
   * rebuilds postings in the order the TypeScript index would have (so equal scores still rank
   * alike).
   */
  toJs(): JsKnowledgeIndex {
    const js = new JsKnowledgeIndex();
    for (const [tenant, entries] of this.#journal) {
      js.addDocuments(
        [...entries].map(([id, e]) => ({ id, text: e.text, source: e.source, tenant })),
      );
    }
    return js;
  }

  /** Re-adding an id moves it last, as in the TypeScript index. */
  #record(tenant: string, id: string, entry: Entry): void {
    let entries = this.#journal.get(tenant);
    if (entries === undefined) {
      entries = new Map();
      this.#journal.set(tenant, entries);
    }
    entries.delete(id);
    entries.set(id, entry);
  }
}
