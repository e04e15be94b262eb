import {
  BackfireHaltError,
  createGuard,
  type Guard,
  type GuardEvent,
  type GuardHalt,
  resolveGuardOptions,
} from '@backfire/core';
import type { CallOptions, StreamPart, Usage } from './ai-types.js';
import { type BlockScores, haltMetadata, passMetadata } from './metadata.js';
import type { BackfireHaltContext, ResolvedOptions } from './options.js';

/** Everything one guarded model call needs to know. */
export interface GuardedCall {
  readonly options: ResolvedOptions;
  readonly type: 'stream' | 'generate';
  readonly prompt: string;
  readonly params: CallOptions;
  /** Per-request tenant (`providerOptions.backfire.tenant`), overriding `options.tenant`. */
  readonly tenant: string | undefined;
  readonly model: { readonly provider: string; readonly modelId: string };
  /** Aborts the provider request (the signal added in `transformParams`), when there is one. */
  readonly abort: ((reason: unknown) => void) | undefined;
}

type TextDelta = Extract<StreamPart, { type: 'text-delta' }>;

interface TextBlock {
  readonly id: string;
  readonly guard: Guard;
  /** True while `guard.write()` runs: its releases are collected into one part. */
  writing: boolean;
  buffer: string[];
  /** A halt that happened during a write; applied after the write's released text is sent. */
  haltPending: GuardHalt | null;
}

/** The finish reason of a halted stream; `raw` lets logs tell a Backfire halt from a provider's. */
export const HALT_FINISH_REASON = { unified: 'content-filter', raw: 'backfire' } as const;

/**
 * Guards one model stream. The returned stream is driven by its reader: each `pull` reads the
 * provider's stream only as far as it must to produce the next part, so a halt leaves the rest
 * unread. Text deltas go through a guard per text block (`text-start` … `text-end`) and come out
 * as the guard releases them — in optimistic mode the very same parts, so a faithful answer is
 * byte-for-byte the unguarded stream — and every other part passes through untouched, in order.
 *
 * On a halt it closes every open text, reasoning and tool-input block, emits `finish` with
 * `content-filter` and `providerMetadata.backfire`, closes, then cancels the provider's stream
 * and aborts its request. It never uses `TransformStream.terminate()`: on Node 20 terminating
 * with queued chunks breaks a later cancel and crashes ai 6.
 */
export function guardModelStream(
  upstream: ReadableStream<StreamPart>,
  call: GuardedCall,
): ReadableStream<StreamPart> {
  const reader = upstream.getReader();
  const blocks = new Map<string, TextBlock>();
  const reasoning = new Set<string>();
  const toolInputs = new Set<string>();
  const scores: BlockScores[] = [];
  let controller!: ReadableStreamDefaultController<StreamPart>;
  let done = false;
  let emitted = 0;

  const emit = (part: StreamPart) => {
    if (done) return;
    controller.enqueue(part);
    emitted++;
  };

  const openBlock = (id: string): TextBlock => {
    const onEvent = (event: GuardEvent) => {
      switch (event.type) {
        case 'release':
          if (block.writing) block.buffer.push(event.text);
          else emit({ type: 'text-delta', id, delta: event.text });
          break;
        case 'halt':
          if (block.writing) block.haltPending = event.halt;
          else halt(block, event.halt);
          break;
        default:
          break;
      }
    };
    const guardOptions = resolveGuardOptions(call.options.backfire, {
      prompt: call.prompt,
      ...(call.params.abortSignal !== undefined ? { signal: call.params.abortSignal } : {}),
      onEvent,
    });
    if (call.tenant !== undefined) guardOptions.tenant = call.tenant;
    // generateText shows nothing until it returns, so it returns only verified text: the
    // offending sentence is never part of the result, whatever the streaming policy.
    if (call.type === 'generate') guardOptions.release = 'verified';
    const guard = createGuard(guardOptions);
    const block: TextBlock = { id, guard, writing: false, buffer: [], haltPending: null };
    blocks.set(id, block);
    return block;
  };

  const write = async (block: TextBlock, part: TextDelta) => {
    block.writing = true;
    block.buffer = [];
    try {
      await block.guard.write(part.delta);
    } finally {
      block.writing = false;
    }
    const text = block.buffer.join('');
    block.buffer = [];
    // Usually the release is exactly this delta: forward the provider's own part unchanged.
    if (text !== '') emit(text === part.delta ? part : { ...part, delta: text });
    if (block.haltPending !== null) halt(block, block.haltPending);
  };

  const closeBlock = async (block: TextBlock) => {
    const result = await block.guard.end();
    blocks.delete(block.id);
    if (!result.halted) {
      scores.push({
        textId: block.id,
        segments: result.segments,
        tokensGenerated: result.tokensGenerated,
        tokensReleased: result.tokensReleased,
      });
    }
  };

  const halt = (block: TextBlock, record: GuardHalt) => {
    if (done) return;
    const reason = block.guard.signal.reason;
    const error =
      reason instanceof BackfireHaltError
        ? reason
        : new BackfireHaltError(`backfire halted the stream: ${record.reason}`, record);
    for (const id of blocks.keys()) controller.enqueue({ type: 'text-end', id });
    for (const id of reasoning) controller.enqueue({ type: 'reasoning-end', id });
    for (const id of toolInputs) controller.enqueue({ type: 'tool-input-end', id });
    if (call.options.emitErrorOnHalt) controller.enqueue({ type: 'error', error });
    const haltedScores: BlockScores = {
      textId: block.id,
      segments: block.guard.segments,
      tokensGenerated: record.tokensGenerated,
      tokensReleased: record.tokensReleased,
    };
    controller.enqueue({
      type: 'finish',
      finishReason: HALT_FINISH_REASON,
      usage: unknownUsage(),
      providerMetadata: { backfire: haltMetadata(record, block.id, [...scores, haltedScores]) },
    });
    done = true;
    controller.close();
    for (const other of blocks.values()) if (other !== block) other.guard.cancel();
    stopUpstream(error);
    notify(record, {
      type: call.type,
      prompt: call.prompt,
      textId: block.id,
      releasedText: block.guard.releasedText,
      params: call.params,
      model: call.model,
    });
  };

  const stopUpstream = (reason: unknown) => {
    if (!call.options.abortUpstream) {
      // abortUpstream: false — let the provider finish; nobody reads what it still sends.
      void (async () => {
        while (!(await reader.read()).done) {
          // discard
        }
      })().catch(() => undefined);
      return;
    }
    reader.cancel(reason).catch(() => undefined);
    call.abort?.(reason);
  };

  const notify = (record: GuardHalt, context: BackfireHaltContext) => {
    const onHalt = call.options.onHalt;
    if (onHalt === undefined) return;
    try {
      Promise.resolve(onHalt(record, context)).catch(() => undefined);
    } catch {
      // The halt stands whatever the callback does.
    }
  };

  const fail = (error: unknown) => {
    if (done) return;
    done = true;
    for (const block of blocks.values()) block.guard.cancel();
    reader.cancel(error).catch(() => undefined);
    controller.error(error);
  };

  const handle = async (part: StreamPart) => {
    switch (part.type) {
      case 'text-start':
        openBlock(part.id);
        emit(part);
        return;
      case 'text-delta': {
        // A delta without its text-start is still guarded: a malformed stream must not bypass us.
        const block = blocks.get(part.id) ?? openBlock(part.id);
        // An empty delta carries no text to score; forwarding it keeps the stream byte for byte.
        if (part.delta === '') emit(part);
        else await write(block, part);
        return;
      }
      case 'text-end': {
        const block = blocks.get(part.id);
        if (block !== undefined) await closeBlock(block);
        emit(part);
        return;
      }
      case 'reasoning-start':
        reasoning.add(part.id);
        emit(part);
        return;
      case 'reasoning-end':
        reasoning.delete(part.id);
        emit(part);
        return;
      case 'tool-input-start':
        toolInputs.add(part.id);
        emit(part);
        return;
      case 'tool-input-end':
        toolInputs.delete(part.id);
        emit(part);
        return;
      case 'finish':
        // Text the guard still holds (verified mode) is scored and released before the finish.
        for (const block of [...blocks.values()]) {
          await closeBlock(block);
          if (done) return;
        }
        emit({
          ...part,
          providerMetadata: { ...part.providerMetadata, backfire: passMetadata(scores) },
        });
        return;
      default:
        emit(part);
        return;
    }
  };

  const endOfUpstream = async () => {
    for (const block of [...blocks.values()]) {
      await closeBlock(block);
      if (done) return;
    }
    if (done) return;
    done = true;
    controller.close();
  };

  return new ReadableStream<StreamPart>(
    {
      start(c) {
        controller = c;
      },
      async pull() {
        const before = emitted;
        // A pull that enqueues nothing is not called again: keep reading until a part is out.
        while (!done && emitted === before) {
          let next: ReadableStreamReadResult<StreamPart>;
          try {
            next = await reader.read();
          } catch (error) {
            fail(error);
            return;
          }
          if (done) return;
          try {
            if (next.done) await endOfUpstream();
            else await handle(next.value);
          } catch (error) {
            fail(error);
            return;
          }
        }
      },
      async cancel(reason) {
        done = true;
        for (const block of blocks.values()) block.guard.cancel();
        await reader.cancel(reason);
      },
    },
    // No read-ahead: the provider is pulled only when the consumer asks for a part.
    { highWaterMark: 0 },
  );
}

/** Token counts of a finish the provider never reported (a halt, a stream cut short). */
export function unknownUsage(): Usage {
  return {
    inputTokens: {
      total: undefined,
      noCache: undefined,
      cacheRead: undefined,
      cacheWrite: undefined,
    },
    outputTokens: { total: undefined, text: undefined, reasoning: undefined },
  };
}
