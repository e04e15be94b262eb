import {
  type BackfireHaltRecord,
  type BackfireRepair,
  type GuardHalt,
  publicHaltRecord,
  type SegmentRecord,
  type WordCounts,
} from '@backfire/core';
import type { JSONValue } from './ai-types.js';

// These are `type` aliases, not interfaces, on purpose: only aliases are assignable to the
// provider spec's `JSONObject` index signature, so the compiler proves the metadata is JSON.

/** One scored sentence, as reported in `providerMetadata.backfire.segments` (no text: see docs). */
export type BackfireSegmentScore = {
  /** The text block (`text-start` id) the sentence belongs to; offsets are within that block. */
  readonly textId: string;
  readonly index: number;
  /** `passed`, `failed` (the stream halted here) or `unscored` (code, or a timeout that passed). */
  readonly status: 'passed' | 'failed' | 'unscored';
  readonly score: number | null;
  readonly charStart: number;
  readonly charEnd: number;
  readonly tokenStart: number;
  readonly tokenEnd: number;
};

/**
 * One repair of the answer (`providerMetadata.backfire.repairs`): the halt that was repaired
 * (client-safe, like the halt metadata), the attempt number, and what the client had been shown
 * that the repair withdraws (`withdrawn`: character offsets in text block `textId`; an empty range
 * in `verified` mode).
 */
export type BackfireRepairMetadata = {
  readonly attempt: number;
  readonly textId: string;
  readonly halt: Omit<BackfireHaltRecord, 'evidence'> & { readonly evidence: JSONValue };
  /** Characters of the answer the continuation starts after (its verified part). */
  readonly keptChars: number;
  readonly withdrawn: { readonly start: number; readonly end: number };
};

/**
 * `providerMetadata.backfire` when the answer was not halted: the scores of every sentence, and
 * the word counts (`WordCounts`) summed over the step's text blocks.
 */
export type BackfirePassMetadata = WordCounts & {
  readonly halted: false;
  /** Set when the answer was repaired (the `repair` option): every repair, in order. */
  readonly repairs?: BackfireRepairMetadata[];
  /** Mean and minimum sentence score (0 when nothing was scored). */
  readonly avgScore: number;
  readonly minScore: number;
  readonly segments: BackfireSegmentScore[];
};

/**
 * `providerMetadata.backfire` when the stream was halted: core's `BackfireHaltRecord` (JSON-safe,
 * without the offending sentence — this object reaches clients, and in `verified` mode that
 * sentence must never be shown; `onHalt` receives the full record, text included, on the server)
 * with its offsets (`tokenIndex`, `charOffset`) counted within the text block `textId`, its
 * receipt always set, and the step's sentence scores.
 */
export type BackfireHaltMetadata = Omit<BackfireHaltRecord, 'evidence' | 'receipt'> & {
  /** The scorer's evidence (knowledge chunks, the contradiction), made JSON-safe. */
  readonly evidence: JSONValue;
  /**
   * What the halt stopped and cost: whether the provider request was aborted and its stream
   * cancelled, the parts read after the verdict, the provider's usage if it reported one, and
   * what was withheld. Written with the finish (see `HaltReceipt`).
   */
  readonly receipt: BackfireHaltReceipt;
  /** The text block that halted. */
  readonly textId: string;
  /** Set when the answer was repaired before this last halt (`repair` ran out of attempts). */
  readonly repairs?: BackfireRepairMetadata[];
  readonly avgScore: number;
  readonly minScore: number;
  readonly segments: BackfireSegmentScore[];
};

/** What `providerMetadata.backfire` holds on every guarded `finish`. */
export type BackfireMetadata = BackfirePassMetadata | BackfireHaltMetadata;

/** The scored sentences of one text block. */
export interface BlockScores {
  readonly textId: string;
  readonly segments: readonly SegmentRecord[];
  readonly wordsGenerated: number;
  readonly wordsReleased: number;
}

export function passMetadata(blocks: readonly BlockScores[]): BackfirePassMetadata {
  let generated = 0;
  let released = 0;
  for (const b of blocks) {
    generated += b.wordsGenerated;
    released += b.wordsReleased;
  }
  return {
    halted: false,
    ...stats(blocks),
    wordsGenerated: generated,
    wordsReleased: released,
    tokensGenerated: generated,
    tokensReleased: released,
    segments: segmentScores(blocks),
  };
}

/** `HaltReceipt`, typed for the provider spec's JSON. */
export type BackfireHaltReceipt = {
  readonly upstreamAborted: boolean;
  readonly partsAfterHalt: number;
  readonly usage?: JSONValue;
  readonly withheld: { readonly words: number; readonly chars: number };
};

export function haltMetadata(
  halt: GuardHalt,
  textId: string,
  blocks: readonly BlockScores[],
): BackfireHaltMetadata {
  const record = publicHaltRecord(halt);
  const receipt = record.receipt ?? {
    upstreamAborted: false,
    partsAfterHalt: 0,
    withheld: { words: record.wordsWithheld ?? record.tokensWithheld, chars: 0 },
  };
  return {
    ...record,
    // Already JSON-safe (publicHaltRecord converted it): only re-typed for the provider spec.
    evidence: record.evidence as JSONValue,
    receipt: receipt as BackfireHaltReceipt,
    textId,
    ...stats(blocks),
    segments: segmentScores(blocks),
  };
}

export function repairMetadata(repair: BackfireRepair, textId: string): BackfireRepairMetadata {
  return {
    attempt: repair.attempt,
    textId,
    // Already JSON-safe (publicHaltRecord converted it): only re-typed for the provider spec.
    halt: { ...repair.halt, evidence: repair.halt.evidence as JSONValue },
    keptChars: repair.keptChars,
    withdrawn: { ...repair.withdrawn },
  };
}

/**
 * What an `optimistic` repair tells the client, on an empty `text-delta` of the block (and on the
 * block's later parts that carry provider metadata): the released ranges of that text that are
 * withdrawn, all of them so far. UIs strike them through (`withdrawnRanges` in
 * `@backfire/vercel-ai/ui`).
 */
export type BackfireWithdrawnMetadata = {
  readonly withdrawn: { readonly start: number; readonly end: number }[];
};

function segmentScores(blocks: readonly BlockScores[]): BackfireSegmentScore[] {
  return blocks.flatMap((b) =>
    b.segments.map((s) => ({
      textId: b.textId,
      index: s.index,
      status: s.status,
      score: s.score,
      charStart: s.charStart,
      charEnd: s.charEnd,
      tokenStart: s.tokenStart,
      tokenEnd: s.tokenEnd,
    })),
  );
}

function stats(blocks: readonly BlockScores[]): { avgScore: number; minScore: number } {
  let sum = 0;
  let n = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const b of blocks) {
    for (const s of b.segments) {
      if (s.score === null) continue;
      sum += s.score;
      n++;
      if (s.score < min) min = s.score;
    }
  }
  return n === 0 ? { avgScore: 0, minScore: 0 } : { avgScore: sum / n, minScore: min };
}

/**
 * Reads `providerMetadata.backfire` back (from `result.providerMetadata`, a `finish-step` part or
 * a stored message) with its shape checked; undefined when the metadata is absent or not ours.
 */
export function readBackfireMetadata(providerMetadata: unknown): BackfireMetadata | undefined {
  if (providerMetadata === null || typeof providerMetadata !== 'object') return undefined;
  const meta = (providerMetadata as { backfire?: unknown }).backfire;
  if (meta === null || typeof meta !== 'object') return undefined;
  const m = meta as Record<string, unknown>;
  if (typeof m['halted'] !== 'boolean' || !Array.isArray(m['segments'])) return undefined;
  if (m['halted'] && (typeof m['kind'] !== 'string' || typeof m['reason'] !== 'string')) {
    return undefined;
  }
  return meta as BackfireMetadata;
}
