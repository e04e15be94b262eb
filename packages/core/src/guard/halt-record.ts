import type { HaltKind } from '../kernel/types.js';
import type { HaltReceipt } from './receipt.js';
import type { GuardHalt, HaltWordCounts } from './types.js';

/** JSON data, as message metadata, UI streams, traces and checkpoints carry it. */
export type JsonValue =
  | null
  | string
  | number
  | boolean
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * A halt as every adapter reports it to clients (`providerMetadata.backfire`,
 * `response_metadata.backfire`): the guard's record, JSON-safe, without the offending sentence.
 * That text is left out on purpose — metadata travels to browsers, logs and checkpoints, and in
 * `verified` mode the sentence must never be shown; quotes of it inside the evidence read
 * `[withheld]`. Server-side hooks (`onHalt`) get the full `GuardHalt`.
 */
export type BackfireHaltRecord = HaltWordCounts & {
  readonly halted: true;
  readonly kind: HaltKind;
  /** e.g. `hard_limit (0.3000 < 0.5)`. */
  readonly reason: string;
  /** Word index of the offending sentence's first word. */
  readonly tokenIndex: number;
  /** Character offset of the offending sentence in the answer. */
  readonly charOffset: number;
  readonly score: number;
  /** The scorer's evidence (knowledge chunks, the contradiction), JSON-safe, quotes withheld. */
  readonly evidence: JsonValue;
  readonly suggestedAction: string;
  /** True when a soft halt finished its sentence first. */
  readonly soft: boolean;
  /** Set when the scorer's value for the offending sentence was not a finite number: `'NaN'`, … */
  readonly invalidScore?: string;
  /** What the halt stopped and cost, when an adapter reported the halt (see `HaltReceipt`). */
  readonly receipt?: HaltReceipt;
};

/** What replaces a quote of the offending sentence inside the evidence. */
export const WITHHELD = '[withheld]';

export function publicHaltRecord(halt: GuardHalt): BackfireHaltRecord {
  return {
    halted: true,
    kind: halt.kind,
    reason: halt.reason,
    tokenIndex: halt.tokenIndex,
    charOffset: halt.charOffset,
    score: Number.isFinite(halt.score) ? halt.score : 0,
    evidence: toJsonValue(halt.evidence, halt.segment),
    suggestedAction: halt.suggestedAction,
    ...wordCounts(halt),
    tokensGenerated: halt.tokensGenerated,
    tokensReleased: halt.tokensReleased,
    tokensWithheld: halt.tokensWithheld,
    soft: halt.soft,
    ...(typeof halt.invalidScore === 'string' ? { invalidScore: halt.invalidScore } : {}),
    ...(halt.receipt !== undefined ? { receipt: halt.receipt } : {}),
  };
}

// The word counts under their new names, when the record has them (the guard's always does).
function wordCounts(
  halt: GuardHalt,
): Pick<BackfireHaltRecord, 'wordsGenerated' | 'wordsReleased' | 'wordsWithheld'> {
  return {
    ...(typeof halt.wordsGenerated === 'number' ? { wordsGenerated: halt.wordsGenerated } : {}),
    ...(typeof halt.wordsReleased === 'number' ? { wordsReleased: halt.wordsReleased } : {}),
    ...(typeof halt.wordsWithheld === 'number' ? { wordsWithheld: halt.wordsWithheld } : {}),
  };
}

/**
 * The part of an answer that survives a halt: the text before the offending sentence (a hard
 * halt), or up to the end of the sentence a soft halt let finish.
 */
export function keptText(text: string, halt: GuardHalt | null): string {
  if (halt === null) return text;
  const end = halt.soft ? halt.charOffset + halt.segment.length : halt.charOffset;
  return text.slice(0, Math.min(end, text.length));
}

const MAX_DEPTH = 8;

/**
 * Makes any value JSON-safe without ever throwing (scorer evidence is `unknown`: class instances,
 * `undefined`, NaN, bigints, errors, cycles): non-finite numbers become null, bigints strings,
 * errors `{ name, message }`, cycles and overly deep values a marker, functions and symbols are
 * dropped. With `withhold`, any string of two or more words that the withheld text contains is
 * replaced by `[withheld]`.
 */
export function toJsonValue(value: unknown, withhold?: string): JsonValue {
  return convert(value, 0, new Set(), withhold);
}

function convert(value: unknown, depth: number, seen: Set<object>, withhold?: string): JsonValue {
  switch (typeof value) {
    case 'string':
      return withhold !== undefined && quotes(withhold, value) ? WITHHELD : value;
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (obj instanceof Error) return { name: obj.name, message: obj.message };
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let inner: unknown;
    try {
      inner = toJSON.call(obj);
    } catch {
      return null;
    }
    if (inner !== obj) return convert(inner, depth + 1, seen, withhold);
  }
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((item) => convert(item, depth + 1, seen, withhold));
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(obj)) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      out[key] = convert(item, depth + 1, seen, withhold);
    }
    return out;
  } catch {
    return null;
  } finally {
    seen.delete(obj);
  }
}

// A string of at least two words that the withheld text contains is a quote of it.
function quotes(withheld: string, text: string): boolean {
  const t = text.trim();
  return /\S\s+\S/u.test(t) && withheld.includes(t);
}
