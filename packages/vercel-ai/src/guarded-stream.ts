import {
  type BackfireHaltError,
  type GuardHalt,
  type GuardOutput,
  type GuardResume,
  haltReceipt,
  type RepairPlan,
  withReceipt,
} from '@backfire/core';
import type { CallOptions, StreamPart } from './ai-types.js';
import { passMetadata } from './metadata.js';
import type { ResolvedOptions } from './options.js';
import { ContinuationIds } from './stream/continuation-ids.js';
import { haltError, haltFinish, notifyHalt } from './stream/halt.js';
import { Output } from './stream/output.js';
import { Repairs } from './stream/repair.js';
import { OpenBlocks, openGuard, type TextBlock } from './stream/text-blocks.js';
import { Upstream } from './stream/upstream.js';

export { HALT_FINISH_REASON } from './stream/halt.js';

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

type TextDelta = Extract<StreamPart, { type: 'text-delta' }>;
type Finish = Extract<StreamPart, { type: 'finish' }>;

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
 * stream into the same response: the halted text block continues under a resumed guard. It never
 * uses `TransformStream.terminate()`: on Node 20 terminating with queued chunks breaks a later
 * cancel and crashes ai 6.
 */
export function guardModelStream(
  upstream: ReadableStream<StreamPart>,
  call: GuardedCall,
): ReadableStream<StreamPart> {
  const guarded = new GuardedStream(upstream, call);
  return new ReadableStream<StreamPart>(
    {
      start: (controller) => guarded.start(controller),
      pull: () => guarded.pull(),
      cancel: (reason) => guarded.cancel(reason),
    },
    // No read-ahead: the provider is pulled only when the consumer asks for a part.
    { highWaterMark: 0 },
  );
}

/**
 * One guarded response: the read loop, what each part does, and what a halt does — end the
 * response, or start a repair. The pieces it steers know the rest: `OpenBlocks` the blocks and
 * their guards, `Upstream` the provider calls, `Repairs` the repairs, `Output` the reader's end.
 */
class GuardedStream {
  readonly #call: GuardedCall;
  readonly #upstream: Upstream;
  readonly #blocks = new OpenBlocks();
  readonly #repairs: Repairs;
  readonly #ids = new ContinuationIds();
  readonly #out: Output;

  constructor(upstream: ReadableStream<StreamPart>, call: GuardedCall) {
    this.#call = call;
    this.#upstream = new Upstream(upstream, call.abort, call.options.abortUpstream);
    this.#repairs = new Repairs(call);
    this.#out = new Output((part) => this.#repairs.decorate(part));
  }

  start(controller: ReadableStreamDefaultController<StreamPart>): void {
    this.#out.start(controller);
  }

  async pull(): Promise<void> {
    const out = this.#out;
    const before = out.emitted;
    // A pull that enqueues nothing is not called again: keep reading until a part is out.
    while (!out.done && out.emitted === before) {
      if (this.#repairs.pending !== null) {
        await this.#continueRepair();
        continue;
      }
      let next: ReadableStreamReadResult<StreamPart>;
      try {
        next = await this.#upstream.read();
      } catch (error) {
        // The halted call ends by throwing our own abort reason: the repair call follows.
        if (this.#repairs.pending !== null) continue;
        this.#fail(error);
        return;
      }
      this.#upstream.count(next);
      if (out.done) return;
      if (this.#repairs.pending !== null) continue;
      try {
        if (next.done) await this.#endOfUpstream();
        else {
          const repairs = this.#repairs.count;
          const part = repairs > 0 ? this.#ids.remap(next.value, repairs) : next.value;
          if (part !== null) await this.#handle(part);
        }
      } catch (error) {
        this.#fail(error);
        return;
      }
    }
  }

  async cancel(reason: unknown): Promise<void> {
    this.#out.stop();
    this.#blocks.cancel();
    await this.#upstream.cancel(reason);
  }

  async #handle(part: StreamPart): Promise<void> {
    switch (part.type) {
      case 'text-start':
        this.#openText(part.id);
        this.#out.emit(part);
        return;
      case 'text-delta': {
        // A delta without its text-start is still guarded: a malformed stream must not bypass us.
        const block = this.#blocks.get(part.id) ?? this.#openText(part.id);
        // An empty delta carries no text to score; forwarding it keeps the stream byte for byte.
        if (part.delta === '') this.#out.emit(part);
        else await this.#write(block, part);
        return;
      }
      case 'text-end': {
        const block = this.#blocks.get(part.id);
        if (block !== undefined) await this.#blocks.closeText(block);
        // The halted block's end is the repair's to send, once the continuation ends it.
        if (this.#repairs.pending !== null) return;
        this.#out.emit(part);
        return;
      }
      case 'finish':
        this.#upstream.finished(part.usage);
        // Text the guard still holds (verified mode) is scored and released before the finish.
        if (await this.#closeTextBlocks()) this.#finish(part);
        return;
      default:
        // Everything else passes through; reasoning and tool-input blocks are tracked, since a
        // halt or a repair must end the open ones.
        if (part.type === 'reasoning-start' && this.#call.restart !== undefined) {
          this.#ids.use(part.id);
        }
        this.#blocks.track(part);
        this.#out.emit(part);
        return;
    }
  }

  #openText(id: string, resume?: GuardResume, from?: TextBlock): TextBlock {
    const guard = openGuard(this.#call, {
      resume,
      repairs: this.#repairs.count,
      // What a verdict released or decided while no write was running (an async scorer's verdict
      // between parts, the last sentences at the end): sent on at once.
      onOutput: (output) => this.#forward(block, output),
    });
    if (this.#call.restart !== undefined) this.#ids.use(id);
    const block = this.#blocks.openText(id, guard, from);
    return block;
  }

  async #write(block: TextBlock, part: TextDelta): Promise<void> {
    this.#forward(block, await block.guard.write(part.delta), part);
  }

  // The text a guard released goes out as a text delta, then its halt, if any, is acted on.
  #forward(block: TextBlock, output: GuardOutput, part?: TextDelta): void {
    const text = output.released;
    if (text !== '') {
      block.shown += text.length;
      // Usually the release is exactly this delta: forward the provider's own part unchanged.
      if (part === undefined) this.#out.emit({ type: 'text-delta', id: block.id, delta: text });
      else this.#out.emit(text === part.delta ? part : { ...part, delta: text });
    }
    if (output.halt !== null) {
      this.#upstream.sawVerdict();
      this.#halt(block, output.halt);
    }
  }

  /** Ends every open text block, in order; false when one of them halted the response. */
  async #closeTextBlocks(): Promise<boolean> {
    for (const block of this.#blocks.text()) {
      await this.#blocks.closeText(block);
      if (this.#out.done || this.#repairs.pending !== null) return false;
    }
    return true;
  }

  // A continuation that never opened a text block leaves the halted block open: end it.
  #endContinuedBlock(): void {
    const id = this.#ids.takeOpenBlock();
    if (id !== null) this.#out.emit({ type: 'text-end', id });
  }

  #finish(part: Finish): void {
    this.#endContinuedBlock();
    if (this.#repairs.count === 0) {
      this.#out.emit({
        ...part,
        providerMetadata: { ...part.providerMetadata, backfire: passMetadata(this.#blocks.scores) },
      });
      return;
    }
    this.#out.emit({
      ...part,
      usage: this.#upstream.totalUsage(part.usage),
      providerMetadata: {
        ...part.providerMetadata,
        backfire: { ...passMetadata(this.#blocks.scores), repairs: this.#repairs.metadata() },
      },
    });
  }

  async #endOfUpstream(): Promise<void> {
    if (!(await this.#closeTextBlocks()) || this.#out.done) return;
    this.#endContinuedBlock();
    this.#out.close([]);
  }

  #halt(block: TextBlock, record: GuardHalt): void {
    if (this.#out.done || this.#repairs.pending !== null) return;
    const error = haltError(block, record);
    if (!this.#repairs.canRepair(record)) {
      this.#endHalted(block, record, error);
      return;
    }
    let plan: RepairPlan;
    try {
      plan = this.#repairs.plan(block);
    } catch (failure) {
      this.#upstream.stop(error);
      this.#fail(failure);
      return;
    }
    this.#beginRepair(block, plan, error);
  }

  // Closes what is open, sends the halt's finish and closes the response; the provider is stopped
  // before the finish is written, so the receipt reports what was done.
  #endHalted(block: TextBlock, record: GuardHalt, error: BackfireHaltError): void {
    const ends = this.#blocks.endParts();
    const drained = this.#upstream.stop(error);
    const receipted = withReceipt(record, haltReceipt(block.guard, this.#upstream.facts(drained)));
    const finish = haltFinish({
      record: receipted,
      block,
      scores: this.#blocks.scores,
      usage: this.#upstream.haltUsage(),
      repairs: this.#repairs.count > 0 ? this.#repairs.metadata() : [],
    });
    this.#out.close([
      ...ends,
      ...(this.#call.options.emitErrorOnHalt ? [{ type: 'error', error } as const] : []),
      finish,
    ]);
    this.#blocks.cancel(block);
    if (drained === null) {
      notifyHalt(this.#call, receipted, block);
      return;
    }
    // abortUpstream: false — onHalt learns, once the provider has finished, what it went on
    // sending and the usage it reported: the cost of letting it run.
    void drained.then((after) =>
      notifyHalt(
        this.#call,
        withReceipt(record, haltReceipt(block.guard, this.#upstream.drainedFacts(after))),
        block,
      ),
    );
  }

  // The synchronous half of a repair: close what the halted call left open (but the halted text
  // block, which the continuation goes on), tell the client what it was shown that is withdrawn,
  // record the repair, stop the halted call and launch the repair call.
  #beginRepair(block: TextBlock, plan: RepairPlan, error: BackfireHaltError): void {
    for (const part of this.#blocks.keepOnly(block)) this.#out.emit(part);
    const withdrawn = this.#repairs.record(block, plan);
    if (withdrawn !== null) this.#out.emit(withdrawn);
    // The halted call is stopped before the repair call starts; the repair call leaves at once
    // (not on the next pull), and the next pull picks its stream up.
    const drained = this.#upstream.stop(error);
    const receipted = withReceipt(
      plan.halt,
      haltReceipt(block.guard, this.#upstream.facts(drained)),
    );
    this.#upstream.endCall();
    this.#repairs.launch(block, plan);
    notifyHalt(this.#call, receipted, block);
  }

  // The asynchronous half, run from `pull`: go on reading the repair call's stream into the same
  // response.
  async #continueRepair(): Promise<void> {
    const { block, plan, next } = this.#repairs.pending!;
    const outcome = await next;
    if ('error' in outcome) {
      this.#repairs.settle();
      this.#fail(outcome.error);
      return;
    }
    if (this.#out.done) {
      outcome.ok.abort?.(new Error('backfire: the stream was cancelled'));
      outcome.ok.stream.cancel().catch(() => undefined);
      return;
    }
    this.#upstream.continueWith(outcome.ok);
    this.#ids.restart(block.id);
    this.#openText(block.id, plan.resume, block);
    this.#repairs.settle();
  }

  #fail(error: unknown): void {
    if (!this.#out.stop()) return;
    this.#blocks.cancel();
    this.#upstream.cancel(error).catch(() => undefined);
    this.#out.error(error);
  }
}
