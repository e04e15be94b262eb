import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { answerFor, continuationFor, isCorrectionNote } from './script';

/**
 * A language model that needs no API key: it streams the scripted answer for the user's last
 * question (lib/script.ts) with the timing of a hosted model — a pause before the first token,
 * then a word every few tens of milliseconds. It honours `abortSignal` like a real provider (the
 * request stops, nothing more is generated) and records how every call ended, so tests can prove
 * that a halt or a click on Stop really cancelled generation.
 *
 * Asked to repair an answer (Backfire's `repair` option: the prompt ends with the verified part of
 * its answer and a correction note), it streams the continuation `continuationFor` gives: the
 * fact the note names instead of the withheld sentence, then the rest of its answer.
 */

/** How a call ended: streamed to the end, or stopped early and by whom. */
export type CallOutcome =
  | 'running'
  | 'completed'
  /** Backfire halted the answer: the middleware cancelled the stream and aborted the request. */
  | 'halted'
  /** Something else stopped it: the client pressed Stop or went away (`req.signal`). */
  | 'stopped';

export interface CallRecord {
  readonly id: number;
  readonly question: string;
  /** True for a repair call: the prompt ended with Backfire's correction note. */
  readonly repair: boolean;
  outcome: CallOutcome;
  /** How the stop reached the model: its abort signal or a cancel of its stream (null: not stopped). */
  stoppedVia: 'signal' | 'cancel' | null;
  /** Tokens (words) the model emitted before it finished or was stopped. */
  tokensEmitted: number;
  readonly tokensTotal: number;
  readonly startedAt: number;
  endedAt: number | null;
}

export interface ModelStats {
  calls: number;
  /** Of those, repair calls. */
  repairs: number;
  completed: number;
  halted: number;
  stopped: number;
  /** The most recent calls, newest last (at most 50). */
  recent: CallRecord[];
}

const MAX_RECENT = 50;

// One counter for the whole process. Next.js compiles each route into its own bundle, and module
// state is not shared between bundles, so the stats live on globalThis: the test-only stats route
// then sees the calls the chat route made.
const STATS_KEY = Symbol.for('backfire.nextjs-chat.scripted-model-stats');

function statsStore(): ModelStats {
  const g = globalThis as { [STATS_KEY]?: ModelStats };
  g[STATS_KEY] ??= emptyStats();
  return g[STATS_KEY];
}

function emptyStats(): ModelStats {
  return { calls: 0, repairs: 0, completed: 0, halted: 0, stopped: 0, recent: [] };
}

/** A snapshot of how the scripted model's calls ended in this process. */
export function scriptedModelStats(): ModelStats {
  return structuredClone(statsStore());
}

/** Forgets every recorded call (tests start from zero). */
export function resetScriptedModelStats(): void {
  Object.assign(statsStore(), emptyStats());
}

export interface ScriptedModelOptions {
  /** Pause before the first token, like a hosted model's queueing and prefill. Default 180 ms. */
  firstTokenMs?: number;
  /** Mean pause between tokens; each word varies around it by its length. Default 30 ms. */
  tokenMs?: number;
  /** The answer for a question. Default: the script in lib/script.ts. */
  answer?: (question: string) => string;
  /** What a repair call streams. Default: `continuationFor` in lib/script.ts. */
  continuation?: (request: RepairRequest) => string;
}

/** Words with their leading whitespace, the way BPE tokenizers cut English text. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

function textOf(message: LanguageModelV3Prompt[number] | undefined): string {
  if (message === undefined || message.role === 'system') return message?.content ?? '';
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/** The text of the last user message: what the scripted model answers. */
export function lastUserQuestion(prompt: LanguageModelV3Prompt): string {
  for (let i = prompt.length - 1; i >= 0; i--) {
    if (prompt[i]?.role === 'user') return textOf(prompt[i]).trim();
  }
  return '';
}

/** A repair call's parts: the question, the verified part of the answer and the correction note. */
export interface RepairRequest {
  readonly question: string;
  readonly kept: string;
  readonly note: string;
}

/**
 * Reads a repair call's prompt — the conversation, then an `assistant` message with the verified
 * part of the answer (absent when nothing was verified) and a `user` message with the correction
 * note. Null for an ordinary call.
 */
export function repairRequest(prompt: LanguageModelV3Prompt): RepairRequest | null {
  let i = prompt.length - 1;
  if (prompt[i]?.role !== 'user') return null;
  const note = textOf(prompt[i]);
  if (!isCorrectionNote(note)) return null;
  i--;
  let kept = '';
  if (prompt[i]?.role === 'assistant') kept = textOf(prompt[i--]);
  for (; i >= 0; i--) {
    if (prompt[i]?.role === 'user') return { question: textOf(prompt[i]).trim(), kept, note };
  }
  return { question: '', kept, note };
}

function isBackfireHalt(reason: unknown): boolean {
  return (
    typeof reason === 'object' &&
    reason !== null &&
    (reason as { code?: unknown }).code === 'BACKFIRE_HALT'
  );
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function usage(input: number, output: number): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createScriptedModel(options: ScriptedModelOptions = {}): LanguageModelV3 {
  const firstTokenMs = options.firstTokenMs ?? 180;
  const tokenMs = options.tokenMs ?? 30;
  const answer = options.answer ?? answerFor;
  const continuation =
    options.continuation ?? ((r: RepairRequest) => continuationFor(r.question, r.kept, r.note));

  function begin(call: LanguageModelV3CallOptions): { record: CallRecord; tokens: string[] } {
    const repair = repairRequest(call.prompt);
    const question = repair?.question ?? lastUserQuestion(call.prompt);
    const tokens = tokenize(repair === null ? answer(question) : continuation(repair));
    const stats = statsStore();
    stats.calls++;
    if (repair !== null) stats.repairs++;
    const record: CallRecord = {
      id: stats.calls,
      question,
      repair: repair !== null,
      outcome: 'running',
      stoppedVia: null,
      tokensEmitted: 0,
      tokensTotal: tokens.length,
      startedAt: Date.now(),
      endedAt: null,
    };
    stats.recent.push(record);
    if (stats.recent.length > MAX_RECENT) stats.recent.shift();
    return { record, tokens };
  }

  function complete(record: CallRecord): void {
    if (record.outcome !== 'running') return;
    record.outcome = 'completed';
    record.endedAt = Date.now();
    statsStore().completed++;
  }

  // The middleware cancels the stream with its BackfireHaltError and aborts the signal with the
  // same error; whichever arrives first decides, and says who stopped the call.
  function stop(record: CallRecord, via: 'signal' | 'cancel', reason: unknown): void {
    if (record.outcome !== 'running') return;
    record.outcome = isBackfireHalt(reason) ? 'halted' : 'stopped';
    record.stoppedVia = via;
    record.endedAt = Date.now();
    statsStore()[record.outcome]++;
  }

  // Word-length jitter keeps the timing realistic and deterministic (tests are repeatable).
  const delayFor = (token: string) => Math.max(5, Math.round(tokenMs * (0.6 + token.length / 12)));

  return {
    specificationVersion: 'v3',
    provider: 'backfire-example',
    modelId: 'scripted',
    supportedUrls: {},

    async doStream(call: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
      const { record, tokens } = begin(call);
      const signal = call.abortSignal;
      const inputTokens = tokenize(lastUserQuestion(call.prompt)).length;
      // The parts after the text, in order; the text deltas are produced one per pull.
      let phase: 'start' | 'text' | 'end' | 'done' = 'start';
      let next = 0;

      const onAbort = () => stop(record, 'signal', signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();

      const stream = new ReadableStream<LanguageModelV3StreamPart>(
        {
          async pull(controller) {
            try {
              if (phase === 'start') {
                controller.enqueue({ type: 'stream-start', warnings: [] });
                controller.enqueue({
                  type: 'response-metadata',
                  id: `scripted-${record.id}`,
                  modelId: 'scripted',
                  timestamp: new Date(record.startedAt),
                });
                await sleep(firstTokenMs, signal);
                controller.enqueue({ type: 'text-start', id: 'txt-0' });
                phase = 'text';
                return;
              }
              if (phase === 'text') {
                const token = tokens[next];
                if (token === undefined) {
                  controller.enqueue({ type: 'text-end', id: 'txt-0' });
                  phase = 'end';
                  return;
                }
                if (next > 0) await sleep(delayFor(token), signal);
                controller.enqueue({ type: 'text-delta', id: 'txt-0', delta: token });
                next++;
                record.tokensEmitted = next;
                return;
              }
              if (phase === 'end') {
                phase = 'done';
                signal?.removeEventListener('abort', onAbort);
                complete(record);
                controller.enqueue({
                  type: 'finish',
                  finishReason: { unified: 'stop', raw: 'stop' },
                  usage: usage(inputTokens, tokens.length),
                });
                controller.close();
              }
            } catch (error) {
              // Aborted mid-sleep: fail the stream the way a provider's aborted fetch does.
              phase = 'done';
              controller.error(error);
            }
          },
          cancel(reason) {
            phase = 'done';
            signal?.removeEventListener('abort', onAbort);
            stop(record, 'cancel', signal?.aborted ? signal.reason : reason);
          },
        },
        // One part per pull: the model only generates what the consumer asks for.
        { highWaterMark: 0 },
      );
      return { stream };
    },

    async doGenerate(call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
      const { record, tokens } = begin(call);
      const signal = call.abortSignal;
      try {
        await sleep(firstTokenMs + tokens.reduce((ms, t) => ms + delayFor(t), 0), signal);
      } catch (error) {
        stop(record, 'signal', error);
        throw error;
      }
      record.tokensEmitted = tokens.length;
      complete(record);
      return {
        content: [{ type: 'text', text: tokens.join('') }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: usage(tokenize(lastUserQuestion(call.prompt)).length, tokens.length),
        warnings: [],
      };
    },
  };
}
