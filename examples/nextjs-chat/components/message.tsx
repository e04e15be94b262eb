'use client';

import { backfireTextSpans, readBackfireMessageMetadata } from '@backfire/vercel-ai/ui';
import { useId, useState } from 'react';
import { BADGE_TITLE, badgeLabel } from '../lib/backend-label';
import type { ChatMessage, SegmentPoint } from '../lib/chat-types';
import { CorrectionNote, HaltBanner } from './halt-banner';
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

interface Span {
  /** Where the span starts in the answer's text (its key). */
  readonly start: number;
  readonly text: string;
  /** Struck out: `repair` text a repair withdrew; `halt` text from the halt on (never verified). */
  readonly struck: 'repair' | 'halt' | null;
}

/**
 * The answer's text in spans. In optimistic mode the reader may already have seen the offending
 * sentence: a repair's withdrawn ranges (`backfireTextSpans`) and everything from a final halt's
 * charOffset on are struck out, not silently kept or dropped.
 */
function spansOf(message: ChatMessage, cut: number): Span[] {
  const spans: Span[] = [];
  let at = 0;
  for (const part of message.parts) {
    if (part.type !== 'text') continue;
    for (const s of backfireTextSpans(part)) {
      const end = at + s.text.length;
      const split = Math.min(Math.max(cut - at, 0), s.text.length);
      const struck = s.withdrawn ? 'repair' : null;
      if (split > 0) spans.push({ start: at, text: s.text.slice(0, split), struck });
      if (split < s.text.length) {
        spans.push({ start: at + split, text: s.text.slice(split), struck: struck ?? 'halt' });
      }
      at = end;
    }
  }
  return spans;
}

const STRUCK_TITLE = {
  repair: 'Withdrawn: this sentence contradicted the knowledge base and was corrected',
  halt: 'Not verified: this sentence was stopped',
} as const;

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
  // Adds `withdrawn` (the ranges a repair took back) to the metadata the server sent.
  const backfire = readBackfireMessageMetadata(message);
  const halted = backfire?.halted === true;
  const cut = halted && typeof backfire.charOffset === 'number' ? backfire.charOffset : text.length;
  const spans = spansOf(message, cut);
  const repaired = (backfire?.repairs?.length ?? 0) > 0;
  // While the answer streams the repair shows first as withdrawn text (optimistic mode).
  const correcting = streaming && spans.some((s) => s.struck === 'repair');
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
        {spans.map((s) =>
          s.struck === null ? (
            s.text
          ) : (
            <del
              key={s.start}
              className={`withdrawn withdrawn-${s.struck}`}
              title={STRUCK_TITLE[s.struck]}
            >
              {s.text}
            </del>
          ),
        )}
        {streaming && <span className="cursor" aria-hidden="true" />}
        {!streaming && text === '' && !halted && <span className="muted">(no answer)</span>}
      </p>
      {correcting && (
        <p className="correcting muted">
          Correcting: a sentence contradicted the knowledge base, the model is continuing from the
          fact…
        </p>
      )}
      {halted && (
        <HaltBanner
          halt={backfire}
          contradiction={meta?.contradiction}
          onRetry={onRetry}
          onEditFact={onEditFact}
        />
      )}
      {!halted && repaired && !streaming && (
        <CorrectionNote corrections={meta?.corrections ?? []} onEditFact={onEditFact} />
      )}
      {chartOpen && <CoherenceChart id={chartId} segments={segments} hardLimit={hardLimit} />}
    </li>
  );
}
