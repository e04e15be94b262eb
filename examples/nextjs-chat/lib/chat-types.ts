/**
 * The chat's message type, shared by the route and the page. Type-only imports: nothing here
 * pulls @backfire/core (or the native addon) into the browser bundle.
 */
import type { BackfireMessageMetadata } from '@backfire/vercel-ai/ui';
import type { UIMessage } from 'ai';

/** One scored sentence of an answer, for the sparkline. */
export type SegmentPoint = {
  readonly score: number | null;
  readonly status: 'passed' | 'failed' | 'unscored';
};

/**
 * The knowledge-base fact a halted answer contradicted. Only the fact and the cue are sent — not
 * the offending sentence, which in `verified` mode must never reach the browser.
 */
export type Contradiction = {
  /** The fact's id in the side panel (null when the evidence came from elsewhere). */
  readonly factId: string | null;
  readonly fact: string;
  /** The heuristic's cue: `number`, `date`, `negation`, `antonym`, `entity`… */
  readonly cue: string | null;
  /** What differs, e.g. `450 vs 330`. */
  readonly detail: string | null;
};

/** One repair of an answer (the `repair` option): why it was stopped and the fact it now follows. */
export type Correction = {
  readonly attempt: number;
  /** The halt's kind (`hard_limit`, …) and reason, e.g. `hard_limit (0.4560 < 0.5)`. */
  readonly kind: string;
  readonly reason: string;
  readonly contradiction: Contradiction | null;
};

export type ChatMetadata = BackfireMessageMetadata & {
  /** Where the answer's sentences were scored: the Rust addon or the TypeScript fallback. */
  backend?: 'native' | 'js';
  /** `scripted` or `openai:<model>`. */
  model?: string;
  /** False only on the test-only unguarded route. */
  guarded?: boolean;
  /** Scores below this halt (the sparkline draws it). */
  hardLimit?: number;
  /** Every scored sentence, in order (set when the answer ends). */
  segments?: SegmentPoint[];
  contradiction?: Contradiction;
  /** Set when the answer was repaired: one entry per repair, in order. */
  corrections?: Correction[];
};

/** `data-scores` parts: the sentence scores so far, updated in place while the answer streams. */
export type ChatDataParts = { scores: { scores: number[] } };

export type ChatMessage = UIMessage<ChatMetadata, ChatDataParts>;

/** What GET /api/knowledge and its siblings return. */
export type KnowledgeResponse = {
  facts: { id: string; text: string }[];
  /** Where sentences are scored (core's `backend`). */
  backend: 'native' | 'js';
  /** Core's `backends`: scoring as above; the per-token kernel is always TypeScript. */
  backends: { scoring: 'native' | 'js'; kernel: 'js' };
  model: string;
};
