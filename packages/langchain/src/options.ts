import {
  BackfireInputError,
  createGuard,
  type Guard,
  type GuardEvent,
  type GuardHalt,
  type GuardOptions,
} from '@backfire/core';
import type { BaseMessage } from '@langchain/core/messages';

/** Which LangChain run a halt or an event belongs to. */
export interface BackfireRunInfo {
  /** The LangChain run id of the model call. */
  readonly runId: string;
}

/**
 * Options shared by `BackfireCallbackHandler`, `withBackfire` and `backfireAgentMiddleware`: the
 * guard's options (scorer, thresholds, release policy, deadlines) plus LangChain-specific hooks.
 */
export interface BackfireLangChainOptions
  extends Omit<GuardOptions, 'prompt' | 'signal' | 'onHalt' | 'onEvent'> {
  /**
   * The text the answer is scored against as "the prompt". Default: the text of the last human
   * message (in a RAG prompt template that includes the stuffed context; pass a function that
   * picks the question if that matters for your scorer).
   */
  prompt?: (messages: readonly BaseMessage[]) => string;
  /** Called once per halted run. Errors thrown here are ignored: the halt stands. */
  onHalt?: (halt: GuardHalt, run: BackfireRunInfo) => void;
  /** Called for every guard event (release, score, halt) of every run, in order per run. */
  onEvent?: (event: GuardEvent, run: BackfireRunInfo) => void;
}

/**
 * Validates options once, where they enter (the constructor or factory), so a typo fails at
 * construction rather than on the first model call — where LangChain would only log it.
 */
export function checkOptions(options: BackfireLangChainOptions): BackfireLangChainOptions {
  if (options === null || typeof options !== 'object') {
    throw new BackfireInputError('options', options, 'must be an object');
  }
  if (options.prompt !== undefined && typeof options.prompt !== 'function') {
    throw new BackfireInputError(
      'prompt',
      options.prompt,
      'must be a function (messages) => string',
    );
  }
  // createGuard validates every guard field and throws a typed error naming it.
  openGuard(options, '', 'validation').cancel();
  return options;
}

/** Opens the guard for one model run. */
export function openGuard(
  options: BackfireLangChainOptions,
  prompt: string,
  runId: string,
  hooks: { signal?: AbortSignal; onEvent?: (event: GuardEvent) => void } = {},
): Guard {
  const { prompt: _prompt, onHalt, onEvent, ...guardOptions } = options;
  const run: BackfireRunInfo = { runId };
  return createGuard({
    ...guardOptions,
    prompt,
    ...(hooks.signal !== undefined ? { signal: hooks.signal } : {}),
    ...(onHalt !== undefined ? { onHalt: (halt: GuardHalt) => onHalt(halt, run) } : {}),
    onEvent: (event: GuardEvent) => {
      hooks.onEvent?.(event);
      onEvent?.(event, run);
    },
  });
}

/** The prompt of a model call: the caller's choice, else the last human message's text. */
export function promptOf(
  options: BackfireLangChainOptions,
  messages: readonly BaseMessage[],
): string {
  if (options.prompt !== undefined) {
    const chosen = options.prompt(messages);
    if (typeof chosen !== 'string') {
      throw new BackfireInputError('prompt(messages)', chosen, 'must return a string');
    }
    return chosen;
  }
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.getType() === 'human') return m.text;
  }
  return messages.at(-1)?.text ?? '';
}

/**
 * The part of an answer that survives a halt: everything before the offending sentence (a hard
 * halt), or up to the end of the sentence that a soft halt let finish.
 */
export function keptText(text: string, halt: GuardHalt | null): string {
  if (halt === null) return text;
  const end = halt.soft ? halt.charOffset + halt.segment.length : halt.charOffset;
  return text.slice(0, Math.min(end, text.length));
}
