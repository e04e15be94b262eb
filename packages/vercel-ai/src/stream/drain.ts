import type { StreamPart, Usage } from '../ai-types.js';

/** What a provider still sent after a halt it was not stopped for. */
export interface Drained {
  readonly parts: number;
  readonly usage?: Usage;
}

/**
 * Reads a provider's stream to its end without passing anything on (`abortUpstream: false`) and
 * says what it sent: the number of parts and the usage its finish reported. A provider that fails
 * meanwhile ends the count: nothing more is to be learnt.
 */
export async function drain(reader: ReadableStreamDefaultReader<StreamPart>): Promise<Drained> {
  let parts = 0;
  let usage: Usage | undefined;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      parts++;
      if (next.value.type === 'finish') usage = next.value.usage;
    }
  } catch {
    // The provider failed after the halt: nothing more to learn.
  }
  return usage !== undefined ? { parts, usage } : { parts };
}
