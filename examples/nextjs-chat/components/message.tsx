'use client';

import { useId, useState } from 'react';
import { BADGE_TITLE, badgeLabel } from '../lib/backend-label';
import type { ChatMessage, SegmentPoint } from '../lib/chat-types';
import { HaltBanner } from './halt-banner';
import { CoherenceChart, Sparkline } from './sparkline';

export interface MessageProps {
  readonly message: ChatMessage;
  /** True while this message is the one streaming. */
  readonly streaming: boolean;
  /** Offered on the last answer only. */
  readonly onRetry?: () => void;
  readonly onEditFact: (factId: string) => void;
}

const DEFAULT_HARD_LIMIT = 0.5;

function textOf(message: ChatMessage): string {
  return message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** The final scores when the answer has ended, the live ones while it streams. */
function segmentsOf(message: ChatMessage): SegmentPoint[] {
  const final = message.metadata?.segments;
  if (final !== undefined) return final;
  for (const part of message.parts) {
    if (part.type === 'data-scores') {
      return part.data.scores.map((score) => ({ score, status: 'passed' as const }));
    }
  }
  return [];
}

export function Message({ message, streaming, onRetry, onEditFact }: MessageProps) {
  const [chartOpen, setChartOpen] = useState(false);
  const chartId = useId();
  const text = textOf(message);
  if (message.role === 'user') {
    return (
      <li className="msg msg-user">
        <h3 className="visually-hidden">You asked</h3>
        <p className="msg-text">{text}</p>
      </li>
    );
  }

  const meta = message.metadata;
  const backfire = meta?.backfire;
  const halted = backfire?.halted === true;
  // In optimistic mode the start of the offending sentence may already be on screen: everything
  // from charOffset on was never verified, so it is shown struck out, not silently kept.
  const cut = halted && typeof backfire.charOffset === 'number' ? backfire.charOffset : text.length;
  const verified = text.slice(0, cut);
  const withdrawn = text.slice(cut);
  const segments = segmentsOf(message);
  const hardLimit = meta?.hardLimit ?? DEFAULT_HARD_LIMIT;

  return (
    <li className={halted ? 'msg msg-assistant halted' : 'msg msg-assistant'} aria-busy={streaming}>
      <div className="msg-head">
        <h3 className="msg-who">Assistant</h3>
        <span className="badge" title={BADGE_TITLE}>
          {badgeLabel(meta)}
        </span>
        <Sparkline
          segments={segments}
          hardLimit={hardLimit}
          pending={streaming}
          open={chartOpen}
          onToggle={() => setChartOpen((o) => !o)}
          chartId={chartId}
        />
      </div>
      <p className="msg-text">
        {verified}
        {withdrawn !== '' && (
          <del className="withdrawn" title="Not verified: this sentence was stopped">
            {withdrawn}
          </del>
        )}
        {streaming && <span className="cursor" aria-hidden="true" />}
        {!streaming && text === '' && !halted && <span className="muted">(no answer)</span>}
      </p>
      {halted && (
        <HaltBanner
          halt={backfire}
          contradiction={meta?.contradiction}
          onRetry={onRetry}
          onEditFact={onEditFact}
        />
      )}
      {chartOpen && <CoherenceChart id={chartId} segments={segments} hardLimit={hardLimit} />}
    </li>
  );
}
