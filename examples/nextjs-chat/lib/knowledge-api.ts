import { backend, backends } from '@backfire/core';
import type { KnowledgeResponse } from './chat-types';
import { FactInputError, type KnowledgeStore, knowledgeStore } from './knowledge-store';
import { chatModel } from './model';
import { type Session, sessionHeaders, sessionOf } from './session';

/**
 * The side panel's API: list, add or edit, remove and reset the facts of the caller's session.
 * Every answer returns the full list, so the page never has to guess what the server holds.
 */

async function reply(
  session: Session,
  facts: KnowledgeResponse['facts'],
  status = 200,
): Promise<Response> {
  const { name } = await chatModel();
  const body: KnowledgeResponse = {
    facts,
    backend,
    backends: { scoring: backends.scoring, kernel: backends.kernel },
    model: name,
  };
  return Response.json(body, { status, headers: sessionHeaders(session) });
}

async function mutate(
  req: Request,
  change: (session: Session, body: Record<string, unknown>) => KnowledgeResponse['facts'],
): Promise<Response> {
  const session = sessionOf(req);
  let body: Record<string, unknown> = {};
  if (req.headers.get('content-type')?.includes('application/json')) {
    try {
      const parsed: unknown = await req.json();
      if (parsed !== null && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      return Response.json({ error: 'the body must be JSON' }, { status: 400 });
    }
  }
  try {
    return await reply(session, change(session, body));
  } catch (error) {
    if (error instanceof FactInputError) {
      return Response.json(
        { error: error.message, field: error.field },
        { status: 400, headers: sessionHeaders(session) },
      );
    }
    throw error;
  }
}

export function knowledgeApi(store: KnowledgeStore = knowledgeStore()) {
  return {
    /** GET: the session's facts, where answers are scored and which model answers. */
    list: (req: Request) => {
      const session = sessionOf(req);
      return reply(session, store.list(session.id));
    },
    /** PUT `{ id, text }`: add a fact or replace its text. */
    upsert: (req: Request) =>
      mutate(req, (s, body) => store.upsert(s.id, body['id'], body['text'])),
    /** DELETE `?id=`: remove a fact. */
    remove: (req: Request) =>
      mutate(req, (s) => store.remove(s.id, new URL(req.url).searchParams.get('id'))),
    /** POST: back to the default facts. */
    reset: (req: Request) => mutate(req, (s) => store.reset(s.id)),
  };
}
