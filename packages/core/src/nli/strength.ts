import type { NliCue, NliCueKind } from './types.js';

/** Full strength of each cue, reached when the sentences are about the same thing. */
export const CUE_STRENGTH: Readonly<Record<NliCueKind, number>> = Object.freeze({
  negation: 0.9,
  number: 0.9,
  date: 0.9,
  antonym: 0.85,
  entity: 0.85,
  unsupported_specific: 0.8,
  substitution: 0.85,
  swap: 0.85,
  comparison: 0.85,
  unsupported: 0.9,
});

/**
 * An unsupported specific is a number or a name the premise has never heard of. One is common in
 * an honest paraphrase (a derived figure, a formula); several in one sentence are the signature of
 * a fabrication. One counts `SINGLE_SPECIFIC_STRENGTH`, two or more `CUE_STRENGTH.unsupported_specific`.
 */
export const SINGLE_SPECIFIC_STRENGTH = 0.45;

/**
 * Share of a hypothesis sentence's other content terms a premise sentence must contain for a cue
 * between them to count in full ("same subject"); below it the cue is scaled down linearly.
 */
export const ALIGNMENT_FULL = 0.5;

/**
 * Keeps the strongest cue found for one hypothesis sentence. Strictly stronger wins, so among equal
 * cues the first one found (rules run in a fixed order) is kept.
 */
export class CueKeeper {
  best: NliCue | null = null;

  constructor(readonly hypothesisSentence: string) {}

  readonly consider = (
    kind: NliCueKind,
    strength: number,
    premiseSentence: string,
    detail: string,
  ): void => {
    if (strength > 0 && (this.best === null || strength > this.best.strength)) {
      this.best = {
        kind,
        strength,
        hypothesisSentence: this.hypothesisSentence,
        premiseSentence,
        detail,
      };
    }
  };
}
