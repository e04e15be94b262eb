import {
  createGuard,
  type Guard,
  type GuardEvent,
  type GuardOutput,
  type GuardResume,
  resolveGuardOptions,
} from '@backfire/core';
import type { GuardedCall } from '../guarded-stream.js';

/** A range of text the client was sent, as offsets in what its block showed. */
export interface TextRange {
  start: number;
  end: number;
}

/** One text block of the response (`text-start` … `text-end`) and the guard that scores it. */
export interface TextBlock {
  readonly id: string;
  readonly guard: Guard;
  /** Characters of this block the client has been sent (withdrawn ones included). */
  shown: number;
  /** Released ranges a repair withdrew (optimistic mode), as offsets in what was sent. */
  withdrawn: TextRange[];
}

/** What a block's guard needs beyond the call: where it resumes and what it reports. */
export interface GuardFor {
  /** The verified part a repair keeps, for the guard that continues a halted block. */
  readonly resume?: GuardResume | undefined;
  /** Repairs so far, for the guard's span. */
  readonly repairs: number;
  /** Output of verdicts that land while no write is running. */
  readonly onOutput: (output: GuardOutput) => void;
}

/** The guard of one text block, configured from the call's options. */
export function openGuard(call: GuardedCall, { resume, repairs, onOutput }: GuardFor): Guard {
  const onEvent = (event: GuardEvent) => {
    if (event.type === 'record-error') reportRecordError(call.options, event.error);
  };
  const guardOptions = resolveGuardOptions(call.options.backfire, {
    prompt: call.prompt,
    ...(call.callerSignal !== undefined ? { signal: call.callerSignal } : {}),
    onEvent,
    onOutput,
  });
  if (call.tenant !== undefined) guardOptions.tenant = call.tenant;
  // generateText shows nothing until it returns, so it returns only verified text: the
  // offending sentence is never part of the result, whatever the streaming policy.
  if (call.type === 'generate') guardOptions.release = 'verified';
  if (resume !== undefined) guardOptions.resume = resume;
  if (call.telemetryContext !== undefined) guardOptions.telemetryContext = call.telemetryContext;
  const guard = createGuard(guardOptions);
  guard.setSpanAttributes({
    'gen_ai.system': call.model.provider,
    'gen_ai.request.model': call.model.modelId,
    'gen_ai.operation.name': 'chat',
    'backfire.repairs': repairs,
  });
  return guard;
}

// The middleware has no event hook: a throwing `record` is reported once per middleware, here.
const recordErrorsReported = new WeakSet<object>();

function reportRecordError(options: GuardedCall['options'], error: unknown): void {
  if (recordErrorsReported.has(options)) return;
  recordErrorsReported.add(options);
  console.warn(
    `backfire: the record callback threw (reported once; streams are unaffected): ${
      error instanceof Error ? error.message : String(error)
    }`,
  );
}
