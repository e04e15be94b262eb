import type { GuardHalt, HaltKind } from '@backfire/core';

/** The finish reason a halted answer carries, as OpenAI and LangChain spell it. */
export const CONTENT_FILTER = 'content_filter';

/**
 * The halt as a halted message reports it in `response_metadata.backfire`: the guard's halt record
 * (the same fields the AI SDK adapter reports in `providerMetadata.backfire`), JSON-safe. The
 * offending sentence's text is left out on purpose: message metadata travels to clients, traces
 * and checkpoints, and in `verified` mode that sentence must never be shown. `onHalt` and
 * `BackfireCallbackHandler.halt` carry the full record, text included, on the server.
 */
export interface BackfireHaltMetadata {
  readonly halted: true;
  readonly kind: HaltKind;
  /** e.g. `hard_limit (0.3000 < 0.5)`. */
  readonly reason: string;
  /** Word index of the offending sentence's first word. */
  readonly tokenIndex: number;
  /** Character offset of the offending sentence in the answer. */
  readonly charOffset: number;
  readonly score: number;
  /** The scorer's evidence (knowledge chunks, the contradiction), made JSON-safe. */
  readonly evidence: unknown;
  readonly suggestedAction: string;
  readonly tokensGenerated: number;
  readonly tokensReleased: number;
  readonly tokensWithheld: number;
  /** True when a soft halt finished its sentence first. */
  readonly soft: boolean;
}

/** What a halted message carries in `response_metadata`. */
export interface BackfireResponseMetadata {
  readonly finish_reason: typeof CONTENT_FILTER;
  readonly backfire: BackfireHaltMetadata;
}

export function haltMetadata(halt: GuardHalt): BackfireResponseMetadata {
  return {
    finish_reason: CONTENT_FILTER,
    backfire: {
      halted: true,
      kind: halt.kind,
      reason: halt.reason,
      tokenIndex: halt.tokenIndex,
      charOffset: halt.charOffset,
      score: halt.score,
      evidence: jsonSafe(halt.evidence, halt.segment),
      suggestedAction: halt.suggestedAction,
      tokensGenerated: halt.tokensGenerated,
      tokensReleased: halt.tokensReleased,
      tokensWithheld: halt.tokensWithheld,
      soft: halt.soft,
    },
  };
}

/** What replaces a copy of the offending sentence inside the evidence. */
export const WITHHELD = '[withheld]';

/**
 * Scorer evidence is `unknown` and may hold bigints, errors, cycles or class instances; one bad
 * value must not break serialising the message (checkpoints, traces), so this never throws. The
 * default scorer's evidence also quotes the offending sentence (`sentence`,
 * `contradiction.hypothesisSentence`): such copies are replaced by `[withheld]`, for the reason
 * the record omits `segment`.
 */
function jsonSafe(value: unknown, segment: string): unknown {
  const seen = new WeakSet<object>();
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'string') return quotes(segment, v) ? WITHHELD : v;
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return { name: v.name, message: v.message };
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return v;
    });
    return text === undefined ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

// A string of at least two words that the offending segment contains: a quote of withheld text.
function quotes(segment: string, text: string): boolean {
  const t = text.trim();
  return /\S\s+\S/u.test(t) && segment.includes(t);
}
