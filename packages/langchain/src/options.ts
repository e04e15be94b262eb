import {
  assertKnownKeys,
  BACKFIRE_OPTION_KEYS,
  BackfireInputError,
  type BackfireOptions,
  checkFunction,
  checkObject,
  createGuard,
  type Guard,
  type GuardEvent,
  type GuardHalt,
  type GuardResume,
  optionKeys,
  type ResolvedRepair,
  resolveGuardOptions,
} from '@backfire/core';
import { resolveRepairOptions } from '@backfire/core/repair';
import type { BaseMessage } from '@langchain/core/messages';

/** Which LangChain run a halt or an event belongs to. */
export interface BackfireRunInfo {
  /** The LangChain run id of the model call. */
  readonly runId: string;
}

/**
 * Options shared by `BackfireCallbackHandler`, `withBackfire` and `backfireAgentMiddleware`: the
 * options every Backfire adapter takes (`knowledge`, `scorer`, `nli`, `config`, `release`, …) plus
 * LangChain-specific hooks.
 */
export interface BackfireLangChainOptions extends BackfireOptions {
  /**
   * The text the answer is scored against as "the prompt". Default: the text of the last human
   * message (in a RAG prompt template that includes the stuffed context; pass a function that
   * picks the question if that matters for your scorer).
   */
  prompt?: (messages: readonly BaseMessage[]) => string;
  /**
   * Called once per halted run, with the halt's `receipt` (see `HaltReceipt`), so once the model
   * call is over: `withBackfire` when it has closed the model's stream, the callback handler when
   * the run ends (aborted or finished). Errors thrown here are ignored: the halt stands.
   */
  onHalt?: (halt: GuardHalt, run: BackfireRunInfo) => void;
  /** Called for every guard event (release, score, halt) of every run, in order per run. */
  onEvent?: (event: GuardEvent, run: BackfireRunInfo) => void;
}

/**
 * Everything `BackfireCallbackHandler` and `withBackfire` take; any other key (a typo, another
 * adapter's option) is rejected.
 */
export const LANGCHAIN_OPTION_KEYS = optionKeys<BackfireLangChainOptions>()([
  ...BACKFIRE_OPTION_KEYS,
  'prompt',
  'onHalt',
  'onEvent',
]);

/** Options split once into what core resolves and what the adapter keeps. */
export interface ResolvedOptions {
  // One stable object per adapter: core builds the default scorer once per options object.
  readonly base: BackfireOptions;
  readonly prompt: BackfireLangChainOptions['prompt'];
  readonly onHalt: BackfireLangChainOptions['onHalt'];
  readonly onEvent: BackfireLangChainOptions['onEvent'];
  /** `repair`, validated; null when off. Only `withBackfire` can repair. */
  readonly repair: ResolvedRepair | null;
}

// A handler per request with the same options object reuses one resolution, and so one default
// scorer and one knowledge index.
const resolvedCache = new WeakMap<BackfireLangChainOptions, ResolvedOptions>();

/**
 * Validates options once, where they enter (the constructor or factory), so a typo fails at
 * construction rather than on the first model call — where LangChain would only log it. A
 * misspelt key is an error too (`where` names the entry point in its message): it would otherwise
 * leave its option at the default.
 */
export function checkOptions(options: BackfireLangChainOptions, where: string): ResolvedOptions {
  checkObject('options', options, { rule: 'must be an object' });
  assertKnownKeys(where, options, LANGCHAIN_OPTION_KEYS);
  const known = resolvedCache.get(options);
  if (known !== undefined) return known;
  const { prompt, onHalt, onEvent, ...base } = options;
  for (const [field, fn] of [
    ['prompt', prompt],
    ['onHalt', onHalt],
    ['onEvent', onEvent],
  ] as const) {
    if (fn !== undefined) checkFunction(field, fn);
  }
  const repair = resolveRepairOptions(options.repair);
  const resolved: ResolvedOptions = { base, prompt, onHalt, onEvent, repair };
  // createGuard validates every guard field and throws a typed error naming it; building it here
  // also builds the default scorer, so a bad knowledge base fails now too.
  openGuard(resolved, '', 'validation').cancel();
  resolvedCache.set(options, resolved);
  return resolved;
}

/** Opens the guard for one model run. */
export function openGuard(
  options: ResolvedOptions,
  prompt: string,
  runId: string,
  hooks: {
    signal?: AbortSignal;
    /** Continue a repaired answer from its verified part. */
    resume?: GuardResume;
    /** The OpenTelemetry context the guard's span is a child of. */
    telemetryContext?: unknown;
  } = {},
): Guard {
  const { onEvent } = options;
  const run: BackfireRunInfo = { runId };
  // No onHalt here: the adapters call it themselves (`notifyHalt`) once the receipt is known.
  const guardOptions = resolveGuardOptions(options.base, {
    prompt,
    ...(hooks.signal !== undefined ? { signal: hooks.signal } : {}),
    ...(onEvent !== undefined ? { onEvent: (event: GuardEvent) => onEvent(event, run) } : {}),
  });
  if (hooks.resume !== undefined) guardOptions.resume = hooks.resume;
  if (hooks.telemetryContext !== undefined) guardOptions.telemetryContext = hooks.telemetryContext;
  return createGuard(guardOptions);
}

/** Calls `onHalt` with the receipted halt; what it throws is ignored (the halt stands). */
export function notifyHalt(options: ResolvedOptions, halt: GuardHalt, runId: string): void {
  const onHalt = options.onHalt;
  if (onHalt === undefined) return;
  try {
    const out: unknown = onHalt(halt, { runId });
    if (out instanceof Promise) out.catch(() => undefined);
  } catch {
    // The halt stands whatever the callback does.
  }
}

/**
 * For entry points that observe a model call instead of making it (the callback handler, the
 * agent middleware): they cannot call the model again, so `repair` is an error there, not a
 * silently ignored option.
 */
export function rejectRepair(options: ResolvedOptions, where: string): void {
  if (options.repair === null) return;
  throw new BackfireInputError(
    'repair',
    options.base.repair,
    'is not supported here',
    `repair is not supported by ${where}: it observes the model call and cannot make another; use withBackfire(model, { repair }) for the model instead`,
  );
}

/** The prompt of a model call: the caller's choice, else the last human message's text. */
export function promptOf(options: ResolvedOptions, messages: readonly BaseMessage[]): string {
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

export { keptText } from '@backfire/core';
