/**
 * What the built-in scripted model knows: the knowledge base every new session starts with, and
 * the answers it streams. Some answers restate the facts (they stream to the end); one states a
 * wrong height (Backfire halts it). Changing a fact in the side panel flips the outcome of the
 * answers that depend on it — that is the point of the demo.
 */

export interface Fact {
  readonly id: string;
  readonly text: string;
}

export const DEFAULT_FACTS: readonly Fact[] = [
  { id: 'eiffel-height', text: 'The Eiffel Tower is 330 metres tall.' },
  { id: 'eiffel-completed', text: 'The Eiffel Tower was completed in 1889.' },
  { id: 'eiffel-location', text: 'The Eiffel Tower stands on the Champ de Mars in Paris.' },
  { id: 'apollo-launch', text: 'Apollo 11 launched from Kennedy Space Center on July 16, 1969.' },
  { id: 'apollo-landing', text: 'Apollo 11 landed on the Moon on July 20, 1969.' },
  {
    id: 'apollo-crew',
    text: 'The Apollo 11 crew was Neil Armstrong, Buzz Aldrin and Michael Collins.',
  },
  { id: 'first-moonwalker', text: 'Neil Armstrong was the first person to walk on the Moon.' },
  {
    id: 'apollo-aldrin',
    text: 'Buzz Aldrin joined Neil Armstrong on the lunar surface about 20 minutes later.',
  },
  {
    id: 'apollo-collins',
    text: 'Michael Collins stayed in lunar orbit aboard the command module Columbia.',
  },
  {
    id: 'apollo-samples',
    text: 'The Apollo 11 astronauts collected 21.5 kilograms of lunar rock and soil.',
  },
  { id: 'apollo-return', text: 'Apollo 11 splashed down in the Pacific Ocean on July 24, 1969.' },
  { id: 'water-boiling', text: 'Water boils at 100 degrees Celsius at sea level.' },
  { id: 'water-altitude', text: 'At higher altitudes water boils at a lower temperature.' },
];

export interface ScriptedAnswer {
  /** A suggested question that leads to this answer (shown as a chip on the page). */
  readonly question: string;
  /** Matched against the lower-cased question; every word must occur. */
  readonly match: readonly string[];
  readonly answer: string;
}

// Order matters: the first entry whose words all occur in the question wins.
export const ANSWERS: readonly ScriptedAnswer[] = [
  {
    question: 'Tell me about the Eiffel Tower.',
    match: ['about', 'eiffel'],
    answer:
      'The Eiffel Tower stands on the Champ de Mars in Paris. It was completed in 1889. The Eiffel Tower is 450 metres tall. It is one of the most visited monuments in the world.',
  },
  {
    question: 'How tall is the Eiffel Tower?',
    match: ['tall', 'eiffel'],
    answer: 'The Eiffel Tower is 330 metres tall. It stands on the Champ de Mars in Paris.',
  },
  {
    question: 'When was the Eiffel Tower completed?',
    match: ['eiffel'],
    answer: 'The Eiffel Tower was completed in 1889. It stands on the Champ de Mars in Paris.',
  },
  {
    question: 'Tell me the story of Apollo 11.',
    match: ['story', 'apollo'],
    answer:
      'Apollo 11 launched from Kennedy Space Center on July 16, 1969. Apollo 11 landed on the Moon on July 20, 1969. The Apollo 11 crew was Neil Armstrong, Buzz Aldrin and Michael Collins. Neil Armstrong was the first person to walk on the Moon. Buzz Aldrin joined Neil Armstrong on the lunar surface about 20 minutes later. Michael Collins stayed in lunar orbit aboard the command module Columbia. The Apollo 11 astronauts collected 21.5 kilograms of lunar rock and soil. Apollo 11 splashed down in the Pacific Ocean on July 24, 1969.',
  },
  {
    question: 'When did Apollo 11 land on the Moon?',
    match: ['apollo'],
    answer:
      'Apollo 11 landed on the Moon on July 20, 1969. Neil Armstrong was the first person to walk on the Moon.',
  },
  {
    question: 'Who was the first person to walk on the Moon?',
    match: ['moon'],
    answer:
      'Neil Armstrong was the first person to walk on the Moon. Buzz Aldrin joined him on the lunar surface about 20 minutes later.',
  },
  {
    question: 'At what temperature does water boil?',
    match: ['water'],
    answer:
      'Water boils at 100 degrees Celsius at sea level. At higher altitudes water boils at a lower temperature.',
  },
];

export const FALLBACK_ANSWER = 'I am a scripted demo model, so I only know a few facts.';

/** The scripted answer for a question (the fallback when nothing matches). */
export function answerFor(question: string): string {
  const q = question.toLowerCase();
  return ANSWERS.find((a) => a.match.every((word) => q.includes(word)))?.answer ?? FALLBACK_ANSWER;
}
