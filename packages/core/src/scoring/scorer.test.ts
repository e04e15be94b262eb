import { describe, expect, it } from 'vitest';
import { BackfireConfig } from '../config/index.js';
import { BackfireConfigError, BackfireError, BackfireInputError } from '../errors/index.js';
import { type EvidenceChunk, InMemoryKnowledge, type KnowledgeSource } from '../knowledge/index.js';
import type { NliBackend } from '../nli/index.js';
import { CoherenceScorer, promptOnlyAsks } from './index.js';

const facts = () =>
  new InMemoryKnowledge()
    .addDocument({
      id: 'eiffel',
      text: 'The Eiffel Tower was completed in March 1889. It is 330 metres tall including its antennas.',
    })
    .addDocument({
      id: 'bridge',
      text: 'The Golden Gate Bridge opened on 27 May 1937. Its chief engineer was Joseph Strauss.',
    })
    .addFact('sky', 'The sky is blue.');

const nliReturning = (value: unknown, name = 'fake'): NliBackend => ({
  name,
  divergence: () => value as number,
});

describe('CoherenceScorer.review', () => {
  const scorer = new CoherenceScorer({ knowledge: facts() });

  it('computes coherence = 1 − (wLogic·hLogical + wFact·hFactual)', () => {
    const s = scorer.review(
      'When was the Eiffel Tower completed?',
      'It was completed in March 1889.',
    );
    expect(s.score).toBeCloseTo(1 - (0.6 * s.hLogical + 0.4 * s.hFactual), 15);
    const custom = new CoherenceScorer({ knowledge: facts(), config: { wLogic: 0.3, wFact: 0.7 } });
    const c = custom.review(
      'When was the Eiffel Tower completed?',
      'It was completed in March 1889.',
    );
    expect(c.score).toBeCloseTo(1 - (0.3 * c.hLogical + 0.7 * c.hFactual), 15);
  });

  it('approves a correct restatement of a stored fact (reference case 43 is rejected)', () => {
    const s = scorer.review('sky', 'The sky is blue.');
    expect(s.approved).toBe(true);
    expect(s.hFactual).toBe(0);
    expect(s.evidence.chunks.map((c) => c.id)).toContain('sky');
  });

  it('does not penalise a correct answer that does not repeat the question', () => {
    const s = scorer.review('What color is the sky?', 'Blue.');
    expect(s.hLogical).toBe(scorer.answerPrior);
    expect(s.approved).toBe(true);
    expect(s.warning).toBe(false);
  });

  it('rejects a contradicting answer below the hard limit and says which sentence and why', () => {
    const s = scorer.review(
      'Tell me about the Eiffel Tower.',
      'The Eiffel Tower is in Paris. It was completed in March 1899. It is 330 metres tall.',
    );
    expect(s.approved).toBe(false);
    expect(s.score).toBeLessThan(new BackfireConfig().hardLimit);
    expect(s.evidence.sentence).toBe('It was completed in March 1899.');
    expect(s.evidence.contradiction).toMatchObject({
      kind: 'date',
      premiseSentence: 'The Eiffel Tower was completed in March 1889.',
      detail: '1899 vs 1889',
    });
    expect(s.evidence.chunks[0]!.id).toBe('eiffel');
    expect(s.failure).toBeNull();
  });

  it('scores the weakest sentence: one contradiction is enough', () => {
    const good = scorer.review(
      'Who engineered the Golden Gate Bridge?',
      'Joseph Strauss was its chief engineer.',
    );
    const mixed = scorer.review(
      'Who engineered the Golden Gate Bridge?',
      'Joseph Strauss was its chief engineer. The bridge opened on 27 May 1947.',
    );
    expect(good.approved).toBe(true);
    expect(mixed.score).toBeLessThan(good.score);
    expect(mixed.evidence.sentence).toBe('The bridge opened on 27 May 1947.');
  });

  it('uses hFactual 0.5 without a knowledge source, and still approves a neutral answer', () => {
    const bare = new CoherenceScorer();
    const s = bare.review('What color is the sky?', 'The sky is blue.');
    expect(s.hFactual).toBe(0.5);
    expect(s.evidence.chunks).toEqual([]);
    expect(s.approved).toBe(true);
    expect(s.warning).toBe(true);
  });

  it('uses hFactual 0.5 when nothing is retrieved', () => {
    const s = scorer.review('What is xyzzy?', 'Xyzzy is a magic word.');
    expect(s.hFactual).toBe(0.5);
    expect(s.evidence.chunks).toEqual([]);
  });

  it('lets a prompt that asserts facts entail or contradict the answer', () => {
    const bare = new CoherenceScorer();
    const prompt = 'Context: the museum opens at 9 am and closes at 6 pm. When does it close?';
    const right = bare.review(prompt, 'The museum closes at 6 pm.');
    const wrong = bare.review(prompt, 'The museum closes at 8 pm.');
    expect(right.hLogical).toBeLessThan(bare.answerPrior);
    expect(wrong.hLogical).toBeGreaterThan(0.8);
    expect(wrong.evidence.contradiction?.kind).toBe('number');
  });

  it('never treats details the prompt lacks as a fabrication: an answer goes beyond its prompt', () => {
    const bare = new CoherenceScorer();
    const s = bare.review(
      "I'm planning a trip to Paris next spring. What should I see?",
      'In Paris, visit the Louvre and the Eiffel Tower, which opens at 9 am.',
    );
    expect(s.approved).toBe(true);
    expect(s.evidence.contradiction).toBeNull();
  });

  it('keeps a bounded history of approved responses only', () => {
    const s = new CoherenceScorer({ knowledge: facts(), config: { historyWindow: 2 } });
    for (const answer of [
      'The sky is blue.',
      'Blue.',
      'It is blue.',
      'Blue sky.',
      'The sky looks blue.',
    ]) {
      expect(s.review('What color is the sky?', answer).approved).toBe(true);
    }
    expect(s.history).toEqual(['Blue sky.', 'The sky looks blue.']);
    s.review('When was the Eiffel Tower completed?', 'It was completed in March 1899.');
    expect(s.history).toEqual(['Blue sky.', 'The sky looks blue.']);
    const none = new CoherenceScorer({ config: { historyWindow: 0 } });
    none.review('What color is the sky?', 'Blue.');
    expect(none.history).toEqual([]);
  });

  it('keeps tenants apart', () => {
    const kb = new InMemoryKnowledge()
      .addFact('refund window', 'Refunds are accepted within 30 days.', { tenant: 'acme' })
      .addFact('refund window', 'Refunds are accepted within 14 days.');
    const s = new CoherenceScorer({ knowledge: kb });
    const answer = 'Refunds are accepted within 14 days.';
    expect(s.review('How long do I have for a refund?', answer).approved).toBe(true);
    const acme = s.review('How long do I have for a refund?', answer, { tenant: 'acme' });
    expect(acme.approved).toBe(false);
    expect(acme.evidence.chunks.map((c) => c.text)).toEqual([
      'refund window: Refunds are accepted within 30 days.',
    ]);
  });
});

describe('CoherenceScorer.reviewSegment', () => {
  const kb = facts().addDocument({ id: 'tokyo', text: 'Tokyo Tower was completed in 1958.' });
  const scorer = new CoherenceScorer({ knowledge: kb });
  const prompt = 'Tell me about towers.';

  it('uses the previous sentence to find what a vague segment is about', () => {
    const previous = 'The Eiffel Tower stands in Paris.';
    const s = scorer.reviewSegment(prompt, 'It was completed in March 1899.', { previous });
    expect(s.evidence.chunks[0]!.id).toBe('eiffel');
    expect(s.approved).toBe(false);
  });

  it('reads only the end of `previous`, so a segment costs the same however long the answer', () => {
    const last = 'The Eiffel Tower stands in Paris.';
    const short = scorer.reviewSegment(prompt, 'It was completed in March 1889.', {
      previous: last,
    });
    const long = scorer.reviewSegment(prompt, 'It was completed in March 1889.', {
      previous: `${'Tokyo Tower was completed in 1958. '.repeat(20_000)}${last}`,
    });
    expect(long).toEqual(short);
  });

  it('serves the stream guard: sync with sync backends, a Promise with async ones', async () => {
    const sync = scorer.scoreSegment({ prompt, segment: 'The sky is blue.', previous: '' });
    expect(sync).not.toBeInstanceOf(Promise);
    const asyncScorer = new CoherenceScorer({
      knowledge: { retrieve: async (q: string) => kb.retrieve(q) },
    });
    const pending = asyncScorer.scoreSegment({ prompt, segment: 'The sky is blue.', previous: '' });
    expect(pending).toBeInstanceOf(Promise);
    expect((await pending).score).toBe((sync as { score: number }).score);
    const controller = new AbortController();
    controller.abort();
    const aborted = await asyncScorer.scoreSegment({
      prompt,
      segment: 'The sky is blue.',
      signal: controller.signal,
    });
    expect(aborted).toMatchObject({ failure: 'aborted', score: 0, approved: false });
  });

  it('does not add segments to the history', () => {
    scorer.reviewSegment('What color is the sky?', 'The sky is blue.');
    expect(scorer.history).toEqual([]);
  });
});

describe('CoherenceScorer fails closed', () => {
  const prompt = 'What color is the sky?';

  it.each([
    ['NaN', Number.NaN],
    ['> 1', 1.5],
    ['< 0', -0.1],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a string', '0.2'],
    ['undefined', undefined],
  ])('when the NLI returns %s', (_, value) => {
    const s = new CoherenceScorer({ nli: nliReturning(value) }).review(prompt, 'Blue.');
    expect(s).toMatchObject({ score: 0, approved: false, warning: false, failure: 'nli_invalid' });
    expect(s.reason).toMatch(
      /NLI backend "fake" returned .*; a divergence must be a number in \[0, 1\]/,
    );
  });

  it('when the NLI throws or rejects', async () => {
    const throwing: NliBackend = {
      name: 'boom',
      divergence: () => {
        throw new Error('model exploded');
      },
    };
    const s = new CoherenceScorer({ nli: throwing }).review(prompt, 'Blue.');
    expect(s).toMatchObject({ score: 0, approved: false, failure: 'nli_error' });
    expect(s.reason).toBe('NLI backend "boom" threw: model exploded');
    const rejecting: NliBackend = {
      name: 'slow',
      divergence: async () => Promise.reject(new Error('503')),
    };
    const a = await new CoherenceScorer({ nli: rejecting }).reviewAsync(prompt, 'Blue.');
    expect(a).toMatchObject({
      score: 0,
      failure: 'nli_error',
      reason: 'NLI backend "slow" rejected: 503',
    });
  });

  it('when a batch returns the wrong number of values', async () => {
    const nli: NliBackend = { name: 'b', divergence: () => 0, divergenceBatch: async () => [0.1] };
    const kb = new InMemoryKnowledge().addFact('sky', 'blue');
    const s = await new CoherenceScorer({ nli, knowledge: kb }).reviewAsync(
      prompt,
      'The sky is blue.',
    );
    expect(s.failure).toBe('nli_invalid');
  });

  it('uses the batch method of an async model for both divergences', async () => {
    const seen: number[] = [];
    const nli: NliBackend = {
      name: 'model',
      divergence: async () => 0.2,
      divergenceBatch: async (pairs) => {
        seen.push(pairs.length);
        return pairs.map(() => 0.2);
      },
    };
    const kb = new InMemoryKnowledge().addFact('sky', 'blue');
    const s = await new CoherenceScorer({ nli, knowledge: kb }).reviewAsync(
      prompt,
      'The sky is blue.',
    );
    expect(seen).toEqual([2]);
    expect(s.hFactual).toBe(0.2);
    expect(s.failure).toBeNull();
  });

  it('when the knowledge source throws, rejects or returns garbage', async () => {
    const throwing: KnowledgeSource = {
      retrieve: () => {
        throw new Error('db down');
      },
    };
    expect(new CoherenceScorer({ knowledge: throwing }).review(prompt, 'Blue.')).toMatchObject({
      score: 0,
      failure: 'knowledge_error',
      reason: 'knowledge source threw: db down',
    });
    const rejecting: KnowledgeSource = {
      retrieve: async () => Promise.reject(new Error('timeout')),
    };
    expect(
      await new CoherenceScorer({ knowledge: rejecting }).reviewAsync(prompt, 'Blue.'),
    ).toMatchObject({
      failure: 'knowledge_error',
    });
    const garbage = { retrieve: () => 'not chunks' } as unknown as KnowledgeSource;
    expect(new CoherenceScorer({ knowledge: garbage }).review(prompt, 'Blue.').failure).toBe(
      'knowledge_error',
    );
    const holes = { retrieve: () => [null] } as unknown as KnowledgeSource;
    expect(new CoherenceScorer({ knowledge: holes }).review(prompt, 'Blue.').failure).toBe(
      'knowledge_error',
    );
  });

  it('when the knowledge source hangs past the deadline, and stops calling backends after', async () => {
    let nliCalls = 0;
    const hanging: KnowledgeSource = { retrieve: () => new Promise<EvidenceChunk[]>(() => {}) };
    const nli: NliBackend = {
      name: 'count',
      divergence: () => {
        nliCalls++;
        return 0;
      },
    };
    const s = await new CoherenceScorer({ knowledge: hanging, nli }).reviewAsync(prompt, 'Blue.', {
      timeoutMs: 20,
    });
    expect(s).toMatchObject({ score: 0, approved: false, failure: 'timeout' });
    expect(s.reason).toMatch(/within 20 ms/);
    expect(nliCalls).toBe(0);
  });

  it('when the caller aborts', async () => {
    const controller = new AbortController();
    const hanging: KnowledgeSource = { retrieve: () => new Promise<EvidenceChunk[]>(() => {}) };
    const pending = new CoherenceScorer({ knowledge: hanging }).reviewAsync(prompt, 'Blue.', {
      signal: controller.signal,
    });
    controller.abort();
    expect(await pending).toMatchObject({ failure: 'aborted', approved: false });
  });

  it('on empty or whitespace prompts and responses, and on responses without words', () => {
    const s = new CoherenceScorer();
    expect(s.review('', 'Blue.')).toMatchObject({
      failure: 'empty_prompt',
      score: 0,
      approved: false,
    });
    expect(s.review(' \n\t', 'Blue.').failure).toBe('empty_prompt');
    expect(s.review(prompt, '').failure).toBe('empty_response');
    expect(s.review(prompt, '   ').failure).toBe('empty_response');
    expect(s.review(prompt, '🎉🎉🎉').failure).toBe('no_content');
    expect(s.review(prompt, '\u0000\u0001\u0002').failure).toBe('no_content');
    expect(s.reviewSegment(prompt, ' ').failure).toBe('empty_response');
    expect(s.review(prompt, '🎉 Blue! 🎉').failure).toBeNull();
  });

  it('scores binary-ish text, and fails a 1 MB response closed as too long without crashing', () => {
    const s = new CoherenceScorer({ knowledge: facts() });
    const binary = s.review(prompt, '\u0000\u0001 sky \uFFFD blue \u0007');
    expect(binary.failure).toBeNull();
    expect(Number.isFinite(binary.score)).toBe(true);
    const megabyte = 'The sky is blue. '.repeat(Math.ceil(1_000_000 / 17));
    expect(megabyte.length).toBeGreaterThanOrEqual(1_000_000);
    const r = s.review(prompt, megabyte);
    expect(r).toMatchObject({ score: 0, approved: false, failure: 'too_long' });
    expect(r.reason).toMatch(/more than maxResponseChars \(200000\)/);
    expect(s.reviewSegment(prompt, 'blue '.repeat(250_000)).failure).toBe('too_long');
  });

  it('scores long responses up to the limit, sentence by sentence', () => {
    const s = new CoherenceScorer({ knowledge: facts(), maxResponseChars: 30_000 });
    const long = 'The sky is blue. '.repeat(1500);
    const r = s.review(prompt, `${long}The Eiffel Tower was completed in March 1899.`);
    expect(r.approved).toBe(false);
    expect(r.evidence.sentence).toBe('The Eiffel Tower was completed in March 1899.');
    expect(s.review(prompt, 'blue '.repeat(5000)).failure).toBeNull();
    expect(() => new CoherenceScorer({ maxResponseChars: 0 })).toThrow(
      /^maxResponseChars must be an integer ≥ 1 or Infinity/,
    );
  });
});

describe('CoherenceScorer with async backends', () => {
  it('review() refuses an async backend with a typed error pointing to reviewAsync', () => {
    const rejecting: NliBackend = { name: 'm', divergence: () => Promise.reject(new Error('x')) };
    const s = new CoherenceScorer({ nli: rejecting });
    let caught: unknown;
    try {
      s.review('What color is the sky?', 'Blue.');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BackfireError);
    expect((caught as BackfireError).code).toBe('BACKFIRE_BACKEND');
    expect((caught as Error).message).toMatch(/use reviewAsync\(\)/);
    const asyncKb: KnowledgeSource = { retrieve: async () => [] };
    expect(() => new CoherenceScorer({ knowledge: asyncKb }).review('Q?', 'A.')).toThrow(
      /knowledge source is asynchronous/,
    );
  });

  it('reviewAsync gives the same verdict as review for sync backends', async () => {
    const s = new CoherenceScorer({ knowledge: facts() });
    const answer = 'The Eiffel Tower was completed in March 1899.';
    expect(await s.reviewAsync('When?', answer)).toEqual(s.review('When?', answer));
    expect(await s.reviewSegmentAsync('When?', answer)).toEqual(s.reviewSegment('When?', answer));
  });
});

describe('CoherenceScorer input validation', () => {
  it('rejects bad options with the field named', () => {
    expect(() => new CoherenceScorer({ evidenceK: 0 })).toThrow(
      /^evidenceK must be an integer ≥ 1, got 0/,
    );
    expect(() => new CoherenceScorer({ answerPrior: 2 })).toThrow(
      /^answerPrior must be a number in \[0, 1\], got 2/,
    );
    expect(() => new CoherenceScorer({ answerPrior: Number.NaN })).toThrow(BackfireInputError);
    expect(() => new CoherenceScorer({ knowledge: {} as KnowledgeSource })).toThrow(
      /^knowledge must have a retrieve/,
    );
    expect(() => new CoherenceScorer({ nli: { name: 'x' } as NliBackend })).toThrow(
      /^nli must have a divergence/,
    );
    expect(() => new CoherenceScorer({ config: { wLogic: 0.5, wFact: 0.3 } })).toThrow(
      BackfireConfigError,
    );
  });

  it('rejects non-string text, bad tenants and bad deadlines', async () => {
    const s = new CoherenceScorer();
    expect(() => s.review(42 as unknown as string, 'a')).toThrow(
      /^prompt must be a string, got 42/,
    );
    expect(() => s.review('q', null as unknown as string)).toThrow(
      /^response must be a string, got null/,
    );
    expect(() => s.reviewSegment('q', 'a', { previous: 3 as unknown as string })).toThrow(
      /^previous must be a string/,
    );
    expect(() => s.review('q', 'a', { tenant: '' })).toThrow(/^tenant must be a non-empty string/);
    await expect(s.reviewAsync('q', 'a', { timeoutMs: -1 })).rejects.toThrow(
      /^timeoutMs must be a finite number > 0, got -1/,
    );
    await expect(s.reviewSegmentAsync('q', 'a', { timeoutMs: Number.NaN })).rejects.toThrow(
      BackfireInputError,
    );
  });
});

describe('promptOnlyAsks', () => {
  it('tells questions, requests and keywords from prompts that assert something', () => {
    expect(promptOnlyAsks('What color is the sky?')).toBe(true);
    expect(promptOnlyAsks('Tell me about the Eiffel Tower.')).toBe(true);
    expect(promptOnlyAsks('sky')).toBe(true);
    expect(promptOnlyAsks('Context: the museum opens at 9 am. When does it open?')).toBe(false);
  });
});
