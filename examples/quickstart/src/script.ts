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
