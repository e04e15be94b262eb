import { describe, expect, it } from 'vitest';
import { BackfireInputError } from '../errors/errors.js';
import { createGuard } from '../guard/guard.js';
import { InMemoryKnowledge } from '../knowledge/in-memory.js';
import { CoherenceScorer } from './scorer.js';

const knowledge = () =>
  new InMemoryKnowledge()
    .addFact('height', 'The Eiffel Tower is 330 metres tall.')
    .addFact('office', 'The Harbor Group is a hotel company with its head office in Lisbon.');

describe('grounding modes', () => {
  it("defaults to 'contradiction' and rejects anything else, naming the field", () => {
    expect(new CoherenceScorer().grounding).toBe('contradiction');
    expect(new CoherenceScorer({ grounding: 'strict' }).grounding).toBe('strict');
    expect(() => new CoherenceScorer({ grounding: 'lenient' as never })).toThrow(
      BackfireInputError,
    );
    expect(() => new CoherenceScorer({ grounding: 'lenient' as never })).toThrow(/grounding/);
  });

  it('contradiction: true context the knowledge base never held passes', () => {
    const scorer = new CoherenceScorer({ knowledge: knowledge() });
    const r = scorer.review(
      'How tall is the Eiffel Tower?',
      'The Eiffel Tower stands in Paris, France.',
    );
    // Above the hard limit: a stream does not halt on it.
    expect(r.score).toBeGreaterThanOrEqual(0.5);
    expect(r.evidence.contradiction?.kind).not.toBe('unsupported');
  });

  it('strict: a claim the evidence does not support fails, naming the terms and the closest sentence', () => {
    const scorer = new CoherenceScorer({ knowledge: knowledge(), grounding: 'strict' });
    const r = scorer.review(
      'Where is the head office of the Harbor Group?',
      'The head office is in Lisbon, next to the Porto Bank.',
    );
    expect(r.score).toBeLessThan(0.5);
    expect(r.evidence.contradiction?.kind).toBe('unsupported');
    expect(r.evidence.contradiction?.detail).toBe('not in the evidence: porto, bank');
    expect(r.evidence.contradiction?.premiseSentence).toBe(
      'office: The Harbor Group is a hotel company with its head office in Lisbon.',
    );
  });

  it('strict: a supported answer and a right short answer pass', () => {
    const scorer = new CoherenceScorer({ knowledge: knowledge(), grounding: 'strict' });
    expect(
      scorer.review(
        'Where is the head office of the Harbor Group?',
        'Its head office is in Lisbon.',
      ).approved,
    ).toBe(true);
    expect(scorer.review('Where is the head office of the Harbor Group?', 'Lisbon').approved).toBe(
      true,
    );
  });

  it('both modes: an answer that fills the asked-for slot with something else fails', () => {
    for (const grounding of ['contradiction', 'strict'] as const) {
      const scorer = new CoherenceScorer({ knowledge: knowledge(), grounding });
      const r = scorer.review(
        'The Harbor Group has its head office in what city?',
        'Madrid, the capital of Spain.',
      );
      expect(r.score).toBeLessThan(0.5);
      expect(['substitution', 'entity', 'unsupported']).toContain(r.evidence.contradiction?.kind);
    }
  });

  it('the guard reports a strict-grounding halt as kind unsupported with the kernel numbers', async () => {
    const scorer = new CoherenceScorer({ knowledge: knowledge(), grounding: 'strict' });
    const guard = createGuard({
      scorer,
      prompt: 'How tall is the Eiffel Tower?',
      release: 'verified',
    });
    await guard.write('The Eiffel Tower is 330 metres tall. It was painted by Loiseau in Lyon. ');
    const result = await guard.end();
    expect(result.halt?.kind).toBe('unsupported');
    expect(result.halt?.reason).toMatch(/^unsupported \(0\.\d{4} < 0\.5\)$/);
    expect(result.halt?.suggestedAction).toMatch(/documents do not support/);
    expect(result.text).toBe('The Eiffel Tower is 330 metres tall. ');
  });

  it('the guard keeps hard_limit for a contradiction in strict mode', async () => {
    const scorer = new CoherenceScorer({ knowledge: knowledge(), grounding: 'strict' });
    const guard = createGuard({ scorer, prompt: 'How tall is the Eiffel Tower?' });
    await guard.write('The Eiffel Tower is 450 metres tall. ');
    const result = await guard.end();
    expect(result.halt?.kind).toBe('hard_limit');
  });
});
