import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { BackfireHaltError } from '@backfire/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerFor, FALLBACK_ANSWER } from '../lib/script';
import {
  createScriptedModel,
  resetScriptedModelStats,
  scriptedModelStats,
  tokenize,
} from '../lib/scripted-model';

function call(question: string, abortSignal?: AbortSignal): LanguageModelV3CallOptions {
  return {
    prompt: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: question }] },
    ],
    ...(abortSignal !== undefined ? { abortSignal } : {}),
  };
}

async function readAll(stream: ReadableStream<LanguageModelV3StreamPart>) {
  const parts: LanguageModelV3StreamPart[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return parts;
}

beforeEach(resetScriptedModelStats);

describe('scripted model', () => {
  it('streams the scripted answer for the last user question, word by word, then finishes', async () => {
    const model = createScriptedModel({ firstTokenMs: 0, tokenMs: 0 });
    const { stream } = await model.doStream(call('how TALL is the eiffel tower?'));
    const parts = await readAll(stream);
    const deltas = parts.flatMap((p) => (p.type === 'text-delta' ? [p.delta] : []));
    expect(deltas.join('')).toBe(answerFor('How tall is the Eiffel Tower?'));
    expect(deltas.length).toBe(tokenize(answerFor('How tall is the Eiffel Tower?')).length);
    expect(parts.map((p) => p.type).slice(0, 3)).toEqual([
      'stream-start',
      'response-metadata',
      'text-start',
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
    expect(scriptedModelStats()).toMatchObject({ calls: 1, completed: 1 });
  });

  it('answers unknown questions with the fallback', () => {
    expect(answerFor('What is the capital of France?')).toBe(FALLBACK_ANSWER);
  });

  it('waits before the first token and between tokens, like a hosted model', async () => {
    const model = createScriptedModel({ firstTokenMs: 60, tokenMs: 10 });
    const started = performance.now();
    const reader = (
      await model.doStream(call('When did Apollo 11 land on the Moon?'))
    ).stream.getReader();
    let first = Number.NaN;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (value.type === 'text-delta' && Number.isNaN(first)) first = performance.now() - started;
    }
    const total = performance.now() - started;
    expect(first).toBeGreaterThanOrEqual(55);
    // 20 words at ≥ 6 ms each come on top of the first-token pause.
    expect(total - first).toBeGreaterThan(100);
  });

  it('stops generating when the caller aborts, and records who stopped it', async () => {
    const controller = new AbortController();
    const model = createScriptedModel({ firstTokenMs: 0, tokenMs: 5 });
    const reader = (
      await model.doStream(call('Tell me the story of Apollo 11.', controller.signal))
    ).stream.getReader();
    let deltas = 0;
    while (deltas < 3) if ((await reader.read()).value?.type === 'text-delta') deltas++;
    controller.abort();
    await expect(reader.read()).rejects.toThrow(/abort/i);
    const [record] = scriptedModelStats().recent;
    expect(record).toMatchObject({ outcome: 'stopped', stoppedVia: 'signal', tokensEmitted: 3 });
    expect(record!.tokensTotal).toBeGreaterThan(60);
  });

  it('tells a Backfire halt from a client stop, whether the cancel or the abort comes first', async () => {
    const model = createScriptedModel({ firstTokenMs: 0, tokenMs: 0 });
    const halt = new BackfireHaltError('backfire halted the stream', { reason: 'hard_limit' });

    const viaCancel = (
      await model.doStream(call('Tell me the story of Apollo 11.'))
    ).stream.getReader();
    await viaCancel.read();
    await viaCancel.cancel(halt);

    const controller = new AbortController();
    const viaSignal = (
      await model.doStream(call('Tell me the story of Apollo 11.', controller.signal))
    ).stream.getReader();
    await viaSignal.read();
    controller.abort(halt);

    const plainCancel = (
      await model.doStream(call('Tell me the story of Apollo 11.'))
    ).stream.getReader();
    await plainCancel.read();
    await plainCancel.cancel();

    expect(scriptedModelStats().recent.map((r) => [r.outcome, r.stoppedVia])).toEqual([
      ['halted', 'cancel'],
      ['halted', 'signal'],
      ['stopped', 'cancel'],
    ]);
    expect(scriptedModelStats()).toMatchObject({ calls: 3, halted: 2, stopped: 1, completed: 0 });
  });

  it('rejects doGenerate with the abort reason when aborted', async () => {
    const model = createScriptedModel({ firstTokenMs: 1000, tokenMs: 0 });
    const controller = new AbortController();
    const pending = model.doGenerate(
      call('When was the Eiffel Tower completed?', controller.signal),
    );
    controller.abort(new Error('client left'));
    await expect(pending).rejects.toThrow('client left');
    expect(scriptedModelStats().stopped).toBe(1);
  });

  it('generates the whole answer with doGenerate', async () => {
    const model = createScriptedModel({ firstTokenMs: 0, tokenMs: 0 });
    const result = await model.doGenerate(call('When was the Eiffel Tower completed?'));
    expect(result.content).toEqual([
      { type: 'text', text: answerFor('When was the Eiffel Tower completed?') },
    ]);
  });
});
