import { CoherenceScorer, createGuard, InMemoryKnowledge } from '@backfire/core';
import type { AnyCase } from './lib.js';

// A 5,000-token answer in realistic sentences, streamed one word per delta.
const SENTENCES = [
  'The Eiffel Tower was completed in 1889 and stands on the Champ de Mars in Paris.',
  'It is 330 metres tall and was the tallest structure in the world for 41 years.',
  'Gustave Eiffel’s company designed and built the tower for the World Fair.',
  'Millions of people visit the tower every year, and most of them take the lift.',
];
const WORDS: string[] = [];
for (let i = 0; WORDS.length < 5000; i++) {
  for (const w of SENTENCES[i % SENTENCES.length]!.split(' ')) WORDS.push(`${w} `);
}
WORDS.length = 5000;

// Every sentence is grounded, so the stream runs to the end (a halted stream would cost nothing).
function scorerOn(native: boolean): CoherenceScorer {
  const knowledge = new InMemoryKnowledge({ native });
  for (const [i, text] of SENTENCES.entries()) knowledge.addDocument({ id: `s${i}`, text });
  return new CoherenceScorer({ knowledge, native });
}
const jsScorer = scorerOn(false);
const autoScorer = scorerOn(true);

async function stream(score: Parameters<typeof createGuard>[0]['scorer']): Promise<number> {
  const guard = createGuard({ scorer: score, prompt: 'Tell me about the Eiffel Tower.' });
  for (const w of WORDS) await guard.write(w);
  const result = await guard.end();
  if (result.halted) throw new Error(`benchmark stream halted: ${result.halt?.reason}`);
  return result.tokensReleased;
}

async function unguarded(): Promise<number> {
  let n = 0;
  for (const w of WORDS) n += (await Promise.resolve(w)).length;
  return n;
}

export function cases(): AnyCase[] {
  return [
    {
      row: 'guard, 5,000-token stream, per token (constant scorer: guard overhead)',
      variant: 'js',
      fn: () => stream(() => 0.9),
      perOp: 5000,
      target: '≤ 5 µs',
    },
    {
      row: 'guard, 5,000-token stream, per token (CoherenceScorer, grounded answer)',
      variant: 'js',
      fn: () => stream(jsScorer),
      perOp: 5000,
    },
    ...(autoScorer.backend === 'native'
      ? [
          {
            row: 'guard, 5,000-token stream, per token (CoherenceScorer, grounded answer)',
            variant: 'native',
            fn: () => stream(autoScorer),
            perOp: 5000,
          },
        ]
      : []),
    {
      row: 'guard, 5,000-token stream, per token (CoherenceScorer, grounded answer)',
      variant: 'unguarded',
      fn: unguarded,
      perOp: 5000,
    },
  ];
}
