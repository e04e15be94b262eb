import {
  assertKnownKeys,
  BACKFIRE_OPTION_KEYS,
  type BackfireOptions,
  checkBoolean,
  checkFunction,
  checkObject,
  createGuard,
  type GuardHalt,
  optionKeys,
  type ResolvedRepair,
  resolveGuardOptions,
} from '@backfire/core';
import { resolveRepairOptions } from '@backfire/core/repair';
import type { CallOptions } from './ai-types.js';

/** What `onHalt` learns about the call besides the halt record. */
export interface BackfireHaltContext {
  /** `stream` for `streamText` / `doStream`, `generate` for `generateText` / `doGenerate`. */
  readonly type: 'stream' | 'generate';
  /** The prompt the answer was scored against. */
  readonly prompt: string;
  /** The text block that halted (`text-start` id). */
  readonly textId: string;
  /** The text of that block the user was shown before the halt. */
  readonly releasedText: string;
  /** The model call's options (after this middleware's `transformParams`). */
  readonly params: CallOptions;
  readonly model: { readonly provider: string; readonly modelId: string };
}

/** Options of `backfireMiddleware`: Backfire's shared options plus the AI SDK specifics. */
export interface BackfireMiddlewareOptions extends BackfireOptions {
  /**
   * Called once per halted call, after the closing `finish` part is queued. May be async; its
   * result and errors are ignored (the halt stands). Default: none.
   */
  onHalt?: (halt: GuardHalt, context: BackfireHaltContext) => void | PromiseLike<void>;
  /**
   * Also emit an `error` part (a `BackfireHaltError`) before `finish`, for apps that treat a halt
   * as a failure: `streamText`'s `onError` fires and `useChat` shows an error. `generateText`
   * then rejects with the `BackfireHaltError` instead of returning the truncated text.
   * Default false: a halt is a normal finish with reason `content-filter`.
   */
  emitErrorOnHalt?: boolean;
  /**
   * Abort the provider request when the stream halts (through a signal added in
   * `transformParams`) and cancel its stream. With false the provider call runs to completion in
   * the background and its remaining output is discarded. Default true.
   */
  abortUpstream?: boolean;
  /**
   * Takes the prompt to score against from the call options. Default: the last user message's
   * text (`lastUserMessageText`).
   */
  prompt?: (params: CallOptions) => string | PromiseLike<string>;
}

/** Everything `backfireMiddleware` takes; any other key (a typo, another adapter's) is rejected. */
const MIDDLEWARE_OPTION_KEYS = optionKeys<BackfireMiddlewareOptions>()([
  ...BACKFIRE_OPTION_KEYS,
  'onHalt',
  'emitErrorOnHalt',
  'abortUpstream',
  'prompt',
]);

export interface ResolvedOptions {
  readonly backfire: BackfireOptions;
  readonly onHalt: BackfireMiddlewareOptions['onHalt'];
  readonly emitErrorOnHalt: boolean;
  readonly abortUpstream: boolean;
  readonly prompt: ((params: CallOptions) => string | PromiseLike<string>) | undefined;
  /** `repair`, validated; null when off. */
  readonly repair: ResolvedRepair | null;
}

/**
 * Validates everything when the middleware is created, so a bad option — or a misspelt one, which
 * would otherwise fall back to its default — fails at start-up with a `BackfireInputError` /
 * `BackfireConfigError` naming the field, not on the first request. The
 * guard options are checked by building (and discarding) one guard; that also builds the default
 * scorer once, which `resolveGuardOptions` caches for every later stream.
 */
export function resolveOptions(options: BackfireMiddlewareOptions): ResolvedOptions {
  checkObject('options', options, { rule: 'must be an object' });
  assertKnownKeys('backfireMiddleware', options, MIDDLEWARE_OPTION_KEYS);
  const { onHalt, emitErrorOnHalt = false, abortUpstream = true, prompt } = options;
  if (onHalt !== undefined) checkFunction('onHalt', onHalt);
  checkBoolean('emitErrorOnHalt', emitErrorOnHalt);
  checkBoolean('abortUpstream', abortUpstream);
  if (prompt !== undefined) {
    checkFunction('prompt', prompt, { rule: 'must be a function (params) => string' });
  }
  const repair = resolveRepairOptions(options.repair);
  createGuard(resolveGuardOptions(options)).cancel();
  return { backfire: options, onHalt, emitErrorOnHalt, abortUpstream, prompt, repair };
}
