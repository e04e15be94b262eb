import { BackfireHaltError, type GuardHalt } from '@backfire/core';
import type { StreamPart, Usage } from '../ai-types.js';
import type { GuardedCall } from '../guarded-stream.js';
import { type BackfireRepairMetadata, type BlockScores, haltMetadata } from '../metadata.js';
import type { BackfireHaltContext } from '../options.js';
import type { TextBlock } from './text-blocks.js';

/** The finish reason of a halted stream; `raw` lets logs tell a Backfire halt from a provider's. */
export const HALT_FINISH_REASON = { unified: 'content-filter', raw: 'backfire' } as const;

/** The error a halt stands for: the guard's own abort reason when it has one. */
export function haltError(block: TextBlock, record: GuardHalt): BackfireHaltError {
  const reason = block.guard.signal.reason;
  return reason instanceof BackfireHaltError
    ? reason
    : new BackfireHaltError(`backfire halted the stream: ${record.reason}`, record);
}

/** What the finish of a halted response reports. */
export interface HaltedResponse {
  /** The halt, with its receipt. */
  readonly record: GuardHalt;
  readonly block: TextBlock;
  /** Scores of the blocks that ended before the halt. */
  readonly scores: readonly BlockScores[];
  readonly usage: Usage;
  /** The repairs tried before this halt; empty when none was. */
  readonly repairs: BackfireRepairMetadata[];
}

/**
 * The finish of a halted response: `content-filter`, with `providerMetadata.backfire` saying why
 * (the halted block's scores so far join the others').
 */
export function haltFinish({ record, block, scores, usage, repairs }: HaltedResponse): StreamPart {
  const halted: BlockScores = {
    textId: block.id,
    segments: block.guard.segments,
    wordsGenerated: record.wordsGenerated ?? record.tokensGenerated,
    wordsReleased: record.wordsReleased ?? record.tokensReleased,
  };
  const metadata = haltMetadata(record, block.id, [...scores, halted]);
  return {
    type: 'finish',
    finishReason: HALT_FINISH_REASON,
    usage,
    providerMetadata: { backfire: repairs.length > 0 ? { ...metadata, repairs } : metadata },
  };
}

/** Tells `onHalt` about a halt; the halt stands whatever the callback does. */
export function notifyHalt(call: GuardedCall, record: GuardHalt, block: TextBlock): void {
  const onHalt = call.options.onHalt;
  if (onHalt === undefined) return;
  const context: BackfireHaltContext = {
    type: call.type,
    prompt: call.prompt,
    textId: block.id,
    releasedText: block.guard.releasedText,
    params: call.params,
    model: call.model,
  };
  try {
    Promise.resolve(onHalt(record, context)).catch(() => undefined);
  } catch {
    // The halt stands whatever the callback does.
  }
}
