import type { RustKnowledge as AddonKnowledge } from '@backfire/native';
import { check, checkInteger } from '../../internal/check.js';
import { checkString, checkTenant, validateDocument } from '../../internal/knowledge-checks.js';
import type { KnowledgeDocument, TenantOptions } from '../../knowledge/in-memory.js';
import type { EvidenceChunk, RetrieveOptions } from '../../knowledge/types.js';
import { addon } from '../addon.js';
import { callAddon } from '../errors.js';
import { chunksFrom } from './decode.js';

let addonOf: (k: UncheckedRustKnowledge) => AddonKnowledge;

/**
 * The addon's BM25 store with core's vocabulary (option objects in, `EvidenceChunk`s out, core's
 * errors), trusting its caller's arguments: `InMemoryKnowledge` checks them before it gets here,
 * which keeps the checks (and their bytes) out of core's root entry. `RustKnowledge` is the checked
 * public class.
 */
export class UncheckedRustKnowledge {
  readonly #raw: AddonKnowledge = new (addon().RustKnowledge)();

  static {
    addonOf = (k) => k.#raw;
  }

  addFact(key: string, value: string, options: TenantOptions = {}): this {
    callAddon(() => this.#raw.addFact(key, value, options?.tenant));
    return this;
  }

  addDocument(d: KnowledgeDocument): this {
    callAddon(() => this.#raw.addDocument(d.id, d.text, d.source, d.tenant));
    return this;
  }

  addDocuments(documents: Iterable<KnowledgeDocument>): this {
    const list = [...documents];
    callAddon(() =>
      this.#raw.addDocuments(
        list.map((d) => d.id),
        list.map((d) => d.text),
        list.map((d) => d.source),
        list.map((d) => d.tenant),
      ),
    );
    return this;
  }

  remove(id: string, options: TenantOptions = {}): boolean {
    return callAddon(() => this.#raw.remove(id, options?.tenant));
  }

  clear(options: TenantOptions = {}): void {
    callAddon(() => this.#raw.clear(options?.tenant));
  }

  get size(): number {
    return this.#raw.size;
  }

  passageCount(options: TenantOptions = {}): number {
    return callAddon(() => this.#raw.passageCount(options?.tenant));
  }

  retrieve(query: string, options: RetrieveOptions = {}): EvidenceChunk[] {
    const raw = callAddon(() => this.#raw.retrieve(query, options?.k ?? 3, options?.tenant));
    return chunksFrom(raw, 0, raw.length / 4);
  }
}

/**
 * An in-process BM25 knowledge base in Rust: facts and documents cut into passages, one namespace
 * per tenant, Okapi BM25 (k1 1.5, b 0.75), deterministic ranking — the same store, rules, errors
 * and scores (bit for bit) as `InMemoryKnowledge` (docs/scoring.md §2).
 */
export class RustKnowledge extends UncheckedRustKnowledge {
  /** Stores a fact as the passage `"<key>: <value>"`, with id `key` and source `fact`. */
  override addFact(key: string, value: string, options: TenantOptions = {}): this {
    checkString('key', key);
    checkString('value', value);
    const tenant = checkTenant(options?.tenant);
    return super.addFact(key, value, { tenant });
  }

  /** Stores a document, cut into passages of at most 80 words. Re-adding an id replaces it. */
  override addDocument(document: KnowledgeDocument): this {
    validateDocument(document, 'document');
    return super.addDocument(document);
  }

  /** Stores several documents in one crossing; validates all of them before storing any. */
  override addDocuments(documents: Iterable<KnowledgeDocument>): this {
    const iterable =
      documents !== null && typeof documents === 'object' && Symbol.iterator in documents;
    check(iterable, 'documents', documents, 'must be an iterable of documents');
    const list = [...documents];
    for (const [i, d] of list.entries()) validateDocument(d, `documents[${i}]`);
    return super.addDocuments(list);
  }

  /** Removes a fact or document by id. Returns whether something was removed. */
  override remove(id: string, options: TenantOptions = {}): boolean {
    checkString('id', id);
    return super.remove(id, { tenant: checkTenant(options?.tenant) });
  }

  /** Removes everything, or only one tenant's entries when `tenant` is given. */
  override clear(options: TenantOptions = {}): void {
    const tenant = options?.tenant === undefined ? undefined : checkTenant(options.tenant);
    super.clear({ tenant });
  }

  /** Number of passages searchable in this namespace. */
  override passageCount(options: TenantOptions = {}): number {
    return super.passageCount({ tenant: checkTenant(options?.tenant) });
  }

  /** The `k` best passages for `query` (default 3), best first; one crossing. */
  override retrieve(query: string, options: RetrieveOptions = {}): EvidenceChunk[] {
    checkString('query', query, true);
    const k = checkInteger('k', options?.k ?? 3, 1, { atLeast: '≥' });
    const tenant = checkTenant(options?.tenant);
    return super.retrieve(query, { k, tenant });
  }
}

/** The addon object behind a knowledge store (for scorers built on it). */
export function addonKnowledge(k: UncheckedRustKnowledge): AddonKnowledge {
  return addonOf(k);
}
