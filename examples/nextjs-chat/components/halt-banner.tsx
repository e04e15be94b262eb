'use client';

import type { BackfireUIMetadata } from '@backfire/vercel-ai/ui';
import { useId } from 'react';
import type { Contradiction } from '../lib/chat-types';

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
        {halt.tokensGenerated} words generated, {halt.tokensReleased} shown,{' '}
        {halt.tokensWithheld ?? 0} withheld; the model call was cancelled.
      </p>
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
