import {
  type BackfireHaltRecord,
  type BackfireRepair,
  type GuardHalt,
  publicHaltRecord,
  WITHHELD,
} from '@backfire/core';

/** The finish reason a halted answer carries, as OpenAI and LangChain spell it. */
export const CONTENT_FILTER = 'content_filter';

/**
 * The halt as a halted message reports it in `response_metadata.backfire`: core's client-safe
 * record (`publicHaltRecord`) — the same fields the AI SDK adapter reports in
 * `providerMetadata.backfire` — without the offending sentence, whose quotes in the evidence read
 * `[withheld]`. `onHalt` and `BackfireCallbackHandler.halt` carry the full record on the server.
 */
export type BackfireHaltMetadata = BackfireHaltRecord;

/** What a halted message carries in `response_metadata`. */
export interface BackfireResponseMetadata {
  readonly finish_reason: typeof CONTENT_FILTER;
  /** The halt; with `repairs` when the answer was repaired before this last halt. */
  readonly backfire: BackfireHaltMetadata & { readonly repairs?: readonly BackfireRepair[] };
}

/**
 * What a repaired answer that completed carries in `response_metadata.backfire`: every repair (the
 * halt, the attempt, what was withdrawn). In `optimistic` mode, chunks of the stream also carried
 * `backfire.withdrawn` ranges, which merge into the message's metadata.
 */
export interface BackfireRepairedMetadata {
  readonly backfire: { readonly halted: false; readonly repairs: readonly BackfireRepair[] };
}

export function haltMetadata(
  halt: GuardHalt,
  repairs: readonly BackfireRepair[] = [],
): BackfireResponseMetadata {
  const record = publicHaltRecord(halt);
  return {
    finish_reason: CONTENT_FILTER,
    backfire: repairs.length > 0 ? { ...record, repairs: [...repairs] } : record,
  };
}

export function repairedMetadata(repairs: readonly BackfireRepair[]): BackfireRepairedMetadata {
  return { backfire: { halted: false, repairs: [...repairs] } };
}

export { WITHHELD };
