import type { RustHeuristicNli as AddonNli } from '@backfire/native';
import { checkBoolean } from '../../internal/check.js';
import { checkString } from '../../internal/knowledge-checks.js';
import type { ExplainOptions, NliExplanation } from '../../nli/types.js';
import { addon } from '../addon.js';
import { cueFrom } from './decode.js';

/**
 * The built-in heuristic NLI in Rust: the same divergences (bit for bit) and cues as
 * `HeuristicNli` (docs/scoring.md §3).
 */
export class RustHeuristicNli {
  readonly name = 'heuristic';
  readonly specifics: boolean;
  readonly #raw: AddonNli;

  constructor(options: { readonly specifics?: boolean } = {}) {
    const value = checkBoolean('specifics', options?.specifics ?? true);
    this.specifics = value;
    this.#raw = new (addon().RustHeuristicNli)(value);
  }

  divergence(premise: string, hypothesis: string): number {
    return this.#raw.divergence(String(premise), String(hypothesis));
  }

  /**
   * The divergence and the cue behind it; `context` only helps find what the hypothesis is about.
   * With `options.question`, the hypothesis is also read as an answer to it (as in TypeScript).
   */
  explain(
    premise: string,
    hypothesis: string,
    context = '',
    options: ExplainOptions = {},
  ): NliExplanation {
    const question = options?.question;
    const raw = this.#raw.explain(String(premise), String(hypothesis), String(context), {
      ...(options?.specifics === undefined ? {} : { specifics: options.specifics }),
      ...(question === undefined ? {} : { question: String(question) }),
      ...(options?.answers === undefined ? {} : { answers: options.answers }),
      ...(options?.grounding === undefined ? {} : { grounding: String(options.grounding) }),
    });
    return {
      divergence: raw[0] as number,
      contradiction: raw[1] as number,
      unsupported: raw[2] as number,
      cue: cueFrom(raw, 3)[0],
    };
  }
}

/**
 * The version of the text and scoring rules the addon implements; core scores in Rust only when it
 * equals its own `SCORING_RULES_VERSION`.
 */
export function scoringRulesVersion(): number {
  return addon().scoringRulesVersion();
}

/** The tokenizer's view of a text (docs/scoring.md §1): tokens, content terms and sentences. */
export function analyzeText(text: string): {
  tokens: string[];
  terms: string[];
  sentences: string[];
} {
  checkString('text', text, true);
  const [tokens, terms, sentences] = addon().analyzeText(text);
  return { tokens, terms, sentences };
}
