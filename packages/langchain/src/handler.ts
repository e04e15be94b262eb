import {
  activeTelemetryContext,
  type Guard,
  type GuardHalt,
  type HaltReceipt,
  haltReceipt,
  loadTelemetry,
  withReceipt,
} from '@backfire/core';
import type { HandleLLMNewTokenCallbackFields } from '@langchain/core/callbacks/base';
import { BaseCallbackHandler, type NewTokenIndices } from '@langchain/core/callbacks/base';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import { HumanMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { RunnableConfig } from '@langchain/core/runnables';
import {
  type BackfireLangChainOptions,
  checkOptions,
  keptText,
  notifyHalt,
  openGuard,
  promptOf,
  type ResolvedOptions,
  rejectRepair,
} from './options.js';

/** A run this handler halted. */
export interface HaltedRun {
  /** The LangChain run id of the model call. */
  readonly runId: string;
  /**
   * The id the streamed message chunks carried (the provider's id, else LangChain's
   * `run-<runId>`). Reuse it for a replacement message so streams that dedupe by id (LangGraph's
   * `messages` mode) do not show the text twice.
   */
  readonly messageId: string;
  /** The halt record: the same one the AI SDK adapter reports. */
  readonly halt: GuardHalt;
  /**
   * What the halt stopped and cost (see `HaltReceipt`), set when the run ended: aborted
   * (`upstreamAborted`) or finished anyway (the caller did not pass `signal`). Tokens the model
   * sent after the verdict count in `partsAfterHalt`. `onHalt` gets the halt with it.
   */
  readonly receipt: HaltReceipt | undefined;
  /** The text the model produced before the offending sentence (see `keptText`). */
  readonly text: string;
}

interface RunState {
  readonly guard: Guard;
  text: string;
  messageId: string;
  /** Tokens that reached the handler after the halting verdict. */
  afterHalt: number;
  /** Set once the halt's receipt is written (and onHalt called). */
  receipted: boolean;
  /** Writes the receipt when the model has gone quiet and LangChain reported no end of the run. */
  quiet: ReturnType<typeof setTimeout> | null;
  // Writes are chained so tokens reach the guard in order even from models that fire
  // handleLLMNewToken without awaiting it.
  tail: Promise<void> | null;
}

// Bounded so a long-lived shared handler does not grow without limit; halts are rare.
const MAX_HALTS_KEPT = 1000;

/**
 * When LangChain reports no end of a halted run (its `.stream()` rejects the caller as soon as the
 * signal aborts and closes the model's generator without a callback), the receipt is written once
 * no token has arrived for this long.
 */
const QUIET_MS = 200;

/**
 * A LangChain callback handler that scores a model's tokens as they stream and halts the run when
 * coherence collapses. It owns an AbortController: pass its `signal` with the handler
 * (`model.stream(input, handler.config())`) and a halt aborts the model call — on every model,
 * including those that do not await callbacks, where throwing from a callback stops nothing.
 *
 * Each model run gets its own guard, keyed by run id, so one handler can watch concurrent runs
 * without mixing their text; the first halt of any run aborts `signal` (create one handler per
 * request, or use `withBackfire`, when concurrent calls must not stop each other).
 *
 * Settings chosen on purpose:
 * - `lc_prefer_streaming`: `.invoke()` then streams, so tokens reach the handler at all.
 * - `awaitHandlers`: models that await callbacks (OpenAI, Anthropic) wait for the scorer, so the
 *   optimistic release budget holds and a halt lands before the next token. Non-awaited handlers
 *   would run on LangChain's process-wide queue of concurrency 1, behind tracing.
 * - `raiseError`: a handler that cannot start a guard fails the run instead of letting it stream
 *   unguarded, and a halt decided on the last sentence (after the model finished, when nothing is
 *   left to abort) is thrown from `handleLLMEnd` as the `BackfireHaltError`. LangChain logs that
 *   throw with console.error. Token callbacks never throw: for models that do not await them a
 *   throw would be an unhandled rejection.
 */
export class BackfireCallbackHandler extends BaseCallbackHandler {
  name = 'BackfireCallbackHandler';
  readonly lc_prefer_streaming = true;
  readonly #options: ResolvedOptions;
  readonly #abort = new AbortController();
  readonly #runs = new Map<string, RunState>();
  readonly #halts: HaltedRun[] = [];

  constructor(options: BackfireLangChainOptions) {
    super({
      ignoreChain: true,
      ignoreAgent: true,
      ignoreRetriever: true,
      ignoreCustomEvent: true,
      raiseError: true,
      _awaitHandler: true,
    });
    this.#options = checkOptions(options, 'BackfireCallbackHandler');
    rejectRepair(this.#options, 'BackfireCallbackHandler');
  }

  /** Aborted (reason: a `BackfireHaltError` carrying the halt) at the first halt. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get halted(): boolean {
    return this.#halts.length > 0;
  }

  /** The first halt, or null. */
  get halt(): GuardHalt | null {
    return this.#halts[0]?.halt ?? null;
  }

  /** Every halted run, oldest first (at most the last 1000). */
  get halts(): readonly HaltedRun[] {
    return this.#halts;
  }

  /** The halt of one run, if it halted. */
  haltFor(runId: string): HaltedRun | undefined {
    return this.#halts.find((h) => h.runId === runId);
  }

  /**
   * A RunnableConfig with this handler and its signal added to `base` (whose own callbacks and
   * signal are kept: LangChain combines signals, so either one aborts the call).
   */
  config<C extends RunnableConfig>(base?: C): C & { signal: AbortSignal } {
    const cfg = { ...(base ?? {}) } as C & { signal: AbortSignal };
    const callbacks = base?.callbacks;
    if (callbacks === undefined) cfg.callbacks = [this];
    else if (Array.isArray(callbacks)) cfg.callbacks = [...callbacks, this];
    else cfg.callbacks = callbacks.copy([this]);
    cfg.signal = base?.signal ? AbortSignal.any([base.signal, this.signal]) : this.signal;
    return cfg;
  }

  // The handler's state is its AbortController and its runs: a copy would sever both.
  override copy(): BaseCallbackHandler {
    return this;
  }

  override handleChatModelStart(
    _llm: Serialized,
    messages: BaseMessage[][],
    runId: string,
  ): void | Promise<void> {
    return this.#start(runId, promptOf(this.#options, messages[0] ?? []));
  }

  override handleLLMStart(
    _llm: Serialized,
    prompts: string[],
    runId: string,
  ): void | Promise<void> {
    return this.#start(runId, promptOf(this.#options, [new HumanMessage(prompts[0] ?? '')]));
  }

  // With telemetry on, @opentelemetry/api is loaded (once) before the guard opens its span.
  #start(runId: string, prompt: string): void | Promise<void> {
    const loading = loadTelemetry(this.#options.base.telemetry);
    if (loading === undefined) return this.#open(runId, prompt);
    return loading.then(() => this.#open(runId, prompt));
  }

  override handleLLMNewToken(
    token: string,
    _idx: NewTokenIndices,
    runId: string,
    _parentRunId?: string,
    _tags?: string[],
    fields?: HandleLLMNewTokenCallbackFields,
  ): Promise<void> | undefined {
    const run = this.#runs.get(runId);
    if (run === undefined || typeof token !== 'string' || token === '') return undefined;
    if (run.guard.halted) {
      // A model that does not await callbacks (or ignores the signal) goes on streaming.
      run.afterHalt++;
      if (!run.receipted) this.#armQuiet(runId, run);
      return undefined;
    }
    const chunkId = chunkMessageId(fields);
    if (chunkId !== undefined && run.text === '') run.messageId = chunkId;
    run.text += token;
    const written =
      run.tail === null ? run.guard.write(token) : run.tail.then(() => run.guard.write(token));
    const settled: Promise<void> = written.then(
      () => {
        if (run.tail === settled) run.tail = null;
      },
      (error: unknown) => this.#fail(error),
    );
    run.tail = settled;
    return settled;
  }

  override async handleLLMEnd(output: LLMResult, runId: string): Promise<void> {
    const run = this.#runs.get(runId);
    if (run === undefined) return;
    this.#runs.delete(runId);
    if (run.tail !== null) await run.tail;
    // A model that cannot stream sends no tokens: its whole answer is scored here instead, so
    // `.invoke()` on it is guarded too (the halt then fails the run; see below).
    if (run.text === '') {
      const text = output.generations[0]?.[0]?.text ?? '';
      if (text !== '') {
        run.text = text;
        await run.guard.write(text);
      }
    }
    const result = await run.guard.end();
    // The run finished although it halted: the halt was decided on the last sentence, after the
    // model stopped streaming, or the caller did not pass `signal`. Nothing is left to abort, so
    // the run fails with the halt instead (see the class comment).
    if (result.halted) {
      // The model finished: nothing was stopped, and it says what the whole answer cost.
      this.#receipt(runId, run, false, usageOf(output));
      throw run.guard.signal.reason;
    }
  }

  override handleLLMError(_err: unknown, runId: string): void {
    const run = this.#runs.get(runId);
    if (run === undefined) return;
    this.#runs.delete(runId);
    run.guard.cancel();
    // A halted run that ends in an error was stopped by the abort (the signal fired and the
    // model's stream threw): the call was cut short.
    if (run.guard.halted) this.#receipt(runId, run, true, undefined);
  }

  #armQuiet(runId: string, run: RunState): void {
    if (run.quiet !== null) clearTimeout(run.quiet);
    run.quiet = setTimeout(() => this.#receipt(runId, run, true, undefined), QUIET_MS);
    (run.quiet as { unref?: () => void }).unref?.();
  }

  // The run is over: its halt gets its receipt, and onHalt is called with it (once).
  #receipt(runId: string, run: RunState, aborted: boolean, usage: unknown): void {
    const halt = run.guard.halt;
    if (run.quiet !== null) clearTimeout(run.quiet);
    run.quiet = null;
    if (halt === null) return;
    const receipt = haltReceipt(run.guard, {
      upstreamAborted: aborted && this.#abort.signal.aborted,
      partsAfterHalt: run.afterHalt,
      usage,
    });
    const index = this.#halts.findIndex((h) => h.runId === runId && h.halt === halt);
    if (index >= 0) this.#halts[index] = { ...this.#halts[index]!, receipt };
    // A run that reports its end after the quiet period corrects the stored receipt; onHalt
    // has been called already.
    if (run.receipted) return;
    run.receipted = true;
    notifyHalt(this.#options, withReceipt(halt, receipt), runId);
  }

  // The guard rejects a write only on a bug (it validates its input); stop the run rather than let
  // it stream on unguarded.
  #fail(error: unknown): void {
    if (!this.#abort.signal.aborted) this.#abort.abort(error);
  }

  #open(runId: string, prompt: string): void {
    const run: RunState = {
      guard: openGuard(this.#options, prompt, runId, telemetryHooks()),
      text: '',
      messageId: `run-${runId}`,
      afterHalt: 0,
      receipted: false,
      quiet: null,
      tail: null,
    };
    this.#runs.set(runId, run);
    run.guard.signal.addEventListener(
      'abort',
      () => {
        const halt = run.guard.halt;
        if (halt === null) return; // cancelled, not halted
        this.#halts.push({
          runId,
          messageId: run.messageId,
          halt,
          text: keptText(run.text, halt),
          receipt: undefined,
        });
        if (this.#halts.length > MAX_HALTS_KEPT) this.#halts.shift();
        this.#armQuiet(runId, run);
        if (!this.#abort.signal.aborted) this.#abort.abort(run.guard.signal.reason);
      },
      { once: true },
    );
  }
}

// What the model reported it used: the message's usage_metadata, else the provider's llmOutput.
function usageOf(output: LLMResult): unknown {
  const message = (output.generations[0]?.[0] as { message?: { usage_metadata?: unknown } })
    ?.message;
  return message?.usage_metadata ?? output.llmOutput?.['tokenUsage'] ?? undefined;
}

function telemetryHooks(): { telemetryContext?: unknown } {
  const context = activeTelemetryContext();
  return context !== undefined ? { telemetryContext: context } : {};
}

function chunkMessageId(fields: HandleLLMNewTokenCallbackFields | undefined): string | undefined {
  const chunk = fields?.chunk as { message?: { id?: unknown } } | undefined;
  const id = chunk?.message?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
