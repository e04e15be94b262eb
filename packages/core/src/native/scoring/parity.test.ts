// Randomized parity: thousands of generated texts, pairs, stores and answers through the addon
// and through @backfire/core's TypeScript classes (kept on TypeScript with `native: false`) must
// give the same tokens, sentences, divergences, cues, chunk ids and scores — exactly (bit for bit:
// both sides do the same floating-point operations in the same order; docs/scoring.md). Seeds are
// fixed, so a failure names its replay.
import { rng } from '@backfire/test-support/rng';
import { describe, expect, it } from 'vitest';
import { InMemoryKnowledge } from '../../knowledge/index.js';
import { HeuristicNli } from '../../nli/index.js';
import { CoherenceScorer } from '../../scoring/index.js';
import { loadNative, type Native } from '../../test/native.js';
import { contentTerms, splitSentences, tokenize } from '../../text/index.js';

const native = loadNative();

// Words that reach every rule: stop words, negations and contractions, numbers (digits,
// separators, ordinals, units, years, days, spelled, scales, fractions, hedges), months, antonyms,
// comparatives, names and demonyms, requests, abbreviations, and other scripts.
const WORDS = [
  'the',
  'a',
  'an',
  'is',
  'was',
  'not',
  'no',
  'never',
  "doesn't",
  'isn’t',
  'won’t',
  'cannot',
  'rather',
  'than',
  'instead',
  'of',
  'other',
  'else',
  'before',
  'one',
  'but',
  'and',
  'it',
  'tower',
  'towers',
  'Eiffel',
  'Paris',
  'Parisian',
  'France',
  'French',
  'Mars',
  'Martian',
  'China',
  'Chinese',
  'Peru',
  'Peruvian',
  'bridge',
  'river',
  'Amazon',
  'volcano',
  'water',
  'boils',
  'boiling',
  'boiled',
  'completed',
  'complete',
  'cities',
  'classes',
  'status',
  'tall',
  'taller',
  'tallest',
  'short',
  'high',
  'higher',
  'low',
  'lower',
  'hot',
  'cold',
  'increase',
  'increases',
  'decrease',
  'absorb',
  'reflects',
  'left',
  'right',
  'east',
  'west',
  'more',
  'less',
  'better',
  'first',
  'last',
  'open',
  'closed',
  'true',
  'false',
  'summer',
  '1889',
  '1899',
  '1937',
  '2024',
  '330',
  '300',
  '3.5',
  '10,000',
  '1.000.5',
  '42',
  '7',
  '1st',
  '22nd',
  '3rd',
  '19th',
  '5km',
  '12kg',
  '60%',
  'two',
  'three',
  'seven',
  'twenty',
  'million',
  'billion',
  'hundred',
  'half',
  'third',
  'quarter',
  'about',
  'around',
  'nearly',
  'March',
  'march',
  'May',
  'may',
  'June',
  'December',
  'metres',
  'people',
  'visit',
  'year',
  'Tell',
  'Explain',
  'please',
  'What',
  'When',
  'How',
  'Dr.',
  'Mr.',
  'J.',
  'U.S.',
  'e.g.',
  'école',
  'ÉCOLE',
  'Straße',
  'ΟΔΟΣ',
  'İstanbul',
  '東京',
  '日本',
  'नमस्ते',
  'e\u0301t\u00e9',
  'ＡＢＣ',
  '１２３',
  'ﬁne',
  '🚀rocket',
  '😀',
  '—',
  '–',
  '(aside)',
  'x_y',
  'well-known',
  "Eiffel's",
  "o'clock",
  'students’',
  '٣٤',
  '½',
  '²',
  'Ⅻ',
  'ǅemal',
];
const ENDS = ['.', '.', '!', '?', '？', '…', '."', '.)', '', '。', ';', ','];
const GAPS = [' ', ' ', ' ', ', ', '; ', ': ', ' – ', ' (', ') ', '\u00a0', '\u3000', ' \u200b'];
const BREAKS = [' ', ' ', '  ', '\n', '\r\n', '\u2028', '\u0085', '\ufeff ', '\t'];

// Question-aware parity: names (runs, joiners, demonyms), question words, slots, options and
// order words, so substitution, swap, comparison and strict grounding's unsupported all fire.
const QA_WORDS = [
  ...WORDS.slice(0, 40),
  'Arden',
  'Weekly',
  'Modern',
  'Home',
  'Harbor',
  'Group',
  'Lisbon',
  'Madrid',
  'Mara',
  'Lind',
  'Ben',
  'Cole',
  'Peter',
  'Hale',
  'Ada',
  'Price',
  'Not',
  'No',
  'Ready',
  'of',
  'for',
  'the',
  'de',
  'and',
  'or',
  'between',
  'She',
  'He',
  'wife',
  'born',
  'founded',
  'directed',
  'by',
  'film',
  'band',
  'magazine',
  'city',
  'office',
  'head',
  'rock',
  'American',
  'Canadian',
  'English',
  'French',
  'Chinese',
  'Peruvian',
  'Martian',
  'Chilean',
  'first',
  'older',
  'younger',
  'later',
  'more',
  'largest',
  'tallest',
  'Yes',
  'yes',
  'Sure',
  'is',
  'was',
  'has',
  'in',
  '1844',
  '1956',
  '1960',
  '1989',
  '2006',
  '2008',
  '412',
  '300',
  'miles',
  '12',
  'May',
  'March',
];
const PEOPLE = ['Arden Weekly', 'Modern Home', 'Mara Lind', 'Peter Hale', 'Ada Price', 'Ben Cole'];
const NATIONS = ['American', 'Canadian', 'English', 'French', 'Chilean', 'Peruvian'];
const QUESTION_OPENERS = [
  'Who',
  'Which',
  'What',
  'When',
  'Where',
  'How many',
  'How long',
  'In what year',
  'What nationality',
  'What is the length of',
  'Which came first,',
  'Who is younger,',
  'Between',
  'Is',
  'Are both',
  'Did',
  'Tell me about',
];

function generator(seed: number, words: readonly string[] = WORDS) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const sentence = (): string => {
    const n = 1 + Math.floor(r() * 14);
    let s = '';
    for (let i = 0; i < n; i++) s += (i === 0 ? '' : pick(GAPS)) + pick(words);
    return s + pick(ENDS);
  };
  const text = (max = 4): string => {
    const n = 1 + Math.floor(r() * max);
    let s = '';
    for (let i = 0; i < n; i++) s += (i === 0 ? '' : pick(BREAKS)) + sentence();
    return s;
  };
  return { r, pick, sentence, text };
}

describe.skipIf(native === null)('randomized parity with @backfire/core (scoring)', () => {
  const n = native ?? ({} as Native);

  it('tokenizes and splits 5,000 texts alike', () => {
    const g = generator(101);
    for (let i = 0; i < 5000; i++) {
      const t = g.text(6);
      const got = n.analyzeText(t);
      const want = {
        tokens: tokenize(t),
        terms: contentTerms(t),
        sentences: splitSentences(t).map((s) => s.text),
      };
      if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `seed 101 #${i}`).toEqual(want);
    }
  });

  it('explains 3,000 pairs alike (divergence, contradiction, unsupported, cue)', () => {
    const g = generator(202);
    const ts = new HeuristicNli();
    const rust = new n.RustHeuristicNli();
    let cues = 0;
    for (let i = 0; i < 3000; i++) {
      // Premises repeat (as evidence does) so the caches are exercised too.
      const premise =
        i % 3 === 0
          ? 'The Eiffel Tower was completed in March 1889. It is 330 metres tall.'
          : g.text(5);
      const hypothesis =
        g.r() < 0.5 ? g.text(2) : premise.split(' ').slice(0, 6).join(' ') + g.sentence();
      const context = g.r() < 0.5 ? '' : g.sentence();
      const specifics = g.pick([undefined, true, false]);
      const options = specifics === undefined ? {} : { specifics };
      const a = rust.explain(premise, hypothesis, context, options);
      const b = ts.explain(premise, hypothesis, context, options);
      if (JSON.stringify(a) !== JSON.stringify(b)) expect(a, `seed 202 #${i}`).toEqual(b);
      if (b.cue !== null) cues++;
    }
    // The generator must reach the cues, or the comparison proves little.
    expect(cues).toBeGreaterThan(500);
  });

  it('explains 4,000 answers to questions alike (question-aware rules, both groundings)', () => {
    const g = generator(606, QA_WORDS);
    const ts = new HeuristicNli();
    const rust = new n.RustHeuristicNli();
    const kinds = new Map<string, number>();
    const fixed =
      'Arden Weekly (1844-1846) was a magazine in Lisbon. Modern Home is a magazine first ' +
      'published in 1989 in Madrid. Mara Lind (born 12 May 1960) is an American singer. She was ' +
      'married to Ben Cole. Peter Hale, better known as Ben Cole, was an English rock singer.';
    const words = (k: number) => Array.from({ length: k }, () => g.pick(QA_WORDS)).join(' ');
    for (let i = 0; i < 4000; i++) {
      if (i % 4 === 1) {
        // A template: two named things, dated and placed, asked about as "A or B" (comparison,
        // swap and substitution need both names in the evidence and the question).
        const [x, y] = [g.pick(PEOPLE), g.pick(PEOPLE)];
        const [nx, ny] = [g.pick(NATIONS), g.pick(NATIONS)];
        const [yx, yy] = [1800 + Math.floor(g.r() * 200), 1800 + Math.floor(g.r() * 200)];
        const premise =
          `${x} (born ${yx}) is a ${nx} singer${g.pick(['', ' from Lisbon', ' in Madrid'])}. ` +
          `${g.pick(['', 'She was married to Ben Cole. '])}${y} was founded in ${yy} as a ${ny} rock band.`;
        const question = g.pick([
          `Which came first, ${x} or ${y}?`,
          `Who is younger, ${x} or ${y}?`,
          `Which one is from Lisbon, ${x} or ${y}?`,
          `Between ${x} and ${y}, which one is ${nx}?`,
          `Are both ${x} and ${y} ${ny} bands?`,
          `What nationality is ${x}?`,
          `In what year was ${y} founded?`,
        ]);
        const hypothesis = g.pick([
          `${y} came first.`,
          `${x} is younger than ${y}.`,
          `${g.pick([x, y])}`,
          `Yes, ${x} is a ${ny} singer.`,
          `${x} is ${g.pick(NATIONS)}.`,
          `${y} was founded in ${g.pick([yx, yy, 1990])}.`,
          `Yes, both are ${ny} bands.`,
          `${y} is from Lisbon.`,
        ]);
        const options = {
          question,
          ...(g.r() < 0.3 ? {} : { answers: g.r() < 0.8 }),
          ...(g.r() < 0.5 ? {} : { grounding: g.pick(['contradiction', 'strict'] as const) }),
        };
        const a = rust.explain(premise, hypothesis, '', options);
        const b = ts.explain(premise, hypothesis, '', options);
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          expect(a, `seed 606 #${i}: ${JSON.stringify({ premise, hypothesis, options })}`).toEqual(
            b,
          );
        }
        if (b.cue !== null) kinds.set(b.cue.kind, (kinds.get(b.cue.kind) ?? 0) + 1);
        continue;
      }
      // Premises and questions repeat (as evidence and a stream's question do): caches too.
      const premise = i % 3 === 0 ? fixed : g.text(5);
      const question =
        i % 7 === 0
          ? g.pick(['', 'Who directed Northwind?', '?'])
          : `${g.pick(QUESTION_OPENERS)} ${words(2 + Math.floor(g.r() * 6))}${g.pick([', ', ' or ', ' and '])}${words(1 + Math.floor(g.r() * 3))}${g.pick(['?', '?', '.', ''])}`;
      const u = g.r();
      const hypothesis =
        u < 0.3
          ? words(1 + Math.floor(g.r() * 3)) + g.pick(['', '.'])
          : u < 0.6
            ? `${question.replace(/^(\w+ )/, '').replace(/[?.]$/, '')} ${words(2)}.`
            : u < 0.8
              ? premise.split(' ').slice(0, 8).join(' ') + g.sentence()
              : g.text(2);
      const context = g.r() < 0.7 ? '' : g.sentence();
      const options = {
        question,
        ...(g.r() < 0.3 ? {} : { answers: g.r() < 0.7 }),
        ...(g.r() < 0.3 ? {} : { grounding: g.pick(['contradiction', 'strict'] as const) }),
        ...(g.r() < 0.8 ? {} : { specifics: g.r() < 0.5 }),
      };
      const a = rust.explain(premise, hypothesis, context, options);
      const b = ts.explain(premise, hypothesis, context, options);
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        expect(
          a,
          `seed 606 #${i}: ${JSON.stringify({ premise, hypothesis, context, options })}`,
        ).toEqual(b);
      }
      if (b.cue !== null) kinds.set(b.cue.kind, (kinds.get(b.cue.kind) ?? 0) + 1);
    }
    // Every question-aware rule must fire, or the comparison proves little about it.
    for (const kind of ['substitution', 'swap', 'comparison', 'unsupported']) {
      expect(kinds.get(kind) ?? 0, `${kind}: ${JSON.stringify([...kinds])}`).toBeGreaterThan(20);
    }
  });

  it('retrieves 2,000 queries alike from randomly built, edited stores', () => {
    const g = generator(303);
    let hits = 0;
    for (let store = 0; store < 20; store++) {
      const rust = new n.RustKnowledge();
      const ts = new InMemoryKnowledge({ native: false });
      for (let i = 0; i < 60; i++) {
        const tenant = g.pick([undefined, undefined, 't1', 't2']);
        const opts = tenant === undefined ? {} : { tenant };
        const id = `d${Math.floor(g.r() * 40)}`;
        const u = g.r();
        if (u < 0.6) {
          const doc = { id, text: g.text(g.r() < 0.1 ? 40 : 5), ...opts };
          rust.addDocument(doc);
          ts.addDocument(doc);
        } else if (u < 0.85) {
          const value = g.sentence();
          rust.addFact(id, value, opts);
          ts.addFact(id, value, opts);
        } else {
          expect(rust.remove(id, opts)).toBe(ts.remove(id, opts));
        }
      }
      expect(rust.size).toBe(ts.size);
      for (let q = 0; q < 100; q++) {
        const query = g.sentence();
        const tenant = g.pick([undefined, 't1', 't2']);
        const opts = { k: 1 + Math.floor(g.r() * 6), ...(tenant === undefined ? {} : { tenant }) };
        const a = rust.retrieve(query, opts);
        const b = ts.retrieve(query, opts);
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          expect(a, `seed 303 store ${store} query ${q}`).toEqual(b);
        }
        hits += b.length;
      }
    }
    expect(hits).toBeGreaterThan(2000);
  });

  it('reviews 2,000 answers alike (score, verdict, evidence ids, cue, failures)', () => {
    const g = generator(404);
    const rustKb = new n.RustKnowledge();
    const tsKb = new InMemoryKnowledge({ native: false });
    for (let i = 0; i < 150; i++) {
      const doc = { id: `doc${i}`, text: g.text(5), ...(i % 5 === 0 ? { tenant: 'acme' } : {}) };
      rustKb.addDocument(doc);
      tsKb.addDocument(doc);
    }
    for (const [options, label] of [
      [{}, 'defaults'],
      [
        {
          evidenceK: 2,
          answerPrior: 0.2,
          maxResponseChars: 120,
          config: { wLogic: 0.5, wFact: 0.5 },
        },
        'options',
      ],
      [{ specifics: false }, 'lenient'],
      [{ grounding: 'strict' }, 'strict'],
    ] as const) {
      const { specifics, ...rest } = options as { specifics?: boolean; grounding?: 'strict' };
      const rust = new n.RustCoherenceScorer({
        ...rest,
        knowledge: rustKb,
        specifics: specifics ?? true,
      });
      const ts = new CoherenceScorer({
        ...rest,
        knowledge: tsKb,
        native: false,
        nli: new HeuristicNli({ specifics: specifics ?? true }),
      });
      for (let i = 0; i < 500; i++) {
        const prompt = g.r() < 0.05 ? ' ' : g.r() < 0.5 ? `${g.sentence()}?` : g.text(2);
        const answer = g.r() < 0.03 ? '🚀 !!' : g.text(3);
        const tenant = g.r() < 0.2 ? { tenant: 'acme' } : {};
        const previous = g.r() < 0.5 ? '' : g.text(3);
        const a =
          i % 2 === 0
            ? rust.review(prompt, answer, tenant)
            : rust.reviewSegment(prompt, answer, { previous, ...tenant });
        const b =
          i % 2 === 0
            ? ts.review(prompt, answer, tenant)
            : ts.reviewSegment(prompt, answer, { previous, ...tenant });
        if (JSON.stringify(a) !== JSON.stringify(b))
          expect(a, `seed 404 ${label} #${i}`).toEqual(b);
      }
      expect(rust.history).toEqual(ts.history);
    }
  });

  it('scores a batch in one crossing exactly as one call per segment', () => {
    const g = generator(505);
    const kb = new n.RustKnowledge();
    for (let i = 0; i < 50; i++) kb.addDocument({ id: `d${i}`, text: g.text(4) });
    const batch = new n.RustCoherenceScorer({ knowledge: kb });
    const single = new n.RustCoherenceScorer({ knowledge: kb });
    for (let round = 0; round < 50; round++) {
      const prompt = g.text(2);
      const segments = Array.from({ length: 1 + Math.floor(g.r() * 8) }, () => g.sentence());
      const previous = segments.map((_, i) => (i === 0 ? '' : segments[i - 1]!));
      const got = batch.reviewSegments(prompt, segments, previous);
      expect(got).toEqual(
        segments.map((s, i) => single.reviewSegment(prompt, s, { previous: previous[i]! })),
      );
    }
  });
});
