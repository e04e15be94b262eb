import {
  createGuard,
  type Guard,
  type GuardEvent,
  type GuardOutput,
  type GuardResume,
  resolveGuardOptions,
} from '@backfire/core';
import type { StreamPart } from '../ai-types.js';
import type { GuardedCall } from '../guarded-stream.js';
import type { BlockScores } from '../metadata.js';

/** A range of text the client was sent, as offsets in what its block showed. */
export interface TextRange {
  start: number;
  end: number;
}

/** One text block of the response (`text-start` … `text-end`) and the guard that scores it. */
export interface TextBlock {
  readonly id: string;
  readonly guard: Guard;
  /** Characters of this block the client has been sent (withdrawn ones included). */
  shown: number;
  /** Released ranges a repair withdrew (optimistic mode), as offsets in what was sent. */
  withdrawn: TextRange[];
}

/** What a block's guard needs beyond the call: where it resumes and what it reports. */
export interface GuardFor {
  /** The verified part a repair keeps, for the guard that continues a halted block. */
  readonly resume?: GuardResume | undefined;
  /** Repairs so far, for the guard's span. */
  readonly repairs: number;
  /** Output of verdicts that land while no write is running. */
  readonly onOutput: (output: GuardOutput) => void;
}

/** The guard of one text block, configured from the call's options. */
export function openGuard(call: GuardedCall, { resume, repairs, onOutput }: GuardFor): Guard {
  const onEvent = (event: GuardEvent) => {
    if (event.type === 'record-error') reportRecordError(call.options, event.error);
  };
  const guardOptions = resolveGuardOptions(call.options.backfire, {
    prompt: call.prompt,
    ...(call.callerSignal !== undefined ? { signal: call.callerSignal } : {}),
    onEvent,
    onOutput,
  });
  if (call.tenant !== undefined) guardOptions.tenant = call.tenant;
  // generateText shows nothing until it returns, so it returns only verified text: the
  // offending sentence is never part of the result, whatever the streaming policy.
  if (call.type === 'generate') guardOptions.release = 'verified';
  if (resume !== undefined) guardOptions.resume = resume;
  if (call.telemetryContext !== undefined) guardOptions.telemetryContext = call.telemetryContext;
  const guard = createGuard(guardOptions);
  guard.setSpanAttributes({
    'gen_ai.system': call.model.provider,
    'gen_ai.request.model': call.model.modelId,
    'gen_ai.operation.name': 'chat',
    'backfire.repairs': repairs,
  });
  return guard;
}

/**
 * The blocks of the response that are open: text blocks with their guards, and the reasoning and
 * tool-input blocks a halt or a repair must end, since the call that opened them will not. Also
 * keeps the scores of the text blocks that ended without a halt, for the finish's metadata.
 */
export class OpenBlocks {
  readonly #text = new Map<string, TextBlock>();
  readonly #reasoning = new Set<string>();
  readonly #toolInputs = new Set<string>();
  readonly #scores: BlockScores[] = [];

  /** Scores of the text blocks that ended without a halt, in the order they ended. */
  get scores(): readonly BlockScores[] {
    return this.#scores;
  }

  get(id: string): TextBlock | undefined {
    return this.#text.get(id);
  }

  /** Open text blocks, as a copy: closing one while walking them is safe. */
  text(): TextBlock[] {
    return [...this.#text.values()];
  }

  /** Starts a text block; a block that continues a halted one keeps what that one showed. */
  openText(id: string, guard: Guard, from?: TextBlock): TextBlock {
    const block: TextBlock = {
      id,
      guard,
      shown: from?.shown ?? 0,
      withdrawn: from?.withdrawn ?? [],
    };
    this.#text.set(id, block);
    return block;
  }

  /** Ends a text block: its guard scores what it still holds; a block that passed is scored. */
  async closeText(block: TextBlock): Promise<void> {
    const result = await block.guard.end();
    this.#text.delete(block.id);
    if (!result.halted) {
      this.#scores.push({
        textId: block.id,
        segments: result.segments,
        wordsGenerated: result.wordsGenerated ?? result.tokensGenerated,
        wordsReleased: result.wordsReleased ?? result.tokensReleased,
      });
    }
  }

  /** Notes a reasoning or tool-input block opening or ending; other parts are ignored. */
  track(part: StreamPart): void {
    switch (part.type) {
      case 'reasoning-start':
        this.#reasoning.add(part.id);
        return;
      case 'reasoning-end':
        this.#reasoning.delete(part.id);
        return;
      case 'tool-input-start':
        this.#toolInputs.add(part.id);
        return;
      case 'tool-input-end':
        this.#toolInputs.delete(part.id);
        return;
      default:
        return;
    }
  }

  /** The parts that end every open block, text blocks first (a halt's close). */
  endParts(): StreamPart[] {
    return [
      ...[...this.#text.keys()].map((id): StreamPart => ({ type: 'text-end', id })),
      ...this.#otherEndParts(),
    ];
  }

  /**
   * Ends every block but `kept` (the halted text block a repair continues): the other text blocks'
   * guards are cancelled, and the parts that end them all are returned, in the order to send.
   */
  keepOnly(kept: TextBlock): StreamPart[] {
    const parts: StreamPart[] = [];
    for (const block of this.#text.values()) {
      if (block === kept) continue;
      block.guard.cancel();
      parts.push({ type: 'text-end', id: block.id });
    }
    this.#text.clear();
    this.#text.set(kept.id, kept);
    parts.push(...this.#otherEndParts());
    this.#reasoning.clear();
    this.#toolInputs.clear();
    return parts;
  }

  /** Cancels the guards of the open text blocks (but `except`): nothing more will be scored. */
  cancel(except?: TextBlock): void {
    for (const block of this.#text.values()) if (block !== except) block.guard.cancel();
  }

  #otherEndParts(): StreamPart[] {
    return [
      ...[...this.#reasoning].map((id): StreamPart => ({ type: 'reasoning-end', id })),
      ...[...this.#toolInputs].map((id): StreamPart => ({ type: 'tool-input-end', id })),
    ];
  }
}

// The middleware has no event hook: a throwing `record` is reported once per middleware, here.
const recordErrorsReported = new WeakSet<object>();

function reportRecordError(options: GuardedCall['options'], error: unknown): void {
  if (recordErrorsReported.has(options)) return;
  recordErrorsReported.add(options);
  console.warn(
    `backfire: the record callback threw (reported once; streams are unaffected): ${
      error instanceof Error ? error.message : String(error)
    }`,
  );
}
