/**
 * The golden vectors in testdata/nli are the contract between this heuristic and its Rust port:
 * both must reproduce every divergence to 1e-12 (regenerate with `npx tsx testdata/nli/generate.ts`
 * only for a deliberate change).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTerms, splitSentences, tokenize } from '../text/index.js';
import { HeuristicNli } from './index.js';

const dir = join(import.meta.dirname, '../../../../testdata/nli');

interface NliCase {
  name: string;
  premise: string;
  hypothesis: string;
  context?: string;
  question?: string;
  answers?: boolean;
  grounding?: 'contradiction' | 'strict';
  /** The cue's explanation, pinned for question-aware cases. */
  detail?: string | null;
  divergence: number;
  contradiction: number;
  unsupported: number;
  cue: string | null;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'tokenizer.json');

describe('NLI golden vectors', () => {
  const nli = new HeuristicNli();
  let total = 0;
  for (const file of files) {
    const { cases } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cases: NliCase[] };
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
  const { cases } = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as {
    cases: { text: string; tokens: string[]; terms: string[]; sentences: string[] }[];
  };
  it.each(cases.map((c) => [c.text.slice(0, 40), c] as const))('%s', (_, c) => {
    expect(tokenize(c.text)).toEqual(c.tokens);
    expect(contentTerms(c.text)).toEqual(c.terms);
    expect(splitSentences(c.text).map((s) => s.text)).toEqual(c.sentences);
  });
});
