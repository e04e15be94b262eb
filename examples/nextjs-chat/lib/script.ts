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
  /**
   * True: the model ignores a correction note and says the same thing again (a repair cannot fix
   * it, so the answer ends halted once the attempts run out).
   */
  readonly stubborn?: boolean;
  /** False: no chip on the page (the question is still answered when typed). Default true. */
  readonly suggested?: boolean;
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
    // Not offered as a chip: the end-to-end tests type it to see a repair that cannot help.
    question: 'How tall is the Eiffel Tower, really?',
    match: ['really', 'eiffel'],
    answer: 'The Eiffel Tower is 450 metres tall. It stands on the Champ de Mars in Paris.',
    stubborn: true,
    suggested: false,
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

/** The questions offered as chips on the page. */
export const SUGGESTED: readonly ScriptedAnswer[] = ANSWERS.filter((a) => a.suggested !== false);

function entryFor(question: string): ScriptedAnswer | undefined {
  const q = question.toLowerCase();
  return ANSWERS.find((a) => a.match.every((word) => q.includes(word)));
}

/** The scripted answer for a question (the fallback when nothing matches). */
export function answerFor(question: string): string {
  return entryFor(question)?.answer ?? FALLBACK_ANSWER;
}

/**
 * What the scripted model streams when Backfire asks it to repair an answer (the `repair`
 * option): `kept` is the verified part of its answer, `note` the correction note. Like a model
 * that takes the correction, it replaces the withheld sentence with the fact(s) the note names and
 * goes on with the rest of its answer. A note that names no fact, or a stubborn answer, gets the
 * withheld sentence again (so the repair halts again).
 */
export function continuationFor(question: string, kept: string, note: string): string {
  const entry = entryFor(question);
  const answer = entry?.answer ?? FALLBACK_ANSWER;
  const withheld = /withheld: "([^"\n]*)"/.exec(note)?.[1]?.trim() ?? '';
  const facts = note
    .split('\n')
    .filter((line) => line.startsWith('- '))
    // Facts are stored as `<id>: <text>`; a model would not repeat the id.
    .map((line) =>
      line
        .slice(2)
        .trim()
        .replace(/^[\w-]+: /, ''),
    )
    .filter((fact) => fact !== '');
  const at = withheld === '' ? -1 : answer.indexOf(withheld);
  let body: string;
  if (at === -1) {
    body = answer.slice(Math.min(kept.length, answer.length)).trimStart();
  } else if (entry?.stubborn === true || facts.length === 0) {
    body = answer.slice(at);
  } else {
    const rest = answer.slice(at + withheld.length).trim();
    body = [...facts, rest].filter((s) => s !== '').join(' ');
  }
  const space = kept === '' || /\s$/.test(kept) || body === '' ? '' : ' ';
  return space + body;
}

/** The correction note Backfire sends with a repair call: its first line quotes the withheld sentence. */
export function isCorrectionNote(text: string): boolean {
  return /withheld: "/.test(text) && /Continue the answer/.test(text);
}
