import { isSpaceCode } from '../kernel/format.js';
import { ABBREVIATIONS as SCORER_ABBREVIATIONS } from '../text/sentences.js';

/**
 * Incremental sentence segmenter for streamed text.
 *
 * Stable under re-chunking: a boundary is decided only once enough text has arrived to decide it
 * for good (the character after a full stop, the start of the next line), or at `finish()`. So
 * `"Dr. Smith"` split as `"Dr"`, `". Sm"`, `"ith"` gives the same segments as one delta.
 *
 * Rules, in plain words:
 * - A sentence ends after `.`, `!`, `?` or `…` (and runs of them), any closing quotes or brackets,
 *   and whitespace — unless the full stop follows a known abbreviation or a single letter (an
 *   initial), or the next word starts in lower case. `3.5` and `e.g.x` never end a sentence (no
 *   whitespace). CJK full stops end a sentence without whitespace.
 * - A blank line ends a segment; so does a line break before a list item or heading.
 * - A fenced code block (```) is one segment of kind `code`; inline `code` never ends a sentence.
 * - A segment is cut at a word boundary after `maxWords` words, so a run-on sentence is still
 *   checked (and the optimistic release budget can never deadlock waiting for it).
 * Trailing whitespace belongs to the segment it follows, so segments concatenate to the input.
 */
export interface Segment {
  readonly text: string;
  /** Character offset of the segment in the whole text. */
  readonly start: number;
  readonly end: number;
  readonly kind: 'sentence' | 'code';
}

const ENDERS = '.!?\u2026\u3002\uff01\uff1f';
const CJK_ENDERS = '\u3002\uff01\uff1f';
const CLOSERS = `"'\u201d\u2019\u00bb)]`;
// The scorer's sentence splitter and the stream segmenter agree on what an abbreviation is.
const ABBREVIATIONS: ReadonlySet<string> = new Set([
  ...SCORER_ABBREVIATIONS,
  'e.g',
  'i.e',
  'u.s',
  'u.k',
  'a.m',
  'p.m',
  'approx',
  'min',
  'max',
  'avg',
  'univ',
]);

const isSpace = (c: string | undefined): boolean =>
  c !== undefined && c.length > 0 && isSpaceCode(c.charCodeAt(0));
const isLower = (c: string | undefined): boolean =>
  c !== undefined && c.toLowerCase() === c && c.toUpperCase() !== c;

export class Segmenter {
  readonly #maxWords: number;
  #text = '';
  #segStart = 0;
  #scan = 0;
  #words = 0;
  #inFence = false;
  #inInline = false;
  #prevSpace = true;
  #counted = 0;
  // Only the open segment is kept: `#text` starts at absolute offset `#base`, and every position
  // above (#segStart, #scan, #counted) is relative to it. Without this, each push would index a
  // string holding the whole answer (V8 flattens it on access) and cost would grow with its length.
  #base = 0;
  #before = '';

  /**
   * `after`: text that precedes this segmenter's input (a resumed answer's verified prefix): offsets
   * continue after it, and a line break at its end still counts as the start of a line.
   */
  constructor(options: { maxWords?: number; after?: string } = {}) {
    this.#maxWords = options.maxWords ?? 48;
    if (options.after !== undefined && options.after !== '') {
      this.#base = options.after.length;
      this.#before = options.after[options.after.length - 1]!;
    }
  }

  /** Total characters received so far. */
  get length(): number {
    return this.#base + this.#text.length;
  }

  /** Absolute offset where the open (unfinished) segment starts. */
  get openStart(): number {
    return this.#base + this.#segStart;
  }

  /** Adds text and returns the segments it completed. */
  push(delta: string): Segment[] {
    this.#text += delta;
    const out = this.#run(false);
    this.#trim();
    return out;
  }

  /** Ends the text: returns the remaining segments (the last one may lack a full stop). */
  finish(): Segment[] {
    const out = this.#run(true);
    if (this.#segStart < this.#text.length) out.push(this.#cut(this.#text.length));
    this.#trim();
    return out;
  }

  #trim(): void {
    const d = this.#segStart;
    if (d === 0) return;
    this.#before = this.#text[d - 1]!;
    this.#text = this.#text.slice(d);
    this.#base += d;
    this.#segStart = 0;
    this.#scan -= d;
    this.#counted = Math.max(0, this.#counted - d);
  }

  #run(final: boolean): Segment[] {
    const out: Segment[] = [];
    const t = this.#text;
    let i = this.#scan;
    while (i < t.length) {
      const c = t[i]!;
      const lineStart = i === 0 ? this.#base === 0 || this.#before === '\n' : t[i - 1] === '\n';

      if (lineStart && c === '`') {
        if (t.length - i < 3 && !final) break;
        if (t.startsWith('```', i)) {
          if (!this.#inFence) {
            if (this.#hasContent(this.#segStart, i)) out.push(this.#cut(i));
            this.#inFence = true;
            i += 3;
            this.#counted = Math.max(this.#counted, i);
            this.#prevSpace = false;
            continue;
          }
          // Closing fence: the block ends with its line.
          const nl = t.indexOf('\n', i + 3);
          if (nl < 0 && !final) break;
          const end = nl < 0 ? t.length : nl + 1;
          this.#inFence = false;
          out.push(this.#cut(end, 'code'));
          i = end;
          this.#counted = Math.max(this.#counted, i);
          this.#prevSpace = true;
          continue;
        }
      }
      if (this.#inFence) {
        i++;
        this.#counted = Math.max(this.#counted, i);
        continue;
      }

      // Word counting and the run-on cut; each character is counted once even when the scan
      // stops at it to wait for more text and resumes there later.
      if (i >= this.#counted) {
        this.#counted = i + 1;
        const space = isSpace(c);
        if (!space && this.#prevSpace) {
          if (this.#words >= this.#maxWords && i > this.#segStart) out.push(this.#cut(i));
          this.#words++;
        }
        this.#prevSpace = space;
      }

      if (c === '`') {
        this.#inInline = !this.#inInline;
        i++;
        continue;
      }
      if (c === '\n') {
        this.#inInline = false;
        const decided = this.#lineBreak(i, final);
        if (decided === null) break;
        i = this.#boundary(decided, i, out);
        continue;
      }
      if (!this.#inInline && ENDERS.includes(c)) {
        const decided = this.#fullStop(i, final);
        if (decided === null) break;
        i = this.#boundary(decided, i, out);
        continue;
      }
      i++;
    }
    this.#scan = i;
    return out;
  }

  /** Returns the segment end after a line break, 0 for "no boundary", null for "need more text". */
  #lineBreak(i: number, final: boolean): number | null {
    const t = this.#text;
    let j = i + 1;
    while (j < t.length && isSpace(t[j]) && t[j] !== '\n') j++;
    if (j >= t.length) return final ? t.length : null;
    if (t[j] === '\n') {
      // Blank line: the segment takes the whole whitespace run.
      let k = j;
      while (k < t.length && isSpace(t[k])) k++;
      if (k >= t.length && !final) return null;
      return this.#hasContent(this.#segStart, i) ? k : 0;
    }
    // A list item or heading starts on the next line.
    // Up to five characters decide it ("100. "); wait for them unless the line ends sooner.
    const rest = t.slice(j, j + 5);
    if (rest.length < 5 && !final && !rest.includes('\n')) return null;
    if (/^([-*•]\s|#|\d{1,3}[.)]\s)/u.test(rest) && this.#hasContent(this.#segStart, i)) {
      return i + 1;
    }
    return 0;
  }

  /** Returns the segment end after terminal punctuation, 0, or null (need more text). */
  #fullStop(i: number, final: boolean): number | null {
    const t = this.#text;
    let j = i;
    while (j < t.length && ENDERS.includes(t[j]!)) j++;
    while (j < t.length && CLOSERS.includes(t[j]!)) j++;
    if (j >= t.length && !final) return null;
    const run = t.slice(i, j);
    if (CJK_ENDERS.includes(t[j - 1]!) || CJK_ENDERS.includes(run[0]!)) {
      let k = j;
      while (k < t.length && isSpace(t[k]) && t[k] !== '\n') k++;
      if (k >= t.length && !final) return null;
      return k;
    }
    if (j < t.length && !isSpace(t[j])) return 0;
    let k = j;
    while (k < t.length && isSpace(t[k]) && t[k] !== '\n') k++;
    if (k >= t.length) return final ? k : null;
    if (t[k] === '\n') {
      // Let the line-break rule take over for the whitespace; the sentence ends here.
      return k;
    }
    const stops = run.replace(/["'\u201d\u2019\u00bb)\]]/gu, '');
    if (stops === '.' && this.#isAbbreviation(i)) return 0;
    if (isLower(t[k])) return 0;
    return k;
  }

  #isAbbreviation(dot: number): boolean {
    const t = this.#text;
    // The word before the dot, within the open segment: how much of the text before it is still
    // buffered depends on how the stream was cut, so looking further ("。.Dr.") would read ".dr"
    // in one chunking and "dr" in another.
    let s = dot;
    while (s > this.#segStart && /[\p{L}.]/u.test(t[s - 1]!)) s--;
    const word = t.slice(s, dot).toLowerCase();
    // An initial ("J. K. Rowling") is a lone letter after a space, a dot, "(" or the start, as
    // the scorer's splitter reads it: the "s" of "Earth's." ends a sentence.
    if (word.length === 1 && /\p{L}/u.test(word)) {
      const prev = s > 0 ? t[s - 1]! : this.#before;
      return prev === '' || /[\s.(]/u.test(prev);
    }
    return ABBREVIATIONS.has(word);
  }

  // Applies a decision at position i: `end` > 0 closes the segment there and resumes after it
  // (nothing between i and end starts a word); 0 means "no boundary", resume at the next char.
  #boundary(end: number, i: number, out: Segment[]): number {
    if (end === 0) return i + 1;
    out.push(this.#cut(end));
    this.#counted = Math.max(this.#counted, end);
    this.#prevSpace = true;
    return end;
  }

  #hasContent(from: number, to: number): boolean {
    return /\S/u.test(this.#text.slice(from, to));
  }

  #cut(end: number, kind: 'sentence' | 'code' = 'sentence'): Segment {
    const seg: Segment = {
      text: this.#text.slice(this.#segStart, end),
      start: this.#base + this.#segStart,
      end: this.#base + end,
      kind,
    };
    this.#segStart = end;
    this.#words = 0;
    this.#inInline = false;
    return seg;
  }
}

/** Number of words (maximal runs of non-whitespace) in `text`. */
export function countWords(text: string): number {
  let n = 0;
  let prevSpace = true;
  for (const c of text) {
    const space = isSpace(c);
    if (!space && prevSpace) n++;
    prevSpace = space;
  }
  return n;
}
