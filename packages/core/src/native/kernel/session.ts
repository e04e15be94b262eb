import type { RustStreamMonitor as AddonMonitor } from '@backfire/native';
import { type StreamSessionJSON, sessionToJSON } from '../../kernel/session.js';
import type { HaltKind, TokenEvent } from '../../kernel/types.js';

/**
 * What the addon returns for a session: `[stats, haltReason, haltKind, trace, interrupt]`.
 * `stats` is indexed by `Stat`; `trace` holds 3·n numbers: the n scores, the n timestamps, the n
 * event flags. (Array elements and typed arrays cross far cheaper than an object with named keys.)
 */
export type RawSession = ReturnType<AddonMonitor['end']>;

/** Indexes into `RawSession`'s stats (crates/backfire-napi/src/session.rs, `stat`). */
const Stat = {
  halted: 0,
  softHalted: 1,
  haltIndex: 2,
  warningCount: 3,
  tokenCount: 4,
  outputLen: 5,
  avgCoherence: 6,
  minCoherence: 7,
  durationMs: 8,
  traced: 9,
} as const;

/** Event flag bits (crates/backfire-napi/src/session.rs). */
export const FLAG_HALTED = 1;
export const FLAG_WARNING = 2;
export const FLAG_RECORDED = 4;

/**
 * The record of one stream in Rust, with the fields of `StreamSession`. The addon returns
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
    return sessionToJSON(this);
  }
}

/** A `NativeStreamSession` as plain data: the same shape as `StreamSessionJSON`. */
export type NativeStreamSessionJSON = StreamSessionJSON;
