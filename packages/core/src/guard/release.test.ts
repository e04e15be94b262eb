import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGuard } from './guard.js';
import { countWords } from './segmenter.js';
import type { GuardEvent, ReleasePolicy, SegmentScoreRequest } from './types.js';

// What a halted stream releases must not depend on how the provider chunked its text: every
// sentence that passed its check before the offending one is released, in every release mode.

const MARKER = 'WRONG';

/** Faithful sentences; varied enders, abbreviations, numbers and multi-byte text. */
const FAITHFUL = [
  'The tower stands in Paris.',
  'It was completed in 1889.',
  'Dr. Eiffel designed it!',
  'Is it tall?',
  'It is 3.5 km from the Louvre.',
  'Visitors climb 674 steps…',
  'Its nickname is “La Dame de fer.”',
  'Tourists love it 😀 at night.',
  'Café owners nearby are busy.',
];
/** Sentences that contradict: the scorer fails any sentence holding the marker. */
const OFFENDING = [
  `The tower is ${MARKER} 450 metres tall.`,
  `It was ${MARKER} built in 1920!`,
  `Is it ${MARKER} in Rome?`,
  `${MARKER} it is made of wood.`,
];

function score(req: SegmentScoreRequest): number {
  if (req.segment.includes(MARKER)) return 0.1;
  // Faithful but uneven, in a band too narrow to read as a window or trend failure.
  return 0.82 + (req.segment.length % 7) / 100;
}

const scorers = {
  sync: score,
  async: async (req: SegmentScoreRequest) => score(req),
  delayed: (req: SegmentScoreRequest) =>
    new Promise<number>((resolve) => setTimeout(() => resolve(score(req)), req.segment.length % 3)),
} as const;

interface Answer {
  readonly text: string;
  /** Offset of the offending sentence: everything before it passed. */
  readonly start: number;
  /** Offset just past the offending sentence and the whitespace after it. */
  readonly end: number;
}

const separator = fc.constantFrom(' ', ' ', '  ', '\n');

const answer: fc.Arbitrary<Answer> = fc
  .record({
    before: fc.array(fc.tuple(fc.constantFrom(...FAITHFUL), separator), {
      minLength: 1,
      maxLength: 4,
    }),
    bad: fc.tuple(fc.constantFrom(...OFFENDING), separator),
    after: fc.array(fc.tuple(fc.constantFrom(...FAITHFUL), separator), { maxLength: 3 }),
    trailing: fc.boolean(),
  })
  .map(({ before, bad, after, trailing }) => {
    const lead = before.map(([s, sep]) => s + sep).join('');
    const tail = after.map(([s, sep]) => s + sep).join('');
    let text = lead + bad[0] + bad[1] + tail;
    if (!trailing) text = text.trimEnd();
    const end = Math.min(text.length, lead.length + bad[0].length + bad[1].length);
    return { text, start: lead.length, end };
  });

type Chunking = 'one delta' | 'per word' | 'per character' | 'random cuts';

function chunk(text: string, how: Chunking, cuts: readonly number[]): string[] {
  switch (how) {
    case 'one delta':
      return [text];
    case 'per word':
      return text.match(/\s*\S+/gu) ?? [text];
    case 'per character':
      // UTF-16 units: a delta may split a surrogate pair, as a provider's may.
      return text.split('');
    case 'random cuts': {
      const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
      const out: string[] = [];
      let prev = 0;
      for (const p of points) {
        out.push(text.slice(prev, p));
        prev = p;
      }
      out.push(text.slice(prev));
      return out.filter((c) => c !== '');
    }
  }
}

async function release(
  text: string,
  deltas: readonly string[],
  policy: ReleasePolicy,
  scorer: (req: SegmentScoreRequest) => number | Promise<number>,
  maxUnverifiedTokens?: number,
) {
  const events: GuardEvent[] = [];
  const guard = createGuard({
    scorer,
    release: policy,
    onEvent: (e) => events.push(e),
    ...(maxUnverifiedTokens !== undefined ? { maxUnverifiedTokens } : {}),
  });
  for (const d of deltas) await guard.write(d);
  const result = await guard.end();
  const released = events.flatMap((e) => (e.type === 'release' ? [e.text] : [])).join('');
  expect(result.text).toBe(released);
  expect(result.halted).toBe(true);
  const halt = result.halt!;
  expect(halt.kind).toBe('hard_limit');
  expect(text.slice(halt.charOffset, halt.charOffset + MARKER.length + 40)).toContain(MARKER);
  expect(halt.tokensReleased).toBe(countWords(released));
  expect(halt.tokensWithheld).toBe(halt.tokensGenerated - halt.tokensReleased);
  return { released, halt };
}

// The halt is at the offending sentence (a line break before it belongs to its segment).
function expectOffending(a: Answer, charOffset: number, how: Chunking): void {
  expect(charOffset, how).toBeLessThanOrEqual(a.start);
  expect(a.text.slice(charOffset, a.start).trim(), how).toBe('');
}

const CHUNKINGS: readonly Chunking[] = ['one delta', 'per word', 'per character', 'random cuts'];

describe('released text of a halted stream, property-based', () => {
  for (const [name, scorer] of Object.entries(scorers)) {
    it(`${name} scorer: verified releases exactly the sentences before the offending one, in every chunking`, async () => {
      await fc.assert(
        fc.asyncProperty(answer, fc.array(fc.nat(), { maxLength: 12 }), async (a, cuts) => {
          const kept = a.text.slice(0, a.start);
          const seen = new Set<string>();
          for (const how of CHUNKINGS) {
            const { released, halt } = await release(
              a.text,
              chunk(a.text, how, cuts),
              'verified',
              scorer,
            );
            expectOffending(a, halt.charOffset, how);
            expect(released, how).toBe(a.text.slice(0, halt.charOffset));
            expect(released.trimEnd(), how).toBe(kept.trimEnd());
            seen.add(released);
          }
          expect([...seen]).toHaveLength(1);
        }),
        { numRuns: name === 'delayed' ? 15 : 60 },
      );
    });

    it(`${name} scorer: optimistic releases at least those sentences and never more than the answer`, async () => {
      await fc.assert(
        fc.asyncProperty(
          answer,
          fc.array(fc.nat(), { maxLength: 12 }),
          // Small budgets make write() wait for verdicts, so halts land while it waits too.
          fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
          async (a, cuts, budget) => {
            for (const how of CHUNKINGS) {
              const { released, halt } = await release(
                a.text,
                chunk(a.text, how, cuts),
                'optimistic',
                scorer,
                budget,
              );
              expectOffending(a, halt.charOffset, how);
              const kept = a.text.slice(0, halt.charOffset);
              expect(released.startsWith(kept), `${how}: ${JSON.stringify(released)}`).toBe(true);
              expect(a.text.startsWith(released), how).toBe(true);
              // A sync verdict halts the moment the offending sentence is cut: nothing after it
              // was shown (an async one lets up to maxUnverifiedTokens words run ahead).
              if (name === 'sync') expect(released.length, how).toBeLessThanOrEqual(a.end);
            }
          },
        ),
        { numRuns: name === 'delayed' ? 15 : 60 },
      );
    });
  }
});
