import type { EvidenceChunk } from '../knowledge/types.js';
import { contentTerms, splitSentences, wordTokens } from '../text/index.js';
import type { IndexedDocument, KnowledgeIndex } from './knowledge-index.js';

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
 * The TypeScript knowledge index: Okapi BM25 over an inverted index per tenant namespace. The Rust
 * index (`RustKnowledge` in `@backfire/native`) implements the same rules and answers alike, bit
 * for bit; the golden vectors in `testdata/knowledge` pin both.
 */
export class JsKnowledgeIndex implements KnowledgeIndex {
  readonly backend = 'js';
  readonly #spaces = new Map<string, Namespace>();
  #scratch = new Float64Array(0);

  addFact(tenant: string, key: string, value: string): void {
    this.#store(tenant, key, `${key}: ${value}`, 'fact');
  }

  addDocuments(documents: readonly IndexedDocument[]): void {
    for (const d of documents) this.#store(d.tenant, d.id, d.text, d.source);
  }

  remove(tenant: string, id: string): boolean {
    const space = this.#spaces.get(tenant);
    if (space === undefined) return false;
    const removed = space.remove(id);
    if (space.entries.size === 0) this.#spaces.delete(tenant);
    return removed;
  }

  clear(tenant?: string): void {
    if (tenant === undefined) this.#spaces.clear();
    else this.#spaces.delete(tenant);
  }

  get size(): number {
    let n = 0;
    for (const space of this.#spaces.values()) n += space.entries.size;
    return n;
  }

  passageCount(tenant: string): number {
    return this.#spaces.get(tenant)?.passages.length ?? 0;
  }

  retrieve(query: string, k: number, tenant: string): EvidenceChunk[] {
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
