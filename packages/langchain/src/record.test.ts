import type { BackfireTrace, GuardEvent } from '@backfire/core';
import { describe, expect, it } from 'vitest';
import { withBackfire } from './chat-model.js';
import { BackfireCallbackHandler } from './handler.js';
import {
  BAD_SENTENCE,
  CONTRADICTION,
  FAITHFUL,
  factsKnowledge,
  models,
  QUESTION,
} from './test/fixtures.js';

describe('record (LangChain)', () => {
  it('withBackfire and the callback handler record one trace per run', async () => {
    const traces: BackfireTrace[] = [];
    const knowledge = await factsKnowledge();
    const guarded = withBackfire(models(FAITHFUL)[1].model, {
      knowledge,
      record: (t) => traces.push(t),
    });
    await guarded.invoke(QUESTION);
    const h = new BackfireCallbackHandler({ knowledge, record: (t) => traces.push(t) });
    await models(CONTRADICTION)[1]
      .model.invoke(QUESTION, h.config())
      .catch(() => undefined);
    expect(traces.map((t) => t.outcome)).toEqual(['passed', 'halted']);
    expect(traces[0]!.deltas.map((d) => d.text).join('')).toBe(FAITHFUL);
    expect(traces[1]!.halt?.segment).toBe(BAD_SENTENCE);
    expect(traces[1]!.prompt).toBe(QUESTION);
  });

  it('a throwing record is reported once through onEvent; the answer is untouched', async () => {
    const events: GuardEvent[] = [];
    const guarded = withBackfire(models(FAITHFUL)[1].model, {
      knowledge: await factsKnowledge(),
      record: () => {
        throw new Error('disk full');
      },
      onEvent: (e) => events.push(e),
    });
    const message = await guarded.invoke(QUESTION);
    expect(message.text).toBe(FAITHFUL);
    expect(events.filter((e) => e.type === 'record-error')).toHaveLength(1);
  });
});
