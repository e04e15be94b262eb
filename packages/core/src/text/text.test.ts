import { describe, expect, it } from 'vitest';
import {
  contentTerms,
  isNegation,
  splitSentences,
  stem,
  termOf,
  tokenize,
  wordTokens,
} from './index.js';

describe('tokenize', () => {
  it('keeps contractions whole, with either apostrophe', () => {
    expect(tokenize("The sky doesn't look blue")).toEqual([
      'the',
      'sky',
      "doesn't",
      'look',
      'blue',
    ]);
    expect(tokenize('It isn’t and can’t be')).toEqual(['it', "isn't", 'and', "can't", 'be']);
    expect(isNegation("doesn't")).toBe(true);
    expect(isNegation(tokenize('won’t')[0]!)).toBe(true);
  });

  it('drops the possessive clitic but keeps other apostrophes inside words', () => {
    expect(tokenize("Eiffel's tower, o'clock, students' books")).toEqual([
      'eiffel',
      'tower',
      "o'clock",
      'students',
      'books',
    ]);
  });

  it('keeps decimals and thousands as one number token', () => {
    expect(tokenize('It is 3.5 km long and 10,000 people live there.')).toEqual([
      'it',
      'is',
      '3.5',
      'km',
      'long',
      'and',
      '10,000',
      'people',
      'live',
      'there',
    ]);
    // A trailing dot or comma is punctuation, not part of the number.
    expect(tokenize('In 1889. Then 12, 13')).toEqual(['in', '1889', 'then', '12', '13']);
  });

  it('splits on hyphens, underscores, symbols and emoji, and lower-cases Unicode letters', () => {
    expect(tokenize('Well-known snake_case 🚀rocket ÉCOLE Straße')).toEqual([
      'well',
      'known',
      'snake',
      'case',
      'rocket',
      'école',
      'straße',
    ]);
  });

  it('applies NFKC so full-width and ligature forms match their plain forms', () => {
    expect(tokenize('ＡＢＣ １２３ ﬁne')).toEqual(['abc', '123', 'fine']);
  });

  it('reads letters outside Latin, marks included', () => {
    expect(tokenize('東京 は 日本 の 首都')).toEqual(['東京', 'は', '日本', 'の', '首都']);
    expect(tokenize('नमस्ते दुनिया')).toEqual(['नमस्ते', 'दुनिया']);
  });

  it('returns nothing for text without words', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  \n\t ')).toEqual([]);
    expect(tokenize('🎉🎉 !!! ---')).toEqual([]);
    expect(tokenize('\u0000\u0001\u0002')).toEqual([]);
  });

  it('marks capitalised tokens and their offsets in the normalised text', () => {
    const tokens = wordTokens('The Eiffel tower');
    expect(tokens.map((t) => t.capitalized)).toEqual([true, true, false]);
    expect(tokens.map((t) => t.start)).toEqual([0, 4, 11]);
  });
});

describe('terms', () => {
  it('stems so inflections of a word meet', () => {
    expect(stem('boils')).toBe(stem('boiling'));
    expect(stem('boiled')).toBe('boil');
    expect(stem('completed')).toBe(stem('complete'));
    expect(stem('cities')).toBe('city');
    expect(stem('classes')).toBe('class');
    expect(stem('glass')).toBe('glass');
    expect(stem('status')).toBe('status');
    expect(stem('speed')).toBe('speed');
    expect(stem('école')).toBe('école');
  });

  it('drops stop words and negations and unifies number spellings', () => {
    expect(contentTerms('The water is not boiling at 10,000 metres')).toEqual([
      'water',
      'boil',
      '10000',
      'metr',
    ]);
    expect(termOf('10,000')).toBe(termOf('10000'));
  });

  it('never lets a number match a longer number', () => {
    expect(contentTerms('1 10 100')).toEqual(['1', '10', '100']);
  });
});

describe('splitSentences', () => {
  it('splits on terminators followed by space, not inside decimals or after abbreviations', () => {
    const text = 'Dr. Smith paid $3.50 at 5 p.m. today. Was it J. K. Rowling? Yes! It was…  Fine.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Dr. Smith paid $3.50 at 5 p.m. today.',
      'Was it J. K. Rowling?',
      'Yes!',
      'It was…',
      'Fine.',
    ]);
  });

  it('treats line breaks as boundaries and keeps closing quotes with their sentence', () => {
    const text = '- first item\n- second item\n"Quoted." (Aside.) Next';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      '- first item',
      '- second item',
      '"Quoted."',
      '(Aside.)',
      'Next',
    ]);
  });

  it('reports offsets that slice back to each sentence', () => {
    const text = '  One. 🚀 Two?  ';
    const spans = splitSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['One.', '🚀 Two?']);
  });

  it('ends a sentence after a possessive "s", but not after an initial', () => {
    expect(
      splitSentences("It is 38 percent of Earth's. Its soil is red. Ask J. Smith.").map(
        (s) => s.text,
      ),
    ).toEqual(["It is 38 percent of Earth's.", 'Its soil is red.', 'Ask J. Smith.']);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences(' \n ')).toEqual([]);
  });
});
