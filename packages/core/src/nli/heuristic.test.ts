import { describe, expect, it } from 'vitest';
import { CUE_STRENGTH, HeuristicNli, SINGLE_SPECIFIC_STRENGTH } from './index.js';

const nli = new HeuristicNli();
const d = (p: string, h: string) => nli.divergence(p, h);

describe('HeuristicNli', () => {
  it('is a sync NliBackend with a name and a batch method that matches single calls', () => {
    expect(nli.name).toBe('heuristic');
    const pairs = [
      ['The sky is blue.', 'The sky is blue.'],
      ['The sky is blue.', 'The sky is not blue.'],
    ] as const;
    expect(nli.divergenceBatch(pairs)).toEqual(pairs.map(([p, h]) => d(p, h)));
  });

  it('scores an exact restatement 0, an unrelated sentence 0.5', () => {
    expect(d('The sky is blue.', 'The sky is blue.')).toBe(0);
    expect(d('The sky is blue.', 'Planet Mars is red.')).toBe(0.5);
    expect(d('', 'The sky is blue.')).toBe(0.5);
    expect(d('The sky is blue.', '')).toBe(0.5);
  });

  it('combines contradiction c and unsupported share u as c + (1 − c)·0.5·u', () => {
    const e = nli.explain('The sky is blue.', "The sky doesn't look blue.");
    expect(e.contradiction).toBe(CUE_STRENGTH.negation);
    expect(e.unsupported).toBeCloseTo(1 / 3, 15);
    expect(e.divergence).toBeCloseTo(0.9 + 0.1 * 0.5 * (1 / 3), 15);
  });

  it('sees negation in contractions, far above a faithful paraphrase', () => {
    const negated = d('The sky is blue.', "The sky doesn't look blue.");
    const curly = d('The sky is blue.', 'The sky doesn’t look blue.');
    const paraphrase = d('The sky is blue.', 'The sky looks blue.');
    expect(negated).toBeGreaterThanOrEqual(0.25);
    expect(curly).toBe(negated);
    expect(negated - paraphrase).toBeGreaterThan(0.5);
    expect(d('the cat is not here', 'the cat is here')).toBeGreaterThanOrEqual(0.7);
  });

  it('reads the scope of a negation instead of counting negation words', () => {
    const premise = 'The name comes from Monty Python, not from the snake.';
    expect(d(premise, 'The name comes from Monty Python.')).toBe(0);
    expect(d(premise, 'The name comes from the snake.')).toBeGreaterThan(0.8);
    expect(d(premise, 'It comes from the snake rather than Monty Python.')).toBeGreaterThan(0.8);
    expect(d('No bridges cross the Amazon.', 'The Amazon has no bridge.')).toBeLessThan(0.2);
    expect(
      d('It carries more water than any other river.', 'No other river carries as much water.'),
    ).toBeLessThan(0.2);
  });

  it('reads "no X is taller" as a superlative, not a denial', () => {
    const premise = 'Olympus Mons is the tallest volcano in the solar system.';
    expect(
      nli.explain(premise, 'No volcano in the solar system is taller than Olympus Mons.').cue,
    ).toBeNull();
    expect(nli.explain(premise, 'Olympus Mons is not a volcano.').cue?.kind).toBe('negation');
  });

  it('catches numbers and dates that differ for the same subject, never substrings', () => {
    expect(
      d('The tower was completed in 1889.', 'The tower was completed in 1899.'),
    ).toBeGreaterThan(0.85);
    expect(d('The tower was completed in 1889.', 'In 1889 the tower was finished.')).toBeLessThan(
      0.3,
    );
    expect(d('Layer 1 is quantum.', 'Layer 10 is quantum.')).toBeGreaterThan(0.85);
    // A hedged figure agrees only when it is a rounding of the other (rounder, within 10%).
    expect(d('It is 330 metres tall.', 'It is about 300 metres tall.')).toBeLessThan(0.3);
    expect(d('It is 375 miles long.', 'It is around 400 miles long.')).toBeLessThan(0.3);
    expect(d('It is 330 metres tall.', 'It is about 320 metres tall.')).toBeGreaterThan(0.85);
    expect(d('It is about 375 miles long.', 'It is about 386 miles long.')).toBeGreaterThan(0.85);
    expect(d('It is 330 metres tall.', 'It is 320 metres tall.')).toBeGreaterThan(0.85);
    expect(d('It costs 10,000 dollars.', 'It costs 10000 dollars.')).toBe(0);
    expect(d('It opened in March 2024.', 'It opened in April 2024.')).toBeGreaterThan(0.85);
    expect(d('The heart has four chambers.', 'The heart has 3 chambers.')).toBeGreaterThan(0.85);
    expect(d('About one third of the oxygen.', 'About two thirds of the oxygen.')).toBeGreaterThan(
      0.85,
    );
    // Different units are different facts, not a contradiction.
    expect(
      nli.explain('It is 330 metres tall.', 'It is 330 metres tall and weighs 7,300 tonnes.').cue
        ?.kind,
    ).toBe('unsupported_specific');
  });

  it('catches antonyms, including a pair both sentences use in different places', () => {
    expect(d('Water expands when it freezes.', 'Water contracts when it freezes.')).toBeGreaterThan(
      0.8,
    );
    expect(
      d(
        'At higher altitude water boils at a lower temperature.',
        'At higher altitude water boils at a higher temperature.',
      ),
    ).toBeGreaterThan(0.8);
    expect(d('Water expands when it freezes.', 'Freezing water expands.')).toBeLessThan(0.3);
  });

  it('catches a swapped name but not a capitalised first word or a demonym', () => {
    const e = nli.explain(
      'The chief engineer was Joseph Strauss.',
      'The chief engineer was Washington Roebling.',
    );
    expect(e.cue?.kind).toBe('entity');
    expect(e.divergence).toBeGreaterThan(0.8);
    expect(d('The tower is in Paris.', 'Paris is where the tower is.')).toBe(0);
    expect(d('Hillary came from New Zealand.', 'Hillary was a New Zealander.')).toBeLessThan(0.3);
    expect(
      nli.explain('Olympus Mons on Mars is a volcano.', 'Olympus Mons is a Martian volcano.').cue,
    ).toBeNull();
  });

  it('does not call an entity named in the context "replaced"', () => {
    const premise = 'Olympus Mons is the tallest volcano.';
    const h = 'The Tharsis region hosts the tallest volcano.';
    expect(nli.explain(premise, h).cue?.kind).toBe('entity');
    expect(nli.explain(premise, h, 'What is Olympus Mons?').cue?.kind).toBe('unsupported_specific');
  });

  it('treats several unbacked numbers or names as a likely fabrication, one as a detail', () => {
    const premise = 'The tower is repainted every seven years.';
    const one = nli.explain(premise, 'The tower was last repainted by Loiseau.');
    const many = nli.explain(
      premise,
      'The tower was repainted in 2019 by 25 painters from Loiseau.',
    );
    expect(one.contradiction).toBe(SINGLE_SPECIFIC_STRENGTH);
    expect(many.contradiction).toBe(CUE_STRENGTH.unsupported_specific);
    expect(many.cue?.kind).toBe('unsupported_specific');
  });

  it('lets the caller switch the unsupported-specifics cue off, per call or per instance', () => {
    const premise = 'The tower is repainted every seven years.';
    const h = 'The tower was repainted in 2019 by 25 painters from Loiseau.';
    expect(nli.explain(premise, h, '', { specifics: false }).cue).toBeNull();
    const lenient = new HeuristicNli({ specifics: false });
    expect(lenient.explain(premise, h).cue).toBeNull();
    expect(lenient.explain(premise, h, '', { specifics: true }).cue?.kind).toBe(
      'unsupported_specific',
    );
    // Contradictions still count.
    expect(
      lenient.divergence('The tower was completed in 1889.', 'The tower was completed in 1899.'),
    ).toBeGreaterThan(0.85);
    expect(() => new HeuristicNli({ specifics: 'yes' as unknown as boolean })).toThrow(
      /^specifics must be a boolean/,
    );
  });

  it('never lets a question contradict (a question asserts nothing)', () => {
    expect(
      nli.explain('Is the tower taller than 300 metres?', 'The tower is 330 metres tall.').cue,
    ).toBeNull();
    expect(nli.explain('Is the sky not blue?', 'The sky is blue.').cue).toBeNull();
  });

  it('uses context only to find the subject of a vague sentence', () => {
    const premise =
      'Hillary and Norgay reached the summit on 29 May 1953. K2 was first climbed in 1954.';
    const vague = 'They got there on 29 May 1963.';
    expect(nli.explain(premise, vague).cue).toBeNull();
    const withContext = nli.explain(
      premise,
      vague,
      'Hillary and Norgay were the first to reach the summit.',
    );
    expect(withContext.cue?.kind).toBe('date');
    expect(withContext.cue?.premiseSentence).toBe(
      'Hillary and Norgay reached the summit on 29 May 1953.',
    );
  });

  it('says which sentence contradicted which', () => {
    const e = nli.explain(
      'The tower was completed in 1889. It is 330 metres tall.',
      'It is 330 metres tall. It was completed in 1899.',
    );
    expect(e.cue).toMatchObject({
      kind: 'date',
      hypothesisSentence: 'It was completed in 1899.',
      premiseSentence: 'The tower was completed in 1889.',
      detail: '1899 vs 1889',
    });
  });

  it('stays in [0, 1] and deterministic on hostile text', () => {
    const inputs = [
      '',
      ' ',
      '🎉🎉',
      '\u0000\u0001\uFFFF',
      'ＡＢＣ',
      'a'.repeat(10_000),
      '1.2.3.4',
      'not not not',
    ];
    for (const p of inputs) {
      for (const h of inputs) {
        const v = d(p, h);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        expect(d(p, h)).toBe(v);
      }
    }
    const big = 'The tower is tall. '.repeat(50_000);
    expect(d('The tower is tall.', big)).toBe(0);
  });
});
