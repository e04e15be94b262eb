import { isNegation, isStopWord } from '../text/stopwords.js';
import { stem } from '../text/terms.js';
import { normalizeText, wordTokens } from '../text/tokenize.js';
import {
  isAttribute,
  knownName,
  type NameRun,
  type NumberMention,
  nameRuns,
  namesAll,
  roleHolders,
  type Sentence,
  sameName,
  sameNumber,
  type Text,
} from './analyze.js';
import {
  AUXILIARIES,
  DATE_NOUNS,
  DEMONYMS,
  DISCOURSE_MARKERS,
  EARLIER_WORDS,
  GRADED,
  LATER_WORDS,
  MEASURE_NOUNS,
  NATIONALITY_NOUNS,
  NUMBER_AFTER_HOW,
} from './lexicon.js';
import { CUE_STRENGTH, CueKeeper } from './strength.js';
import type { NliCue } from './types.js';

/**
 * Question-aware checks of an answer sentence against the evidence. The plain heuristic compares
 * an answer with the evidence on its own; these rules read the answer together with the question
 * it answers, which is what a short answer needs ("Delhi" is a claim only next to "the head office
 * is in what city?"):
 *
 * - substitution: the evidence sentence that matches the question fills the asked-for slot with X;
 *   the answer fills it with Y, which the evidence never mentions.
 * - swap: the answer ties an attribute (a nationality) to an entity; the evidence gives that entity
 *   another one, and the attribute belongs to someone else.
 * - comparison: "which came first, A or B?" — the answer picks the one the evidence dates later.
 * - unsupported (strict grounding only): the answer's specific claims — names, numbers, dates, and
 *   for short answers every word that answers the question — are nowhere in the evidence.
 *
 * Every cue names the rule and the words it fired on.
 */

/** What the question asks for. */
export type AnswerSlot = 'name' | 'number' | 'date' | 'nationality' | 'boolean' | 'any';

export interface QuestionInfo {
  readonly slot: AnswerSlot;
  /** Content terms of the question. */
  readonly terms: ReadonlySet<string>;
  /** Multi-word names of the question. */
  readonly names: readonly NameRun[];
  /** 'earlier' / 'later' for "which came first / last, A or B?"; null otherwise. */
  readonly order: 'earlier' | 'later' | null;
  /** The question compares amounts ("more", "largest"): options are not told apart by words. */
  readonly graded: boolean;
  /** The two options of "A or B" (their content terms), when the question offers them. */
  readonly options: readonly (readonly string[])[];
  readonly numbers: readonly NumberMention[];
  /** The question says "both" ("Are both A and B American?", "Are A and B both bands?"). */
  readonly both: boolean;
  /**
   * The role the question asks the name of, when it ends its clause on it: the stem of the word
   * before the question word and its prepositions ("directed by whom?" → "direct", "owned by
   * who?" → "own", "born in which city?" → "born"); null otherwise.
   */
  readonly role: string | null;
}

const BOOLEAN_STARTS: ReadonlySet<string> = new Set(AUXILIARIES);

/** A measure noun within the next three words ("what was the population", "what is its height"). */
function measureAhead(tokens: ReturnType<typeof wordTokens>, from: number): boolean {
  for (let j = from; j < Math.min(tokens.length, from + 3); j++) {
    if (MEASURE_NOUNS.has(tokens[j]!.norm)) return true;
  }
  return false;
}

/**
 * A date noun as the first word after `from` that is not a stop word, within the next three
 * words ("what year", "what was the year").
 */
function dateAhead(tokens: ReturnType<typeof wordTokens>, from: number): boolean {
  for (let j = from; j < Math.min(tokens.length, from + 3); j++) {
    const t = tokens[j]!.norm;
    if (DATE_NOUNS.has(t)) return true;
    if (!isStopWord(t)) return false;
  }
  return false;
}

/** "… a population of what?": the measure or date noun the question word completes. */
function ofWhat(tokens: ReturnType<typeof wordTokens>, i: number): AnswerSlot | null {
  if (i < 2 || tokens[i]!.norm !== 'what' || tokens[i - 1]!.norm !== 'of') return null;
  const noun = tokens[i - 2]!.norm;
  if (MEASURE_NOUNS.has(noun)) return 'number';
  if (DATE_NOUNS.has(noun)) return 'date';
  return null;
}

/** Reads what a question asks for from its wording; `text` is the prompt's question sentences. */
export function readQuestion(text: string, parsed: Text): QuestionInfo {
  const tokens = wordTokens(text);
  // A question that opens with "is/are/did/…" asks yes or no first, whatever it asks after
  // ("Is Everest changing, and what is the air like at the top?").
  const yesNo = tokens.length > 0 && BOOLEAN_STARTS.has(tokens[0]!.norm);
  let slot: AnswerSlot = yesNo ? 'boolean' : 'any';
  let asked = false;
  let askedAt = -1;
  for (let i = 0; i < (yesNo ? 0 : tokens.length); i++) {
    const t = tokens[i]!.norm;
    const next = tokens[i + 1]?.norm ?? '';
    let found: AnswerSlot;
    const completed = ofWhat(tokens, i);
    if (t === 'when') found = 'date';
    else if (completed !== null) found = completed;
    else if (t === 'how' && NUMBER_AFTER_HOW.has(next)) found = 'number';
    else if ((t === 'what' || t === 'which') && dateAhead(tokens, i + 1)) found = 'date';
    else if ((t === 'what' || t === 'which') && NATIONALITY_NOUNS.has(next)) found = 'nationality';
    else if ((t === 'what' || t === 'which') && measureAhead(tokens, i + 1)) found = 'number';
    else if (t === 'who' || t === 'whom' || t === 'whose' || t === 'where') found = 'name';
    else if (t === 'what' || t === 'which') found = 'name';
    else continue;
    // A question word that opens the question ("Which…", "In what year…") is what it asks. One
    // further in may be a relative ("…a nominee, who received a star … in what year?", "the
    // city in which he was born"): then the first "what" asks, failing that the last word.
    if (i <= 1) {
      slot = found;
      askedAt = i;
      break;
    }
    if (t === 'what') {
      if (!asked) {
        slot = found;
        askedAt = i;
      }
      asked = true;
    } else if (!asked) {
      slot = found;
      askedAt = i;
    }
  }
  // The role: a passive's agent ("…a film directed by whom?", "brought about by which
  // politician?"): the lower-case word before "by" and any stop words.
  let role: string | null = null;
  let r = askedAt - 1;
  if (tokens[r]?.norm !== 'by') r = -1;
  while (r >= 0 && isStopWord(tokens[r]!.norm)) r--;
  if (r >= 0) {
    const t = tokens[r]!;
    if (!t.capitalized && !isNegation(t.norm) && !/[0-9]/.test(t.norm)) role = stem(t.norm);
  }
  let order: 'earlier' | 'later' | null = null;
  let orderAt = -1;
  // "A or B", or "between A and B".
  const between = tokens.findIndex((t) => t.norm === 'between');
  const orAt =
    tokens.findIndex((t) => t.norm === 'or') > 0
      ? tokens.findIndex((t) => t.norm === 'or')
      : between >= 0
        ? tokens.findIndex((t, i) => i > between && t.norm === 'and')
        : -1;
  if (orAt > 0) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (EARLIER_WORDS.has(t.norm)) order = 'earlier';
      else if (LATER_WORDS.has(t.norm)) order = 'later';
      else continue;
      orderAt = i;
      break;
    }
  }
  const options: string[][] = [];
  if (orAt > 0) {
    const runs = nameRuns(tokens, normalizeText(text));
    const before = runs.filter((r) => r.end <= orAt);
    const a = (orderAt >= 0 ? before.find((r) => r.start > orderAt) : undefined) ?? before.at(-1);
    const b = runs.find((r) => r.start > orAt);
    if (a !== undefined && b !== undefined) options.push(a.terms, b.terms);
  }
  const terms = new Set<string>();
  const numbers: NumberMention[] = [];
  const names: NameRun[] = [];
  for (const s of parsed.sentences) {
    names.push(...s.names);
    for (const t of s.content) terms.add(t);
    numbers.push(...s.numbers);
  }
  // "more", "most", …, or a superlative after "the" ("the largest"; not "forest", "interest").
  const graded = tokens.some(
    (t, i) =>
      GRADED.has(t.norm) ||
      (t.norm.length >= 6 && t.norm.endsWith('est') && tokens[i - 1]?.norm === 'the'),
  );
  const both = tokens.some((t) => t.norm === 'both');
  return { slot, terms, names, order, graded, options, numbers, both, role };
}

interface Specific {
  readonly kind: 'name' | 'number' | 'date' | 'nationality';
  readonly term: string;
  readonly text: string;
  readonly number: NumberMention | null;
}

/**
 * A short answer ("Mumbai, the financial capital of India.") reads its first word as a name, and
 * its words as the filler of the question's slot.
 */
export const SHORT_ANSWER_WORDS = 8;

/** Longest fragment read as a bare filler ("hydrogen peroxide", "a famous musician"). */
export const FRAGMENT_WORDS = 3;

/** Share of an answer's own words that must come from the question for it to read as "the
 * question, restated, plus its answer" ("Milhouse was named after a famous musician"). */
export const RESTATE_SHARE = 0.6;

/**
 * Whether a sentence opens with a name of its own ("The Foxes are…", "Kings of Leon is…") rather
 * than going on about the one before it ("She was…", "In 1903 she…"). A capitalised first word
 * counts here, where the sentence is asked whether it is about a name.
 */
function opensWithName(s: Sentence): boolean {
  return (s.names[0]?.start ?? 2) <= 1 || s.lead !== null;
}

/**
 * Share of `terms` in claim `i`, read together with the claim before it when it does not open
 * with a name of its own ("… the Dutch series "Het Huis Anubis". It first aired in September
 * 2006."): a pronoun carries its antecedent's words.
 */
function pronounShare(terms: ReadonlySet<string>, claims: readonly Sentence[], i: number): number {
  const p = claims[i]!;
  const prev = claims[i - 1];
  if (prev === undefined || (p.names[0]?.start ?? 2) <= 1) return share(terms, p);
  if (terms.size === 0) return 0;
  let n = 0;
  for (const t of terms) if (p.contentSet.has(t) || prev.contentSet.has(t)) n++;
  return n / terms.size;
}

/**
 * Share of `terms` in claim `i` together with another claim that names one of its names in full
 * (the bridge of a two-step question).
 */
function bridgedShare(terms: ReadonlySet<string>, claims: readonly Sentence[], i: number): number {
  const p = claims[i]!;
  if (terms.size === 0) return 0;
  let best = 0;
  for (const [j, c] of claims.entries()) {
    if (j === i) continue;
    const named = (a: Sentence, b: Sentence) => a.names.some((r) => namesAll(b, r.terms));
    if (!named(p, c) && !named(c, p)) continue;
    let n = 0;
    for (const t of terms) if (p.contentSet.has(t) || c.contentSet.has(t)) n++;
    best = Math.max(best, n / terms.size);
  }
  return best;
}

/** The answer is mostly the question's words plus a filler. */
function restates(h: Sentence, q: QuestionInfo): boolean {
  if (h.base.length < 2) return false;
  let n = 0;
  for (const t of h.base) if (q.terms.has(t)) n++;
  return n / h.base.length >= RESTATE_SHARE;
}

/**
 * A bare filler: a few words with no verb of being or having and no chatty opener. Its words are
 * the answer; a sentence is read for its names and numbers only.
 */
function isFragment(h: Sentence): boolean {
  return h.words <= FRAGMENT_WORDS && !DISCOURSE_MARKERS.has(h.first) && !h.clause;
}

function specificsOf(h: Sentence): Specific[] {
  const out: Specific[] = [];
  const names = [...h.entities];
  if (h.lead !== null && h.words <= SHORT_ANSWER_WORDS && !names.includes(h.lead)) {
    names.unshift(h.lead);
  }
  for (const term of names) {
    if (term === 'yes' || term === 'no') continue;
    const kind = DEMONYMS.has(term) ? 'nationality' : 'name';
    out.push({ kind, term, text: term, number: null });
  }
  for (const n of h.numbers) {
    out.push({
      kind: n.unit === '#year' || n.unit === '#day' ? 'date' : 'number',
      term: n.text,
      text: n.text,
      number: n,
    });
  }
  return out;
}

function supportedIn(spec: Specific, s: Sentence): boolean {
  if (spec.number !== null) return s.numbers.some((m) => sameNumber(spec.number!, m));
  return knownName(spec.term, s.contentSet);
}

function inQuestion(spec: Specific, q: QuestionInfo): boolean {
  if (spec.number !== null) return q.numbers.some((m) => sameNumber(spec.number!, m));
  return knownName(spec.term, q.terms);
}

/** Share of `terms` present in `s`. */
function share(terms: ReadonlySet<string>, s: Sentence): number {
  if (terms.size === 0) return 0;
  let n = 0;
  for (const t of terms) if (s.contentSet.has(t)) n++;
  return n / terms.size;
}

function fits(slot: AnswerSlot, kind: Specific['kind']): boolean {
  if (slot === 'any' || slot === 'boolean') return kind === 'name';
  if (slot === 'number') return kind === 'number';
  if (slot === 'date') return kind === 'date';
  if (slot === 'nationality') return kind === 'nationality' || kind === 'name';
  return kind === 'name' || kind === 'nationality';
}

/** Specifics a premise sentence offers that neither the question nor the answer mention. */
function fillers(p: Sentence, q: QuestionInfo, h: Sentence, slot: AnswerSlot): Specific[] {
  // A name belongs to the question if any word of it does ("Harbor Group" when the question
  // says "Harbor"): its other words are not a filler.
  const questionRuns = p.names.filter((r) => r.terms.some((t) => knownName(t, q.terms)));
  return specificsOf(p).filter(
    (f) =>
      fits(slot, f.kind) &&
      !inQuestion(f, q) &&
      !questionRuns.some((r) => r.terms.includes(f.term)) &&
      !(f.number !== null
        ? h.numbers.some((m) => sameNumber(f.number!, m))
        : knownName(f.term, h.contentSet)),
  );
}

export interface AnswerCheckOptions {
  /** The answer sentence is its first (or restates the question): it is the answer. */
  readonly answers: boolean;
  readonly strict: boolean;
}

/** The rest of a claim must hold this many terms, this much of them in one evidence sentence. */
export const DISPLACED_MIN_TERMS = 3;
export const DISPLACED_ALIGNMENT = 0.5;

/** Sentences after a name that may still be about it ("She was…"). */
export const PRONOUN_REACH = 2;

/** Share of the question's terms an evidence sentence must hold to be "the" sentence it asks about. */
export const QUESTION_ALIGNMENT_FULL = 0.25;

export function answerCue(
  h: Sentence,
  premise: Text,
  q: QuestionInfo,
  options: AnswerCheckOptions,
): NliCue | null {
  const claims = premise.sentences.filter((p) => !p.question);
  if (claims.length === 0) return null;
  const cues = new CueKeeper(h.text);
  const consider = cues.consider;
  const specs = specificsOf(h);
  const fresh = specs.filter((s) => !inQuestion(s, q));
  const unsupported = fresh.filter((s) => !claims.some((p) => supportedIn(s, p)));
  // The evidence sentence the question is about: most of the question's terms, then most of the
  // answer's own supported terms.
  let top = 0;
  let closest: Sentence | null = null;
  for (const p of claims) {
    const a = share(q.terms, p);
    if (a > top) {
      top = a;
      closest = p;
    }
  }

  // Substitution: the answer's own filler for the slot is unknown to the evidence, while the
  // sentence the question is about fills it with something else. The filler is the answer's
  // specifics of the asked-for kind; failing those, the words it adds to the question.
  const added = h.base.filter((t) => !q.terms.has(t) && t !== 'yes' && t !== 'no');
  const absent = added.filter((t) => !premise.content.has(t));
  // Only a question that names its slot (who, when, how many, what city…) has one to fill.
  if (options.answers && q.slot !== 'boolean' && q.slot !== 'any' && closest !== null) {
    const slotted = fresh.filter((s) => fits(q.slot, s.kind));
    // A name is wrong when any word of it is unknown ("Michael Sheen" where the evidence has
    // "Robert Michael Sheehan"), unless the question says that word.
    const slottedUnsupported = (where: readonly Sentence[]) =>
      slotted.filter((s) => {
        if (!where.some((p) => supportedIn(s, p))) return true;
        if (s.number !== null) return false;
        const run = h.names.find((r) => r.terms.includes(s.term));
        return (
          run?.terms.some(
            (t) => !knownName(t, q.terms) && !where.some((p) => knownName(t, p.contentSet)),
          ) === true
        );
      });
    // A claim that restates the question must find its filler where the question's evidence is:
    // the sentences holding at least half the best share of the question, and the sentences that
    // share a name with them (the bridge of a two-step question).
    const aligned = claims.filter((p) => {
      const a = share(q.terms, p);
      return a > 0 && a * 2 >= top;
    });
    const bridged = claims.map(
      (p) => aligned.includes(p) || aligned.some((a) => a.names.some((r) => namesAll(p, r.terms))),
    );
    // …and what a bridged sentence that opens with a pronoun ("She was married to…") refers to.
    const near = claims.filter(
      (_, i) =>
        bridged[i] ||
        claims.some(
          (c, j) => bridged[j] && j > i && j - i <= PRONOUN_REACH && (c.names[0]?.start ?? 2) > 1,
        ),
    );
    const misplaced = restates(h, q) && !isFragment(h);
    const wrong = slottedUnsupported(misplaced ? near : claims);
    let said = '';
    if (slotted.length > 0) {
      if (wrong.length === slotted.length) said = wrong.map((s) => s.text).join(' ');
      // A short answer leads with its filler; what follows it qualifies it ("Mumbai, the
      // financial capital of India"): the lead alone decides.
      else if (h.words <= SHORT_ANSWER_WORDS && wrong[0] === slotted[0]) said = slotted[0]!.text;
    } else if (
      (q.slot === 'name' || q.slot === 'nationality') &&
      (isFragment(h) || restates(h, q)) &&
      absent.length > 0 &&
      absent.length * 2 >= added.length
    ) {
      // Words alone are a filler only in a short answer or a restated question, and only for a
      // slot words can fill: an answer to "how tall?" without a number ("It is in Paris.") has not
      // answered yet, it has not answered wrongly.
      said = absent.join(' ');
    } else if (
      (q.slot === 'number' || q.slot === 'date') &&
      fresh.length === 0 &&
      h.months.length === 0 &&
      restates(h, q) &&
      absent.length > 0 &&
      absent.length * 2 >= added.length
    ) {
      // The question restated with common words where its figure goes ("The narrator of the
      // novel is a young girl", "The bridge was built a long time ago"): it has answered, without
      // the figure the evidence gives. A name it adds ("The Eiffel Tower is in Paris.") is another
      // fact, said before the answer.
      said = absent.join(' ');
    }
    // The unit of the answer's own figure, if it gives one.
    const unit = wrong.find((s) => s.number !== null)?.number?.unit ?? null;
    if (said !== '') {
      // A question's qualifiers may sit in several sentences ("which genus … in the world's
      // seventh-largest country"): every sentence holding at least half the best share may fill.
      for (const [i, p] of claims.entries()) {
        const aligned = pronounShare(q.terms, claims, i);
        // A number or date slot is rarely filled twice: any sentence on the subject may fill it.
        const numeric = q.slot === 'number' || q.slot === 'date';
        if (aligned === 0 || (!numeric && aligned * 2 < top)) continue;
        // The evidence's filler is always a specific of the asked-for kind (a name, a number, a
        // date): an answer that paraphrases the evidence in other words is not a substitution.
        // The evidence's filler of the same kind as the answer's, where it has one ("1989", not
        // the "2" of "2 March 1989", against a year).
        const offered = fillers(p, q, h, q.slot);
        const other = (offered.find((f) => f.number?.unit === unit) ?? offered[0])?.text;
        if (other === undefined) continue;
        // A two-step question spreads its words over two sentences joined by a name ("the
        // winner of the race" … "Buemi won the race." "Buemi (born 1988)…"): the pair counts.
        const joined = Math.max(aligned, bridgedShare(q.terms, claims, i));
        consider(
          'substitution',
          CUE_STRENGTH.substitution *
            Math.min(
              1,
              joined / (numeric ? Math.min(top, QUESTION_ALIGNMENT_FULL) : QUESTION_ALIGNMENT_FULL),
            ),
          p.text,
          `answers ${said}; the evidence gives ${other}`,
        );
      }
    }
  }

  // Role: the question asks who holds a role ("…a film directed by whom?"); the evidence names
  // that role's holder right after the role's word ("directed by Robert Zemeckis and written by
  // Neil Gaiman"), the answer names someone else and never the holder: it took a name the
  // evidence gives in another role.
  if (options.answers && q.slot === 'name' && q.role !== null) {
    const named = fresh.filter((s) => s.kind === 'name');
    if (named.length > 0) {
      let holder: NameRun | null = null;
      let holderText = '';
      let answered = false;
      for (const p of claims) {
        for (const run of roleHolders(p, q.role)) {
          if (run.terms.some((t) => knownName(t, h.contentSet))) answered = true;
          else if (holder === null && !run.terms.some((t) => knownName(t, q.terms))) {
            holder = run;
            holderText = p.text;
          }
        }
      }
      if (!answered && holder !== null) {
        consider(
          'swap',
          CUE_STRENGTH.swap,
          holderText,
          `${q.role} by ${holder.terms.join(' ')}, not ${named.map((s) => s.text).join(' ')}`,
        );
      }
    }
  }

  // Swap: a nationality tied to a name the evidence gives another nationality ("Yukio Mishima is
  // Chilean"). Names are whole ("Eiffel Tower", not "tower").
  // Only a name that opens the sentence is its subject: in "The wife of James Miller was
  // American" the nationality is the wife's.
  const subjects = h.names
    .filter((r) => !isAttribute(r))
    .slice(0, 1)
    .filter((r) => r.start <= 1)
    .map((r) => r.terms);
  // A yes/no answer that names no one ("Yes, both are American bands.") asserts the question's
  // own claim about the question's names.
  if (q.slot === 'boolean' && subjects.length === 0) {
    subjects.push(...q.names.filter((r) => !isAttribute(r)).map((r) => r.terms));
  }

  // A sentence is about a name if it names it, or if the nearest of the PRONOUN_REACH sentences
  // before it that names anyone names it ("Marie Curie was born in 1867. In 1903 she shared…";
  // in "A sang on a single. B is a singer. In 2007, he was inducted…" he is B). A sentence that
  // opens with a name of its own ("The Foxes are…") is about that name.
  const mentions = (i: number, run: readonly string[]): boolean => {
    if (namesAll(claims[i]!, run)) return true;
    if (opensWithName(claims[i]!)) return false;
    for (let j = i - 1; j >= Math.max(0, i - PRONOUN_REACH); j--) {
      const s = claims[j]!;
      if (namesAll(s, run)) return true;
      if (s.names.some((r) => !isAttribute(r))) return false;
    }
    return false;
  };
  const attrs = specs.filter(
    (s) => s.kind === 'nationality' && claims.some((p) => supportedIn(s, p)),
  );
  for (const attr of attrs) {
    for (const subject of subjects) {
      if (subject.some((t) => sameName(t, attr.term))) continue;
      const about = claims.filter((_, i) => mentions(i, subject));
      if (about.length === 0 || about.some((p) => supportedIn(attr, p))) continue;
      for (const p of about) {
        if (!namesAll(p, subject)) continue;
        const other = specificsOf(p).find(
          (o) => o.kind === 'nationality' && !knownName(o.term, h.contentSet),
        );
        if (other === undefined) continue;
        consider(
          'swap',
          CUE_STRENGTH.swap,
          p.text,
          `${subject.join(' ')}: ${other.text}, not ${attr.text}`,
        );
        break;
      }
    }
  }

  // Displaced name: the evidence sentence that says the rest of the claim names someone else
  // ("Neil Gaiman directed Beowulf" — "Beowulf … directed by Robert Zemeckis").
  const runs = h.names.filter((r) => !isAttribute(r)).map((r) => r.terms);
  const inRuns = new Set(runs.flat());
  const rest = h.base.filter((t) => !inRuns.has(t) && !DEMONYMS.has(t));
  if (runs.length > 1 && rest.length >= DISPLACED_MIN_TERMS) {
    const restSet = new Set(rest);
    let bestShare = 0;
    for (const p of claims) bestShare = Math.max(bestShare, share(restSet, p));
    if (bestShare >= DISPLACED_ALIGNMENT) {
      for (const [i, p] of claims.entries()) {
        if (share(restSet, p) !== bestShare) continue;
        // Anchored by a name the sentence itself says; the displaced one is not even nearby.
        const gone = runs.filter((r) => !mentions(i, r));
        if (gone.length === 0 || !runs.some((r) => namesAll(p, r))) continue;
        const other = p.names.find(
          (r) =>
            !isAttribute(r) &&
            !r.terms.some((t) => knownName(t, h.contentSet) || knownName(t, q.terms)),
        );
        if (other === undefined) continue;
        consider(
          'swap',
          CUE_STRENGTH.swap,
          p.text,
          `${gone.map((r) => r.join(' ')).join(', ')} vs ${other.terms.join(' ')}`,
        );
      }
    }
  }

  // The evidence sentence that says most of `predicate` about the name `terms`, and that share.
  const heldOf = (
    terms: readonly string[],
    predicate: ReadonlySet<string>,
  ): { share: number; text: string; named: boolean } => {
    let bestShare = 0;
    let text = '';
    let named = false;
    for (const [i, p] of claims.entries()) {
      if (!mentions(i, terms)) continue;
      named = true;
      const sh = share(predicate, p);
      if (sh > bestShare) {
        bestShare = sh;
        text = p.text;
      }
    }
    return { share: bestShare, text, named };
  };

  // Both: "Are both A and B …?" answered yes when the evidence says it of one of them only, or
  // "no, only A" when it says it of both alike.
  const pair = q.names.filter((r) => !isAttribute(r));
  if (
    q.slot === 'boolean' &&
    q.both &&
    options.answers &&
    pair.length === 2 &&
    (h.first === 'yes' || (h.first === 'no' && h.stems.has('only')))
  ) {
    const [a, b] = pair as [NameRun, NameRun];
    const optionTerms = new Set([...a.terms, ...b.terms]);
    const predicate = new Set(
      [...q.terms].filter((t) => !optionTerms.has(t) && !knownName(t, optionTerms)),
    );
    const heldA = heldOf(a.terms, predicate);
    const heldB = heldOf(b.terms, predicate);
    const [more, less, moreRun, lessRun] =
      heldA.share >= heldB.share ? [heldA, heldB, a, b] : [heldB, heldA, b, a];
    // Both names must be found: "Pam Veasey" is not found as "Pamela Renea Veasey".
    if (predicate.size > 0 && more.share >= QUESTION_ALIGNMENT_FULL && less.named) {
      if (h.first === 'yes' && less.share * 2 <= more.share) {
        consider(
          'comparison',
          CUE_STRENGTH.comparison,
          more.text,
          `says yes to both; the evidence says it of ${moreRun.terms.join(' ')}, not ${lessRun.terms.join(' ')}`,
        );
      } else if (h.first === 'no' && less.share === more.share) {
        consider(
          'comparison',
          CUE_STRENGTH.comparison,
          less.text,
          `says only one; the evidence says it of ${a.terms.join(' ')} and ${b.terms.join(' ')}`,
        );
      }
    }
  }

  // Comparison: "which came first, A or B?" answered with the one the evidence dates later.
  if (q.options.length === 2 && options.answers) {
    const [a, b] = q.options as [readonly string[], readonly string[]];
    const own = (x: readonly string[], y: readonly string[]) => x.filter((t) => !y.includes(t));
    // The answer picks an option by naming all of its own words.
    const names = (x: readonly string[]) => x.length > 0 && namesAll(h, x);
    const aOwn = own(a, b);
    const bOwn = own(b, a);
    // Naming both ("Lee Ranaldo is younger than Mary Ramsey"), it picks the one it opens with.
    const opener = h.names[0] !== undefined && h.names[0].start <= 1 ? h.names[0].terms : [];
    const both = names(aOwn) && names(bOwn);
    const pickA = both ? aOwn.every((t) => opener.includes(t)) : names(aOwn);
    const pickB = both ? bOwn.every((t) => opener.includes(t)) : names(bOwn);
    // "Which is located in Chestnut Hill, A or B?": the question's other words must sit with
    // the option the answer picks at least as well as with the one it leaves. A sentence that
    // goes on about an option ("In 2007, he was inducted…") speaks of it too.
    const optionTerms = new Set([...a, ...b]);
    const predicate = new Set([...q.terms].filter((t) => !optionTerms.has(t)));
    const held = (terms: readonly string[]) => heldOf(terms, predicate);
    // "Both A and B were inducted" when the evidence says it of one of them only.
    if (both && h.stems.has('both') && q.order === null && !q.graded && predicate.size > 0) {
      const heldA = held(aOwn);
      const heldB = held(bOwn);
      const [lone, other, onlyOf, notOf] =
        heldA.share >= heldB.share ? [heldA, heldB, a, b] : [heldB, heldA, b, a];
      if (lone.share >= QUESTION_ALIGNMENT_FULL && other.share * 2 <= lone.share) {
        consider(
          'comparison',
          CUE_STRENGTH.comparison,
          lone.text,
          `says it of both, the evidence of ${onlyOf.join(' ')}, not ${notOf.join(' ')}`,
        );
      }
    }
    if (pickA !== pickB && q.order === null && !q.graded) {
      const mine = held(pickA ? aOwn : bOwn);
      const theirs = held(pickA ? bOwn : aOwn);
      if (
        predicate.size > 0 &&
        theirs.share >= QUESTION_ALIGNMENT_FULL &&
        mine.share * 2 <= theirs.share
      ) {
        consider(
          'comparison',
          CUE_STRENGTH.comparison,
          theirs.text,
          `picks ${(pickA ? a : b).join(' ')}, but the evidence says it of ${(pickA ? b : a).join(' ')}`,
        );
      }
    }
    if (pickA !== pickB && q.order !== null) {
      const dated = (terms: readonly string[]): { year: number; text: string } | null => {
        for (const p of claims) {
          if (!namesAll(p, terms)) continue;
          const year = p.numbers.find((n) => n.unit === '#year');
          if (year !== undefined) return { year: year.value, text: p.text };
        }
        return null;
      };
      const mine = dated(pickA ? aOwn : bOwn);
      const theirs = dated(pickA ? bOwn : aOwn);
      if (mine !== null && theirs !== null && mine.year !== theirs.year) {
        const wrong = q.order === 'earlier' ? mine.year > theirs.year : mine.year < theirs.year;
        if (wrong) {
          consider(
            'comparison',
            CUE_STRENGTH.comparison,
            theirs.text,
            `picks ${(pickA ? a : b).join(' ')} (${mine.year}) over ${(pickA ? b : a).join(' ')} (${theirs.year})`,
          );
        }
      }
    }
  }

  if (options.strict) {
    // Specific claims first; then, for the answer itself, the words it adds to the question.
    const missing = unsupported.map((s) => s.text);
    if (missing.length === 0) {
      if (absent.length > 0 && absent.length * 4 >= added.length) missing.push(...absent);
    }
    if (missing.length > 0) {
      consider(
        'unsupported',
        CUE_STRENGTH.unsupported,
        closest?.text ?? '',
        `not in the evidence: ${missing.join(', ')}`,
      );
    }
  }
  return cues.best;
}
