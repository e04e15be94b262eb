import {
  type BackfireHaltError,
  type BackfireRepair,
  type GuardHalt,
  type GuardOutput,
  type GuardResume,
  haltReceipt,
  isRepairable,
  planRepair,
  type RepairPlan,
  repairRecord,
  withReceipt,
} from '@backfire/core';
import type { CallOptions, ProviderMetadata, StreamPart, Usage } from './ai-types.js';
import { ContinuationIds } from './continuation-ids.js';
import { drain } from './drain.js';
import {
  type BackfireWithdrawnMetadata,
  type BlockScores,
  passMetadata,
  repairMetadata,
} from './metadata.js';
import type { ResolvedOptions } from './options.js';
import { haltError, haltFinish, notifyHalt } from './stream/halt.js';
import { openGuard, type TextBlock } from './stream/text-blocks.js';
import { addUsage, unknownUsage } from './usage.js';

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
  /** The caller's own abort signal (not joined with ours, which a halt aborts). */
  readonly callerSignal: AbortSignal | undefined;
  /** The OpenTelemetry context the guards' spans are children of (with `telemetry` on). */
  readonly telemetryContext?: unknown;
  /** Calls the wrapped model again with another prompt (repair); undefined when repair is off. */
  readonly restart: ((prompt: CallOptions['prompt']) => Promise<RestartedCall>) | undefined;
}

/** A repair call: its stream, and how to abort its request. */
export interface RestartedCall {
  readonly stream: ReadableStream<StreamPart>;
  readonly abort: ((reason: unknown) => void) | undefined;
}

export { HALT_FINISH_REASON } from './stream/halt.js';

type TextDelta = Extract<StreamPart, { type: 'text-delta' }>;

/**
 * Guards one model stream. The returned stream is driven by its reader: each `pull` reads the
 * provider's stream only as far as it must to produce the next part, so a halt leaves the rest
 * unread. Text deltas go through a guard per text block (`text-start` … `text-end`) and come out
 * as the guard releases them — in optimistic mode the very same parts, so a faithful answer is
 * byte-for-byte the unguarded stream — and every other part passes through untouched, in order.
 *
 * On a halt it closes every open text, reasoning and tool-input block, emits `finish` with
 * `content-filter` and `providerMetadata.backfire`, closes, then cancels the provider's stream
 * and aborts its request. With `repair` and attempts left it instead stops the halted call, calls
 * the model again with the verified part and a correction note, and goes on reading the new
 * stream into the same response: the halted text block continues under a resumed guard. It never uses `TransformStream.terminate()`: on Node 20 terminating
 * with queued chunks breaks a later cancel and crashes ai 6.
 */
export function guardModelStream(
  upstream: ReadableStream<StreamPart>,
  call: GuardedCall,
): ReadableStream<StreamPart> {
  let reader = upstream.getReader();
  let abortCurrent = call.abort;
  const blocks = new Map<string, TextBlock>();
  const reasoning = new Set<string>();
  const toolInputs = new Set<string>();
  const scores: BlockScores[] = [];
  let controller!: ReadableStreamDefaultController<StreamPart>;
  let done = false;
  let emitted = 0;
  // Repair state: the repairs so far, the one waiting for its call, the block the continuation's
  // first text block continues, and the continuation's ids as the client sees them.
  const repairs: { record: BackfireRepair; textId: string }[] = [];
  let repairing: {
    block: TextBlock;
    plan: RepairPlan;
    next: Promise<{ ok: RestartedCall } | { error: unknown }>;
  } | null = null;
  const ids = new ContinuationIds();
  // Withdrawn ranges per client block id; kept after the block closes, for its text-end.
  const withdrawnById = new Map<string, { start: number; end: number }[]>();
  let usageSoFar: Usage | undefined;
  let finishUsage: Usage | undefined;
  // The receipt's evidence for the current call: set at the halting verdict, parts read after it.
  let verdict = false;
  let partsAfterHalt = 0;

  const emit = (part: StreamPart) => {
    if (done) return;
    if (repairs.length > 0) part = withWithdrawn(part);
    controller.enqueue(part);
    emitted++;
  };

  const openBlock = (id: string, resume?: GuardResume, from?: TextBlock): TextBlock => {
    const guard = openGuard(call, {
      resume,
      repairs: repairs.length,
      // What a verdict released or decided while no write was running (an async scorer's verdict
      // between parts, the last sentences at the end): sent on at once.
      onOutput: (output: GuardOutput) => forward(block, output),
    });
    if (call.restart !== undefined) ids.use(id);
    const block: TextBlock = {
      id,
      guard,
      shown: from?.shown ?? 0,
      withdrawn: from?.withdrawn ?? [],
    };
    blocks.set(id, block);
    return block;
  };

  // After an optimistic repair, the block's withdrawn ranges ride on each of its parts that carry
  // provider metadata: ai lets such a part replace the UI text part's metadata.
  const withWithdrawn = (part: StreamPart): StreamPart => {
    if (part.type !== 'text-delta' && part.type !== 'text-end') return part;
    if (part.providerMetadata === undefined || part.providerMetadata['backfire'] !== undefined) {
      return part;
    }
    const ranges = withdrawnById.get(part.id);
    if (ranges === undefined) return part;
    return { ...part, providerMetadata: { ...part.providerMetadata, ...withdrawnMeta(ranges) } };
  };

  // The text a guard released goes out as a text delta, then its halt, if any, is acted on.
  const forward = (block: TextBlock, output: GuardOutput, part?: TextDelta) => {
    const text = output.released;
    if (text !== '') {
      block.shown += text.length;
      // Usually the release is exactly this delta: forward the provider's own part unchanged.
      if (part === undefined) emit({ type: 'text-delta', id: block.id, delta: text });
      else emit(text === part.delta ? part : { ...part, delta: text });
    }
    if (output.halt !== null) {
      verdict = true;
      halt(block, output.halt);
    }
  };

  const write = async (block: TextBlock, part: TextDelta) => {
    forward(block, await block.guard.write(part.delta), part);
  };

  const closeBlock = async (block: TextBlock) => {
    const result = await block.guard.end();
    blocks.delete(block.id);
    if (!result.halted) {
      scores.push({
        textId: block.id,
        segments: result.segments,
        wordsGenerated: result.wordsGenerated ?? result.tokensGenerated,
        wordsReleased: result.wordsReleased ?? result.tokensReleased,
      });
    }
  };

  const halt = (block: TextBlock, record: GuardHalt) => {
    if (done || repairing !== null) return;
    const error = haltError(block, record);
    const repair = call.options.repair;
    if (
      repair !== null &&
      call.restart !== undefined &&
      repairs.length < repair.attempts &&
      isRepairable(record)
    ) {
      let plan: RepairPlan;
      try {
        plan = planRepair(block.guard, repair);
      } catch (failure) {
        stopUpstream(error);
        fail(failure);
        return;
      }
      beginRepair(block, plan, error);
      return;
    }
    for (const id of blocks.keys()) controller.enqueue({ type: 'text-end', id });
    for (const id of reasoning) controller.enqueue({ type: 'reasoning-end', id });
    for (const id of toolInputs) controller.enqueue({ type: 'tool-input-end', id });
    if (call.options.emitErrorOnHalt) controller.enqueue({ type: 'error', error });
    // The provider is stopped before the finish is written, so the receipt reports what was done.
    const drained = stopUpstream(error);
    const receipted = withReceipt(
      record,
      haltReceipt(block.guard, {
        // A call whose finish was already read had nothing left to stop.
        upstreamAborted:
          drained === null && abortCurrent !== undefined && finishUsage === undefined,
        partsAfterHalt,
        usage: finishUsage,
      }),
    );
    // A halt decided at the provider's finish (the last sentence, or verified mode) knows the
    // call's usage: report it rather than unknown counts.
    const usage =
      finishUsage !== undefined
        ? addUsage(usageSoFar, finishUsage)
        : (usageSoFar ?? unknownUsage());
    controller.enqueue(
      haltFinish({
        record: receipted,
        block,
        scores,
        usage,
        repairs: repairs.length > 0 ? repairList() : [],
      }),
    );
    done = true;
    controller.close();
    for (const other of blocks.values()) if (other !== block) other.guard.cancel();
    if (drained === null) {
      notifyHalt(call, receipted, block);
      return;
    }
    // abortUpstream: false — onHalt learns, once the provider has finished, what it went on
    // sending and the usage it reported: the cost of letting it run.
    void drained.then((after) =>
      notifyHalt(
        call,
        withReceipt(
          record,
          haltReceipt(block.guard, {
            upstreamAborted: false,
            partsAfterHalt: partsAfterHalt + after.parts,
            usage: after.usage ?? finishUsage,
          }),
        ),
        block,
      ),
    );
  };

  // The synchronous half of a repair: close what the halted call left open (but the halted text
  // block, which the continuation goes on), tell the client what it was shown that is withdrawn,
  // record the repair, stop the halted call and launch the repair call.
  const beginRepair = (block: TextBlock, plan: RepairPlan, error: BackfireHaltError) => {
    for (const other of blocks.values()) {
      if (other === block) continue;
      other.guard.cancel();
      emit({ type: 'text-end', id: other.id });
    }
    blocks.clear();
    blocks.set(block.id, block);
    for (const id of reasoning) emit({ type: 'reasoning-end', id });
    reasoning.clear();
    for (const id of toolInputs) emit({ type: 'tool-input-end', id });
    toolInputs.clear();
    const start = block.shown - plan.withdrawnChars;
    const range = { start, end: block.shown };
    repairs.push({ record: repairRecord(repairs.length + 1, plan, range), textId: block.id });
    if (plan.withdrawnChars > 0) {
      block.withdrawn.push(range);
      withdrawnById.set(block.id, block.withdrawn);
      emit({
        type: 'text-delta',
        id: block.id,
        delta: '',
        providerMetadata: withdrawnMeta(block.withdrawn),
      });
    }
    const haltedUsage = finishUsage;
    if (finishUsage !== undefined) usageSoFar = addUsage(usageSoFar, finishUsage);
    finishUsage = undefined;
    // The halted call is stopped before the repair call starts; the repair call leaves at once
    // (not on the next pull), and the next pull picks its stream up.
    const drained = stopUpstream(error);
    const receipted = withReceipt(
      plan.halt,
      haltReceipt(block.guard, {
        upstreamAborted:
          drained === null && abortCurrent !== undefined && haltedUsage === undefined,
        partsAfterHalt,
        usage: haltedUsage,
      }),
    );
    verdict = false;
    partsAfterHalt = 0;
    repairing = { block, plan, next: launchRepair(plan) };
    notifyHalt(call, receipted, block);
  };

  const launchRepair = (plan: RepairPlan): Promise<{ ok: RestartedCall } | { error: unknown }> => {
    const prompt = [
      ...call.params.prompt,
      ...(plan.kept !== ''
        ? [{ role: 'assistant' as const, content: [{ type: 'text' as const, text: plan.kept }] }]
        : []),
      { role: 'user' as const, content: [{ type: 'text' as const, text: plan.note }] },
    ] as CallOptions['prompt'];
    try {
      return call.restart!(prompt).then(
        (ok) => ({ ok }),
        (error: unknown) => ({ error }),
      );
    } catch (error) {
      return Promise.resolve({ error });
    }
  };

  // The asynchronous half, run from `pull`: go on reading the repair call's stream into the same
  // response.
  const startRepair = async () => {
    const { block, plan } = repairing!;
    const outcome = await repairing!.next;
    if ('error' in outcome) {
      repairing = null;
      fail(outcome.error);
      return;
    }
    const next = outcome.ok;
    if (done) {
      next.abort?.(new Error('backfire: the stream was cancelled'));
      next.stream.cancel().catch(() => undefined);
      return;
    }
    reader = next.stream.getReader();
    abortCurrent = next.abort;
    ids.restart(block.id);
    openBlock(block.id, plan.resume, block);
    repairing = null;
  };

  const repairList = () => repairs.map((r) => repairMetadata(r.record, r.textId));

  /**
   * Stops the current call: cancels its stream and aborts its request, and returns null; or, with
   * `abortUpstream: false`, lets the provider finish unread and returns what it still sent (parts
   * and usage), once it has finished.
   */
  const stopUpstream = (reason: unknown): Promise<{ parts: number; usage?: Usage }> | null => {
    const current = reader;
    if (!call.options.abortUpstream) return drain(current);
    current.cancel(reason).catch(() => undefined);
    abortCurrent?.(reason);
    return null;
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
        if (repairing !== null) return;
        emit(part);
        return;
      }
      case 'reasoning-start':
        reasoning.add(part.id);
        if (call.restart !== undefined) ids.use(part.id);
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
      case 'finish': {
        finishUsage = part.usage;
        // Text the guard still holds (verified mode) is scored and released before the finish.
        for (const block of [...blocks.values()]) {
          await closeBlock(block);
          if (done || repairing !== null) return;
        }
        endContinuedBlock();
        if (repairs.length === 0) {
          emit({
            ...part,
            providerMetadata: { ...part.providerMetadata, backfire: passMetadata(scores) },
          });
          return;
        }
        emit({
          ...part,
          usage: addUsage(usageSoFar, part.usage),
          providerMetadata: {
            ...part.providerMetadata,
            backfire: { ...passMetadata(scores), repairs: repairList() },
          },
        });
        return;
      }
      default:
        emit(part);
        return;
    }
  };

  // A continuation that never opened a text block leaves the halted block open: end it.
  const endContinuedBlock = () => {
    const id = ids.takeOpenBlock();
    if (id !== null) emit({ type: 'text-end', id });
  };

  const endOfUpstream = async () => {
    for (const block of [...blocks.values()]) {
      await closeBlock(block);
      if (done || repairing !== null) return;
    }
    if (done) return;
    endContinuedBlock();
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
          if (repairing !== null) {
            await startRepair();
            continue;
          }
          const current = reader;
          let next: ReadableStreamReadResult<StreamPart>;
          try {
            next = await current.read();
          } catch (error) {
            // The halted call ends by throwing our own abort reason: the repair call follows.
            if (repairing !== null) continue;
            fail(error);
            return;
          }
          if (verdict && !next.done) partsAfterHalt++;
          if (done) return;
          if (repairing !== null) continue;
          try {
            if (next.done) await endOfUpstream();
            else {
              const part = repairs.length > 0 ? ids.remap(next.value, repairs.length) : next.value;
              if (part !== null) await handle(part);
            }
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

function withdrawnMeta(ranges: readonly { start: number; end: number }[]): ProviderMetadata {
  const meta: BackfireWithdrawnMetadata = { withdrawn: ranges.map((r) => ({ ...r })) };
  return { backfire: meta };
}
