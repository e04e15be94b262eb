import { describe, expect, it } from 'vitest';
import { createGuard } from '../guard/guard.js';
import type { NliBackend, NliCallOptions } from '../nli/types.js';
import { CoherenceScorer } from './scorer.js';

/** An async backend that never answers on its own and records the signals it was given. */
function hangingNli(): NliBackend & { signals: (AbortSignal | undefined)[] } {
  const signals: (AbortSignal | undefined)[] = [];
  return {
    name: 'hanging',
    signals,
    divergence(_p: string, _h: string, options?: NliCallOptions) {
      signals.push(options?.signal);
      return new Promise<number>((_resolve, reject) => {
        options?.signal?.addEventListener('abort', () => reject(new Error('aborted')), {
          once: true,
        });
      });
    },
  };
}

describe('NLI calls carry the review signal', () => {
  it('a reviewAsync deadline aborts the backend call', async () => {
    const nli = hangingNli();
    const scorer = new CoherenceScorer({ nli });
    const score = await scorer.reviewAsync('Is the sky blue?', 'The sky is blue.', {
      timeoutMs: 20,
    });
    expect(score.failure).toBe('timeout');
    expect(nli.signals.length).toBeGreaterThan(0);
    expect(nli.signals.every((s) => s?.aborted === true)).toBe(true);
  });

  it('a guard halt (here: its deadline) aborts the backend calls still running', async () => {
    const nli = hangingNli();
    const guard = createGuard({
      scorer: new CoherenceScorer({ nli }),
      prompt: 'Tell me about the sky.',
      scoreTimeoutMs: 20,
    });
    await guard.write('The sky is blue. It is clear. ');
    const result = await guard.end();
    expect(result.halt?.kind).toBe('timeout');
    expect(nli.signals.length).toBeGreaterThan(0);
    expect(nli.signals.every((s) => s?.aborted === true)).toBe(true);
  });

  it('sync backends are called without options, as before', () => {
    const calls: number[] = [];
    const nli: NliBackend = {
      name: 'sync',
      divergence: (...args: unknown[]) => {
        calls.push(args.length);
        return 0.2;
      },
    };
    new CoherenceScorer({ nli }).review('Is the sky blue?', 'The sky is blue.');
    expect(calls.every((n) => n === 2)).toBe(true);
  });
});
