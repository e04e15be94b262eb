import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { repairNote } from '@backfire/core/repair';
import { backfireTextSpans } from '@backfire/vercel-ai/ui';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleChat } from '../lib/chat-handler';
import type { ChatMessage } from '../lib/chat-types';
import { KnowledgeStore } from '../lib/knowledge-store';
import { answerFor, continuationFor } from '../lib/script';
import { repairRequest, resetScriptedModelStats, scriptedModelStats } from '../lib/scripted-model';
import {
  chunksOf,
  fastModel,
  finishReasonOf,
  messageOf,
  ORIGIN,
  recordingModel,
  textOf,
} from './support';

const CONTRADICTING = 'Tell me about the Eiffel Tower.';
const STUBBORN = 'How tall is the Eiffel Tower, really?';
const VERIFIED =
  'The Eiffel Tower stands on the Champ de Mars in Paris. It was completed in 1889. ';

let store: KnowledgeStore;

beforeEach(() => {
  store = new KnowledgeStore();
  resetScriptedModelStats();
});

function chatRequest(messages: unknown[], repair: unknown, signal?: AbortSignal): Request {
  return new Request(`${ORIGIN}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages, ...(repair === undefined ? {} : { repair }) }),
    ...(signal !== undefined ? { signal } : {}),
  });
}

const question = (text: string, id = 'u1') => ({
  id,
  role: 'user',
  parts: [{ type: 'text', text }],
});

async function ask(text: string, repair?: unknown) {
  const res = await handleChat(chatRequest([question(text)], repair), {
    store,
    model: fastModel(),
  });
  const chunks = await chunksOf(res);
  return { res, chunks, message: await messageOf(chunks) };
}

/** The text a reader keeps: every text part without its withdrawn (struck-through) spans. */
function shownText(message: ChatMessage): string {
  return message.parts
    .flatMap((p) => (p.type === 'text' ? backfireTextSpans(p) : []))
    .filter((s) => !s.withdrawn)
    .map((s) => s.text)
    .join('');
}

function withdrawnText(message: ChatMessage): string {
  return message.parts
    .flatMap((p) => (p.type === 'text' ? backfireTextSpans(p) : []))
    .filter((s) => s.withdrawn)
    .map((s) => s.text)
    .join('');
}

describe('POST /api/chat with repair: true', () => {
  it('corrects a contradicting answer in the same message: the wrong height withdrawn, the fact streamed', async () => {
    const { chunks, message } = await ask(CONTRADICTING, true);

    expect(finishReasonOf(chunks)).toBe('stop');
    expect(chunks.filter((c) => c.type === 'text-start')).toHaveLength(1);
    expect(shownText(message)).toBe(
      `${VERIFIED}The Eiffel Tower is 330 metres tall. It is one of the most visited monuments in the world.`,
    );
    // Optimistic release: the wrong sentence had been shown; it stays in the part, marked withdrawn.
    expect(withdrawnText(message)).toContain('The Eiffel Tower is 450 metres tall.');
    const meta = message.metadata;
    expect(meta?.backfire?.halted).toBe(false);
    expect(meta?.backfire?.repairs).toEqual([
      expect.objectContaining({ attempt: 1, kind: 'hard_limit', keptChars: VERIFIED.length }),
    ]);
    expect(meta?.corrections).toEqual([
      {
        attempt: 1,
        kind: 'hard_limit',
        reason: expect.stringMatching(/^hard_limit \(0\.\d{4} < 0\.5\)$/),
        contradiction: {
          factId: 'eiffel-height',
          fact: 'The Eiffel Tower is 330 metres tall.',
          cue: 'number',
          detail: expect.stringContaining('450'),
        },
      },
    ]);
    // The correction note went to the model only.
    expect(JSON.stringify(chunks)).not.toContain('Continue the answer');

    const stats = scriptedModelStats();
    expect(stats).toMatchObject({ calls: 2, repairs: 1, halted: 1, completed: 1, stopped: 0 });
    expect(stats.recent.map((c) => [c.repair, c.outcome])).toEqual([
      [false, 'halted'],
      [true, 'completed'],
    ]);
  });

  it('ends halted as before when the model stays wrong and the attempt is used up', async () => {
    const { chunks, message } = await ask(STUBBORN, true);

    expect(finishReasonOf(chunks)).toBe('content-filter');
    const halt = message.metadata?.backfire;
    expect(halt?.halted).toBe(true);
    expect(halt?.kind).toBe('hard_limit');
    expect(halt?.repairs).toHaveLength(1);
    expect(message.metadata?.contradiction?.factId).toBe('eiffel-height');
    // Both tries of the wrong sentence are struck out: the repair's withdrawn range, then
    // everything from the last halt on.
    const cut = halt?.charOffset ?? 0;
    const kept = message.parts
      .flatMap((p) =>
        p.type === 'text' ? backfireTextSpans({ ...p, text: p.text.slice(0, cut) }) : [],
      )
      .filter((s) => !s.withdrawn)
      .map((s) => s.text)
      .join('');
    expect(kept).toBe('');
    expect(textOf(message).slice(cut)).toMatch(/^The Eiffel Tower is 450 metres tall\./);
    expect(scriptedModelStats().recent.map((c) => [c.repair, c.outcome])).toEqual([
      [false, 'halted'],
      [true, 'halted'],
    ]);
  });

  it('does not repair when the body leaves repair out or sets it false', async () => {
    for (const repair of [undefined, false]) {
      resetScriptedModelStats();
      const { chunks, message } = await ask(CONTRADICTING, repair);
      expect(finishReasonOf(chunks)).toBe('content-filter');
      expect(message.metadata?.backfire?.repairs).toBeUndefined();
      expect(message.metadata?.corrections).toBeUndefined();
      expect(scriptedModelStats()).toMatchObject({ calls: 1, repairs: 0, halted: 1 });
    }
  });

  it('rejects a repair that is not a boolean', async () => {
    const res = await handleChat(chatRequest([question(CONTRADICTING)], { attempts: 5 }), {
      store,
      model: fastModel(),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/repair must be true or false/);
    expect(scriptedModelStats().calls).toBe(0);
  });

  it('sends a repaired answer back to the model without its withdrawn text', async () => {
    const { message } = await ask(CONTRADICTING, true);
    expect(textOf(message)).toContain('450 metres');

    const { prompts, model: recording } = await recordingModel();
    const res = await handleChat(
      chatRequest(
        [question(CONTRADICTING), message, question('When did Apollo 11 land on the Moon?', 'u2')],
        true,
      ),
      { store, model: recording },
    );
    await chunksOf(res);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('It was completed in 1889. The Eiffel Tower is 330 metres tall.');
    expect(prompts[0]).not.toContain('450 metres');
  });

  it('a client that stops during the repair aborts the repair call too', async () => {
    const controller = new AbortController();
    const res = await handleChat(chatRequest([question(CONTRADICTING)], true, controller.signal), {
      store,
      model: fastModel({ firstTokenMs: 0, tokenMs: 5 }),
    });
    const reader = res.body!.getReader();
    // Read until the repair call has streamed a few words.
    while (!scriptedModelStats().recent.some((c) => c.repair && c.tokensEmitted >= 3)) {
      const { done } = await reader.read();
      if (done) throw new Error('the answer ended before the repair streamed');
    }
    controller.abort();
    await reader.cancel().catch(() => undefined);
    await expect
      .poll(() => scriptedModelStats().recent.map((c) => c.outcome))
      .toEqual(['halted', 'stopped']);
    const repair = scriptedModelStats().recent[1]!;
    expect(repair.tokensEmitted).toBeLessThan(repair.tokensTotal);
  });
});

describe('the scripted model on a repair call', () => {
  const halt = (segment: string, premise: string | null) =>
    ({
      kind: 'hard_limit',
      segment,
      evidence:
        premise === null
          ? null
          : { contradiction: { premiseSentence: `eiffel-height: ${premise}` } },
    }) as unknown as Parameters<typeof repairNote>[0];

  it('reads the question, the verified part and the note from the prompt', () => {
    const note = repairNote(halt('The Eiffel Tower is 450 metres tall.', 'It is 330 m.'));
    const prompt: LanguageModelV3Prompt = [
      { role: 'user', content: [{ type: 'text', text: CONTRADICTING }] },
      { role: 'assistant', content: [{ type: 'text', text: VERIFIED }] },
      { role: 'user', content: [{ type: 'text', text: note }] },
    ];
    expect(repairRequest(prompt)).toEqual({ question: CONTRADICTING, kept: VERIFIED, note });
    // Nothing verified: no assistant message.
    expect(repairRequest([prompt[0]!, prompt[2]!])).toEqual({
      question: CONTRADICTING,
      kept: '',
      note,
    });
    // An ordinary follow-up question is not a repair.
    expect(
      repairRequest([
        prompt[0]!,
        prompt[1]!,
        { role: 'user', content: [{ type: 'text', text: 'And when?' }] },
      ]),
    ).toBeNull();
  });

  it('states the noted fact instead of the withheld sentence, then goes on with its answer', () => {
    const note = repairNote(
      halt('The Eiffel Tower is 450 metres tall.', 'The Eiffel Tower is 330 metres tall.'),
    );
    expect(continuationFor(CONTRADICTING, VERIFIED, note)).toBe(
      'The Eiffel Tower is 330 metres tall. It is one of the most visited monuments in the world.',
    );
    expect(continuationFor(CONTRADICTING, VERIFIED.trimEnd(), note)).toMatch(/^ The Eiffel/);
  });

  it('says the withheld sentence again when the note names no fact, or when it is stubborn', () => {
    const bare = repairNote(halt('The Eiffel Tower is 450 metres tall.', null));
    expect(continuationFor(CONTRADICTING, VERIFIED, bare)).toBe(
      answerFor(CONTRADICTING).slice(VERIFIED.length),
    );
    const noted = repairNote(
      halt('The Eiffel Tower is 450 metres tall.', 'The Eiffel Tower is 330 metres tall.'),
    );
    expect(continuationFor(STUBBORN, '', noted)).toBe(answerFor(STUBBORN));
  });
});
