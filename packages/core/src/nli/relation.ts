import {
  isAttribute,
  knownName,
  type NameRun,
  namesAll,
  roleHolders,
  type Sentence,
  sameNumber,
  type Text,
} from './analyze.js';
import { DEMONYMS, PRONOUNS } from './lexicon.js';
import { CUE_STRENGTH, CueKeeper } from './strength.js';
import type { NliCue } from './types.js';

/**
 * A fact tied to the wrong subject: the figure or name a sentence gives is in the evidence, but
 * only where the evidence speaks of something else, while the evidence that speaks of the
 * sentence's subject gives another one ("Python … was created by James Gosling" when James Gosling
 * created Java and Python's sentence names Guido van Rossum; "Everest stands 8,611 metres tall"
 * when 8,611 metres is K2's height).
 *
 * The subject is the name the sentence opens with, or, when it opens with a pronoun ("It", "Its",
 * "She"), the name the sentence before it opens with.
 */

/** Share of the sentence's other terms the subject's evidence sentence must hold. */
export const RELATION_ALIGNMENT = 0.5;

/** The name a sentence opens with (its subject), if it opens with one. */
export function openingName(s: Sentence): NameRun | null {
  const run = s.names[0];
  if (run === undefined || run.start > 1 || isAttribute(run)) return null;
  return run;
}

/** The subject of `h`: its opening name, or the antecedent's when it opens with a pronoun. */
function subjectOf(h: Sentence, antecedent: NameRun | null): NameRun | null {
  const own = openingName(h);
  if (own !== null) return own;
  return PRONOUNS.has(h.first) ? antecedent : null;
}

function hasPronoun(s: Sentence): boolean {
  for (const w of PRONOUNS) if (s.stems.has(w)) return true;
  return false;
}

/** Share of `terms` present in `s`. */
function share(terms: readonly string[], s: Sentence): number {
  if (terms.length === 0) return 0;
  let n = 0;
  for (const t of terms) if (s.contentSet.has(t)) n++;
  return n / terms.length;
}

/** Share of a sentence's other terms the evidence sentence that restates it must hold. */
export const RESTATED_ALIGNMENT = 0.75;

/**
 * A name moved into another fact: the evidence sentence that says everything else the sentence
 * says names someone else there, and the evidence gives this name only in sentences that say
 * little of it ("The crew … splashed down in the Atlantic Ocean" — "… in the Pacific Ocean").
 */
function movedNameCue(h: Sentence, claims: readonly Sentence[], cues: CueKeeper): void {
  // The name a sentence opens with is its subject, which the evidence often goes on about with a
  // pronoun ("Its main span is…"): only the names it says something about can have moved.
  const opener = openingName(h);
  for (const run of h.names) {
    if (isAttribute(run) || run === opener) continue;
    const rest = h.base.filter((t) => !run.terms.includes(t) && !DEMONYMS.has(t));
    if (rest.length < 3) continue;
    let best = 0;
    for (const p of claims) best = Math.max(best, share(rest, p));
    if (best < RESTATED_ALIGNMENT) continue;
    const holders = claims.filter((p) => namesAll(p, run.terms));
    if (holders.length === 0 || holders.some((p) => share(rest, p) * 2 > best)) continue;
    for (const p of claims) {
      if (share(rest, p) !== best) continue;
      const other = p.names.find(
        (r) => !isAttribute(r) && r.terms.some((t) => !knownName(t, h.contentSet)),
      );
      if (other === undefined) continue;
      cues.consider(
        'swap',
        CUE_STRENGTH.swap,
        p.text,
        `${run.terms.join(' ')} belongs to another fact; here the evidence gives ${other.terms.join(' ')}`,
      );
      break;
    }
  }
}

/**
 * Claims that may speak of `subject`: those that name it, and after one, those that name no one or
 * hold a pronoun (read generously, as for the sentence's own subject).
 */
function aboutClaims(subject: readonly string[], claims: readonly Sentence[]): boolean[] {
  const about: boolean[] = [];
  let named = false;
  for (const s of claims) {
    const own = namesAll(s, subject);
    about.push(own || (named && (s.names.length === 0 || hasPronoun(s))));
    named ||= own;
  }
  return about;
}

/**
 * A fact said of two names at once ("Both Pizza Barn and Crust Club were founded in Ohio",
 * "Tellan and Brisk are located in Harlow Province") must hold of both: when the evidence gives
 * the name it ties to them for one of them only, and what it says of the other names something
 * else and never this name, the claim has carried one's fact over to the other.
 */
function jointSubjectCue(h: Sentence, claims: readonly Sentence[], cues: CueKeeper): void {
  const runs = h.names.filter((r) => !isAttribute(r));
  // A capitalised first word is a name here when "and" joins it to the next ("Tellan and
  // Brisk are…"): only a name run of two words may open a sentence.
  if (h.lead !== null && (runs[0]?.start ?? 0) === 2) {
    runs.unshift({ start: 0, end: 1, terms: [h.lead] });
  }
  if (runs.length < 3) return;
  const [a, b] = runs as [NameRun, NameRun];
  if (a.start > 2 || b.start !== a.end + 1) return;
  if (!h.ands.includes(a.end)) return;
  const subjects = [a, b];
  const about = subjects.map((s) => aboutClaims(s.terms, claims));
  if (about.some((flags) => !flags.some(Boolean))) return;
  for (const x of runs.slice(2)) {
    const holds = about.map((flags) => claims.some((p, i) => flags[i] && namesAll(p, x.terms)));
    if (holds[0] === holds[1]) continue;
    const [held, lacking] = holds[0] ? [a, b] : [b, a];
    for (const p of claims) {
      if (!namesAll(p, lacking.terms)) continue;
      const other = p.names.find(
        (r) => !isAttribute(r) && !r.terms.some((t) => knownName(t, h.contentSet)),
      );
      if (other === undefined) continue;
      cues.consider(
        'swap',
        CUE_STRENGTH.swap,
        p.text,
        `${x.terms.join(' ')} is said of ${held.terms.join(' ')}; of ${lacking.terms.join(' ')} the evidence gives ${other.terms.join(' ')}`,
      );
      return;
    }
  }
}

/**
 * A passive's agent taken from another role: the sentence says a name did something ("The
 * ceremony was chaired by X"), the evidence names X only elsewhere and gives the agent of that
 * same word as someone else, in a sentence that says the rest of the claim ("The ceremony was
 * chaired by Y.").
 */
function agentCue(h: Sentence, claims: readonly Sentence[], cues: CueKeeper): void {
  // Only a sentence with a "by" names an agent (and most have none: keep them cheap).
  if (!h.stems.has('by')) return;
  const runs = h.names.filter((r) => !isAttribute(r));
  const inRuns = new Set(runs.flatMap((r) => r.terms));
  for (const run of runs) {
    const first = run.terms[0]!;
    if (!h.pairs.has(`by ${first}`) || !claims.some((p) => namesAll(p, run.terms))) continue;
    const own = new Set(run.terms);
    // The role: a content word of the sentence, not of a name, whose next content word is the
    // name's first ("chaired by François Cluzet" → "chair").
    for (const role of h.content) {
      if (inRuns.has(role) || !h.pairs.has(`${role} ${first}`)) continue;
      // The evidence gives this name that role somewhere.
      if (
        claims.some((p) => roleHolders(p, role).some((r) => r.terms.some((t) => knownName(t, own))))
      ) {
        continue;
      }
      const rest = h.base.filter((t) => t !== role && !inRuns.has(t) && !DEMONYMS.has(t));
      if (rest.length === 0) continue;
      for (const p of claims) {
        if (share(rest, p) < RELATION_ALIGNMENT) continue;
        const holder = roleHolders(p, role).find(
          (r) => !r.terms.some((t) => knownName(t, h.contentSet)),
        );
        if (holder === undefined) continue;
        cues.consider(
          'swap',
          CUE_STRENGTH.swap,
          p.text,
          `${role} by ${holder.terms.join(' ')}, not ${run.terms.join(' ')}`,
        );
        break;
      }
    }
  }
}

export function relationCue(h: Sentence, premise: Text, antecedent: NameRun | null): NliCue | null {
  const claims = premise.sentences.filter((p) => !p.question);
  const cues = new CueKeeper(h.text);
  movedNameCue(h, claims, cues);
  jointSubjectCue(h, claims, cues);
  agentCue(h, claims, cues);
  const subject = subjectOf(h, antecedent);
  if (subject === null) return cues.best;
  // Nothing to tie: no figure, and no name besides the subject.
  const runs = h.names.filter((r) => r !== subject && !isAttribute(r));
  if (h.numbers.length === 0 && runs.length === 0) return cues.best;
  // A sentence speaks of a name when it names it, or may go on about it after a sentence that
  // named it, with a pronoun or naming no one ("Marie Curie was born in 1867. … In 1903 she…",
  // "The battery lasts…"): read generously, so that a fact is only ever said to be someone
  // else's when no sentence can be about the subject.
  const about = aboutClaims(subject.terms, claims);
  if (!about.some(Boolean)) return cues.best;
  const subjectTerms = new Set(subject.terms);

  // Figures: the sentence's number is stated only away from the subject, and the subject's own
  // sentence with that unit gives another.
  for (const n of h.numbers) {
    const holders = claims.filter((p) => p.numbers.some((m) => sameNumber(n, m)));
    if (holders.length === 0 || holders.some((p) => about[claims.indexOf(p)])) continue;
    for (const [i, p] of claims.entries()) {
      if (!about[i]) continue;
      const other = p.numbers.find((m) => m.unit === n.unit && !sameNumber(n, m));
      if (other === undefined) continue;
      const kind = n.unit === '#year' || n.unit === '#day' ? 'date' : 'number';
      cues.consider(
        kind,
        CUE_STRENGTH[kind],
        p.text,
        `${n.text} is said of another; of ${subject.terms.join(' ')} the evidence gives ${other.text}`,
      );
      break;
    }
  }

  // Names: a name the evidence gives only away from the subject, where the subject's sentence
  // that says the rest of the claim names someone else.
  const inRuns = new Set(runs.flatMap((r) => r.terms));
  const rest = h.base.filter((t) => !inRuns.has(t) && !subjectTerms.has(t) && !DEMONYMS.has(t));
  if (rest.length > 0) {
    for (const run of runs) {
      const holders = claims.filter((p) => namesAll(p, run.terms));
      if (holders.length === 0 || holders.some((p) => about[claims.indexOf(p)])) continue;
      for (const [i, p] of claims.entries()) {
        if (!about[i] || share(rest, p) < RELATION_ALIGNMENT) continue;
        const other = p.names.find(
          (r) =>
            !isAttribute(r) &&
            !r.terms.some((t) => knownName(t, h.contentSet) || subjectTerms.has(t)),
        );
        if (other === undefined) continue;
        cues.consider(
          'swap',
          CUE_STRENGTH.swap,
          p.text,
          `${run.terms.join(' ')} is said of another; of ${subject.terms.join(' ')} the evidence gives ${other.terms.join(' ')}`,
        );
        break;
      }
    }
  }
  return cues.best;
}
