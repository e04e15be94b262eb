import { BackfireConfig } from '../config/config.js';
import { BackfireConfigError } from '../errors/errors.js';
import { StreamingKernel } from './streaming-kernel.js';
import type { ScoreCallback } from './types.js';

/**
 * The reference implementation's interrupt text for a hard-limit halt, kept verbatim for log
 * parsers.
 */
export const COHERENCE_INTERRUPT = '[KERNEL INTERRUPT: COHERENCE LIMIT EXCEEDED]';

/**
 * The reference implementation's hard-limit interlock: every token is scored, a score below
 * `hardLimit` halts (and latches the kernel until `reactivate()`). Window and trend checks are off.
 * Unlike the reference, an inactive kernel refuses the next stream instead of silently running it.
 */
export class SafetyKernel {
  readonly #inner: StreamingKernel;

  constructor(hardLimit: number | { hardLimit?: number } = 0.5) {
    let limit: unknown = hardLimit;
    if (hardLimit !== null && typeof hardLimit === 'object') limit = hardLimit.hardLimit ?? 0.5;
    else if (typeof hardLimit !== 'number') {
      throw new BackfireConfigError('hardLimit', hardLimit, 'must be a finite number in [0, 1]');
    }
    // Window and trend can never fire: windowThreshold 0 with strict `<`, and an unreachable drop.
    const config = new BackfireConfig({
      hardLimit: limit as number,
      softLimit: Math.max(limit as number, 0.7),
      windowThreshold: 0,
      trendWindow: 2,
      trendThreshold: Number.MAX_VALUE,
    });
    this.#inner = new StreamingKernel(config);
  }

  get hardLimit(): number {
    return this.#inner.config.hardLimit;
  }

  get isActive(): boolean {
    return this.#inner.isActive;
  }

  emergencyStop(): void {
    this.#inner.emergencyStop();
  }

  reactivate(): void {
    this.#inner.reactivate();
  }

  /** The joined tokens, or an interrupt string when the stream halted. */
  streamOutput(tokens: Iterable<string>, callback: ScoreCallback): string {
    const session = this.#inner.streamTokens(tokens, callback);
    if (!session.halted) return session.output;
    return session.haltKind === 'hard_limit'
      ? COHERENCE_INTERRUPT
      : `[KERNEL INTERRUPT: ${session.haltReason}]`;
  }
}
