'use client';

import { type FormEvent, useState } from 'react';
import type { KnowledgeResponse } from '../lib/chat-types';

type Fact = KnowledgeResponse['facts'][number];

export interface KnowledgePanelProps {
  readonly facts: readonly Fact[] | null;
  /** The fact the latest halted answer contradicted, highlighted in the list. */
  readonly contradicted: string | null;
  readonly error: string | null;
  readonly onSave: (id: string, text: string) => Promise<boolean>;
  readonly onRemove: (id: string) => Promise<boolean>;
  readonly onReset: () => Promise<boolean>;
}

/** The id of a fact's text box, so a halt banner can send the focus there. */
export function factInputId(id: string): string {
  return `fact-${id}`;
}

/**
 * The facts answers are checked against, editable in place. The server keeps them per browser
 * session; saving a fact changes how the next answer is scored.
 */
export function KnowledgePanel(props: KnowledgePanelProps) {
  const { facts, contradicted, error, onSave, onRemove, onReset } = props;
  const [newId, setNewId] = useState('');
  const [newText, setNewText] = useState('');
  const [status, setStatus] = useState('');

  async function add(event: FormEvent) {
    event.preventDefault();
    if (await onSave(newId, newText)) {
      setStatus(`Added “${newId.trim().toLowerCase()}”.`);
      setNewId('');
      setNewText('');
    }
  }

  return (
    <aside className="kb" aria-labelledby="kb-title">
      <h2 id="kb-title">Knowledge base</h2>
      <p className="muted">
        Every sentence of an answer is checked against these facts while it streams. Change a fact,
        ask again, and watch the answer stop.
      </p>
      {error !== null && (
        <p className="kb-error" role="alert">
          {error}
        </p>
      )}
      {facts === null ? (
        <p className="muted">Loading facts…</p>
      ) : (
        <ul className="kb-list">
          {facts.map((fact) => (
            <FactRow
              // A new text from the server resets the draft.
              key={`${fact.id}\u0000${fact.text}`}
              fact={fact}
              contradicted={fact.id === contradicted}
              onSave={async (text) => {
                const ok = await onSave(fact.id, text);
                if (ok) setStatus(`Saved “${fact.id}”.`);
                return ok;
              }}
              onRemove={async () => {
                if (await onRemove(fact.id)) setStatus(`Deleted “${fact.id}”.`);
              }}
            />
          ))}
        </ul>
      )}
      <form className="kb-add" onSubmit={add}>
        <h3>Add a fact</h3>
        <label htmlFor="new-fact-id">Id</label>
        <input
          id="new-fact-id"
          value={newId}
          onChange={(e) => setNewId(e.target.value)}
          placeholder="e.g. louvre-opened"
          pattern="[a-zA-Z0-9][a-zA-Z0-9\-]*"
          maxLength={64}
          required
        />
        <label htmlFor="new-fact-text">Fact</label>
        <textarea
          id="new-fact-text"
          rows={2}
          value={newText}
          onChange={(e) => setNewText(e.target.value)}
          placeholder="The Louvre opened as a museum in 1793."
          maxLength={400}
          required
        />
        <button type="submit">Add fact</button>
      </form>
      <div className="kb-footer">
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            if (await onReset()) setStatus('Facts reset to the defaults.');
          }}
        >
          Reset to defaults
        </button>
        <p className="kb-status" role="status">
          {status}
        </p>
      </div>
    </aside>
  );
}

function FactRow({
  fact,
  contradicted,
  onSave,
  onRemove,
}: {
  fact: Fact;
  contradicted: boolean;
  onSave: (text: string) => Promise<boolean>;
  onRemove: () => Promise<void>;
}) {
  const [draft, setDraft] = useState(fact.text);
  const [busy, setBusy] = useState(false);
  const dirty = draft.trim() !== fact.text;
  const inputId = factInputId(fact.id);

  return (
    <li className={contradicted ? 'kb-fact contradicted' : 'kb-fact'}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          await onSave(draft);
          setBusy(false);
        }}
      >
        <label htmlFor={inputId}>
          {fact.id}
          {contradicted && <span className="kb-flag"> — contradicted by the last answer</span>}
        </label>
        <textarea
          id={inputId}
          rows={2}
          value={draft}
          maxLength={400}
          onChange={(e) => setDraft(e.target.value)}
        />
        <div className="kb-actions">
          <button type="submit" disabled={!dirty || busy}>
            Save
          </button>
          <button
            type="button"
            className="secondary"
            aria-label={`Delete fact ${fact.id}`}
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await onRemove();
              setBusy(false);
            }}
          >
            Delete
          </button>
        </div>
      </form>
    </li>
  );
}
