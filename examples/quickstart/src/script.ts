/**
 * The demo's knowledge base and its scripted model. The model is a generator with realistic token
 * timing, so the terminal shows exactly what a user of a guarded chat would see.
 */
export const FACTS: Record<string, string> = {
  'apollo 11 landing': 'Apollo 11 landed on the Moon on July 20, 1969.',
  'apollo 11 crew': 'The Apollo 11 crew was Neil Armstrong, Buzz Aldrin and Michael Collins.',
  'first moonwalker': 'Neil Armstrong was the first person to walk on the Moon.',
  'eiffel tower height': 'The Eiffel Tower is 330 metres tall.',
  'eiffel tower completion': 'The Eiffel Tower was completed in 1889.',
  'water boiling point': 'Water boils at 100 degrees Celsius at sea level.',
};

export interface ScriptedTurn {
  prompt: string;
  answer: string;
}

export const TURNS: ScriptedTurn[] = [
  {
    prompt: 'When did Apollo 11 land on the Moon, and who walked on it first?',
    answer:
      'Apollo 11 landed on the Moon on July 20, 1969. Neil Armstrong was the first person to walk on the Moon. The crew also included Buzz Aldrin and Michael Collins.',
  },
  {
    prompt: 'Tell me about the Eiffel Tower.',
    answer:
      'The Eiffel Tower in Paris was completed in 1889. The Eiffel Tower is 450 metres tall. It is one of the most visited monuments in the world.',
  },
];

/** The scripted answer for a prompt. */
export function answerFor(prompt: string): string {
  return TURNS.find((t) => t.prompt === prompt)?.answer ?? 'I do not know.';
}

/** The turn the demo repeats with `repair: { attempts: 1 }`: the halted one. */
export const REPAIRED_TURN: ScriptedTurn = TURNS[1]!;

/**
 * What the scripted model says when Backfire asks it to repair an answer: the prompt ends with
 * the verified part of its answer and a correction note that quotes the withheld sentence and
 * lists the fact it contradicted. Like a model that takes the correction, it states that fact
 * instead of the withheld sentence and goes on with the rest of its answer.
 */
export function continuationFor(prompt: string, kept: string, note: string): string {
  const answer = answerFor(prompt);
  const withheld = /withheld: "([^"\n]*)"/u.exec(note)?.[1]?.trim() ?? '';
  const facts = note
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .map((line) => withoutFactId(line.slice(2).trim()));
  const at = withheld === '' ? -1 : answer.indexOf(withheld);
  // No fact named, or a sentence it cannot find: it says the same thing again.
  const body =
    at === -1 || facts.length === 0
      ? answer.slice(Math.min(kept.length, answer.length)).trimStart()
      : [...facts, answer.slice(at + withheld.length).trim()].filter((s) => s !== '').join(' ');
  return kept === '' || /\s$/u.test(kept) ? body : ` ${body}`;
}

/** Backfire's correction note (`repairNote` in @backfire/core/repair) quotes the withheld sentence. */
export function isCorrectionNote(text: string): boolean {
  return text.includes('withheld: "') && text.includes('Continue the answer');
}

/** Knowledge chunks read `<id>: <text>`; a model would state only the text. */
export function withoutFactId(fact: string): string {
  const id = Object.keys(FACTS).find((key) => fact.startsWith(`${key}: `));
  return id === undefined ? fact : fact.slice(id.length + 2);
}
