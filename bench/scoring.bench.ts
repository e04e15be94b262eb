import { CoherenceScorer, HeuristicNli, InMemoryKnowledge } from '@backfire/core';
import type { AnyCase } from './lib.js';

/** Deterministic pseudo-random numbers (LCG), so every run indexes the same store. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tor', 'va', 'sel', 'du', 'pra', 'quin', 'zo', 'bel'];
const STOP = ['the', 'of', 'and', 'in', 'was', 'is', 'to', 'a', 'by', 'for'];

/**
 * A store of `n` passages with a skewed (Zipf-like) vocabulary of 5,000 words, plus the real
 * facts the query is about.
 */
export function buildKnowledge(n: number, native = true): InMemoryKnowledge {
  const next = rng(42);
  const vocab = Array.from({ length: 5000 }, (_, i) => {
    let w = '';
    let x = i + 7;
    do {
      w += SYLLABLES[x % SYLLABLES.length];
      x = Math.floor(x / SYLLABLES.length);
    } while (x > 0);
    return w;
  });
  const kb = new InMemoryKnowledge({ native });
  for (let i = 0; i < n - 2; i++) {
    const words: string[] = [];
    const len = 25 + Math.floor(next() * 20);
    for (let j = 0; j < len; j++) {
      words.push(
        next() < 0.35
          ? STOP[Math.floor(next() * STOP.length)]!
          : vocab[Math.floor(vocab.length * next() ** 3)]!,
      );
      if (next() < 0.05) words.push(String(1800 + Math.floor(next() * 220)));
    }
    kb.addDocument({ id: `p${i}`, text: `${words.join(' ')}.` });
  }
  kb.addDocument({
    id: 'eiffel',
    text: 'The Eiffel Tower was completed in March 1889 as the entrance arch to the 1889 World Fair.',
  });
  kb.addDocument({
    id: 'eiffel-height',
    text: 'The Eiffel Tower is 330 metres tall including its antennas.',
  });
  return kb;
}

const PROMPT = 'When was the Eiffel Tower completed, and how tall is it?';
const SENTENCE = 'The Eiffel Tower was completed in March 1899 for the World Fair.';
const ANSWER =
  'The Eiffel Tower stands in Paris. It was completed in March 1889 for the World Fair. ' +
  'It is 330 metres tall including its antennas. Millions of people visit it. It is repainted often.';

export function cases(): AnyCase[] {
  // Pinned to TypeScript: native.bench.ts has the same rows side by side with the Rust scorer.
  const kb = buildKnowledge(10_000, false);
  const scorer = new CoherenceScorer({ knowledge: kb, native: false });
  const nli = new HeuristicNli();
  const evidence = kb
    .retrieve(SENTENCE)
    .map((c) => c.text)
    .join('\n');
  return [
    {
      row: 'CoherenceScorer.reviewSegment, one sentence, 10,000-passage KB',
      variant: 'js',
      fn: () => scorer.reviewSegment(PROMPT, SENTENCE, { previous: 'It is in Paris.' }),
      target: '≤ 200 µs',
    },
    {
      row: 'CoherenceScorer.review, 5-sentence answer, 10,000-passage KB',
      variant: 'js',
      fn: () => scorer.review(PROMPT, ANSWER),
    },
    {
      row: 'InMemoryKnowledge.retrieve, k = 3, 10,000 passages',
      variant: 'js',
      fn: () => kb.retrieve(SENTENCE),
    },
    {
      row: 'HeuristicNli.divergence, one sentence vs 3 passages',
      variant: 'js',
      fn: () => nli.divergence(evidence, SENTENCE),
    },
  ];
}
