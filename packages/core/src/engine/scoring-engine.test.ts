/**
 * CoherenceScorer's native path (the Rust twin used for the built-in backends) against the
 * TypeScript path: which work goes native, and that scores, evidence, failures and errors are the
 * same either way. On the forced-JS run every scorer is TypeScript and the comparisons still hold.
 */
import { describe, expect, it } from 'vitest';
import { BackfireInputError } from '../errors/index.js';
import { type EvidenceChunk, InMemoryKnowledge, type KnowledgeSource } from '../knowledge/index.js';
import { nativeAvailable } from '../native/index.js';
import { HeuristicNli, type NliBackend } from '../nli/index.js';
import { CoherenceScorer, type CoherenceScorerOptions } from '../scoring/index.js';

const expected = nativeAvailable ? 'native' : 'js';

function store(native: boolean): InMemoryKnowledge {
  return new InMemoryKnowledge({ native })
    .addDocument({
      id: 'eiffel',
      text: 'The Eiffel Tower was completed in March 1889. It is 330 metres tall including its antennas. It was designed by the company of Gustave Eiffel.',
    })
    .addDocument({
      id: 'bridge',
      text: 'The Golden Gate Bridge opened on 27 May 1937. Its chief engineer was Joseph Strauss.',
      source: 'wiki',
    })
    .addFact('sky', 'The sky is blue.')
    .addFact('capital', 'Paris is the capital of France.', { tenant: 'fr' });
}

/** A native-eligible scorer and its TypeScript twin over equal stores. */
function twins(options: CoherenceScorerOptions = {}): [CoherenceScorer, CoherenceScorer] {
  return [
    new CoherenceScorer({ ...options, knowledge: store(true) }),
    new CoherenceScorer({ ...options, knowledge: store(false), native: false }),
  ];
}

const PROMPTS = [
  'When was the Eiffel Tower completed?',
  'Tell me about the Golden Gate Bridge.',
  'The Eiffel Tower is in Paris. How tall is it?',
  'sky',
  '   ',
  `${'Long prompt about towers. '.repeat(60)}When did the bridge open?`,
];

const ANSWERS = [
  'The Eiffel Tower was completed in March 1889.',
  'It was completed in March 1899. It is 330 metres tall.',
  'The Golden Gate Bridge opened on 27 May 1937. Its chief engineer was Joseph Strauss.',
  'The bridge did not open in 1937, and its engineer was Gustave Eiffel.',
  'The sky is not blue! Is it green?',
  'It is 300 metres tall and was designed by Joseph Strauss in 1887.',
  '🎉🎉 !!!',
  ' \n ',
  'Paris is the capital of France.',
  "It isn't tall. Dr. Smith said so… It's 3.5 km; 10,000 people climbed it.",
];

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err instanceof BackfireInputError ? [err.code, err.field, err.message] : String(err);
  }
  return 'no error';
}

describe('CoherenceScorer backend', () => {
  it('goes native exactly for the built-in heuristic and an in-memory store in Rust', () => {
    expect(new CoherenceScorer().backend).toBe(expected);
    expect(new CoherenceScorer({ knowledge: store(true) }).backend).toBe(expected);
    expect(new CoherenceScorer({ nli: new HeuristicNli({ specifics: false }) }).backend).toBe(
      expected,
    );
    expect(new CoherenceScorer({ native: false }).backend).toBe('js');
    expect(new CoherenceScorer({ knowledge: store(false) }).backend).toBe('js');
    class Tuned extends HeuristicNli {}
    const patched = new HeuristicNli();
    Object.defineProperty(patched, 'explain', { value: () => ({ divergence: 1, cue: null }) });
    const other: KnowledgeSource = { retrieve: (): EvidenceChunk[] => [] };
    for (const options of [
      { nli: new Tuned() },
      { nli: patched },
      { nli: { name: 'model', divergence: () => 0.2 } },
      { knowledge: other },
    ]) {
      expect(new CoherenceScorer(options).backend).toBe('js');
    }
    expect(thrown(() => new CoherenceScorer({ native: 1 as unknown as boolean }))).toEqual([
      'BACKFIRE_INPUT',
      'native',
      'native must be a boolean, got 1',
    ]);
  });

  it('runs a heuristic method replaced after construction (a spy) on TypeScript', () => {
    const nli = new HeuristicNli();
    const s = new CoherenceScorer({ nli, knowledge: store(true) });
    expect(s.backend).toBe(expected);
    let calls = 0;
    const explain = nli.explain.bind(nli);
    Object.defineProperty(nli, 'explain', {
      value: (...args: Parameters<HeuristicNli['explain']>) => {
        calls++;
        return explain(...args);
      },
    });
    const [, js] = twins();
    expect(s.review(PROMPTS[0]!, ANSWERS[1]!)).toEqual(js.review(PROMPTS[0]!, ANSWERS[1]!));
    expect(calls).toBeGreaterThan(0);
    expect(s.backend).toBe('js');
  });

  it('never swaps a configured NLI model for the heuristic', () => {
    let calls = 0;
    const model: NliBackend = {
      name: 'model',
      divergence: () => {
        calls++;
        return 1;
      },
    };
    const s = new CoherenceScorer({ nli: model, knowledge: store(true) });
    const result = s.review('When was it completed?', 'It was completed in March 1889.');
    expect(calls).toBe(2);
    expect(result.hFactual).toBe(1);
    expect(result.hLogical).toBe(1);
  });

  it('scores every prompt and answer alike on both paths', async () => {
    for (const options of [
      {},
      { config: { wLogic: 0.3, wFact: 0.7, coherenceThreshold: 0.5 }, evidenceK: 1 },
      { answerPrior: 0.1, maxResponseChars: 60, nli: new HeuristicNli({ specifics: false }) },
    ] as CoherenceScorerOptions[]) {
      const [native, js] = twins(options);
      for (const prompt of PROMPTS) {
        for (const answer of ANSWERS) {
          expect(native.review(prompt, answer)).toEqual(js.review(prompt, answer));
          expect(native.review(prompt, answer, { tenant: 'fr' })).toEqual(
            js.review(prompt, answer, { tenant: 'fr' }),
          );
          const seg = { previous: 'The Eiffel Tower stands in Paris. It is old.' };
          expect(native.reviewSegment(prompt, answer, seg)).toEqual(
            js.reviewSegment(prompt, answer, seg),
          );
          expect(native.scoreSegment({ prompt, segment: answer, previous: answer })).toEqual(
            js.scoreSegment({ prompt, segment: answer, previous: answer }),
          );
        }
      }
      expect(await native.reviewAsync(PROMPTS[0]!, ANSWERS[1]!)).toEqual(
        await js.reviewAsync(PROMPTS[0]!, ANSWERS[1]!),
      );
      expect(await native.reviewSegmentAsync(PROMPTS[1]!, ANSWERS[3]!)).toEqual(
        await js.reviewSegmentAsync(PROMPTS[1]!, ANSWERS[3]!),
      );
      expect(native.history).toEqual(js.history);
    }
  });

  it('rejects bad arguments with the same errors, and honours an aborted signal first', () => {
    const [native, js] = twins();
    const calls: ((s: CoherenceScorer) => unknown)[] = [
      (s) => s.review(1 as unknown as string, 'x'),
      (s) => s.review('q', null as unknown as string),
      (s) => s.review('', 'x', { tenant: '' }),
      (s) => s.reviewSegment('q', 'x', { previous: 5 as unknown as string }),
      (s) => s.reviewSegment('q', '', { tenant: 3 as unknown as string }),
    ];
    for (const call of calls) {
      expect(thrown(() => call(native))).toEqual(thrown(() => call(js)));
      expect(thrown(() => call(native))).not.toBe('no error');
    }
    const signal = AbortSignal.abort();
    const request = { prompt: 1 as unknown as string, segment: 'x', signal };
    expect(native.scoreSegment(request)).toEqual(js.scoreSegment(request));
    expect((native.scoreSegment(request) as { failure: string }).failure).toBe('aborted');
  });

  it('returns lone surrogates exactly as given', () => {
    const [native, js] = twins();
    const answer = 'The Eiffel \ud800Tower was completed in 1899.';
    const a = native.review(PROMPTS[0]!, answer);
    expect(a).toEqual(js.review(PROMPTS[0]!, answer));
    expect(a.evidence.sentence).toBe(answer);
    expect(native.backend).toBe(expected);
  });

  it('follows its store to TypeScript when the store leaves Rust', () => {
    const kb = store(true);
    const native = new CoherenceScorer({ knowledge: kb });
    const js = new CoherenceScorer({ knowledge: store(false), native: false });
    expect(native.backend).toBe(expected);
    for (const s of [kb, js.knowledge as InMemoryKnowledge]) {
      s.addFact('odd\udc00', 'The Eiffel Tower is 320 metres tall.');
    }
    expect(native.backend).toBe('js');
    const answer = 'The Eiffel Tower is 330 metres tall.';
    expect(native.review(PROMPTS[2]!, answer)).toEqual(js.review(PROMPTS[2]!, answer));
  });
});
