import { assertKnownKeys, type HaltKind, optionKeys, type WordCounts } from '@backfire/core';
import type { JSONValue } from './ai-types.js';
import {
  type BackfireHaltReceipt,
  type BackfireMetadata,
  readBackfireMetadata,
} from './metadata.js';

/**
 * What a chat client sees in `message.metadata.backfire`: enough to show a banner ("this answer
 * was stopped because …") and decide what to do with the text already shown.
 */
export type BackfireUIMetadata = WordCounts & {
  readonly halted: boolean;
  /** Set when halted. */
  readonly kind?: HaltKind;
  readonly reason?: string;
  readonly suggestedAction?: string;
  readonly score?: number;
  readonly tokenIndex?: number;
  readonly charOffset?: number;
  /** Set when halted (and the server's metadata has it; see `wordsGenerated`). */
  readonly wordsWithheld?: number;
  /** @deprecated The same count as `wordsWithheld`. */
  readonly tokensWithheld?: number;
  /**
   * Set when halted: what the halt stopped and cost (`HaltReceipt`) — whether the model call was
   * cancelled, the stream parts read after the verdict, the provider's usage if it reported one,
   * the words and characters withheld. Counts only, no text: safe to send to the client.
   */
  readonly receipt?: BackfireUIReceipt;
  readonly avgScore: number;
  readonly minScore: number;
  /** Only with `{ evidence: true }`: the scorer's evidence can quote the knowledge base. */
  readonly evidence?: JSONValue;
  /** Set when the answer was repaired (the `repair` option): one entry per repair, in order. */
  readonly repairs?: BackfireUIRepair[];
  /**
   * Set by `readBackfireMessageMetadata` when text the client was shown has been withdrawn by a
   * repair (`optimistic` mode): which characters of which part of `message.parts` to strike
   * through.
   */
  readonly withdrawn?: BackfireWithdrawnRange[];
};

/** The halt receipt, as the client sees it (the server's `BackfireHaltReceipt`, counts only). */
export type BackfireUIReceipt = {
  readonly upstreamAborted: boolean;
  readonly partsAfterHalt: number;
  /** The provider's token usage, when it reported one. */
  readonly usage?: JSONValue;
  readonly withheld: { readonly words: number; readonly chars: number };
};

/** One repair, as the client sees it: why the answer was corrected and what was withdrawn. */
export type BackfireUIRepair = {
  readonly attempt: number;
  readonly kind: HaltKind;
  readonly reason: string;
  /** Characters of the answer the correction continues after. */
  readonly keptChars: number;
  /** Withdrawn characters of the text block (empty in `verified` mode: nothing was shown). */
  readonly withdrawn: { readonly start: number; readonly end: number };
};

/** Withdrawn characters of one text part: `message.parts[partIndex].text.slice(start, end)`. */
export type BackfireWithdrawnRange = {
  readonly partIndex: number;
  readonly start: number;
  readonly end: number;
};

/** A piece of a text part, for rendering: withdrawn pieces are struck through. */
export interface BackfireTextSpan {
  readonly text: string;
  readonly withdrawn: boolean;
}

/** The message metadata `backfireMessageMetadata` produces: type `useChat` with it. */
export type BackfireMessageMetadata = { backfire?: BackfireUIMetadata };

export interface BackfireMessageMetadataOptions<M extends object = Record<string, unknown>> {
  /** Send the scorer's evidence to the client too. Default false (it may quote the knowledge base). */
  evidence?: boolean;
  /** Your own metadata for any part (e.g. `createdAt` on `start`), merged with Backfire's. */
  extend?: (options: { part: MetadataPart }) => M | undefined;
}

const METADATA_OPTION_KEYS = optionKeys<BackfireMessageMetadataOptions>()(['evidence', 'extend']);

/** The parts of a `streamText` full stream this helper looks at (structural, ai 6 and ai 7). */
export type MetadataPart = { readonly type: string; readonly providerMetadata?: unknown };

/**
 * Builds the `messageMetadata` callback for `toUIMessageStream` / `toUIMessageStreamResponse`:
 * on every step's `finish-step` part it copies `providerMetadata.backfire` into the UI message's
 * metadata, so `useChat` clients read `message.metadata.backfire.halted` (and `onFinish` gets
 * `finishReason: 'content-filter'` as usual). The offending sentence is never included.
 *
 * @example
 * return result.toUIMessageStreamResponse({ messageMetadata: backfireMessageMetadata() });
 */
export function backfireMessageMetadata<M extends object = Record<string, unknown>>(
  options: BackfireMessageMetadataOptions<M> = {},
): (options: { part: MetadataPart }) => (M & BackfireMessageMetadata) | undefined {
  assertKnownKeys('backfireMessageMetadata', options, METADATA_OPTION_KEYS);
  const { evidence = false, extend } = options;
  return ({ part }) => {
    const extra = extend?.({ part });
    if (part.type !== 'finish-step') return extra as (M & BackfireMessageMetadata) | undefined;
    const meta = readBackfireMetadata(part.providerMetadata);
    if (meta === undefined) return extra as (M & BackfireMessageMetadata) | undefined;
    return { ...(extra as M), backfire: toUIMetadata(meta, evidence) };
  };
}

/**
 * Reads `message.metadata.backfire` on the client; undefined when absent or malformed. When a
 * repair withdrew text the message's parts had shown (optimistic mode), `withdrawn` lists it per
 * text part, for striking it through (`backfireTextSpans` splits one part).
 */
export function readBackfireMessageMetadata(message: {
  readonly metadata?: unknown;
  readonly parts?: readonly unknown[];
}): BackfireUIMetadata | undefined {
  const meta = readMetadata(message);
  if (meta === undefined) return undefined;
  const withdrawn: BackfireWithdrawnRange[] = [];
  const parts = Array.isArray(message.parts) ? message.parts : [];
  parts.forEach((part, partIndex) => {
    for (const r of withdrawnRanges(part)) withdrawn.push({ partIndex, ...r });
  });
  return withdrawn.length > 0 ? { ...meta, withdrawn } : meta;
}

/**
 * The withdrawn character ranges of one UI message text part (live, while the answer streams):
 * text an optimistic repair took back. [] for any other part.
 */
export function withdrawnRanges(part: unknown): { start: number; end: number }[] {
  if (part === null || typeof part !== 'object') return [];
  const p = part as { type?: unknown; providerMetadata?: unknown };
  if (p.type !== 'text' || p.providerMetadata === null || typeof p.providerMetadata !== 'object') {
    return [];
  }
  const backfire = (p.providerMetadata as { backfire?: unknown }).backfire;
  const list = (backfire as { withdrawn?: unknown } | null | undefined)?.withdrawn;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (r): r is { start: number; end: number } =>
      r !== null &&
      typeof r === 'object' &&
      Number.isInteger((r as { start?: unknown }).start) &&
      Number.isInteger((r as { end?: unknown }).end) &&
      (r as { start: number }).start <= (r as { end: number }).end,
  );
}

/**
 * Splits a UI text part into spans, withdrawn ones marked, to render with a strike-through:
 * `backfireTextSpans(part).map((s) => (s.withdrawn ? <s>{s.text}</s> : s.text))`.
 */
export function backfireTextSpans(part: { readonly text?: unknown }): BackfireTextSpan[] {
  const text = typeof part?.text === 'string' ? part.text : '';
  const ranges = withdrawnRanges(part).sort((a, b) => a.start - b.start);
  const spans: BackfireTextSpan[] = [];
  let at = 0;
  for (const { start, end } of ranges) {
    const s = Math.max(at, Math.min(start, text.length));
    const e = Math.min(end, text.length);
    if (s > at) spans.push({ text: text.slice(at, s), withdrawn: false });
    if (e > s) spans.push({ text: text.slice(s, e), withdrawn: true });
    at = Math.max(at, e);
  }
  if (at < text.length || spans.length === 0)
    spans.push({ text: text.slice(at), withdrawn: false });
  return spans;
}

function readMetadata(message: { readonly metadata?: unknown }): BackfireUIMetadata | undefined {
  const metadata = message?.metadata;
  if (metadata === null || typeof metadata !== 'object') return undefined;
  const b = (metadata as { backfire?: unknown }).backfire;
  if (
    b === null ||
    typeof b !== 'object' ||
    typeof (b as { halted?: unknown }).halted !== 'boolean'
  ) {
    return undefined;
  }
  return b as BackfireUIMetadata;
}

// Field by field: only the receipt's counts (and usage) reach the client, whatever else the
// provider metadata held.
function uiReceipt(receipt: BackfireHaltReceipt): BackfireUIReceipt {
  return {
    upstreamAborted: receipt.upstreamAborted,
    partsAfterHalt: receipt.partsAfterHalt,
    ...(receipt.usage !== undefined ? { usage: receipt.usage } : {}),
    withheld: { words: receipt.withheld.words, chars: receipt.withheld.chars },
  };
}

function toUIMetadata(meta: BackfireMetadata, evidence: boolean): BackfireUIMetadata {
  const base = {
    ...(typeof meta.wordsGenerated === 'number' ? { wordsGenerated: meta.wordsGenerated } : {}),
    ...(typeof meta.wordsReleased === 'number' ? { wordsReleased: meta.wordsReleased } : {}),
    tokensGenerated: meta.tokensGenerated,
    tokensReleased: meta.tokensReleased,
    avgScore: meta.avgScore,
    minScore: meta.minScore,
    ...(meta.repairs !== undefined && meta.repairs.length > 0
      ? {
          repairs: meta.repairs.map((r) => ({
            attempt: r.attempt,
            kind: r.halt.kind,
            reason: r.halt.reason,
            keptChars: r.keptChars,
            withdrawn: { start: r.withdrawn.start, end: r.withdrawn.end },
          })),
        }
      : {}),
  };
  if (!meta.halted) return { halted: false, ...base };
  return {
    halted: true,
    kind: meta.kind,
    reason: meta.reason,
    suggestedAction: meta.suggestedAction,
    score: meta.score,
    tokenIndex: meta.tokenIndex,
    charOffset: meta.charOffset,
    ...(typeof meta.wordsWithheld === 'number' ? { wordsWithheld: meta.wordsWithheld } : {}),
    tokensWithheld: meta.tokensWithheld,
    ...(meta.receipt !== undefined ? { receipt: uiReceipt(meta.receipt) } : {}),
    ...base,
    ...(evidence ? { evidence: meta.evidence } : {}),
  };
}
