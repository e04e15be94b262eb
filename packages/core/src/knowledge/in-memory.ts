import { BackfireInputError } from '../errors/errors.js';
import { assertKnownKeys, type ListsEveryKey } from '../internal/options.js';
import type { Backend } from '../native/index.js';
import { contentTerms, splitSentences, wordTokens } from '../text/index.js';
import { isWellFormed, type NativeKnowledge, nativeScoring } from './native.js';
import {
  type EvidenceChunk,
  type KnowledgeSource,
  RETRIEVE_OPTION_KEYS,
  type RetrieveOptions,
} from './types.js';

/** BM25 term-frequency saturation. */
export const BM25_K1 = 1.5;
/** BM25 document-length normalisation. */
export const BM25_B = 0.75;
/**
 * Longest passage, in word tokens (stop words included). Documents are cut into passages of whole
 * sentences up to this size, so a long manual does not outscore a precise fact just by length and
 * the NLI compares a claim with a paragraph, not a book. A single sentence longer than this is cut
 * every `PASSAGE_WORDS` words.
 */
export const PASSAGE_WORDS = 80;

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

const TENANT_OPTION_KEYS = ['tenant'] as const satisfies readonly (keyof TenantOptions)[];
const _everyTenantOption: ListsEveryKey<TenantOptions, typeof TENANT_OPTION_KEYS> = true;

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

const KNOWLEDGE_OPTION_KEYS = [
  'native',
] as const satisfies readonly (keyof InMemoryKnowledgeOptions)[];
const _everyKnowledgeOption: ListsEveryKey<InMemoryKnowledgeOptions, typeof KNOWLEDGE_OPTION_KEYS> =
  true;

/** What was stored under one id: replayed into the TypeScript index if this store leaves Rust. */
interface Entry {
  readonly text: string;
  readonly source: string;
}

interface Passage {
  readonly id: string;
  readonly entryId: string;
  readonly text: string;
  readonly source: string;
  readonly length: number;
  readonly tf: Map<string, number>;
  slot: number;
}

/** One tenant's index: its own passages, postings and statistics. */
class Namespace {
  readonly entries = new Map<string, Passage[]>();
  readonly passages: Passage[] = [];
  readonly postings = new Map<string, Passage[]>();
  totalLength = 0;

  add(entryId: string, passages: Passage[]): void {
    this.remove(entryId);
    this.entries.set(entryId, passages);
    for (const p of passages) {
      p.slot = this.passages.length;
      this.passages.push(p);
      this.totalLength += p.length;
      for (const term of p.tf.keys()) {
        let list = this.postings.get(term);
        if (list === undefined) {
          list = [];
          this.postings.set(term, list);
        }
        list.push(p);
      }
    }
  }

  remove(entryId: string): boolean {
    const old = this.entries.get(entryId);
    if (old === undefined) return false;
    this.entries.delete(entryId);
    const gone = new Set(old);
    for (const p of old) {
      this.totalLength -= p.length;
      for (const term of p.tf.keys()) {
        const list = this.postings.get(term);
        if (list === undefined) continue;
        const kept = list.filter((q) => !gone.has(q));
        if (kept.length === 0) this.postings.delete(term);
        else this.postings.set(term, kept);
      }
    }
    // Compact the slot array so scoring buffers stay dense.
    const kept = this.passages.filter((p) => !gone.has(p));
    this.passages.length = 0;
    for (const p of kept) {
      p.slot = this.passages.length;
      this.passages.push(p);
    }
    return true;
  }
}

function checkString(field: string, value: unknown, allowEmpty = false): string {
  if (typeof value !== 'string') throw new BackfireInputError(field, value, 'must be a string');
  if (!allowEmpty && value.trim().length === 0) {
    throw new BackfireInputError(field, value, 'must not be empty');
  }
  return value;
}

function validateDocument(d: unknown, field: string): asserts d is KnowledgeDocument {
  if (typeof d !== 'object' || d === null) {
    throw new BackfireInputError(field, d, 'must be an object { id, text }');
  }
  const doc = d as Record<string, unknown>;
  checkString(`${field}.id`, doc['id']);
  checkString(`${field}.text`, doc['text']);
  if (doc['source'] !== undefined) checkString(`${field}.source`, doc['source']);
  if (doc['tenant'] !== undefined) checkTenant(doc['tenant'], `${field}.tenant`);
}

function checkTenant(value: unknown, field = 'tenant'): string {
  if (value === undefined) return '';
  if (typeof value !== 'string' || value.length === 0) {
    throw new BackfireInputError(field, value, 'must be a non-empty string when given');
  }
  return value;
}

let nativeStoreOf: (kb: InMemoryKnowledge) => NativeKnowledge | null;

/**
 * The Rust index behind a store, or null when it lives in TypeScript (internal: lets a
 * `CoherenceScorer` score against the same index in Rust).
 */
export function nativeKnowledgeOf(kb: InMemoryKnowledge): NativeKnowledge | null {
  return nativeStoreOf(kb);
}

function documentWellFormed(d: KnowledgeDocument): boolean {
  return (
    isWellFormed(d.id) &&
    isWellFormed(d.text) &&
    (d.source === undefined || isWellFormed(d.source)) &&
    (d.tenant === undefined || isWellFormed(d.tenant))
  );
}

/** Only the fields the store reads (a document object may carry anything else). */
function plainDocument(d: KnowledgeDocument): {
  id: string;
  text: string;
  source?: string;
  tenant?: string;
} {
  const out: { id: string; text: string; source?: string; tenant?: string } = {
    id: d.id,
    text: d.text,
  };
  if (d.source !== undefined) out.source = d.source;
  if (d.tenant !== undefined) out.tenant = d.tenant;
  return out;
}

/** Compares strings by Unicode code point (the order Rust's `str` comparison gives). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800–DFFF) encode code points above FFFF, which sort after E000–FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function termFrequencies(text: string): { tf: Map<string, number>; length: number } {
  const tf = new Map<string, number>();
  const terms = contentTerms(text);
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  return { tf, length: terms.length };
}

/** Cuts a text into passages of whole sentences of at most `PASSAGE_WORDS` words. */
export function splitPassages(text: string): string[] {
  const pieces: { text: string; words: number }[] = [];
  for (const sentence of splitSentences(text)) {
    const tokens = wordTokens(sentence.text);
    if (tokens.length <= PASSAGE_WORDS) {
      pieces.push({ text: sentence.text, words: tokens.length });
      continue;
    }
    // Offsets from wordTokens refer to the NFKC form, so cut that form.
    const normalized = sentence.text.normalize('NFKC');
    for (let i = 0; i < tokens.length; i += PASSAGE_WORDS) {
      const from = i === 0 ? 0 : tokens[i]!.start;
      const next = tokens[i + PASSAGE_WORDS];
      const to = next === undefined ? normalized.length : next.start;
      pieces.push({
        text: normalized.slice(from, to).trim(),
        words: Math.min(PASSAGE_WORDS, tokens.length - i),
      });
    }
  }
  const passages: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const piece of pieces) {
    if (current.length > 0 && words + piece.words > PASSAGE_WORDS) {
      passages.push(current.join(' '));
      current = [];
      words = 0;
    }
    current.push(piece.text);
    words += piece.words;
  }
  if (current.length > 0) passages.push(current.join(' '));
  return passages;
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
  readonly #spaces = new Map<string, Namespace>();
  #scratch = new Float64Array(0);
  /** The Rust index while this store lives in the addon; null on TypeScript. */
  #native: NativeKnowledge | null = null;
  /** Native mode only: every live entry by tenant, in insertion order (see `#leaveNative`). */
  #entries: Map<string, Map<string, Entry>> | null = null;

  static {
    nativeStoreOf = (kb) => kb.#native;
  }

  constructor(options: InMemoryKnowledgeOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new BackfireInputError('options', options, 'must be an object');
    }
    assertKnownKeys('InMemoryKnowledge', options, KNOWLEDGE_OPTION_KEYS);
    const native = options.native ?? true;
    if (typeof native !== 'boolean') {
      throw new BackfireInputError('native', native, 'must be a boolean');
    }
    const binding = native ? nativeScoring() : null;
    if (binding !== null) {
      this.#native = new binding.RustKnowledge();
      this.#entries = new Map();
    }
  }

  /** Where the index lives: `'native'` (the Rust addon) or `'js'`. */
  get backend(): Backend {
    return this.#native === null ? 'js' : 'native';
  }

  /** Stores a fact as the passage `"<key>: <value>"`, with id `key` and source `fact`. */
  addFact(key: string, value: string, options: TenantOptions = {}): this {
    checkString('key', key);
    checkString('value', value);
    assertKnownKeys('addFact', options, TENANT_OPTION_KEYS);
    const tenant = checkTenant(options?.tenant);
    const text = `${key}: ${value}`;
    if (this.#native !== null && !(isWellFormed(text) && isWellFormed(tenant))) this.#leaveNative();
    const native = this.#native;
    if (native !== null) {
      native.addFact(key, value, tenant === '' ? {} : { tenant });
      this.#remember(tenant, key, { text, source: 'fact' });
    } else this.#store(tenant, key, text, 'fact');
    return this;
  }

  /** Stores a document, cut into passages (see `PASSAGE_WORDS`). Re-adding an id replaces it. */
  addDocument(document: KnowledgeDocument): this {
    validateDocument(document, 'document');
    const tenant = checkTenant(document.tenant);
    const source = document.source ?? 'document';
    if (this.#native !== null && !documentWellFormed(document)) this.#leaveNative();
    const native = this.#native;
    if (native !== null) {
      native.addDocument(plainDocument(document));
      this.#remember(tenant, document.id, { text: document.text, source });
    } else this.#store(tenant, document.id, document.text, source);
    return this;
  }

  /** Stores several documents; validates all of them before storing any. */
  addDocuments(documents: Iterable<KnowledgeDocument>): this {
    if (documents === null || typeof documents !== 'object' || !(Symbol.iterator in documents)) {
      throw new BackfireInputError('documents', documents, 'must be an iterable of documents');
    }
    const list = [...documents];
    for (const [i, d] of list.entries()) validateDocument(d, `documents[${i}]`);
    if (this.#native !== null && !list.every(documentWellFormed)) this.#leaveNative();
    const native = this.#native;
    if (native === null) {
      for (const d of list) this.addDocument(d);
      return this;
    }
    // One crossing for the whole batch.
    native.addDocuments(list.map(plainDocument));
    for (const d of list) {
      this.#remember(checkTenant(d.tenant), d.id, {
        text: d.text,
        source: d.source ?? 'document',
      });
    }
    return this;
  }

  /** Removes a fact or document by id. Returns whether something was removed. */
  remove(id: string, options: TenantOptions = {}): boolean {
    checkString('id', id);
    assertKnownKeys('remove', options, TENANT_OPTION_KEYS);
    const tenant = checkTenant(options?.tenant);
    const native = this.#native;
    if (native !== null) {
      // Native mode holds only well-formed ids and tenants: anything else was never stored.
      if (!isWellFormed(id) || !isWellFormed(tenant)) return false;
      const entries = this.#entries!.get(tenant);
      entries?.delete(id);
      if (entries?.size === 0) this.#entries!.delete(tenant);
      return native.remove(id, tenant === '' ? {} : { tenant });
    }
    const space = this.#spaces.get(tenant);
    if (space === undefined) return false;
    const removed = space.remove(id);
    if (space.entries.size === 0) this.#spaces.delete(tenant);
    return removed;
  }

  /** Removes everything, or only one tenant's entries when `tenant` is given. */
  clear(options: TenantOptions = {}): void {
    assertKnownKeys('clear', options, TENANT_OPTION_KEYS);
    const native = this.#native;
    if (options?.tenant === undefined) {
      this.#spaces.clear();
      this.#entries?.clear();
      native?.clear();
      return;
    }
    const tenant = checkTenant(options.tenant);
    this.#spaces.delete(tenant);
    if (native !== null && isWellFormed(tenant)) {
      this.#entries!.delete(tenant);
      native.clear({ tenant });
    }
  }

  /** Number of facts and documents stored, over all tenants. */
  get size(): number {
    if (this.#native !== null) return this.#native.size;
    let n = 0;
    for (const space of this.#spaces.values()) n += space.entries.size;
    return n;
  }

  /** Number of passages searchable by a query in this namespace. */
  passageCount(options: TenantOptions = {}): number {
    assertKnownKeys('passageCount', options, TENANT_OPTION_KEYS);
    const tenant = checkTenant(options?.tenant);
    const native = this.#native;
    if (native !== null) {
      if (tenant === '') return native.passageCount();
      return isWellFormed(tenant) ? native.passageCount({ tenant }) : 0;
    }
    return this.#spaces.get(tenant)?.passages.length ?? 0;
  }

  /**
   * The `k` best passages for `query` (default 3), best first. Only passages that share at least
   * one term with the query are returned; an empty or stop-word-only query returns []. A query
   * term repeated counts once.
   */
  retrieve(query: string, options: RetrieveOptions = {}): EvidenceChunk[] {
    checkString('query', query, true);
    assertKnownKeys('retrieve', options, RETRIEVE_OPTION_KEYS);
    const k = options?.k ?? 3;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
      throw new BackfireInputError('k', k, 'must be an integer ≥ 1');
    }
    const tenant = checkTenant(options?.tenant);
    const native = this.#native;
    if (native !== null) {
      if (tenant === '') return native.retrieve(query, { k });
      return isWellFormed(tenant) ? native.retrieve(query, { k, tenant }) : [];
    }
    const space = this.#spaces.get(tenant);
    if (space === undefined || space.passages.length === 0) return [];

    const n = space.passages.length;
    const avgdl = space.totalLength / n;
    if (this.#scratch.length < n)
      this.#scratch = new Float64Array(Math.max(n, 2 * this.#scratch.length));
    const scores = this.#scratch;
    const touched: Passage[] = [];
    const seen = new Set<string>();
    // Terms are summed in order of first appearance in the query; the Rust port does the same so
    // the floating-point sums agree to the last bit.
    for (const term of contentTerms(query)) {
      if (seen.has(term)) continue;
      seen.add(term);
      const list = space.postings.get(term);
      if (list === undefined) continue;
      const df = list.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (const p of list) {
        const f = p.tf.get(term)!;
        const norm = f + BM25_K1 * (1 - BM25_B + (BM25_B * p.length) / avgdl);
        const s = (idf * (f * (BM25_K1 + 1))) / norm;
        if (scores[p.slot] === 0) touched.push(p);
        scores[p.slot] = scores[p.slot]! + s;
      }
    }
    const ranked = touched.map((p) => ({ p, score: scores[p.slot]! }));
    for (const p of touched) scores[p.slot] = 0;
    ranked.sort((a, b) => b.score - a.score || compareCodePoints(a.p.id, b.p.id));
    return ranked.slice(0, k).map(({ p, score }) => ({
      id: p.id,
      text: p.text,
      score,
      source: p.source,
    }));
  }

  /** Native mode: records an entry as the TypeScript index would order it (re-adding moves it last). */
  #remember(tenant: string, id: string, entry: Entry): void {
    let entries = this.#entries!.get(tenant);
    if (entries === undefined) {
      entries = new Map();
      this.#entries!.set(tenant, entries);
    }
    entries.delete(id);
    entries.set(id, entry);
  }

  /**
   * Moves this store from Rust to TypeScript for good: the live entries are replayed in their
   * order of insertion, which rebuilds postings in the order the TypeScript index would have
   * (so equal scores still rank alike). Happens only when a string with a lone surrogate arrives,
   * which Rust's UTF-8 strings cannot hold.
   */
  #leaveNative(): void {
    const entries = this.#entries!;
    this.#native = null;
    this.#entries = null;
    for (const [tenant, space] of entries) {
      for (const [id, e] of space) this.#store(tenant, id, e.text, e.source);
    }
  }

  #store(tenant: string, entryId: string, text: string, source: string): void {
    const texts = splitPassages(text);
    const passages: Passage[] = texts.map((t, i) => {
      const { tf, length } = termFrequencies(t);
      return {
        id: texts.length === 1 ? entryId : `${entryId}#${i + 1}`,
        entryId,
        text: t,
        source,
        length,
        tf,
        slot: -1,
      };
    });
    let space = this.#spaces.get(tenant);
    if (space === undefined) {
      space = new Namespace();
      this.#spaces.set(tenant, space);
    }
    space.add(entryId, passages);
  }
}
