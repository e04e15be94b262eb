import type { BackfireConfigFields } from '../config/config.js';
import type { HaltKind } from '../kernel/types.js';
import type { Grounding } from '../nli/types.js';
import { type JsonValue, toJsonValue } from './halt-record.js';
import type { GuardHalt, ReleasePolicy, SegmentRecord } from './types.js';

export const TRACE_VERSION = 1;

/** One text delta as the model sent it: `t` is milliseconds since the guard opened. */
export type TraceDelta = { readonly t: number; readonly text: string };

/** A knowledge chunk the scorer retrieved for a segment (from its evidence's `chunks`). */
export type TraceChunk = {
  readonly id: string | null;
  readonly text: string;
  readonly score: number | null;
  readonly source: string | null;
};

/** One segment's verdict, with the knowledge retrieved for it. */
export type TraceSegment = {
  readonly index: number;
  readonly text: string;
  readonly charStart: number;
  readonly charEnd: number;
  readonly status: 'passed' | 'failed' | 'unscored';
  readonly score: number | null;
  readonly durationMs: number;
  readonly chunks: readonly TraceChunk[];
  /** The scorer's evidence, JSON-safe (the offending sentence is not withheld: traces are
   * server-side data, and hold user content anyway). */
  readonly evidence: JsonValue;
};

/** The halt of a recorded call. */
export type TraceHalt = {
  readonly kind: HaltKind;
  readonly reason: string;
  readonly score: number;
  readonly charOffset: number;
  readonly tokenIndex: number;
  readonly segment: string;
  readonly soft: boolean;
};

/**
 * One guarded call, as `record` receives it and `backfire replay` reads it (one JSON line):
 * the prompt, every text delta with its timing, every segment's verdict with the knowledge
 * retrieved for it, the halt, and the config it ran under. It holds user content (the prompt and
 * the answer): store it as you store conversations.
 */
export type BackfireTrace = {
  readonly version: typeof TRACE_VERSION;
  readonly id: string;
  /** ISO time the guard opened. */
  readonly startedAt: string;
  readonly prompt: string;
  readonly tenant?: string;
  readonly config: BackfireConfigFields;
  readonly release: ReleasePolicy;
  /** The default scorer's grounding, when set. */
  readonly grounding?: Grounding;
  /** A repair continuation: the first delta (t = 0) is the kept, already verified text. */
  readonly resumedChars?: number;
  readonly deltas: readonly TraceDelta[];
  readonly segments: readonly TraceSegment[];
  readonly outcome: 'passed' | 'halted' | 'cancelled';
  readonly halt: TraceHalt | null;
  readonly durationMs: number;
};

/** What `record` is: called once per guarded call, when it ends, halts or is cancelled. */
export type TraceRecordFn = (trace: BackfireTrace) => void;

/** Collects one guard's trace. Created only when `record` is set: no cost otherwise. */
export class TraceRecorder {
  readonly #started = performance.now();
  readonly #startedAt = new Date().toISOString();
  readonly #deltas: TraceDelta[] = [];
  #done = false;

  constructor(resumed?: string) {
    if (resumed !== undefined && resumed !== '') this.#deltas.push({ t: 0, text: resumed });
  }

  /** True while no text has arrived. */
  get empty(): boolean {
    return this.#deltas.length === 0;
  }

  delta(text: string): void {
    this.#deltas.push({ t: Math.round((performance.now() - this.#started) * 10) / 10, text });
  }

  /** The trace, once: null when it was already taken. */
  take(facts: {
    prompt: string;
    tenant: string | undefined;
    config: BackfireConfigFields;
    release: ReleasePolicy;
    resumedChars: number;
    segments: readonly SegmentRecord[];
    halt: GuardHalt | null;
    cancelled: boolean;
  }): BackfireTrace | null {
    if (this.#done) return null;
    this.#done = true;
    const { halt } = facts;
    return {
      version: TRACE_VERSION,
      id: traceId(),
      startedAt: this.#startedAt,
      prompt: facts.prompt,
      ...(facts.tenant !== undefined ? { tenant: facts.tenant } : {}),
      config: facts.config,
      release: facts.release,
      ...(facts.resumedChars > 0 ? { resumedChars: facts.resumedChars } : {}),
      deltas: this.#deltas,
      segments: facts.segments.map(traceSegment),
      outcome: halt !== null ? 'halted' : facts.cancelled ? 'cancelled' : 'passed',
      halt:
        halt === null
          ? null
          : {
              kind: halt.kind,
              reason: halt.reason,
              score: Number.isFinite(halt.score) ? halt.score : 0,
              charOffset: halt.charOffset,
              tokenIndex: halt.tokenIndex,
              segment: halt.segment,
              soft: halt.soft,
            },
      durationMs: Math.round((performance.now() - this.#started) * 10) / 10,
    };
  }
}

function traceSegment(s: SegmentRecord): TraceSegment {
  return {
    index: s.index,
    text: s.text,
    charStart: s.charStart,
    charEnd: s.charEnd,
    status: s.status,
    score: s.score,
    durationMs: Math.round(s.durationMs * 10) / 10,
    chunks: evidenceChunks(s.evidence),
    evidence: toJsonValue(s.evidence),
  };
}

/** The chunks a scorer's evidence names (`{ chunks: [{ id, text, score, source }] }`). */
export function evidenceChunks(evidence: unknown): TraceChunk[] {
  const chunks = (evidence as { chunks?: unknown } | null | undefined)?.chunks;
  if (!Array.isArray(chunks)) return [];
  const out: TraceChunk[] = [];
  for (const c of chunks) {
    if (c === null || typeof c !== 'object') continue;
    const { id, text, score, source } = c as Record<string, unknown>;
    if (typeof text !== 'string') continue;
    out.push({
      id: typeof id === 'string' ? id : null,
      text,
      score: typeof score === 'number' && Number.isFinite(score) ? score : null,
      source: typeof source === 'string' ? source : null,
    });
  }
  return out;
}

let counter = 0;

function traceId(): string {
  const uuid = (globalThis.crypto as { randomUUID?: () => string } | undefined)?.randomUUID;
  if (typeof uuid === 'function') return uuid.call(globalThis.crypto);
  counter = (counter + 1) % 1e6;
  return `${Date.now().toString(36)}-${counter.toString(36)}`;
}
