import { typed } from '../errors.js';
import { type RawChunks, type RawKnowledge, scoring } from './binding.js';
import type { EvidenceChunk, KnowledgeDocument, RetrieveOptions, TenantOptions } from './types.js';
import {
  checkInteger,
  checkString,
  checkTenant,
  inputError,
  validateDocument,
} from './validate.js';

function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw typed(err);
  }
}

/** `[id, text, score, source, …]` from the addon → chunk objects. */
export function chunksFrom(raw: RawChunks, from: number, count: number): EvidenceChunk[] {
  const out: EvidenceChunk[] = new Array(count);
  for (let i = 0, j = from; i < count; i++, j += 4) {
    out[i] = {
      id: raw[j] as string,
      text: raw[j + 1] as string,
      score: raw[j + 2] as number,
      source: raw[j + 3] as string,
    };
  }
  return out;
}

let rawOf: (k: RustKnowledge) => RawKnowledge;

/**
 * An in-process BM25 knowledge base in Rust: facts and documents cut into passages, one namespace
 * per tenant, Okapi BM25 (k1 1.5, b 0.75), deterministic ranking — the same store, rules, errors
 * and scores (bit for bit) as @backfire/core's `InMemoryKnowledge` (docs/scoring.md §2).
 */
export class RustKnowledge {
  readonly #raw: RawKnowledge = new scoring.RustKnowledge();

  static {
    rawOf = (k) => k.#raw;
  }

  /** Stores a fact as the passage `"<key>: <value>"`, with id `key` and source `fact`. */
  addFact(key: string, value: string, options: TenantOptions = {}): this {
    checkString('key', key);
    checkString('value', value);
    const tenant = checkTenant(options?.tenant);
    call(() => this.#raw.addFact(key, value, tenant));
    return this;
  }

  /** Stores a document, cut into passages of at most 80 words. Re-adding an id replaces it. */
  addDocument(document: KnowledgeDocument): this {
    validateDocument(document, 'document');
    const d = document;
    call(() => this.#raw.addDocument(d.id, d.text, d.source, d.tenant));
    return this;
  }

  /** Stores several documents in one crossing; validates all of them before storing any. */
  addDocuments(documents: Iterable<KnowledgeDocument>): this {
    if (documents === null || typeof documents !== 'object' || !(Symbol.iterator in documents)) {
      throw inputError('documents', documents, 'must be an iterable of documents');
    }
    const list = [...documents];
    for (const [i, d] of list.entries()) validateDocument(d, `documents[${i}]`);
    call(() =>
      this.#raw.addDocuments(
        list.map((d) => d.id),
        list.map((d) => d.text),
        list.map((d) => d.source),
        list.map((d) => d.tenant),
      ),
    );
    return this;
  }

  /** Removes a fact or document by id. Returns whether something was removed. */
  remove(id: string, options: TenantOptions = {}): boolean {
    checkString('id', id);
    const tenant = checkTenant(options?.tenant);
    return call(() => this.#raw.remove(id, tenant));
  }

  /** Removes everything, or only one tenant's entries when `tenant` is given. */
  clear(options: TenantOptions = {}): void {
    const tenant = options?.tenant === undefined ? undefined : checkTenant(options.tenant);
    call(() => this.#raw.clear(tenant));
  }

  /** Number of facts and documents stored, over all tenants. */
  get size(): number {
    return this.#raw.size;
  }

  /** Number of passages searchable in this namespace. */
  passageCount(options: TenantOptions = {}): number {
    const tenant = checkTenant(options?.tenant);
    return call(() => this.#raw.passageCount(tenant));
  }

  /** The `k` best passages for `query` (default 3), best first; one crossing. */
  retrieve(query: string, options: RetrieveOptions = {}): EvidenceChunk[] {
    checkString('query', query, true);
    const k = checkInteger('k', options?.k ?? 3);
    const tenant = checkTenant(options?.tenant);
    const raw = call(() => this.#raw.retrieve(query, k, tenant));
    return chunksFrom(raw, 0, raw.length / 4);
  }
}

/** The addon object behind a `RustKnowledge` (for scorers built on it). */
export function rawKnowledge(k: RustKnowledge): RawKnowledge {
  return rawOf(k);
}
