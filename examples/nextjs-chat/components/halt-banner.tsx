'use client';

import type { BackfireUIMetadata, BackfireUIReceipt } from '@backfire/vercel-ai/ui';
import { useId } from 'react';
import type { Contradiction, Correction } from '../lib/chat-types';

export interface HaltBannerProps {
  readonly halt: BackfireUIMetadata;
  readonly contradiction: Contradiction | undefined;
  readonly onRetry: (() => void) | undefined;
  readonly onEditFact: (factId: string) => void;
}

const TITLES: Record<string, string> = {
  hard_limit: 'it contradicted the knowledge base',
  window_avg: 'it drifted away from the knowledge base',
  downward_trend: 'its coherence kept falling',
  kernel_inactive: 'the guard was switched off',
  callback_error: 'the scorer failed',
  timeout: 'the scorer took too long',
  unsupported: 'your documents do not support it',
};

/** Why an answer stopped: the reason, the fact it contradicted and what to do next. */
export function HaltBanner({ halt, contradiction, onRetry, onEditFact }: HaltBannerProps) {
  const titleId = useId();
  const factId = contradiction?.factId ?? null;
  const tries = halt.repairs?.length ?? 0;
  return (
    <section className="halt" aria-labelledby={titleId}>
      <h4 id={titleId} className="halt-title">
        <span aria-hidden="true">■ </span>Answer stopped by Backfire:{' '}
        {TITLES[halt.kind ?? ''] ?? 'it failed the coherence check'}
      </h4>
      <dl className="halt-facts">
        <dt>Reason</dt>
        <dd>
          <code>{halt.reason}</code>
        </dd>
        {contradiction !== undefined && (
          <>
            <dt>Evidence</dt>
            <dd>
              {factId !== null && <span className="fact-id">{factId}: </span>}“{contradiction.fact}”
              {contradiction.cue !== null && (
                <span className="muted">
                  {' '}
                  ({contradiction.cue}
                  {contradiction.detail ? `: ${contradiction.detail}` : ''})
                </span>
              )}
            </dd>
          </>
        )}
        <dt>Suggested action</dt>
        <dd>{halt.suggestedAction}</dd>
      </dl>
      <p className="halt-stats muted">
        {halt.wordsGenerated} words generated, {halt.wordsReleased} shown, {halt.wordsWithheld ?? 0}{' '}
        withheld
        {halt.receipt === undefined ? '; the model call was cancelled.' : '.'}
        {tries > 0 &&
          ` The model was asked to correct it ${tries === 1 ? 'once' : `${tries} times`} and still contradicted the knowledge base.`}
      </p>
      {halt.receipt !== undefined && (
        <p className="halt-receipt muted" data-testid="halt-receipt">
          Receipt: {receiptLine(halt.receipt)}
        </p>
      )}
      <div className="halt-actions">
        {onRetry && (
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        )}
        {factId !== null && (
          <button type="button" onClick={() => onEditFact(factId)}>
            Edit fact “{factId}”
          </button>
        )}
      </div>
    </section>
  );
}

/**
 * The halt receipt in one line: whether the model call was really stopped (and so stopped being
 * billed), how many stream parts the guard read after its verdict, what the provider reported.
 */
export function receiptLine(receipt: BackfireUIReceipt): string {
  const n = receipt.partsAfterHalt;
  const parts = `${n} ${n === 1 ? 'part' : 'parts'}`;
  const stopped = receipt.upstreamAborted
    ? `model call cancelled after ${parts} beyond the halt`
    : `the model call was not cancelled (it had finished; ${parts} read after the halt)`;
  const tokens = outputTokens(receipt.usage);
  const usage = tokens === undefined ? '' : `; the provider reported ${tokens} output tokens`;
  return `${stopped}${usage}.`;
}

// AI SDK usage: `outputTokens` is a number (ai 6's finish) or `{ total }` (the provider spec).
function outputTokens(usage: unknown): number | undefined {
  if (usage === null || typeof usage !== 'object') return undefined;
  const out = (usage as { outputTokens?: unknown }).outputTokens;
  if (typeof out === 'number') return out;
  const total = (out as { total?: unknown } | null | undefined)?.total;
  return typeof total === 'number' ? total : undefined;
}

export interface CorrectionNoteProps {
  readonly corrections: readonly Correction[];
  readonly onEditFact: (factId: string) => void;
}

/**
 * A repaired answer (the `repair` option): a small note instead of the halt banner — the answer
 * said something the knowledge base contradicts, that sentence was withdrawn and the model went on
 * from the fact.
 */
export function CorrectionNote({ corrections, onEditFact }: CorrectionNoteProps) {
  const titleId = useId();
  return (
    <section className="corrected" aria-labelledby={titleId}>
      <h4 id={titleId} className="corrected-title">
        <span aria-hidden="true">✓ </span>Corrected by Backfire
      </h4>
      {corrections.length === 0 ? (
        <p className="muted">A sentence failed the coherence check and was withdrawn.</p>
      ) : (
        <ul className="corrected-list">
          {corrections.map((c) => (
            <li key={c.attempt}>
              {c.contradiction === null ? (
                <>
                  A sentence was withdrawn: <code>{c.reason}</code>
                </>
              ) : (
                <>
                  A sentence contradicted{' '}
                  <FactLink factId={c.contradiction.factId} onEditFact={onEditFact} />: “
                  {c.contradiction.fact}”
                  {c.contradiction.detail ? (
                    <span className="muted"> ({c.contradiction.detail})</span>
                  ) : null}
                  . It was withdrawn and the answer continued from the fact.
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FactLink({
  factId,
  onEditFact,
}: {
  readonly factId: string | null;
  readonly onEditFact: (factId: string) => void;
}) {
  if (factId === null) return <>the knowledge base</>;
  return (
    <button
      type="button"
      className="link"
      title="Edit this fact"
      onClick={() => onEditFact(factId)}
    >
      {factId}
    </button>
  );
}
