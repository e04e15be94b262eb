import { CLAUSE_JOINS } from './lexicon.js';

/**
 * The clauses of a sentence that joins two claims ("It was created by X, and its first version
 * was released in 1991."; "It landed on 20 July 1971, when the module touched down…"). Each is
 * checked on its own as well, so that one clause's words do not pull the sentence towards the
 * evidence for the other.
 */

/** The clauses of `text`, or an empty list when it has only one. */
export function splitClauses(text: string): string[] {
  const cuts: number[] = [];
  for (const join of CLAUSE_JOINS) {
    let at = text.indexOf(join);
    while (at >= 0) {
      cuts.push(at);
      at = text.indexOf(join, at + join.length);
    }
  }
  if (cuts.length === 0) return [];
  cuts.sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    if (cut > from) out.push(text.slice(from, cut));
    // Skip the comma or semicolon; the conjunction stays with its clause.
    from = cut + 1;
  }
  out.push(text.slice(from));
  return out.map((c) => c.trim()).filter((c) => c !== '');
}
