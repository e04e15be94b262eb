import type { IndexedDocument, KnowledgeIndex } from '../engine/index.js';
import { openKnowledgeIndex } from '../engine/index.js';
import { check, checkBoolean, checkInteger, checkObject } from '../internal/check.js';
import { checkString, checkTenant, validateDocument } from '../internal/knowledge-checks.js';
import { assertKnownKeys, optionKeys } from '../internal/options.js';
import type { Backend } from '../native/index.js';
import {
  type EvidenceChunk,
  type KnowledgeSource,
  RETRIEVE_OPTION_KEYS,
  type RetrieveOptions,
} from './types.js';

/** A document to store. */
export interface KnowledgeDocument {
  /** Unique within its tenant (facts and documents share the id space); re-adding replaces. */
  readonly id: string;
  readonly text: string;
  /** Shown in `EvidenceChunk.source`; default `document`. */
  readonly source?: string;
  readonly tenant?: string;
}

/** Options naming a tenant namespace. */
export interface TenantOptions {
  readonly tenant?: string;
}

const TENANT_OPTION_KEYS = optionKeys<TenantOptions>()(['tenant']);

/** Options of `new InMemoryKnowledge(...)`. */
export interface InMemoryKnowledgeOptions {
  /**
   * Keep the index in the Rust addon (`@backfire/native`) when it is loaded — default `true`;
   * `false` keeps this store in TypeScript. Every result, score (bit for bit) and error is the
   * same either way; native is faster to fill and to search, and lets a `CoherenceScorer` with the
   * built-in heuristic score entirely in Rust.
   */
  readonly native?: boolean;
}

const KNOWLEDGE_OPTION_KEYS = optionKeys<InMemoryKnowledgeOptions>()(['native']);

/** The tenant a call names, checked; '' is the default tenant. */
function tenantOf(value: unknown): string {
  return checkTenant(value) ?? '';
}

/** A validated document with its defaults, as the index stores it. */
function indexed(d: KnowledgeDocument): IndexedDocument {
  return {
    id: d.id,
    text: d.text,
    source: d.source ?? 'document',
    tenant: tenantOf(d.tenant),
  };
}

/**
 * An in-process knowledge base: facts and documents, ranked with Okapi BM25 (k1 1.5, b 0.75) over
 * the shared tokenizer (stop words and negations dropped, light stemming, whole terms only — "1"
 * never matches "10"). Each tenant is its own namespace with its own statistics; a query without a
 * tenant sees only untenanted entries. Ranking is deterministic: score descending, then chunk id
 * by code point. Retrieval walks an inverted index, so it costs the postings of the query terms,
 * not the size of the store.
 */
export class InMemoryKnowledge implements KnowledgeSource {
  /** TypeScript or Rust, chosen once by `openKnowledgeIndex`. */
  readonly #index: KnowledgeIndex;

  constructor(options: InMemoryKnowledgeOptions = {}) {
    checkObject('options', options, { rule: 'must be an object' });
    assertKnownKeys('InMemoryKnowledge', options, KNOWLEDGE_OPTION_KEYS);
    const native = checkBoolean('native', options.native ?? true);
    this.#index = openKnowledgeIndex(this, InMemoryKnowledge.prototype, native);
  }

  /** Where the index lives: `'native'` (the Rust addon) or `'js'`. */
  get backend(): Backend {
    return this.#index.backend;
  }

  /** Stores a fact as the passage `"<key>: <value>"`, with id `key` and source `fact`. */
  addFact(key: string, value: string, options: TenantOptions = {}): this {
    checkString('key', key);
    checkString('value', value);
    assertKnownKeys('addFact', options, TENANT_OPTION_KEYS);
    this.#index.addFact(tenantOf(options?.tenant), key, value);
    return this;
  }

  /** Stores a document, cut into passages (see `PASSAGE_WORDS`). Re-adding an id replaces it. */
  addDocument(document: KnowledgeDocument): this {
    validateDocument(document, 'document');
    this.#index.addDocuments([indexed(document)]);
    return this;
  }

  /** Stores several documents; validates all of them before storing any. */
  addDocuments(documents: Iterable<KnowledgeDocument>): this {
    const iterable =
      documents !== null && typeof documents === 'object' && Symbol.iterator in documents;
    check(iterable, 'documents', documents, 'must be an iterable of documents');
    const list = [...documents];
    for (const [i, d] of list.entries()) validateDocument(d, `documents[${i}]`);
    this.#index.addDocuments(list.map(indexed));
    return this;
  }

  /** Removes a fact or document by id. Returns whether something was removed. */
  remove(id: string, options: TenantOptions = {}): boolean {
    checkString('id', id);
    assertKnownKeys('remove', options, TENANT_OPTION_KEYS);
    return this.#index.remove(tenantOf(options?.tenant), id);
  }

  /** Removes everything, or only one tenant's entries when `tenant` is given. */
  clear(options: TenantOptions = {}): void {
    assertKnownKeys('clear', options, TENANT_OPTION_KEYS);
    const tenant = options?.tenant;
    this.#index.clear(tenant === undefined ? undefined : tenantOf(tenant));
  }

  /** Number of facts and documents stored, over all tenants. */
  get size(): number {
    return this.#index.size;
  }

  /** Number of passages searchable by a query in this namespace. */
  passageCount(options: TenantOptions = {}): number {
    assertKnownKeys('passageCount', options, TENANT_OPTION_KEYS);
    return this.#index.passageCount(tenantOf(options?.tenant));
  }

  /**
   * The `k` best passages for `query` (default 3), best first. Only passages that share at least
   * one term with the query are returned; an empty or stop-word-only query returns []. A query
   * term repeated counts once.
   */
  retrieve(query: string, options: RetrieveOptions = {}): EvidenceChunk[] {
    checkString('query', query, true);
    assertKnownKeys('retrieve', options, RETRIEVE_OPTION_KEYS);
    const k = checkInteger('k', options?.k ?? 3, 1, { atLeast: '≥' });
    return this.#index.retrieve(query, k, tenantOf(options?.tenant));
  }
}
