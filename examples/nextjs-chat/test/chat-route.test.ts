import { backend } from '@backfire/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleChat } from '../lib/chat-handler';
import { KnowledgeStore } from '../lib/knowledge-store';
import { answerFor } from '../lib/script';
import { resetScriptedModelStats, scriptedModelStats } from '../lib/scripted-model';
import {
  chatRequest,
  chunksOf,
  cookieOf,
  fastModel,
  finishReasonOf,
  messageOf,
  recordingModel,
  textOf,
} from './support';

const FAITHFUL = 'When did Apollo 11 land on the Moon?';
const CONTRADICTING = 'Tell me about the Eiffel Tower.';
const HEIGHT = 'How tall is the Eiffel Tower?';

let store: KnowledgeStore;

beforeEach(() => {
  store = new KnowledgeStore();
  resetScriptedModelStats();
});

async function ask(question: string, cookie?: string) {
  const res = await handleChat(chatRequest(question, cookie === undefined ? {} : { cookie }), {
    store,
    model: fastModel(),
  });
  const chunks = await chunksOf(res);
  return { res, chunks, message: await messageOf(chunks) };
}

describe('POST /api/chat', () => {
  it('streams a faithful answer to the end, with every sentence score and the backend', async () => {
    const { res, chunks, message } = await ask(FAITHFUL);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(finishReasonOf(chunks)).toBe('stop');
    expect(textOf(message)).toBe(answerFor(FAITHFUL));
    const meta = message.metadata;
    expect(meta?.backfire?.halted).toBe(false);
    expect(meta?.backend).toBe(backend);
    expect(meta?.guarded).toBe(true);
    expect(meta?.segments).toHaveLength(2);
    expect(meta?.segments?.every((s) => s.status === 'passed' && (s.score ?? 0) >= 0.5)).toBe(true);
    expect(scriptedModelStats()).toMatchObject({ calls: 1, completed: 1, halted: 0 });
  });

  it('halts a contradicting answer: verified text kept, reason and contradicted fact in metadata, model call stopped', async () => {
    const { chunks, message } = await ask(CONTRADICTING);

    expect(finishReasonOf(chunks)).toBe('content-filter');
    const halt = message.metadata?.backfire;
    expect(halt?.halted).toBe(true);
    expect(halt?.kind).toBe('hard_limit');
    expect(halt?.reason).toMatch(/^hard_limit \(0\.\d{4} < 0\.5\)$/);
    expect(halt?.suggestedAction).toMatch(/knowledge base/);
    expect(message.metadata?.contradiction).toMatchObject({
      factId: 'eiffel-height',
      fact: 'The Eiffel Tower is 330 metres tall.',
      cue: 'number',
    });
    expect(message.metadata?.contradiction?.detail).toContain('450');
    // The two faithful sentences before the wrong height are kept, in order.
    const text = textOf(message);
    const answer = answerFor(CONTRADICTING);
    expect(answer.startsWith(text)).toBe(true);
    expect(text.slice(0, halt?.charOffset)).toBe(
      'The Eiffel Tower stands on the Champ de Mars in Paris. It was completed in 1889. ',
    );
    expect(text).not.toContain('most visited');
    const statuses = message.metadata?.segments?.map((s) => s.status);
    expect(statuses).toEqual(['passed', 'passed', 'failed']);

    const [call] = scriptedModelStats().recent;
    expect(call?.outcome).toBe('halted');
    expect(call?.tokensEmitted).toBeLessThan(call?.tokensTotal ?? 0);
    // The halt receipt reaches the client: the model call was aborted, what it cost, no text.
    expect(halt?.receipt).toEqual({
      upstreamAborted: true,
      partsAfterHalt: expect.any(Number),
      withheld: { words: halt?.tokensWithheld, chars: expect.any(Number) },
    });
  });

  it('streams live sentence scores as data parts while the answer is generated', async () => {
    const { chunks } = await ask(FAITHFUL);
    const live = chunks.filter((c) => c.type === 'data-scores');
    expect(live.length).toBe(2);
    // Each update carries every score so far, and the first arrives before the text ends.
    const firstLive = chunks.indexOf(live[0]!);
    const textEnd = chunks.findIndex((c) => c.type === 'text-end');
    expect(firstLive).toBeLessThan(textEnd);
    expect((live[1] as { data: { scores: number[] } }).data.scores).toHaveLength(2);
  });

  it('follows the session knowledge base: editing a fact flips the outcome, for that session only', async () => {
    const first = await ask(HEIGHT);
    expect(first.message.metadata?.backfire?.halted).toBe(false);
    const cookie = cookieOf(first.res);
    const session = cookie.split('=')[1]!;

    store.upsert(session, 'eiffel-height', 'The Eiffel Tower is 300 metres tall.');
    const edited = await ask(HEIGHT, cookie);
    expect(edited.res.headers.get('set-cookie')).toBeNull();
    expect(edited.message.metadata?.backfire?.halted).toBe(true);
    expect(edited.message.metadata?.contradiction?.fact).toBe(
      'The Eiffel Tower is 300 metres tall.',
    );

    // Another browser still has the default facts.
    const other = await ask(HEIGHT);
    expect(other.message.metadata?.backfire?.halted).toBe(false);

    store.reset(session);
    const reset = await ask(HEIGHT, cookie);
    expect(reset.message.metadata?.backfire?.halted).toBe(false);
  });

  it('forwards req.signal: a client that stops mid-answer aborts the model call', async () => {
    const controller = new AbortController();
    const res = await handleChat(
      chatRequest('Tell me the story of Apollo 11.', { signal: controller.signal }),
      { store, model: fastModel({ firstTokenMs: 0, tokenMs: 5 }) },
    );
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while (!seen.includes('text-delta')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
    controller.abort();
    await reader.cancel().catch(() => undefined);
    await expect.poll(() => scriptedModelStats().recent[0]?.outcome).toBe('stopped');
    const [call] = scriptedModelStats().recent;
    expect(call?.tokensEmitted).toBeGreaterThan(0);
    expect(call?.tokensEmitted).toBeLessThan(call?.tokensTotal ?? 0);
    // Stopping is not a halt.
    expect(scriptedModelStats().halted).toBe(0);
  });

  it('without the guard (test-only baseline) the contradicting answer streams to the end', async () => {
    const res = await handleChat(chatRequest(CONTRADICTING), {
      store,
      model: fastModel(),
      guard: false,
    });
    const chunks = await chunksOf(res);
    const message = await messageOf(chunks);
    expect(finishReasonOf(chunks)).toBe('stop');
    expect(textOf(message)).toBe(answerFor(CONTRADICTING));
    expect(message.metadata?.guarded).toBe(false);
    expect(message.metadata?.backfire).toBeUndefined();
  });

  it('sends a halted answer back to the model only up to the halt', async () => {
    const first = await ask(CONTRADICTING);
    const halted = first.message;
    expect(textOf(halted)).toContain('450 metres');

    const { prompts, model: recording } = await recordingModel();
    const res = await handleChat(
      new Request('http://localhost/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          messages: [
            { id: 'u1', role: 'user', parts: [{ type: 'text', text: CONTRADICTING }] },
            halted,
            { id: 'u2', role: 'user', parts: [{ type: 'text', text: FAITHFUL }] },
          ],
        }),
      }),
      { store, model: recording },
    );
    expect(res.status).toBe(200);
    await chunksOf(res);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('It was completed in 1889.');
    expect(prompts[0]).not.toContain('450 metres');
  });

  it('sets a session cookie on the first request and keeps it afterwards', async () => {
    const first = await ask(FAITHFUL);
    const cookie = cookieOf(first.res);
    expect(first.res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/^backfire-session=[A-Za-z0-9-]{16,64}$/);
    const again = await ask(FAITHFUL, cookie);
    expect(again.res.headers.get('set-cookie')).toBeNull();
  });

  it.each([
    ['not JSON', 'hello', /JSON/],
    ['no messages', '{}', /non-empty array/],
    ['empty messages', '{"messages":[]}', /non-empty array/],
    ['a malformed message', '{"messages":[{"role":"user"}]}', /invalid messages/],
    [
      'too many messages',
      JSON.stringify({
        messages: Array.from({ length: 101 }, (_, i) => ({
          id: `m${i}`,
          role: 'user',
          parts: [{ type: 'text', text: 'hi' }],
        })),
      }),
      /at most 100/,
    ],
  ])('rejects %s with a 400 that says why, without calling the model', async (_, body, message) => {
    const res = await handleChat(
      new Request('http://localhost/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
      { store, model: fastModel() },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
    expect(scriptedModelStats().calls).toBe(0);
  });
});
