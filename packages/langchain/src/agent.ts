import { assertKnownKeys, BackfireInputError, checkNonEmptyText, optionKeys } from '@backfire/core';
import { AIMessage } from '@langchain/core/messages';
import { Runnable } from '@langchain/core/runnables';
import { type AgentMiddleware, createMiddleware } from 'langchain';
import { BackfireCallbackHandler } from './handler.js';
import { haltMetadata } from './metadata.js';
import {
  type BackfireLangChainOptions,
  checkOptions,
  LANGCHAIN_OPTION_KEYS,
  rejectRepair,
} from './options.js';

/** Options of `backfireAgentMiddleware`. */
export interface BackfireAgentMiddlewareOptions extends BackfireLangChainOptions {
  /** The middleware's name in the agent (must be unique among its middleware). Default `'backfire'`. */
  name?: string;
}

const AGENT_MIDDLEWARE_OPTION_KEYS = optionKeys<BackfireAgentMiddlewareOptions>()([
  ...LANGCHAIN_OPTION_KEYS,
  'name',
]);

/**
 * Agent middleware for `createAgent` that guards every model call. Agent middleware has no token
 * hook, so `wrapModelCall` rebinds the model with a `BackfireCallbackHandler` and its signal: the
 * handler scores the tokens as they stream and a halt aborts the model call mid-stream. The
 * middleware then returns, in place of the aborted answer, an `AIMessage` holding the text before
 * the offending sentence, with `response_metadata` `{ finish_reason: 'content_filter', backfire }`
 * and no tool calls, so the agent ends its turn. The message reuses the id the streamed chunks
 * carried, so `streamMode: 'messages'` (which dedupes by id) does not show the text twice.
 *
 * Errors that are not halts propagate unchanged.
 */
export function backfireAgentMiddleware(options: BackfireAgentMiddlewareOptions): AgentMiddleware {
  assertKnownKeys('backfireAgentMiddleware', options, AGENT_MIDDLEWARE_OPTION_KEYS);
  const { name = 'backfire', ...guardOptions } = options ?? ({} as BackfireAgentMiddlewareOptions);
  checkNonEmptyText('name', name);
  rejectRepair(checkOptions(guardOptions, 'backfireAgentMiddleware'), 'backfireAgentMiddleware');
  return createMiddleware({
    name,
    wrapModelCall: async (request, handler) => {
      if (!Runnable.isRunnable(request.model)) {
        // Fail closed: a model the guard cannot attach to is not run unguarded.
        throw new BackfireInputError('request.model', request.model, 'must be a Runnable');
      }
      const guard = new BackfireCallbackHandler(guardOptions);
      const model = request.model.withConfig({ callbacks: [guard], signal: guard.signal });
      try {
        return await handler({ ...request, model });
      } catch (error) {
        const halted = guard.halts[0];
        if (halted === undefined) throw error;
        return new AIMessage({
          id: halted.messageId,
          content: halted.text,
          response_metadata: {
            ...haltMetadata(
              halted.receipt !== undefined
                ? { ...halted.halt, receipt: halted.receipt }
                : halted.halt,
            ),
          },
        });
      }
    },
  });
}
