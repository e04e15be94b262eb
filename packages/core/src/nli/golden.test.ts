/**
 * The golden vectors in testdata/nli are the contract between this heuristic and its Rust port:
 * both must reproduce every divergence to 1e-12 (regenerate with `npx tsx testdata/nli/generate.ts`
 * only for a deliberate change).
 */
import { describe, expect, it } from 'vitest';
import { nliGolden, tokenizerGolden } from '../test/testdata.js';
import { contentTerms, splitSentences, tokenize } from '../text/index.js';
import { HeuristicNli } from './index.js';

describe('NLI golden vectors', () => {
  const nli = new HeuristicNli();
  let total = 0;
  for (const { file, cases } of nliGolden()) {
    total += cases.length;
    it.each(cases.map((c) => [c.name, c] as const))(`${file}: %s`, (_, c) => {
      const options =
        c.question === undefined
          ? {}
          : {
              question: c.question,
              ...(c.answers === undefined ? {} : { answers: c.answers }),
              ...(c.grounding === undefined ? {} : { grounding: c.grounding }),
            };
      const e = nli.explain(c.premise, c.hypothesis, c.context ?? '', options);
      expect(Math.abs(e.divergence - c.divergence)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(e.contradiction - c.contradiction)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(e.unsupported - c.unsupported)).toBeLessThanOrEqual(1e-12);
      expect(e.cue?.kind ?? null).toBe(c.cue);
      if (c.detail !== undefined) expect(e.cue?.detail ?? null).toBe(c.detail);
      if (c.context === undefined && c.question === undefined)
        expect(nli.divergence(c.premise, c.hypothesis)).toBe(e.divergence);
    });
  }
  it('has at least 100 pairs', () => {
    expect(total).toBeGreaterThanOrEqual(100);
  });
});

describe('tokenizer golden vectors', () => {
  const cases = tokenizerGolden();
  it.each(cases.map((c) => [c.text.slice(0, 40), c] as const))('%s', (_, c) => {
    expect(tokenize(c.text)).toEqual(c.tokens);
    expect(contentTerms(c.text)).toEqual(c.terms);
    expect(splitSentences(c.text).map((s) => s.text)).toEqual(c.sentences);
  });
});
