//! Question-aware checks of an answer sentence against the evidence, the port of core's
//! `nli/question.ts` (same rules, same order, same details). The plain cues compare an answer with
//! the evidence on its own; these read it together with the question it answers:
//!
//! - substitution: the evidence sentence that matches the question fills the asked-for slot with
//!   X; the answer fills it with Y, which the evidence never mentions.
//! - swap: the answer ties an attribute (a nationality) to an entity the evidence gives another
//!   one; or the evidence sentence that says the rest of the claim names someone else.
//! - comparison: "which came first, A or B?" — the answer picks the one the evidence dates later;
//!   or "which is X, A or B?" when the evidence says X of the other; or "are both A and B X?"
//!   answered yes when the evidence says X of one only ("no, only A" when of both alike).
//! - unsupported (strict grounding only): the answer's specific claims are nowhere in the evidence.
//!
//! Orders follow JavaScript's (`Array.prototype.find`, `Set` insertion order), so ties keep the
//! same cue and detail as TypeScript.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::analyze::{Interner, NameRun, NumberMention, Sentence, Term, TextInfo, name_runs};
use super::cues::{Best, cue_strength, known_name, same_number};
use super::lexicon;
use super::relation::role_holders;
use super::{Cue, CueKind};
use crate::text::{is_negation, is_stop_word, stem, utf16_len, word_tokens};
use crate::types::jsfmt::number_to_string;

/// A short answer ("Mumbai, the financial capital of India.") reads its first word as a name, and
/// its words as the filler of the question's slot.
pub const SHORT_ANSWER_WORDS: usize = 8;
/// Longest fragment read as a bare filler ("hydrogen peroxide", "a famous musician").
pub const FRAGMENT_WORDS: usize = 3;
/// Share of an answer's own words that must come from the question for it to read as "the
/// question, restated, plus its answer".
pub const RESTATE_SHARE: f64 = 0.6;
/// The rest of a claim must hold this many terms, this much of them in one evidence sentence.
pub const DISPLACED_MIN_TERMS: usize = 3;
pub const DISPLACED_ALIGNMENT: f64 = 0.5;
/// Sentences after a name that may still be about it ("She was…").
pub const PRONOUN_REACH: usize = 2;
/// Share of the question's terms an evidence sentence must hold to be "the" sentence it asks about.
pub const QUESTION_ALIGNMENT_FULL: f64 = 0.25;

/// What the question asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Name,
    Number,
    Date,
    Nationality,
    Boolean,
    Any,
}

/// "Which came first / last, A or B?"
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Earlier,
    Later,
}

/// What a question asks (core's `QuestionInfo`).
pub struct QuestionInfo {
    pub slot: Slot,
    /// Content terms of the question, in order, distinct.
    pub terms: Vec<Term>,
    terms_set: FxHashSet<Term>,
    /// Multi-word names of the question.
    pub names: Vec<NameRun>,
    pub order: Option<Order>,
    /// The question compares amounts ("more", "largest"): options are not told apart by words.
    pub graded: bool,
    /// The two options of "A or B" (their terms), when the question offers them.
    pub options: Vec<Vec<Term>>,
    pub numbers: Vec<NumberMention>,
    /// The question says "both" ("Are both A and B American?", "Are A and B both bands?").
    pub both: bool,
    /// The role a passive's agent asks for ("…a film directed by whom?" → the stem "direct"): the
    /// lower-case word before "by" and any stop words, when "by" precedes the question word.
    pub role: Option<Term>,
}

impl QuestionInfo {
    fn has_term(&self, t: Term) -> bool {
        self.terms_set.contains(&t)
    }
}

const BOOLEAN_STARTS: &[&str] = &[
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "has", "have", "had", "will",
    "would", "should",
];

/// The demonyms, stemmed like every term.
static DEMONYMS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    lexicon::DEMONYMS
        .iter()
        .map(|d| stem(d).into_owned())
        .collect()
});

/// Reads what a question asks for from its wording; `parsed` is `text` analysed.
pub fn read_question(text: &str, parsed: &TextInfo, interner: &mut Interner) -> QuestionInfo {
    let words = word_tokens(text);
    let tokens = &words.tokens;
    let norm = |i: usize| tokens.get(i).map_or("", |t| t.norm.as_str());
    // A measure noun within the next three words ("what was the population", "what is its height").
    let measure_ahead = |from: usize| {
        (from..usize::min(tokens.len(), from + 3))
            .any(|j| lexicon::MEASURE_NOUNS.contains(&norm(j)))
    };
    // A date noun as the first word that is not a stop word, within the next three words ("what
    // year", "what was the year").
    let date_ahead = |from: usize| {
        for j in from..usize::min(tokens.len(), from + 3) {
            let t = norm(j);
            if lexicon::DATE_NOUNS.contains(&t) {
                return true;
            }
            if !is_stop_word(t) {
                return false;
            }
        }
        false
    };
    // "… a population of what?": the measure or date noun the question word completes.
    let of_what = |i: usize| {
        if i < 2 || norm(i) != "what" || norm(i - 1) != "of" {
            return None;
        }
        let noun = norm(i - 2);
        if lexicon::MEASURE_NOUNS.contains(&noun) {
            Some(Slot::Number)
        } else if lexicon::DATE_NOUNS.contains(&noun) {
            Some(Slot::Date)
        } else {
            None
        }
    };
    // A question that opens with "is/are/did/…" asks yes or no first, whatever it asks after
    // ("Is Everest changing, and what is the air like at the top?").
    let yes_no = !tokens.is_empty() && BOOLEAN_STARTS.contains(&norm(0));
    let mut slot = if yes_no { Slot::Boolean } else { Slot::Any };
    let mut asked = false;
    let mut asked_at: Option<usize> = None;
    for i in 0..(if yes_no { 0 } else { tokens.len() }) {
        let t = norm(i);
        let next = norm(i + 1);
        let wh = t == "what" || t == "which";
        let found = if t == "when" {
            Slot::Date
        } else if t == "how" && lexicon::NUMBER_AFTER_HOW.contains(&next) {
            Slot::Number
        } else if let Some(completed) = of_what(i) {
            completed
        } else if wh && date_ahead(i + 1) {
            Slot::Date
        } else if wh && lexicon::NATIONALITY_NOUNS.contains(&next) {
            Slot::Nationality
        } else if wh && measure_ahead(i + 1) {
            Slot::Number
        } else if t == "who" || t == "whom" || t == "whose" || t == "where" || wh {
            Slot::Name
        } else {
            continue;
        };
        // A question word that opens the question ("Which…", "In what year…") is what it asks. One
        // further in may be a relative ("…a nominee, who received a star … in what year?", "the
        // city in which he was born"): then the first "what" asks, failing that the last word.
        if i <= 1 {
            slot = found;
            asked_at = Some(i);
            break;
        }
        if !asked {
            slot = found;
            asked_at = Some(i);
        }
        if t == "what" {
            asked = true;
        }
    }
    // The role: a passive's agent ("…a film directed by whom?", "brought about by which
    // politician?"): the lower-case word before "by" and any stop words.
    let mut role = None;
    if let Some(at) = asked_at
        && at >= 1
        && norm(at - 1) == "by"
    {
        let mut r = at - 1;
        while r > 0 && is_stop_word(norm(r)) {
            r -= 1;
        }
        let t = &tokens[r];
        if !is_stop_word(&t.norm)
            && !t.capitalized
            && !is_negation(&t.norm)
            && !t.norm.bytes().any(|c| c.is_ascii_digit())
        {
            role = Some(interner.intern(&stem(&t.norm)));
        }
    }
    let mut order = None;
    let mut order_at: Option<usize> = None;
    // "A or B" (an "or" that is not the first word), or "between A and B".
    let between = tokens.iter().position(|t| t.norm == "between");
    let or_at = match tokens.iter().position(|t| t.norm == "or") {
        Some(i) if i > 0 => Some(i),
        _ => between.and_then(|b| (b + 1..tokens.len()).find(|&i| tokens[i].norm == "and")),
    }
    .filter(|&i| i > 0);
    if or_at.is_some() {
        for (i, t) in tokens.iter().enumerate() {
            if lexicon::EARLIER_WORDS.contains(&t.norm.as_str()) {
                order = Some(Order::Earlier);
            } else if lexicon::LATER_WORDS.contains(&t.norm.as_str()) {
                order = Some(Order::Later);
            } else {
                continue;
            }
            order_at = Some(i);
            break;
        }
    }
    let mut options = Vec::new();
    if let Some(or_at) = or_at {
        let runs = name_runs(tokens, &words.text, interner);
        let before: Vec<&NameRun> = runs.iter().filter(|r| r.end <= or_at).collect();
        let a = order_at
            .and_then(|at| before.iter().find(|r| r.start > at))
            .or(before.last())
            .copied();
        let b = runs.iter().find(|r| r.start > or_at);
        if let (Some(a), Some(b)) = (a, b) {
            options.push(a.terms.clone());
            options.push(b.terms.clone());
        }
    }
    let mut terms = Vec::new();
    let mut terms_set = FxHashSet::default();
    let mut numbers = Vec::new();
    let mut names = Vec::new();
    for s in &parsed.sentences {
        names.extend(s.names.iter().cloned());
        for &t in &s.content {
            if terms_set.insert(t) {
                terms.push(t);
            }
        }
        numbers.extend(s.numbers.iter().cloned());
    }
    // `norm.length` counts UTF-16 units.
    // "more", "most", …, or a superlative after "the" ("the largest"; not "forest", "interest").
    let graded = tokens.iter().enumerate().any(|(i, t)| {
        lexicon::GRADED.contains(&t.norm.as_str())
            || (utf16_len(&t.norm) >= 6
                && t.norm.ends_with("est")
                && i > 0
                && tokens[i - 1].norm == "the")
    });
    let both = tokens.iter().any(|t| t.norm == "both");
    QuestionInfo {
        slot,
        terms,
        terms_set,
        names,
        order,
        graded,
        options,
        numbers,
        both,
        role,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SpecKind {
    Name,
    Number,
    Date,
    Nationality,
}

/// A specific claim of a sentence: a name (its term) or a number.
#[derive(Clone, Copy)]
struct Specific<'a> {
    kind: SpecKind,
    /// The name's term; `None` for a number.
    term: Option<Term>,
    /// The term's text, or the number as written.
    text: &'a str,
    number: Option<&'a NumberMention>,
}

pub(super) fn is_demonym(t: Term, interner: &Interner) -> bool {
    DEMONYMS.contains(interner.get(t))
}

/// The answer is mostly the question's words plus a filler.
fn restates(h: &Sentence, q: &QuestionInfo) -> bool {
    if h.base.len() < 2 {
        return false;
    }
    let n = h.base.iter().filter(|&&t| q.has_term(t)).count();
    n as f64 / h.base.len() as f64 >= RESTATE_SHARE
}

/// A bare filler: a few words with no verb of being or having and no chatty opener.
fn is_fragment(h: &Sentence) -> bool {
    h.words <= FRAGMENT_WORDS && !lexicon::DISCOURSE_MARKERS.contains(&&*h.first) && !h.clause
}

fn specifics_of<'a>(h: &'a Sentence, interner: &'a Interner) -> Vec<Specific<'a>> {
    let mut out = Vec::new();
    let mut names = h.entities.clone();
    if let Some(lead) = h.lead
        && h.words <= SHORT_ANSWER_WORDS
        && !names.contains(&lead)
    {
        names.insert(0, lead);
    }
    for term in names {
        let text = interner.get(term);
        if text == "yes" || text == "no" {
            continue;
        }
        let kind = if DEMONYMS.contains(text) {
            SpecKind::Nationality
        } else {
            SpecKind::Name
        };
        out.push(Specific {
            kind,
            term: Some(term),
            text,
            number: None,
        });
    }
    for n in &h.numbers {
        let kind = match interner.get(n.unit) {
            "#year" | "#day" => SpecKind::Date,
            _ => SpecKind::Number,
        };
        out.push(Specific {
            kind,
            term: None,
            text: &n.text,
            number: Some(n),
        });
    }
    out
}

fn supported_in(spec: &Specific<'_>, s: &Sentence, interner: &Interner) -> bool {
    match (spec.number, spec.term) {
        (Some(n), _) => s.numbers.iter().any(|m| same_number(n, m)),
        (None, Some(t)) => known_name(t, &s.content, interner),
        (None, None) => false,
    }
}

fn in_question(spec: &Specific<'_>, q: &QuestionInfo, interner: &Interner) -> bool {
    match (spec.number, spec.term) {
        (Some(n), _) => q.numbers.iter().any(|m| same_number(n, m)),
        (None, Some(t)) => known_name(t, &q.terms, interner),
        (None, None) => false,
    }
}

/// Whether a sentence opens with a name of its own ("The Foxes are…", "Kings of Leon is…") rather
/// than going on about the one before it ("She was…", "In 1903 she…"). A capitalised first word
/// counts here, where the sentence is asked whether it is about a name.
fn opens_with_name(s: &Sentence) -> bool {
    s.names.first().map_or(2, |r| r.start) <= 1 || s.lead.is_some()
}

/// Share of `terms` in claim `i`, read together with the claim before it when it does not open
/// with a name of its own: a pronoun carries its antecedent's words ("… "Het Huis Anubis". It
/// first aired in September 2006.").
fn pronoun_share(terms: &[Term], claims: &[&Sentence], i: usize) -> f64 {
    let p = claims[i];
    if i == 0 || p.names.first().map_or(2, |r| r.start) <= 1 {
        return share(terms, p);
    }
    if terms.is_empty() {
        return 0.0;
    }
    let prev = claims[i - 1];
    let n = terms
        .iter()
        .filter(|&&t| p.has_content(t) || prev.has_content(t))
        .count();
    n as f64 / terms.len() as f64
}

/// Share of `terms` in claim `i` together with another claim that names one of its names in full
/// (the bridge of a two-step question).
fn bridged_share(terms: &[Term], claims: &[&Sentence], i: usize, interner: &Interner) -> f64 {
    let p = claims[i];
    if terms.is_empty() {
        return 0.0;
    }
    let named = |a: &Sentence, b: &Sentence| {
        a.names
            .iter()
            .any(|r| r.terms.iter().all(|&t| known_name(t, &b.content, interner)))
    };
    let mut best = 0.0f64;
    for (j, &c) in claims.iter().enumerate() {
        if j == i || (!named(p, c) && !named(c, p)) {
            continue;
        }
        let n = terms
            .iter()
            .filter(|&&t| p.has_content(t) || c.has_content(t))
            .count();
        best = f64::max(best, n as f64 / terms.len() as f64);
    }
    best
}

/// Share of `terms` (distinct) present in `s`.
fn share(terms: &[Term], s: &Sentence) -> f64 {
    if terms.is_empty() {
        return 0.0;
    }
    let n = terms.iter().filter(|&&t| s.has_content(t)).count();
    n as f64 / terms.len() as f64
}

fn fits(slot: Slot, kind: SpecKind) -> bool {
    match slot {
        Slot::Any | Slot::Boolean => kind == SpecKind::Name,
        Slot::Number => kind == SpecKind::Number,
        Slot::Date => kind == SpecKind::Date,
        Slot::Nationality | Slot::Name => kind == SpecKind::Nationality || kind == SpecKind::Name,
    }
}

/// Specifics a premise sentence offers that neither the question nor the answer mention.
fn fillers<'a>(
    p: &'a Sentence,
    q: &QuestionInfo,
    h: &Sentence,
    slot: Slot,
    interner: &'a Interner,
) -> Vec<Specific<'a>> {
    // A name belongs to the question if any word of it does ("Harbor Group" when the question
    // says "Harbor"): its other words are not a filler.
    let question_runs: Vec<&NameRun> = p
        .names
        .iter()
        .filter(|r| r.terms.iter().any(|&t| known_name(t, &q.terms, interner)))
        .collect();
    specifics_of(p, interner)
        .into_iter()
        .filter(|f| {
            fits(slot, f.kind)
                && !in_question(f, q, interner)
                // `run.terms.includes(f.term)`: string equality (a number's term is its text).
                && !question_runs
                    .iter()
                    .any(|r| r.terms.iter().any(|&t| interner.get(t) == f.text))
                && !match (f.number, f.term) {
                    (Some(n), _) => h.numbers.iter().any(|m| same_number(n, m)),
                    (None, Some(t)) => known_name(t, &h.content, interner),
                    (None, None) => false,
                }
        })
        .collect()
}

/// What the evidence says of a name: the best share of a predicate, in which sentence, and
/// whether any sentence is about the name.
struct Held<'a> {
    share: f64,
    text: &'a str,
    named: bool,
}

fn join_terms(terms: &[Term], interner: &Interner) -> String {
    terms
        .iter()
        .map(|&t| interner.get(t))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The strongest question-aware cue of one answer sentence, or `None`. `answers`: the sentence is
/// the answer's first (it fills the question's slot); `strict`: strict grounding.
pub fn answer_cue(
    h: &Sentence,
    premise: &TextInfo,
    q: &QuestionInfo,
    answers: bool,
    strict: bool,
    interner: &Interner,
) -> Option<Cue> {
    let claims: Vec<&Sentence> = premise
        .sentences
        .iter()
        .map(|s| &**s)
        .filter(|p| !p.question)
        .collect();
    if claims.is_empty() {
        return None;
    }
    let mut best = Best::new(h);
    let name = |t: Term| interner.get(t);
    let specs = specifics_of(h, interner);
    let fresh: Vec<&Specific<'_>> = specs
        .iter()
        .filter(|s| !in_question(s, q, interner))
        .collect();
    let unsupported: Vec<&Specific<'_>> = fresh
        .iter()
        .copied()
        .filter(|s| !claims.iter().any(|p| supported_in(s, p, interner)))
        .collect();
    // The evidence sentence the question is about: most of the question's terms.
    let mut top = 0.0f64;
    let mut closest: Option<&Sentence> = None;
    for &p in &claims {
        let a = share(&q.terms, p);
        if a > top {
            top = a;
            closest = Some(p);
        }
    }

    // Substitution: the answer's own filler for the slot is unknown to the evidence, while the
    // sentence the question is about fills it with something else.
    let added: Vec<Term> = h
        .base
        .iter()
        .copied()
        .filter(|&t| !q.has_term(t) && name(t) != "yes" && name(t) != "no")
        .collect();
    let absent: Vec<Term> = added
        .iter()
        .copied()
        .filter(|t| !premise.content_set.contains(t))
        .collect();
    if answers && q.slot != Slot::Boolean && q.slot != Slot::Any && closest.is_some() {
        let slotted: Vec<&Specific<'_>> = fresh
            .iter()
            .copied()
            .filter(|s| fits(q.slot, s.kind))
            .collect();
        // A claim that restates the question must find its filler where the question's evidence
        // is: the sentences holding at least half the best share of the question, and the
        // sentences that share a name with them (the bridge of a two-step question).
        let misplaced = restates(h, q) && !is_fragment(h);
        let near: Vec<&Sentence> = if misplaced {
            let aligned: Vec<&Sentence> = claims
                .iter()
                .copied()
                .filter(|p| {
                    let a = share(&q.terms, p);
                    a > 0.0 && a * 2.0 >= top
                })
                .collect();
            let bridged: Vec<bool> = claims
                .iter()
                .map(|&p| {
                    aligned.iter().any(|&a| std::ptr::eq(a, p))
                        || aligned.iter().any(|a| {
                            a.names.iter().any(|r| {
                                r.terms.iter().all(|&t| known_name(t, &p.content, interner))
                            })
                        })
                })
                .collect();
            // …and what a bridged sentence that opens with a pronoun ("She was married to…")
            // refers to.
            (0..claims.len())
                .filter(|&i| {
                    bridged[i]
                        || claims.iter().enumerate().any(|(j, c)| {
                            bridged[j]
                                && j > i
                                && j - i <= PRONOUN_REACH
                                && c.names.first().map_or(2, |r| r.start) > 1
                        })
                })
                .map(|i| claims[i])
                .collect()
        } else {
            Vec::new()
        };
        let place: &[&Sentence] = if misplaced { &near } else { &claims };
        // A name is wrong when any word of it is unknown ("Michael Sheen" where the evidence has
        // "Robert Michael Sheehan"), unless the question says that word.
        let wrong: Vec<&Specific<'_>> = slotted
            .iter()
            .copied()
            .filter(|s| {
                if !place.iter().any(|p| supported_in(s, p, interner)) {
                    return true;
                }
                let Some(term) = s.term.filter(|_| s.number.is_none()) else {
                    return false;
                };
                h.names
                    .iter()
                    .find(|r| r.terms.contains(&term))
                    .is_some_and(|run| {
                        run.terms.iter().any(|&t| {
                            !known_name(t, &q.terms, interner)
                                && !place.iter().any(|p| known_name(t, &p.content, interner))
                        })
                    })
            })
            .collect();
        let mut said = String::new();
        if let Some(&lead) = slotted.first() {
            if wrong.len() == slotted.len() {
                said = wrong.iter().map(|s| s.text).collect::<Vec<_>>().join(" ");
            } else if h.words <= SHORT_ANSWER_WORDS
                && wrong.first().is_some_and(|&w| std::ptr::eq(w, lead))
            {
                // A short answer leads with its filler; what follows it qualifies it ("Mumbai,
                // the financial capital of India"): the lead alone decides.
                said = lead.text.to_owned();
            }
        } else if (q.slot == Slot::Name || q.slot == Slot::Nationality)
            && (is_fragment(h) || restates(h, q))
            && !absent.is_empty()
            && absent.len() * 2 >= added.len()
        {
            // Words alone are a filler only in a short answer or a restated question, and only for
            // a slot words can fill: "It is in Paris." has not answered "how tall?" yet.
            said = join_terms(&absent, interner);
        } else if (q.slot == Slot::Number || q.slot == Slot::Date)
            && fresh.is_empty()
            && h.months.is_empty()
            && restates(h, q)
            && !absent.is_empty()
            && absent.len() * 2 >= added.len()
        {
            // The question restated with common words where its figure goes ("The narrator of the
            // novel is a young girl", "The bridge was built a long time ago"): it has answered,
            // without the figure the evidence gives. A name it adds ("The Eiffel Tower is in
            // Paris.") is another fact, said before the answer.
            said = join_terms(&absent, interner);
        }
        // The unit of the answer's own figure, if it gives one.
        let unit = wrong.iter().find_map(|s| s.number).map(|n| n.unit);
        if !said.is_empty() {
            // Every sentence holding at least half the best share may fill; a number or date slot
            // is rarely filled twice, so any sentence on the subject may fill it.
            let numeric = q.slot == Slot::Number || q.slot == Slot::Date;
            for (i, &p) in claims.iter().enumerate() {
                let aligned = pronoun_share(&q.terms, &claims, i);
                if aligned == 0.0 || (!numeric && aligned * 2.0 < top) {
                    continue;
                }
                // The evidence's filler of the same kind as the answer's, where it has one ("1989",
                // not the "2" of "2 March 1989", against a year).
                let offered = fillers(p, q, h, q.slot, interner);
                let Some(other) = offered
                    .iter()
                    .find(|f| f.number.is_some_and(|n| Some(n.unit) == unit))
                    .or(offered.first())
                    .map(|f| f.text)
                else {
                    continue;
                };
                // A two-step question spreads its words over two sentences joined by a name ("the
                // winner of the race" … "Buemi won the race." "Buemi (born 1988)…"): the pair
                // counts.
                let joined = f64::max(aligned, bridged_share(&q.terms, &claims, i, interner));
                let full = if numeric {
                    f64::min(top, QUESTION_ALIGNMENT_FULL)
                } else {
                    QUESTION_ALIGNMENT_FULL
                };
                best.consider(
                    CueKind::Substitution,
                    cue_strength(CueKind::Substitution) * f64::min(1.0, joined / full),
                    &p.text,
                    || format!("answers {said}; the evidence gives {other}"),
                );
            }
        }
    }

    let is_attribute = |run: &NameRun| run.terms.iter().all(|&t| is_demonym(t, interner));

    // Role: the question asks who holds a role ("…a film directed by whom?"); the evidence names
    // that role's holder right after the role's word ("directed by Robert Zemeckis and written by
    // Neil Gaiman"), the answer names someone else and never the holder: it took a name the
    // evidence gives in another role.
    if let Some(role) = q.role
        && answers
        && q.slot == Slot::Name
    {
        let named: Vec<&Specific<'_>> = fresh
            .iter()
            .copied()
            .filter(|s| s.kind == SpecKind::Name)
            .collect();
        if !named.is_empty() {
            let mut holder: Option<(&NameRun, &str)> = None;
            let mut answered = false;
            for &p in &claims {
                for run in role_holders(p, role, interner) {
                    if run
                        .terms
                        .iter()
                        .any(|&t| known_name(t, &h.content, interner))
                    {
                        answered = true;
                    } else if holder.is_none()
                        && !run.terms.iter().any(|&t| known_name(t, &q.terms, interner))
                    {
                        holder = Some((run, &p.text));
                    }
                }
            }
            if let (false, Some((run, text))) = (answered, holder) {
                best.consider(CueKind::Swap, cue_strength(CueKind::Swap), text, || {
                    let named: Vec<&str> = named.iter().map(|s| s.text).collect();
                    format!(
                        "{} by {}, not {}",
                        interner.get(role),
                        join_terms(&run.terms, interner),
                        named.join(" ")
                    )
                });
            }
        }
    }

    // Swap: an attribute (a nationality) tied to a name the evidence gives another one of the
    // same kind. Names are whole ("Eiffel Tower", not "tower").
    // Only a name that opens the sentence is its subject: in "The wife of James Miller was
    // American" the nationality is the wife's.
    let mut subjects: Vec<&[Term]> = h
        .names
        .iter()
        .filter(|r| !is_attribute(r))
        .take(1)
        .filter(|r| r.start <= 1)
        .map(|r| r.terms.as_slice())
        .collect();
    // A yes/no answer that names no one asserts the question's own claim about its names.
    if q.slot == Slot::Boolean && subjects.is_empty() {
        subjects.extend(
            q.names
                .iter()
                .filter(|r| !is_attribute(r))
                .map(|r| r.terms.as_slice()),
        );
    }
    let names =
        |s: &Sentence, run: &[Term]| run.iter().all(|&t| known_name(t, &s.content, interner));
    // A sentence is about a name if it names it, or if the nearest of the PRONOUN_REACH sentences
    // before it that names anyone names it ("Marie Curie was born in 1867. In 1903 she shared…";
    // in "A sang on a single. B is a singer. In 2007, he was inducted…" he is B). A sentence that
    // opens with a name of its own ("The Foxes are…") is about that name.
    let mentions = |i: usize, run: &[Term]| {
        if names(claims[i], run) {
            return true;
        }
        if opens_with_name(claims[i]) {
            return false;
        }
        for &s in claims[i.saturating_sub(PRONOUN_REACH)..i].iter().rev() {
            if names(s, run) {
                return true;
            }
            if s.names.iter().any(|r| !is_attribute(r)) {
                return false;
            }
        }
        false
    };
    let attrs = specs.iter().filter(|s| {
        s.kind == SpecKind::Nationality && claims.iter().any(|p| supported_in(s, p, interner))
    });
    for attr in attrs {
        for &subject in &subjects {
            if let Some(attr_term) = attr.term
                && subject
                    .iter()
                    .any(|&t| known_name(t, &[attr_term], interner))
            {
                continue;
            }
            let about: Vec<&Sentence> = (0..claims.len())
                .filter(|&i| mentions(i, subject))
                .map(|i| claims[i])
                .collect();
            if about.is_empty() || about.iter().any(|p| supported_in(attr, p, interner)) {
                continue;
            }
            for &p in &about {
                if !names(p, subject) {
                    continue;
                }
                let other = specifics_of(p, interner).into_iter().find(|o| {
                    o.kind == SpecKind::Nationality
                        && o.term.is_some_and(|t| !known_name(t, &h.content, interner))
                });
                let Some(other) = other else { continue };
                best.consider(CueKind::Swap, cue_strength(CueKind::Swap), &p.text, || {
                    format!(
                        "{}: {}, not {}",
                        join_terms(subject, interner),
                        other.text,
                        attr.text
                    )
                });
                break;
            }
        }
    }

    // Displaced name: the evidence sentence that says the rest of the claim names someone else.
    let runs: Vec<&[Term]> = h
        .names
        .iter()
        .filter(|r| !is_attribute(r))
        .map(|r| r.terms.as_slice())
        .collect();
    let in_runs: FxHashSet<Term> = runs.iter().flat_map(|r| r.iter().copied()).collect();
    // `h.base` is distinct, so `rest` is its own set.
    let rest: Vec<Term> = h
        .base
        .iter()
        .copied()
        .filter(|t| !in_runs.contains(t) && !is_demonym(*t, interner))
        .collect();
    if runs.len() > 1 && rest.len() >= DISPLACED_MIN_TERMS {
        let mut best_share = 0.0f64;
        for &p in &claims {
            best_share = f64::max(best_share, share(&rest, p));
        }
        if best_share >= DISPLACED_ALIGNMENT {
            for (i, &p) in claims.iter().enumerate() {
                if share(&rest, p) != best_share {
                    continue;
                }
                // Anchored by a name the sentence itself says; the displaced one is not nearby.
                let gone: Vec<&[Term]> = runs.iter().copied().filter(|r| !mentions(i, r)).collect();
                if gone.is_empty() || !runs.iter().any(|r| names(p, r)) {
                    continue;
                }
                let other = p.names.iter().find(|r| {
                    !is_attribute(r)
                        && !r.terms.iter().any(|&t| {
                            known_name(t, &h.content, interner) || known_name(t, &q.terms, interner)
                        })
                });
                let Some(other) = other else { continue };
                best.consider(CueKind::Swap, cue_strength(CueKind::Swap), &p.text, || {
                    let gone: Vec<String> = gone.iter().map(|r| join_terms(r, interner)).collect();
                    format!(
                        "{} vs {}",
                        gone.join(", "),
                        join_terms(&other.terms, interner)
                    )
                });
            }
        }
    }

    // The evidence sentence that says most of `predicate` about the name `terms`, that share, and
    // whether any sentence is about the name at all.
    let held_of = |terms: &[Term], predicate: &[Term]| -> Held<'_> {
        let mut held = Held {
            share: 0.0,
            text: "",
            named: false,
        };
        for (i, &p) in claims.iter().enumerate() {
            if !mentions(i, terms) {
                continue;
            }
            held.named = true;
            let sh = share(predicate, p);
            if sh > held.share {
                held.share = sh;
                held.text = &p.text;
            }
        }
        held
    };
    let has_stem = |s: &Sentence, w: &str| interner.lookup(w).is_some_and(|t| s.has_stem(t));

    // Both: "Are both A and B …?" answered yes when the evidence says it of one of them only, or
    // "no, only A" when it says it of both alike.
    let pair: Vec<&NameRun> = q.names.iter().filter(|r| !is_attribute(r)).collect();
    if q.slot == Slot::Boolean
        && q.both
        && answers
        && let [a, b] = pair.as_slice()
        && (&*h.first == "yes" || (&*h.first == "no" && has_stem(h, "only")))
    {
        let option_terms: Vec<Term> = a.terms.iter().chain(&b.terms).copied().collect();
        let predicate: Vec<Term> = q
            .terms
            .iter()
            .copied()
            .filter(|&t| !option_terms.contains(&t) && !known_name(t, &option_terms, interner))
            .collect();
        let held_a = held_of(&a.terms, &predicate);
        let held_b = held_of(&b.terms, &predicate);
        let (more, less, more_run, less_run) = if held_a.share >= held_b.share {
            (&held_a, &held_b, a, b)
        } else {
            (&held_b, &held_a, b, a)
        };
        // Both names must be found: "Pam Veasey" is not found as "Pamela Renea Veasey".
        if !predicate.is_empty() && more.share >= QUESTION_ALIGNMENT_FULL && less.named {
            if &*h.first == "yes" && less.share * 2.0 <= more.share {
                best.consider(
                    CueKind::Comparison,
                    cue_strength(CueKind::Comparison),
                    more.text,
                    || {
                        format!(
                            "says yes to both; the evidence says it of {}, not {}",
                            join_terms(&more_run.terms, interner),
                            join_terms(&less_run.terms, interner)
                        )
                    },
                );
            } else if &*h.first == "no" && less.share == more.share {
                best.consider(
                    CueKind::Comparison,
                    cue_strength(CueKind::Comparison),
                    less.text,
                    || {
                        format!(
                            "says only one; the evidence says it of {} and {}",
                            join_terms(&a.terms, interner),
                            join_terms(&b.terms, interner)
                        )
                    },
                );
            }
        }
    }

    // Comparison: "which came first, A or B?" answered with the one the evidence dates later.
    if let [a, b] = q.options.as_slice()
        && answers
    {
        let own = |x: &[Term], y: &[Term]| -> Vec<Term> {
            x.iter().copied().filter(|t| !y.contains(t)).collect()
        };
        // The answer picks an option by naming all of its own words.
        let picks =
            |x: &[Term]| !x.is_empty() && x.iter().all(|&t| known_name(t, &h.content, interner));
        let a_own = own(a, b);
        let b_own = own(b, a);
        // Naming both ("Lee Ranaldo is younger than Mary Ramsey"), it picks the one it opens with.
        let opener: &[Term] = match h.names.first() {
            Some(r) if r.start <= 1 => &r.terms,
            _ => &[],
        };
        let both = picks(&a_own) && picks(&b_own);
        let opens = |x: &[Term]| x.iter().all(|t| opener.contains(t));
        let pick_a = if both { opens(&a_own) } else { picks(&a_own) };
        let pick_b = if both { opens(&b_own) } else { picks(&b_own) };
        let (mine_terms, theirs_terms) = if pick_a {
            (&a_own, &b_own)
        } else {
            (&b_own, &a_own)
        };
        let (picked, left) = if pick_a { (a, b) } else { (b, a) };
        // "Which is located in Chestnut Hill, A or B?": the question's other words must sit with
        // the option the answer picks at least as well as with the one it leaves. A sentence that
        // goes on about an option ("In 2007, he was inducted…") speaks of it too.
        let predicate: Vec<Term> = q
            .terms
            .iter()
            .copied()
            .filter(|t| !a.contains(t) && !b.contains(t))
            .collect();
        let held = |terms: &[Term]| held_of(terms, &predicate);
        // "Both A and B were inducted" when the evidence says it of one of them only.
        if both && has_stem(h, "both") && q.order.is_none() && !q.graded && !predicate.is_empty() {
            let held_a = held(&a_own);
            let held_b = held(&b_own);
            let (lone, other, only_of, not_of) = if held_a.share >= held_b.share {
                (&held_a, &held_b, a, b)
            } else {
                (&held_b, &held_a, b, a)
            };
            if lone.share >= QUESTION_ALIGNMENT_FULL && other.share * 2.0 <= lone.share {
                best.consider(
                    CueKind::Comparison,
                    cue_strength(CueKind::Comparison),
                    lone.text,
                    || {
                        format!(
                            "says it of both, the evidence of {}, not {}",
                            join_terms(only_of, interner),
                            join_terms(not_of, interner)
                        )
                    },
                );
            }
        }
        if pick_a != pick_b && q.order.is_none() && !q.graded {
            let mine = held(mine_terms);
            let theirs = held(theirs_terms);
            if !predicate.is_empty()
                && theirs.share >= QUESTION_ALIGNMENT_FULL
                && mine.share * 2.0 <= theirs.share
            {
                best.consider(
                    CueKind::Comparison,
                    cue_strength(CueKind::Comparison),
                    theirs.text,
                    || {
                        format!(
                            "picks {}, but the evidence says it of {}",
                            join_terms(picked, interner),
                            join_terms(left, interner)
                        )
                    },
                );
            }
        }
        if let Some(order) = q.order
            && pick_a != pick_b
        {
            let dated = |terms: &[Term]| -> Option<(f64, &str)> {
                for &p in &claims {
                    if !terms.iter().all(|&t| known_name(t, &p.content, interner)) {
                        continue;
                    }
                    if let Some(year) = p.numbers.iter().find(|n| interner.get(n.unit) == "#year") {
                        return Some((year.value, &p.text));
                    }
                }
                None
            };
            if let (Some(mine), Some(theirs)) = (dated(mine_terms), dated(theirs_terms))
                && mine.0 != theirs.0
            {
                let wrong = match order {
                    Order::Earlier => mine.0 > theirs.0,
                    Order::Later => mine.0 < theirs.0,
                };
                if wrong {
                    best.consider(
                        CueKind::Comparison,
                        cue_strength(CueKind::Comparison),
                        theirs.1,
                        || {
                            format!(
                                "picks {} ({}) over {} ({})",
                                join_terms(picked, interner),
                                number_to_string(mine.0),
                                join_terms(left, interner),
                                number_to_string(theirs.0)
                            )
                        },
                    );
                }
            }
        }
    }

    if strict {
        // Specific claims first; then, for the answer itself, the words it adds to the question.
        let mut missing: Vec<&str> = unsupported.iter().map(|s| s.text).collect();
        if missing.is_empty() && !absent.is_empty() && absent.len() * 4 >= added.len() {
            missing.extend(absent.iter().map(|&t| name(t)));
        }
        if !missing.is_empty() {
            best.consider(
                CueKind::Unsupported,
                cue_strength(CueKind::Unsupported),
                closest.map_or("", |p| &p.text),
                || format!("not in the evidence: {}", missing.join(", ")),
            );
        }
    }
    best.cue
}
