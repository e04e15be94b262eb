import type { CoherenceScore } from '../scoring/types.js';
import type { NativeScorer } from './binding.js';
import type { Plan, ScoringEngine } from './scoring-engine.js';

/**
 * The Rust engine: the addon's `RustCoherenceScorer` scores a whole review or segment in one
 * call, with the built-in heuristic and its own (Rust) knowledge index. Its plans need no step.
 */
export class RustScoringEngine implements ScoringEngine {
  readonly backend = 'native';
  readonly #scorer: NativeScorer;

  constructor(scorer: NativeScorer) {
    this.#scorer = scorer;
  }

  // biome-ignore lint/correctness/useYield: a plan that needs no step returns at once.
  *review(prompt: string, response: string, tenant: string | undefined): Plan<CoherenceScore> {
    return this.#scorer.review(prompt, response, tenant === undefined ? {} : { tenant });
  }

  // biome-ignore lint/correctness/useYield: a plan that needs no step returns at once.
  *reviewSegment(
    prompt: string,
    segment: string,
    previous: string,
    tenant: string | undefined,
  ): Plan<CoherenceScore> {
    return this.#scorer.reviewSegment(
      prompt,
      segment,
      tenant === undefined ? { previous } : { previous, tenant },
    );
  }
}
