import { ASKING_WORDS } from '../nli/lexicon.js';
import { splitSentences } from '../text/sentences.js';
import { tokenize } from '../text/tokenize.js';

/**
 * Whether the prompt only asks (questions, requests, bare keywords) and asserts nothing a
 * response could be entailed by. A sentence asks when it ends in "?" or starts with a question or
 * request word; a prompt of three words or fewer is a keyword query.
 */
export function promptOnlyAsks(prompt: string): boolean {
  const sentences = splitSentences(prompt);
  if (tokenize(prompt).length <= 3) return true;
  for (const s of sentences) {
    const words = tokenize(s.text);
    if (words.length === 0) continue;
    const text = s.text.trimEnd();
    if (text.endsWith('?') || text.endsWith('？')) continue;
    if (ASKING_WORDS.has(words[0]!)) continue;
    return false;
  }
  return true;
}
