/**
 * A natural-language-inference backend: how far a hypothesis is from being entailed by a premise.
 *
 * `divergence` is in [0, 1]: 0 means the premise entails the hypothesis, 0.5 means it says nothing
 * either way (neutral), 1 means it contradicts it. It may be sync (the built-in heuristic) or async
 * (a model, an LLM judge). `divergenceBatch`, when present, scores many pairs in one call and must
 * return one value per pair, in order. The scorer sanitises whatever comes back: a non-finite
 * value, a value outside [0, 1] or a rejection fails closed.
 */
export interface NliBackend {
  readonly name: string;
  divergence(
    premise: string,
    hypothesis: string,
    options?: NliCallOptions,
  ): number | Promise<number>;
  divergenceBatch?(
    pairs: ReadonlyArray<readonly [premise: string, hypothesis: string]>,
    options?: NliCallOptions,
  ): number[] | Promise<number[]>;
}

/**
 * What the scorer passes to an async backend: `signal` aborts when the review is abandoned (a
 * halt, a deadline, the caller's abort), so a model or judge call can stop instead of finishing
 * for nothing. Backends that cannot cancel may ignore it.
 */
export interface NliCallOptions {
  readonly signal?: AbortSignal;
}

/** The kinds of contradiction cue the heuristic recognises. */
export type NliCueKind =
  | 'negation'
  | 'number'
  | 'date'
  | 'antonym'
  | 'entity'
  | 'unsupported_specific'
  /** The answer fills the question's slot with something the evidence never says (question-aware). */
  | 'substitution'
  /** The answer ties an attribute to the wrong entity of the evidence. */
  | 'swap'
  /** "Which came first, A or B?" answered against the evidence's dates. */
  | 'comparison'
  /** Strict grounding: a specific claim the evidence does not support. */
  | 'unsupported';

/** The strongest contradiction cue found for a hypothesis: the evidence for "which sentence". */
export interface NliCue {
  readonly kind: NliCueKind;
  /** Its contribution to the divergence, in [0, 1]. */
  readonly strength: number;
  /** The hypothesis sentence that carries the cue. */
  readonly hypothesisSentence: string;
  /** The premise sentence it conflicts with; '' for an unsupported specific with no counterpart. */
  readonly premiseSentence: string;
  /** What differs, e.g. `1899 vs 1889`, `left vs right`, `negated`. */
  readonly detail: string;
}

/** A divergence and how it came about. */
export interface NliExplanation {
  readonly divergence: number;
  /** Contradiction strength c in [0, 1] (the strongest cue; 0 when none fired). */
  readonly contradiction: number;
  /** Share u in [0, 1] of the hypothesis's content terms the premise does not contain. */
  readonly unsupported: number;
  readonly cue: NliCue | null;
}

/** Options of `ExplainingNliBackend.explain`. */
export interface ExplainOptions {
  /**
   * Whether numbers and names the premise lacks count as a cue (`unsupported_specific`). True
   * when the premise is evidence that should back every detail; false when it is a user's prompt,
   * which an answer is expected to go beyond. Default: the backend's own setting.
   */
  readonly specifics?: boolean;
  /**
   * The question the hypothesis answers (the prompt's question sentences). With it, a short answer
   * is read together with the question, and the question-aware rules run (see `answerCue`).
   */
  readonly question?: string;
  /** Whether the hypothesis is (the start of) the answer to `question`. Default true. */
  readonly answers?: boolean;
  /** `'strict'`: specific claims the premise lacks are a cue of kind `unsupported`. */
  readonly grounding?: Grounding;
}

/**
 * `'contradiction'` (default): halt on what the evidence contradicts. `'strict'`: also halt on
 * specific claims (names, numbers, dates, the answer to the question) the evidence does not support.
 */
export type Grounding = 'contradiction' | 'strict';

/** A backend that can say why it scored what it scored (the heuristic can; models cannot). */
export interface ExplainingNliBackend extends NliBackend {
  /** `context`: text just before the hypothesis, used only to tell what it is about. */
  explain(
    premise: string,
    hypothesis: string,
    context?: string,
    options?: ExplainOptions,
  ): NliExplanation;
}
