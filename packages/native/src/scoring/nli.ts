import { type RawHeuristicNli, scoring } from './binding.js';
import { cueFrom } from './scorer.js';
import type { NliExplanation } from './types.js';
import { checkString, inputError } from './validate.js';

/**
 * The built-in heuristic NLI in Rust: the same divergences (bit for bit) and cues as
 * @backfire/core's `HeuristicNli` (docs/scoring.md §3).
 */
export class RustHeuristicNli {
  readonly name = 'heuristic';
  readonly specifics: boolean;
  readonly #raw: RawHeuristicNli;

  constructor(options: { readonly specifics?: boolean } = {}) {
    const value = options?.specifics ?? true;
    if (typeof value !== 'boolean') throw inputError('specifics', value, 'must be a boolean');
    this.specifics = value;
    this.#raw = new scoring.RustHeuristicNli(value);
  }

  divergence(premise: string, hypothesis: string): number {
    return this.#raw.divergence(String(premise), String(hypothesis));
  }

  /** The divergence and the cue behind it; `context` only helps find what the hypothesis is about. */
  explain(
    premise: string,
    hypothesis: string,
    context = '',
    options: { readonly specifics?: boolean } = {},
  ): NliExplanation {
    const raw = this.#raw.explain(
      String(premise),
      String(hypothesis),
      String(context),
      options?.specifics,
    );
    return {
      divergence: raw[0] as number,
      contradiction: raw[1] as number,
      unsupported: raw[2] as number,
      cue: cueFrom(raw, 3)[0],
    };
  }
}

/** The tokenizer's view of a text (docs/scoring.md §1): tokens, content terms and sentences. */
export function analyzeText(text: string): {
  tokens: string[];
  terms: string[];
  sentences: string[];
} {
  checkString('text', text, true);
  const [tokens, terms, sentences] = scoring.analyzeText(text);
  return { tokens, terms, sentences };
}
