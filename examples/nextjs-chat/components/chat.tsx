'use client';

import { useChat } from '@ai-sdk/react';
import { type FormEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { kernelLabel, scoringLabel } from '../lib/backend-label';
import type { ChatMessage, KnowledgeResponse } from '../lib/chat-types';
import { SUGGESTED } from '../lib/script';
import { factInputId, KnowledgePanel } from './knowledge-panel';
import { Message } from './message';

type Knowledge = Omit<KnowledgeResponse, 'facts'> & { facts: KnowledgeResponse['facts'] };

async function knowledgeRequest(
  method: 'GET' | 'PUT' | 'DELETE' | 'POST',
  path: string,
  body?: unknown,
): Promise<Knowledge> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const json = (await res.json()) as Knowledge | { error: string };
  if (!res.ok || 'error' in json) {
    throw new Error('error' in json ? json.error : `HTTP ${res.status}`);
  }
  return json;
}

export function Chat() {
  const { messages, sendMessage, status, stop, regenerate, error } = useChat<ChatMessage>();
  const [input, setInput] = useState('');
  const [knowledge, setKnowledge] = useState<Knowledge | null>(null);
  const [kbError, setKbError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // Sent with every request: the route then passes `repair: { attempts: 1 }` to the middleware.
  const [repair, setRepair] = useState(true);
  const logRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);
  const busy = status === 'submitted' || status === 'streaming';

  useEffect(() => {
    knowledgeRequest('GET', '/api/knowledge').then(setKnowledge, (e: Error) =>
      setKbError(`Could not load the knowledge base: ${e.message}`),
    );
  }, []);

  const change = useCallback(
    async (method: 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown) => {
      try {
        setKnowledge(await knowledgeRequest(method, path, body));
        setKbError(null);
        return true;
      } catch (e) {
        setKbError((e as Error).message);
        return false;
      }
    },
    [],
  );

  // Follow the answer as it streams, unless the reader scrolled up to read something else.
  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && stickToBottom.current) log.scrollTop = log.scrollHeight;
  });

  const last = messages.at(-1);
  const lastHalt = last?.role === 'assistant' ? last.metadata?.backfire : undefined;
  const contradicted =
    lastHalt?.halted === true ? (last?.metadata?.contradiction?.factId ?? null) : null;

  // One polite announcement per finished answer; the streaming text itself is not read out
  // word by word.
  useEffect(() => {
    if (busy || last?.role !== 'assistant') return;
    const b = last.metadata?.backfire;
    setAnnouncement(
      b?.halted
        ? `Answer stopped by Backfire: ${b.reason}. ${b.suggestedAction ?? ''}`
        : (b?.repairs?.length ?? 0) > 0
          ? 'Answer complete, corrected by Backfire.'
          : 'Answer complete.',
    );
  }, [busy, last]);

  function send(text: string) {
    const question = text.trim();
    if (question === '' || busy) return;
    stickToBottom.current = true;
    setAnnouncement('');
    void sendMessage({ text: question }, { body: { repair } });
    setInput('');
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    send(input);
  }

  function editFact(id: string) {
    const box = document.getElementById(factInputId(id)) as HTMLTextAreaElement | null;
    box?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    box?.focus();
    box?.select();
  }

  return (
    <div className="app">
      <header className="app-header">
        <h1>
          Backfire <span className="muted">chat</span>
        </h1>
        <p className="tagline">
          Answers are scored against the knowledge base while they stream. One that contradicts it
          is stopped mid-sentence and the model call is cancelled.
        </p>
        <dl className="app-status">
          <div>
            <dt>Model</dt>
            <dd>{knowledge?.model ?? '…'}</dd>
          </div>
          <div>
            <dt>Scoring</dt>
            <dd data-testid="backend">{scoringLabel(knowledge?.backend)}</dd>
          </div>
          <div>
            <dt>Kernel</dt>
            <dd data-testid="kernel">{kernelLabel(knowledge?.backends.kernel)}</dd>
          </div>
        </dl>
      </header>

      <main className="chat" aria-labelledby="chat-title">
        <h2 id="chat-title" className="visually-hidden">
          Conversation
        </h2>
        <ol
          ref={logRef}
          className="messages"
          aria-label="Messages"
          onScroll={(e) => {
            const el = e.currentTarget;
            stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
          }}
        >
          {messages.length === 0 && (
            <li className="empty">
              <p>Ask a question, or try one of these:</p>
            </li>
          )}
          {messages.map((m, i) => (
            <Message
              key={m.id}
              message={m}
              streaming={busy && i === messages.length - 1 && m.role === 'assistant'}
              onRetry={
                !busy && i === messages.length - 1 && m.role === 'assistant'
                  ? () => void regenerate({ body: { repair } })
                  : undefined
              }
              onEditFact={editFact}
            />
          ))}
          {status === 'submitted' && (
            <li className="msg msg-assistant pending" aria-hidden="true">
              <span className="cursor" />
            </li>
          )}
        </ol>
        {error && (
          <p className="chat-error" role="alert">
            The answer failed: {error.message}
          </p>
        )}
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>

        <fieldset className="suggestions">
          <legend className="visually-hidden">Suggested questions</legend>
          {SUGGESTED.map((a) => (
            <button
              key={a.question}
              type="button"
              className="chip"
              disabled={busy}
              onClick={() => send(a.question)}
            >
              {a.question}
            </button>
          ))}
        </fieldset>
        <form className="composer" onSubmit={onSubmit}>
          <label htmlFor="question" className="visually-hidden">
            Your question
          </label>
          <input
            id="question"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="Ask about the Eiffel Tower, Apollo 11 or boiling water"
            autoComplete="off"
          />
          {busy ? (
            <button type="button" className="stop" onClick={() => void stop()}>
              Stop
            </button>
          ) : (
            <button type="submit" disabled={input.trim() === ''}>
              Send
            </button>
          )}
        </form>
        <label className="repair-toggle">
          <input
            type="checkbox"
            checked={repair}
            disabled={busy}
            onChange={(e) => setRepair(e.target.checked)}
          />{' '}
          Repair: when an answer contradicts the knowledge base, ask the model to correct it
        </label>
      </main>

      <KnowledgePanel
        facts={knowledge?.facts ?? null}
        contradicted={contradicted}
        error={kbError}
        onSave={(id, text) => change('PUT', '/api/knowledge', { id, text })}
        onRemove={(id) => change('DELETE', `/api/knowledge?id=${encodeURIComponent(id)}`)}
        onReset={() => change('POST', '/api/knowledge/reset')}
      />
    </div>
  );
}
