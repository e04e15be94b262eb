import { FLAG_HALTED, FLAG_WARNING, type HaltKind, type RawSession, Stat } from './binding.js';

/** One token as the kernel saw it (same fields as @backfire/core's `TokenEvent`). */
export interface TokenEvent {
  readonly token: string;
  readonly index: number;
  readonly coherence: number;
  readonly timestampMs: number;
  readonly halted: boolean;
  readonly warning: boolean;
}

/**
 * The record of one stream, with the fields of @backfire/core's `StreamSession`. The addon returns
 * scores, timestamps and flags as typed arrays; `events` and `coherenceHistory` are built from them
 * on first access, so a caller that only reads `halted` pays for none of it.
 */
export class NativeStreamSession {
  readonly halted: boolean;
  readonly softHalted: boolean;
  /** Index of the token that triggered the halt, −1 when nothing halted. */
  readonly haltIndex: number;
  /** Human-readable reason, '' when nothing halted. */
  readonly haltReason: string;
  /** Machine-readable reason, null when nothing halted. */
  readonly haltKind: HaltKind | null;
  readonly warningCount: number;
  readonly tokenCount: number;
  /** True when tokens, events and history were kept. */
  readonly traced: boolean;
  readonly avgCoherence: number;
  readonly minCoherence: number;
  readonly durationMs: number;
  readonly #trace: Float64Array;
  readonly #outputLen: number;
  readonly #interrupt: string | undefined;
  readonly #allTokens: readonly string[];
  #tokens: string[] | undefined;
  #events: TokenEvent[] | undefined;
  #history: number[] | undefined;

  /** @internal `tokens` holds at least the recorded tokens, in order. */
  constructor(raw: RawSession, tokens: readonly string[]) {
    const [stats, haltReason, haltKind, trace, interrupt] = raw;
    this.#trace = trace;
    this.#interrupt = interrupt;
    this.#outputLen = stats[Stat.outputLen]!;
    this.#allTokens = tokens;
    this.halted = stats[Stat.halted] === 1;
    this.softHalted = stats[Stat.softHalted] === 1;
    this.haltIndex = stats[Stat.haltIndex]!;
    this.haltReason = haltReason;
    this.haltKind = haltKind ?? null;
    this.warningCount = stats[Stat.warningCount]!;
    this.tokenCount = stats[Stat.tokenCount]!;
    this.traced = stats[Stat.traced] === 1;
    this.avgCoherence = stats[Stat.avgCoherence]!;
    this.minCoherence = stats[Stat.minCoherence]!;
    this.durationMs = stats[Stat.durationMs]!;
  }

  /** Every recorded token (empty when not traced). */
  get tokens(): string[] {
    this.#tokens ??= this.traced ? this.#allTokens.slice(0, this.tokenCount) : [];
    return this.#tokens;
  }

  /** One score per recorded token, including the halting one (empty when not traced). */
  get coherenceHistory(): number[] {
    this.#history ??= Array.from(this.#trace.subarray(0, this.#trace.length / 3));
    return this.#history;
  }

  /** One event per recorded token (empty when not traced). */
  get events(): TokenEvent[] {
    if (this.#events === undefined) {
      const trace = this.#trace;
      const n = trace.length / 3;
      const tokens = this.#allTokens;
      const events: TokenEvent[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const f = trace[2 * n + i]!;
        events[i] = {
          token: tokens[i]!,
          index: i,
          coherence: trace[i]!,
          timestampMs: trace[n + i]!,
          halted: (f & FLAG_HALTED) !== 0,
          warning: (f & FLAG_WARNING) !== 0,
        };
      }
      this.#events = events;
    }
    return this.#events;
  }

  /**
   * The text that may be shown: every token when nothing halted or a soft halt finished its
   * sentence; otherwise the tokens before the halting one ('' when not traced).
   */
  get output(): string {
    if (!this.traced) return '';
    return this.#allTokens.slice(0, this.#outputLen).join('');
  }

  /** @internal `streamOutput`'s interrupt text, when halted. */
  get _interrupt(): string | undefined {
    return this.#interrupt;
  }

  toJSON(): NativeStreamSessionJSON {
    return {
      tokens: this.tokens,
      events: this.events,
      coherenceHistory: this.coherenceHistory,
      halted: this.halted,
      softHalted: this.softHalted,
      haltIndex: this.haltIndex,
      haltReason: this.haltReason,
      haltKind: this.haltKind,
      warningCount: this.warningCount,
      output: this.output,
      tokenCount: this.tokenCount,
      avgCoherence: this.avgCoherence,
      minCoherence: this.minCoherence,
      durationMs: this.durationMs,
    };
  }
}

/** A `NativeStreamSession` as plain data (the shape of core's `StreamSessionJSON`). */
export interface NativeStreamSessionJSON {
  tokens: readonly string[];
  events: readonly TokenEvent[];
  coherenceHistory: readonly number[];
  halted: boolean;
  softHalted: boolean;
  haltIndex: number;
  haltReason: string;
  haltKind: HaltKind | null;
  warningCount: number;
  output: string;
  tokenCount: number;
  avgCoherence: number;
  minCoherence: number;
  durationMs: number;
}
