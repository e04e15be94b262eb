import { backend } from '@backfire/core';
import { describe, expect, it } from 'vitest';
import type { KnowledgeResponse } from '../lib/chat-types';
import { knowledgeApi } from '../lib/knowledge-api';
import { KnowledgeStore, LIMITS } from '../lib/knowledge-store';
import { DEFAULT_FACTS } from '../lib/script';
import { cookieOf, ORIGIN } from './support';

function request(method: string, path: string, init: { cookie?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.cookie !== undefined) headers['cookie'] = init.cookie;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function json(
  res: Response,
): Promise<KnowledgeResponse & { error?: string; field?: string }> {
  return (await res.json()) as KnowledgeResponse & { error?: string; field?: string };
}

async function session(api: ReturnType<typeof knowledgeApi>) {
  const res = await api.list(request('GET', '/api/knowledge'));
  return { cookie: cookieOf(res), body: await json(res) };
}

describe('/api/knowledge', () => {
  it('lists the default facts with the scoring backend and the model', async () => {
    const { body } = await session(knowledgeApi(new KnowledgeStore()));
    expect(body.facts).toEqual(DEFAULT_FACTS);
    expect(body.backend).toBe(backend);
    expect(body.model).toBe('scripted');
  });

  it('adds, edits and removes facts, and the scorer sees the change', async () => {
    const store = new KnowledgeStore();
    const api = knowledgeApi(store);
    const { cookie } = await session(api);
    const tenant = store.tenant(cookie.split('=')[1]!);

    const added = await json(
      await api.upsert(
        request('PUT', '/api/knowledge', {
          cookie,
          body: { id: 'Louvre-Opened', text: '  The Louvre opened as a museum in 1793. ' },
        }),
      ),
    );
    expect(added.facts.at(-1)).toEqual({
      id: 'louvre-opened',
      text: 'The Louvre opened as a museum in 1793.',
    });
    expect(store.knowledge.retrieve('When did the Louvre open?', { tenant })[0]?.id).toBe(
      'louvre-opened',
    );

    const edited = await json(
      await api.upsert(
        request('PUT', '/api/knowledge', {
          cookie,
          body: { id: 'eiffel-height', text: 'The Eiffel Tower is 300 metres tall.' },
        }),
      ),
    );
    expect(edited.facts.find((f) => f.id === 'eiffel-height')?.text).toBe(
      'The Eiffel Tower is 300 metres tall.',
    );
    expect(
      store.knowledge.retrieve('How tall is the Eiffel Tower?', { tenant })[0]?.text,
    ).toContain('300 metres');

    const removed = await json(
      await api.remove(request('DELETE', '/api/knowledge?id=louvre-opened', { cookie })),
    );
    expect(removed.facts.some((f) => f.id === 'louvre-opened')).toBe(false);
    expect(store.knowledge.retrieve('When did the Louvre open?', { tenant })).toEqual([]);

    const reset = await json(await api.reset(request('POST', '/api/knowledge/reset', { cookie })));
    expect(reset.facts).toEqual(DEFAULT_FACTS);
  });

  it('keeps sessions apart', async () => {
    const api = knowledgeApi(new KnowledgeStore());
    const a = await session(api);
    const b = await session(api);
    expect(a.cookie).not.toBe(b.cookie);
    await api.remove(request('DELETE', '/api/knowledge?id=eiffel-height', { cookie: a.cookie }));
    const listB = await json(
      await api.list(request('GET', '/api/knowledge', { cookie: b.cookie })),
    );
    expect(listB.facts.some((f) => f.id === 'eiffel-height')).toBe(true);
  });

  it.each([
    [{ id: '', text: 'x' }, 'id'],
    [{ id: 'has space', text: 'x' }, 'id'],
    [{ id: 'a'.repeat(LIMITS.idLength + 1), text: 'x' }, 'id'],
    [{ id: 42, text: 'x' }, 'id'],
    [{ id: 'ok', text: '   ' }, 'text'],
    [{ id: 'ok', text: 'x'.repeat(LIMITS.textLength + 1) }, 'text'],
    [{ id: 'ok' }, 'text'],
  ])('rejects %j with a 400 naming the field, and changes nothing', async (body, field) => {
    const api = knowledgeApi(new KnowledgeStore());
    const { cookie, body: before } = await session(api);
    const res = await api.upsert(request('PUT', '/api/knowledge', { cookie, body }));
    expect(res.status).toBe(400);
    expect((await json(res)).field).toBe(field);
    const after = await json(await api.list(request('GET', '/api/knowledge', { cookie })));
    expect(after.facts).toEqual(before.facts);
  });

  it('refuses more facts than the limit but still allows editing', async () => {
    const store = new KnowledgeStore();
    const api = knowledgeApi(store);
    const { cookie } = await session(api);
    const id = cookie.split('=')[1]!;
    for (let i = store.list(id).length; i < LIMITS.factsPerSession; i++) {
      store.upsert(id, `fact-${i}`, `Fact number ${i}.`);
    }
    const over = await api.upsert(
      request('PUT', '/api/knowledge', { cookie, body: { id: 'one-more', text: 'Too many.' } }),
    );
    expect(over.status).toBe(400);
    const edit = await api.upsert(
      request('PUT', '/api/knowledge', { cookie, body: { id: 'fact-50', text: 'Edited.' } }),
    );
    expect(edit.status).toBe(200);
  });
});

describe('KnowledgeStore', () => {
  it('drops the least recently used session beyond the limit and frees its tenant', () => {
    const store = new KnowledgeStore();
    const first = 'first-session-000000';
    const tenant = store.tenant(first);
    expect(store.knowledge.passageCount({ tenant })).toBe(DEFAULT_FACTS.length);
    for (let i = 0; i < LIMITS.sessions; i++) store.list(`session-${String(i).padStart(16, '0')}`);
    expect(store.sessionCount).toBe(LIMITS.sessions);
    expect(store.knowledge.passageCount({ tenant })).toBe(0);
  });
});
