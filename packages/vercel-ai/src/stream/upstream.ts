import type { HaltReceiptFacts } from '@backfire/core';
import type { StreamPart, Usage } from '../ai-types.js';
import type { RestartedCall } from '../guarded-stream.js';
import { addUsage, unknownUsage } from '../usage.js';
import { type Drained, drain } from './drain.js';

/**
 * The provider calls one response reads, one after another (the first call, then each repair
 * call): the current call's stream and abort, and what a halt's receipt and the finish need to
 * know about them — the parts read after the halting verdict and the usage each call reported.
 */
export class Upstream {
  #reader: ReadableStreamDefaultReader<StreamPart>;
  #abort: ((reason: unknown) => void) | undefined;
  readonly #abortUpstream: boolean;
  // The receipt's evidence for the current call: set at the halting verdict, parts read after it.
  #verdict = false;
  #partsAfterHalt = 0;
  // The usage of the finished calls before this one, and of this one once its finish is read.
  #usageSoFar: Usage | undefined;
  #finishUsage: Usage | undefined;

  constructor(
    stream: ReadableStream<StreamPart>,
    abort: ((reason: unknown) => void) | undefined,
    abortUpstream: boolean,
  ) {
    this.#reader = stream.getReader();
    this.#abort = abort;
    this.#abortUpstream = abortUpstream;
  }

  /** The current call's next part; pass the result to `count` once it is read. */
  read(): Promise<ReadableStreamReadResult<StreamPart>> {
    return this.#reader.read();
  }

  /** Counts a part read after the halting verdict (the receipt's `partsAfterHalt`). */
  count(next: ReadableStreamReadResult<StreamPart>): void {
    if (this.#verdict && !next.done) this.#partsAfterHalt++;
  }

  /** A guard decided to halt: parts read from now on were read for nothing. */
  sawVerdict(): void {
    this.#verdict = true;
  }

  /** The current call's finish was read: its usage. */
  finished(usage: Usage): void {
    this.#finishUsage = usage;
  }

  /** The usage of the whole response, given its last call's. */
  totalUsage(last: Usage): Usage {
    return addUsage(this.#usageSoFar, last);
  }

  /**
   * The usage of a halted response. A halt decided at the provider's finish (the last sentence,
   * or verified mode) knows the call's usage: report it rather than unknown counts.
   */
  haltUsage(): Usage {
    return this.#finishUsage !== undefined
      ? addUsage(this.#usageSoFar, this.#finishUsage)
      : (this.#usageSoFar ?? unknownUsage());
  }

  /**
   * Stops the current call: cancels its stream and aborts its request, and returns null; or, with
   * `abortUpstream: false`, lets the provider finish unread and returns what it still sent (parts
   * and usage), once it has finished.
   */
  stop(reason: unknown): Promise<Drained> | null {
    if (!this.#abortUpstream) return drain(this.#reader);
    this.#reader.cancel(reason).catch(() => undefined);
    this.#abort?.(reason);
    return null;
  }

  /** The receipt's facts about the current call, once `stop` returned `drained`. */
  facts(drained: Promise<Drained> | null): HaltReceiptFacts {
    return {
      // A call whose finish was already read had nothing left to stop.
      upstreamAborted:
        drained === null && this.#abort !== undefined && this.#finishUsage === undefined,
      partsAfterHalt: this.#partsAfterHalt,
      usage: this.#finishUsage,
    };
  }

  /** The receipt's facts once a call that was let run has finished (`abortUpstream: false`). */
  drainedFacts(after: Drained): HaltReceiptFacts {
    return {
      upstreamAborted: false,
      partsAfterHalt: this.#partsAfterHalt + after.parts,
      usage: after.usage ?? this.#finishUsage,
    };
  }

  /** The halted call is over (a repair follows): its usage counts, its evidence is spent. */
  endCall(): void {
    if (this.#finishUsage !== undefined) {
      this.#usageSoFar = addUsage(this.#usageSoFar, this.#finishUsage);
    }
    this.#finishUsage = undefined;
    this.#verdict = false;
    this.#partsAfterHalt = 0;
  }

  /** Reads the repair call from now on. */
  continueWith(next: RestartedCall): void {
    this.#reader = next.stream.getReader();
    this.#abort = next.abort;
  }

  /** Cancels the current call's stream (the response failed or its reader cancelled it). */
  cancel(reason: unknown): Promise<void> {
    return this.#reader.cancel(reason);
  }
}
