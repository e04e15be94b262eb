import {
  activeTelemetryContext,
  BackfireInputError,
  type BackfireRepair,
  check,
  type GuardHalt,
  type GuardResume,
  haltReceipt,
  loadTelemetry,
  withReceipt,
} from '@backfire/core';
import { isRepairable, planRepair, repairRecord } from '@backfire/core/repair';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import {
  AIMessage,
  AIMessageChunk,
  type AIMessageChunkFields,
  type BaseMessage,
  HumanMessage,
  type MessageContent,
} from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Runnable, RunnableInterface } from '@langchain/core/runnables';
import { haltMetadata, repairedMetadata } from './metadata.js';
import {
  type BackfireLangChainOptions,
  checkOptions,
  keptText,
  notifyHalt,
  openGuard,
  promptOf,
  type ResolvedOptions,
} from './options.js';

/** Any chat model, or a chat model with tools or options bound to it. */
export type GuardableChatModel<CallOptions extends BaseChatModelCallOptions> = RunnableInterface<
  BaseLanguageModelInput,
  AIMessageChunk,
  CallOptions
> & {
  bindTools?(
    tools: BindToolsInput[],
    kwargs?: Partial<CallOptions>,
  ): RunnableInterface<BaseLanguageModelInput, AIMessageChunk, CallOptions>;
};

/**
 * Wraps a chat model so that everything it says passes through the Backfire guard. The result is
 * itself a chat model, so it goes wherever the model went (chains, `.batch()`, `streamEvents`,
 * LangGraph):
 * - `.stream()` yields the released text (per the release policy) and, after a halt, one last
 *   chunk whose `response_metadata` is `{ finish_reason: 'content_filter', backfire: halt }`;
 * - `.invoke()` returns the answer cut before the offending sentence, with the same metadata;
 * - the upstream call is aborted at the halt (its signal is aborted with the `BackfireHaltError`).
 *
 * Only the wrapper's run reports to callbacks, with the released text: the wrapped model is called
 * without the caller's callbacks, so `streamEvents` and LangGraph's `messages` stream never show
 * text twice, nor text the verified policy withheld.
 */
export function withBackfire<
  CallOptions extends BaseChatModelCallOptions = BaseChatModelCallOptions,
>(
  model: GuardableChatModel<CallOptions>,
  options: BackfireLangChainOptions,
): BackfireChatModel<CallOptions> {
  checkOptions(options, 'withBackfire');
  return new BackfireChatModel(model, options);
}

interface RunOutcome {
  halt: GuardHalt | null;
  /** The answer as the model said it (for cutting the invoke result): after a repair, the
   * verified part and the continuation. */
  text: string;
  messageId: string | undefined;
  repairs: BackfireRepair[];
}

export class BackfireChatModel<
  CallOptions extends BaseChatModelCallOptions = BaseChatModelCallOptions,
> extends BaseChatModel<CallOptions, AIMessageChunk> {
  static override lc_name(): string {
    return 'BackfireChatModel';
  }

  override lc_serializable = false;
  readonly model: GuardableChatModel<CallOptions>;
  /** The caller's options, as given: `bindTools` passes them on (one resolution, one scorer). */
  readonly #input: BackfireLangChainOptions;
  readonly #options: ResolvedOptions;

  constructor(model: GuardableChatModel<CallOptions>, options: BackfireLangChainOptions) {
    super({});
    const isModel =
      model !== null && typeof model === 'object' && typeof model.stream === 'function';
    check(isModel, 'model', model, 'must be a chat model (a Runnable with stream())');
    this.model = model;
    this.#options = checkOptions(options, 'BackfireChatModel');
    this.#input = options;
  }

  _llmType(): string {
    return 'backfire';
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<CallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, CallOptions> {
    if (typeof this.model.bindTools !== 'function') {
      throw new BackfireInputError('model.bindTools', undefined, 'must exist to bind tools');
    }
    return new BackfireChatModel<CallOptions>(
      this.model.bindTools(tools, kwargs) as GuardableChatModel<CallOptions>,
      this.#input,
    );
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    yield* this.#guarded(messages, options, runManager, {
      halt: null,
      text: '',
      messageId: undefined,
      repairs: [],
    });
  }

  override async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    const outcome: RunOutcome = { halt: null, text: '', messageId: undefined, repairs: [] };
    let all: ChatGenerationChunk | undefined;
    for await (const chunk of this.#guarded(messages, options, runManager, outcome)) {
      all = all === undefined ? chunk : all.concat(chunk);
    }
    if (all === undefined) throw new Error('BackfireChatModel: the model returned no output');
    if (outcome.halt === null && outcome.repairs.length === 0) return { generations: [all] };
    // Nothing has been shown yet, so the answer can end before the offending sentence whatever
    // the release policy, and a repaired answer is its verified part and the continuation, without
    // what was withdrawn; tool calls of a halted answer are dropped (fail closed).
    const text = keptText(outcome.text, outcome.halt);
    const toolCalls = outcome.halt === null ? toolCallsOf(all.message) : undefined;
    const message = new AIMessage({
      content: text,
      ...(outcome.messageId !== undefined ? { id: outcome.messageId } : {}),
      response_metadata: { ...all.message.response_metadata },
      ...(usageOf(all.message) !== undefined ? { usage_metadata: usageOf(all.message) } : {}),
      ...(toolCalls !== undefined && toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    });
    return { generations: [{ text, message }] };
  }

  async *#guarded(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager: CallbackManagerForLLMRun | undefined,
    outcome: RunOutcome,
  ): AsyncGenerator<ChatGenerationChunk> {
    const callerSignal = options.signal;
    const runId = runManager?.runId ?? '';
    const prompt = promptOf(this.#options, messages);
    await loadTelemetry(this.#options.base.telemetry);
    const telemetryContext = activeTelemetryContext();
    const open = (resume?: GuardResume) =>
      openGuard(this.#options, prompt, runId, {
        ...(callerSignal !== undefined ? { signal: callerSignal } : {}),
        ...(resume !== undefined ? { resume } : {}),
        ...(telemetryContext !== undefined ? { telemetryContext } : {}),
      });
    const spanAttributes = (g: ReturnType<typeof open>) =>
      g.setSpanAttributes({
        'gen_ai.system': 'langchain',
        'gen_ai.request.model': modelName(this.model),
        'gen_ai.operation.name': 'chat',
        'backfire.repairs': outcome.repairs.length,
      });
    let guard = open();
    spanAttributes(guard);
    let lastHalt: GuardHalt | null = null;
    let input = messages;
    let arrayContent = false;
    // Characters of the answer the caller has been sent (withdrawn ones included).
    let shown = 0;
    const emit = async (chunk: AIMessageChunk) => {
      const generation = new ChatGenerationChunk({ message: chunk, text: textOf(chunk) });
      shown += generation.text.length;
      await runManager?.handleLLMNewToken(
        generation.text,
        undefined,
        undefined,
        undefined,
        undefined,
        {
          chunk: generation,
        },
      );
      return generation;
    };
    for (;;) {
      const signal =
        callerSignal !== undefined ? AbortSignal.any([callerSignal, guard.signal]) : guard.signal;
      // `callbacks: []`: without it the wrapped model would inherit the caller's handlers through
      // LangChain's async context and report its unguarded tokens next to ours.
      const iterator = await openStream(this.model, input, {
        ...options,
        signal,
        callbacks: [],
      } as unknown as CallOptions);
      let finished = false;
      // The receipt's evidence: chunks read after the halting verdict, the usage the model reported.
      let partsAfterHalt = 0;
      let usage: UsageCounts | undefined;
      try {
        while (!guard.closed) {
          let step: IteratorResult<AIMessageChunk>;
          try {
            step = await iterator.next();
          } catch (error) {
            // The upstream ends by throwing our own abort reason once the guard halted it.
            if (guard.halted) break;
            throw error;
          }
          if (step.done === true) {
            finished = true;
            break;
          }
          if (guard.halted) partsAfterHalt++;
          const chunk = asChunk(step.value);
          if (chunk.usage_metadata !== undefined) usage = addUsage(usage, chunk.usage_metadata);
          // A repaired answer is one message: the continuation's chunks take the first call's id
          // (LangGraph's messages stream and the like group chunks by id).
          if (outcome.repairs.length > 0 && outcome.messageId !== undefined) {
            chunk.id = outcome.messageId;
          }
          outcome.messageId ??= chunk.id;
          if (Array.isArray(chunk.content)) arrayContent = true;
          const text = textOf(chunk);
          // A chunk without text is passed on as it came; what the guard released meanwhile (a
          // verdict that landed between chunks) waits for the next text or the end.
          if (text === '') {
            yield await emit(chunk);
            continue;
          }
          outcome.text += text;
          const { released } = await guard.write(text);
          const out = rebuild(chunk, released);
          if (out !== null) yield await emit(out);
        }
        if (!guard.closed) await guard.end();
        // Text released since the last chunk: the end's last sentences, or verified text released
        // just before a halt that landed while the model was waited on (its read then threw).
        const rest = guard.takeOutput().released;
        if (rest !== '' && callerSignal?.aborted !== true) {
          yield await emit(emptyLike(outcome.messageId, arrayContent, rest));
        }
      } finally {
        // Stops a model that ignores the signal; a no-op for one that already threw or ended.
        if (!finished) await iterator.return?.().catch(() => undefined);
      }
      callerSignal?.throwIfAborted();
      const halt =
        guard.halt === null
          ? null
          : withReceipt(
              guard.halt,
              haltReceipt(guard, {
                // Its signal is the guard's, aborted at the halt; a model that had already finished
                // (a halt decided on the last sentence) had nothing left to stop.
                upstreamAborted: !finished && guard.signal.aborted,
                partsAfterHalt,
                usage,
              }),
            );
      if (halt !== null) notifyHalt(this.#options, halt, runId);
      lastHalt = halt;
      const repair = this.#options.repair;
      if (
        halt === null ||
        repair === null ||
        outcome.repairs.length >= repair.attempts ||
        !isRepairable(halt)
      ) {
        break;
      }
      // Repair: the halted call was aborted above (its signal is the guard's); the model is asked
      // again with the verified part as its answer so far and the correction note, and the
      // continuation goes on in the same message under a guard resumed from the verified part.
      const plan = planRepair(guard, repair);
      const range = { start: shown - plan.withdrawnChars, end: shown };
      outcome.repairs.push(repairRecord(outcome.repairs.length + 1, plan, range));
      if (plan.withdrawnChars > 0) {
        // Optimistic mode showed part of what is withdrawn: say which characters (chunks merge
        // these lists, so the message's metadata ends up listing every withdrawn range).
        const notice = emptyLike(outcome.messageId, arrayContent, '');
        notice.response_metadata = { backfire: { withdrawn: [range] } };
        yield await emit(notice);
      }
      outcome.text = plan.kept;
      input = [
        ...messages,
        ...(plan.kept !== '' ? [new AIMessage(plan.kept)] : []),
        new HumanMessage(plan.note),
      ];
      guard = open(plan.resume);
      spanAttributes(guard);
    }
    const halt = lastHalt;
    if (halt === null) {
      if (outcome.repairs.length === 0) return;
      const final = emptyLike(outcome.messageId, arrayContent, '');
      final.response_metadata = { ...repairedMetadata(outcome.repairs) };
      yield await emit(final);
      return;
    }
    outcome.halt = halt;
    const final = emptyLike(outcome.messageId, arrayContent, '');
    const metadata = haltMetadata(halt, outcome.repairs);
    final.response_metadata = { ...metadata };
    yield await emit(final);
  }
}

/**
 * The upstream's chunk iterator. A Runnable's `_streamIterator` (what `.stream()` and LangChain's
 * own bindings use underneath) skips `.stream()`'s ReadableStream wrapper, which costs more per
 * chunk on Node 20 than the guard does; any other model is read through `.stream()`.
 */
async function openStream<CallOptions extends BaseChatModelCallOptions>(
  model: GuardableChatModel<CallOptions>,
  messages: BaseMessage[],
  options: CallOptions,
): Promise<AsyncIterator<AIMessageChunk>> {
  const runnable = model as Partial<
    Pick<Runnable<BaseLanguageModelInput, AIMessageChunk, CallOptions>, '_streamIterator'>
  >;
  if (typeof runnable._streamIterator === 'function') {
    return runnable._streamIterator(messages, options);
  }
  return (await model.stream(messages, options))[Symbol.asyncIterator]();
}

// `message.text` translates content blocks on every read; a string content is the text already.
function textOf(chunk: AIMessageChunk): string {
  return typeof chunk.content === 'string' ? chunk.content : chunk.text;
}

function asChunk(value: unknown): AIMessageChunk {
  if (typeof value === 'string') return new AIMessageChunk({ content: value });
  if (AIMessageChunk.isInstance(value)) return value;
  check(false, 'model output chunk', value, 'must be an AIMessageChunk');
}

/**
 * The chunk the caller sees: the upstream chunk with its text replaced by what the guard released
 * for it (possibly nothing, or more than it, when earlier text was held back). Null when nothing
 * is left to say.
 */
function rebuild(chunk: AIMessageChunk, released: string): AIMessageChunk | null {
  // The common optimistic case: the guard released exactly this chunk's text. Reusing the chunk
  // saves a message construction per token (LangChain's messages are not cheap to build).
  if (typeof chunk.content === 'string' && released === chunk.content) return chunk;
  const hasToolChunks = chunk.tool_call_chunks !== undefined && chunk.tool_call_chunks.length > 0;
  const hasToolCalls = chunk.tool_calls !== undefined && chunk.tool_calls.length > 0;
  const hasMetadata = Object.keys(chunk.response_metadata ?? {}).length > 0;
  const hasOther =
    hasToolChunks || hasToolCalls || hasMetadata || chunk.usage_metadata !== undefined;
  if (released === '' && !hasOther) return null;
  const fields: AIMessageChunkFields = {
    content: replaceText(chunk.content, released),
    additional_kwargs: chunk.additional_kwargs,
    response_metadata: chunk.response_metadata,
  };
  if (chunk.id !== undefined) fields.id = chunk.id;
  if (chunk.name !== undefined) fields.name = chunk.name;
  if (chunk.usage_metadata !== undefined) fields.usage_metadata = chunk.usage_metadata;
  if (hasToolChunks) fields.tool_call_chunks = chunk.tool_call_chunks;
  else if (hasToolCalls) fields.tool_calls = chunk.tool_calls;
  return new AIMessageChunk(fields);
}

function replaceText(content: MessageContent, text: string): MessageContent {
  if (typeof content === 'string') return text;
  const firstText = content.find((b) => b.type === 'text');
  const others = content.filter((b) => b.type !== 'text');
  if (text === '') return others;
  const index = (firstText as { index?: unknown } | undefined)?.index;
  const block = typeof index === 'number' ? { type: 'text', text, index } : { type: 'text', text };
  return [block, ...others] as MessageContent;
}

function emptyLike(id: string | undefined, arrayContent: boolean, text: string): AIMessageChunk {
  const content: MessageContent = arrayContent
    ? text === ''
      ? []
      : [{ type: 'text', text }]
    : text;
  return new AIMessageChunk(id !== undefined ? { content, id } : { content });
}

// The wrapped model's name as LangChain reports it (`model`, `modelName`), else its type.
function modelName(model: unknown): string {
  const m = model as { model?: unknown; modelName?: unknown; _llmType?: () => unknown };
  if (typeof m.model === 'string') return m.model;
  if (typeof m.modelName === 'string') return m.modelName;
  try {
    const type = m._llmType?.();
    if (typeof type === 'string') return type;
  } catch {
    // A bound model (RunnableBinding) has no type of its own.
  }
  return 'unknown';
}

type UsageCounts = NonNullable<AIMessageChunk['usage_metadata']>;

// Chunks that report usage (usually the last one) add up, as LangChain merges them.
function addUsage(a: UsageCounts | undefined, b: UsageCounts): UsageCounts {
  if (a === undefined) return b;
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}

function toolCallsOf(message: BaseMessage): AIMessage['tool_calls'] {
  return AIMessageChunk.isInstance(message) || AIMessage.isInstance(message)
    ? message.tool_calls
    : undefined;
}

function usageOf(message: BaseMessage): AIMessageChunk['usage_metadata'] {
  return AIMessageChunk.isInstance(message) ? message.usage_metadata : undefined;
}
