import {
  type BackfireHaltRecord,
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
  readonly backfire: BackfireHaltMetadata;
}

export function haltMetadata(halt: GuardHalt): BackfireResponseMetadata {
  return { finish_reason: CONTENT_FILTER, backfire: publicHaltRecord(halt) };
}

export { WITHHELD };
