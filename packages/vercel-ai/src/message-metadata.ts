import { assertKnownKeys, type HaltKind, type ListsEveryKey } from '@backfire/core';
import type { JSONValue } from './ai-types.js';
import { type BackfireMetadata, readBackfireMetadata } from './metadata.js';

/**
 * What a chat client sees in `message.metadata.backfire`: enough to show a banner ("this answer
 * was stopped because …") and decide what to do with the text already shown.
 */
export type BackfireUIMetadata = {
  readonly halted: boolean;
  /** Set when halted. */
  readonly kind?: HaltKind;
  readonly reason?: string;
  readonly suggestedAction?: string;
  readonly score?: number;
  readonly tokenIndex?: number;
  readonly charOffset?: number;
  readonly tokensWithheld?: number;
  /** Always set. */
  readonly tokensGenerated: number;
  readonly tokensReleased: number;
  readonly avgScore: number;
  readonly minScore: number;
  /** Only with `{ evidence: true }`: the scorer's evidence can quote the knowledge base. */
  readonly evidence?: JSONValue;
};

/** The message metadata `backfireMessageMetadata` produces: type `useChat` with it. */
export type BackfireMessageMetadata = { backfire?: BackfireUIMetadata };

export interface BackfireMessageMetadataOptions<M extends object = Record<string, unknown>> {
  /** Send the scorer's evidence to the client too. Default false (it may quote the knowledge base). */
  evidence?: boolean;
  /** Your own metadata for any part (e.g. `createdAt` on `start`), merged with Backfire's. */
  extend?: (options: { part: MetadataPart }) => M | undefined;
}

const METADATA_OPTION_KEYS = [
  'evidence',
  'extend',
] as const satisfies readonly (keyof BackfireMessageMetadataOptions)[];
const _everyMetadataOption: ListsEveryKey<
  BackfireMessageMetadataOptions,
  typeof METADATA_OPTION_KEYS
> = true;

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

/** Reads `message.metadata.backfire` on the client; undefined when absent or malformed. */
export function readBackfireMessageMetadata(message: {
  readonly metadata?: unknown;
}): BackfireUIMetadata | undefined {
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

function toUIMetadata(meta: BackfireMetadata, evidence: boolean): BackfireUIMetadata {
  const base = {
    tokensGenerated: meta.tokensGenerated,
    tokensReleased: meta.tokensReleased,
    avgScore: meta.avgScore,
    minScore: meta.minScore,
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
    tokensWithheld: meta.tokensWithheld,
    ...base,
    ...(evidence ? { evidence: meta.evidence } : {}),
  };
}
