import type { Guard } from './guard.js';
import { type JsonValue, toJsonValue } from './halt-record.js';
import type { GuardHalt } from './types.js';

/**
 * What a halt cost and what it stopped — the evidence behind "did we stop paying for this
 * answer?". The guard cannot know it (it never sees the model call): each adapter fills it in
 * from what it did to the upstream call, and every halt record it reports carries it
 * (`providerMetadata.backfire.receipt`, `response_metadata.backfire.receipt`, `onHalt`).
 */
export type HaltReceipt = {
  /**
   * True when the upstream call was stopped: its abort signal fired and its stream was cancelled
   * (no more tokens are generated for it, so none are billed). False when the adapter let it run
   * (`abortUpstream: false`), or it had already finished when the halt was decided.
   */
  readonly upstreamAborted: boolean;
  /**
   * Stream parts (AI SDK) or chunks and tokens (LangChain) read from the upstream after the halting
   * verdict: 0 means the guard stopped reading the moment it decided.
   */
  readonly partsAfterHalt: number;
  /** The provider's token usage for the halted call, as the framework reported it; absent when the
   * provider reported none before the stream stopped (the usual case for an aborted call). */
  readonly usage?: JsonValue;
  /** What the model said that the user was never shown: words and characters. */
  readonly withheld: { readonly words: number; readonly chars: number };
};

/** What the adapter knows about the upstream call when it writes the receipt. */
export interface HaltReceiptFacts {
  readonly upstreamAborted: boolean;
  readonly partsAfterHalt: number;
  /** The provider's usage, when it reported one (made JSON-safe here). */
  readonly usage?: unknown;
}

/** The receipt of a halted guard, from the adapter's facts and the guard's own counts. */
export function haltReceipt(guard: Guard, facts: HaltReceiptFacts): HaltReceipt {
  const halt = guard.halt;
  const words = halt?.wordsWithheld ?? halt?.tokensWithheld ?? 0;
  const chars = Math.max(0, guard.receivedChars - guard.releasedText.length);
  return {
    upstreamAborted: facts.upstreamAborted,
    partsAfterHalt: facts.partsAfterHalt,
    ...(facts.usage !== undefined && facts.usage !== null
      ? { usage: toJsonValue(facts.usage) }
      : {}),
    withheld: { words, chars },
  };
}

/** The halt with its receipt: what adapters report and pass to `onHalt`. */
export function withReceipt(halt: GuardHalt, receipt: HaltReceipt): GuardHalt {
  return { ...halt, receipt };
}
