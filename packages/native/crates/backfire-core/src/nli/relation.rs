//! A fact tied to the wrong subject, the port of core's `nli/relation.ts` (same rules, same
//! order, same details): the figure or name a sentence gives is in the evidence, but only where
//! the evidence speaks of something else, while the evidence that speaks of the sentence's subject
//! gives another one ("Python … was created by James Gosling" when James Gosling created Java and
//! Python's sentence names Guido van Rossum; "Everest stands 8,611 metres tall" when 8,611 metres
//! is K2's height).
//!
//! The subject is the name the sentence opens with, or, when it opens with a pronoun ("It", "Its",
//! "She"), the name the sentence before it opens with.

use rustc_hash::FxHashSet;

use super::analyze::{Interner, NameRun, Sentence, Term, TextInfo};
use super::cues::{Best, cue_strength, known_name, same_number};
use super::lexicon::PRONOUNS;
use super::question::is_demonym;
use super::{Cue, CueKind};

/// Share of the sentence's other terms the subject's evidence sentence must hold.
pub const RELATION_ALIGNMENT: f64 = 0.5;

/// Share of a sentence's other terms the evidence sentence that restates it must hold.
pub const RESTATED_ALIGNMENT: f64 = 0.75;

fn is_attribute(run: &NameRun, interner: &Interner) -> bool {
    run.terms.iter().all(|&t| is_demonym(t, interner))
}

/// The agents a sentence gives a role word: the name runs right after "<role> by" (only stop words
/// between: the pairs `(role, first)` and `(by, first)`), and the runs listed with them, with no
/// word or "and" between ("directed by A, B and C"). Nationalities continue a list but are not
/// agents.
pub(super) fn role_holders<'a>(
    p: &'a Sentence,
    role: Term,
    interner: &Interner,
) -> Vec<&'a NameRun> {
    let mut out = Vec::new();
    let Some(by) = interner.lookup("by").filter(|&by| p.has_stem(by)) else {
        return out;
    };
    let mut listed = false;
    for (k, run) in p.names.iter().enumerate() {
        listed = listed
            && k > 0
            && (run.start == p.names[k - 1].end
                || (run.start == p.names[k - 1].end + 1 && p.ands.contains(&p.names[k - 1].end)));
        if !listed {
            let first = run.terms[0];
            if !p.has_pair((role, first)) || !p.has_pair((by, first)) {
                continue;
            }
        }
        listed = true;
        if !is_attribute(run, interner) {
            out.push(run);
        }
    }
    out
}

/// A passive's agent taken from another role: the sentence says a name did something ("The
/// ceremony was chaired by X"), the evidence names X only elsewhere and gives the agent of that
/// same word as someone else, in a sentence that says the rest of the claim.
fn agent_cue(h: &Sentence, claims: &[&Sentence], best: &mut Best<'_>, interner: &Interner) {
    // Only a sentence with a "by" names an agent (and most have none: keep them cheap).
    let Some(by) = interner.lookup("by").filter(|&by| h.has_stem(by)) else {
        return;
    };
    let runs: Vec<&NameRun> = h
        .names
        .iter()
        .filter(|r| !is_attribute(r, interner))
        .collect();
    let in_runs: FxHashSet<Term> = runs.iter().flat_map(|r| r.terms.iter().copied()).collect();
    for run in &runs {
        let first = run.terms[0];
        if !h.has_pair((by, first)) || !claims.iter().any(|p| names(p, &run.terms, interner)) {
            continue;
        }
        // The role: a content word of the sentence, not of a name, whose next content word is
        // the name's first ("chaired by François Cluzet" → "chair").
        for &role in &h.content {
            if in_runs.contains(&role) || !h.has_pair((role, first)) {
                continue;
            }
            // The evidence gives this name that role somewhere.
            if claims.iter().any(|p| {
                role_holders(p, role, interner)
                    .iter()
                    .any(|r| r.terms.iter().any(|&t| known_name(t, &run.terms, interner)))
            }) {
                continue;
            }
            let rest: Vec<Term> = h
                .base
                .iter()
                .copied()
                .filter(|&t| t != role && !in_runs.contains(&t) && !is_demonym(t, interner))
                .collect();
            if rest.is_empty() {
                continue;
            }
            for &p in claims {
                if share(&rest, p) < RELATION_ALIGNMENT {
                    continue;
                }
                let holders = role_holders(p, role, interner);
                let holder = holders
                    .iter()
                    .find(|r| !r.terms.iter().any(|&t| known_name(t, &h.content, interner)));
                let Some(holder) = holder else { continue };
                best.consider(CueKind::Swap, cue_strength(CueKind::Swap), &p.text, || {
                    format!(
                        "{} by {}, not {}",
                        interner.get(role),
                        join_terms(&holder.terms, interner),
                        join_terms(&run.terms, interner)
                    )
                });
                break;
            }
        }
    }
}

/// The name a sentence opens with (its subject), if it opens with one.
pub fn opening_name<'a>(s: &'a Sentence, interner: &Interner) -> Option<&'a NameRun> {
    s.names
        .first()
        .filter(|run| run.start <= 1 && !is_attribute(run, interner))
}

/// The subject of `h`: its opening name, or the antecedent's when it opens with a pronoun.
fn subject_of<'a>(
    h: &'a Sentence,
    antecedent: Option<&'a NameRun>,
    interner: &Interner,
) -> Option<&'a NameRun> {
    match opening_name(h, interner) {
        Some(own) => Some(own),
        None if PRONOUNS.contains(&&*h.first) => antecedent,
        None => None,
    }
}

/// Share of `terms` present in `s`.
fn share(terms: &[Term], s: &Sentence) -> f64 {
    if terms.is_empty() {
        return 0.0;
    }
    let n = terms.iter().filter(|&&t| s.has_content(t)).count();
    n as f64 / terms.len() as f64
}

/// Whether `s` names every word of `run`.
fn names(s: &Sentence, run: &[Term], interner: &Interner) -> bool {
    run.iter().all(|&t| known_name(t, &s.content, interner))
}

fn join_terms(terms: &[Term], interner: &Interner) -> String {
    terms
        .iter()
        .map(|&t| interner.get(t))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name moved into another fact: the evidence sentence that says everything else the sentence
/// says names someone else there, and the evidence gives this name only in sentences that say
/// little of it ("The crew … splashed down in the Atlantic Ocean" — "… in the Pacific Ocean").
fn moved_name_cue(h: &Sentence, claims: &[&Sentence], best: &mut Best<'_>, interner: &Interner) {
    // The name a sentence opens with is its subject, which the evidence often goes on about with a
    // pronoun ("Its main span is…"): only the names it says something about can have moved.
    let opener = opening_name(h, interner);
    for run in &h.names {
        if is_attribute(run, interner) || opener.is_some_and(|o| std::ptr::eq(o, run)) {
            continue;
        }
        // `h.base` is distinct, so `rest` is too.
        let rest: Vec<Term> = h
            .base
            .iter()
            .copied()
            .filter(|t| !run.terms.contains(t) && !is_demonym(*t, interner))
            .collect();
        if rest.len() < 3 {
            continue;
        }
        let mut top = 0.0f64;
        for &p in claims {
            top = f64::max(top, share(&rest, p));
        }
        if top < RESTATED_ALIGNMENT {
            continue;
        }
        let mut holders = claims
            .iter()
            .filter(|p| names(p, &run.terms, interner))
            .peekable();
        if holders.peek().is_none() || holders.any(|p| share(&rest, p) * 2.0 > top) {
            continue;
        }
        for &p in claims {
            if share(&rest, p) != top {
                continue;
            }
            let other = p.names.iter().find(|r| {
                !is_attribute(r, interner)
                    && r.terms
                        .iter()
                        .any(|&t| !known_name(t, &h.content, interner))
            });
            let Some(other) = other else { continue };
            best.consider(CueKind::Swap, cue_strength(CueKind::Swap), &p.text, || {
                format!(
                    "{} belongs to another fact; here the evidence gives {}",
                    join_terms(&run.terms, interner),
                    join_terms(&other.terms, interner)
                )
            });
            break;
        }
    }
}

/// Claims that may speak of `subject`: those that name it, and after one, those that name no one
/// or hold a pronoun (read generously, as for the sentence's own subject).
fn about_claims(
    subject: &[Term],
    claims: &[&Sentence],
    pronouns: &[Term],
    interner: &Interner,
) -> Vec<bool> {
    let mut named = false;
    claims
        .iter()
        .map(|s| {
            let own = names(s, subject, interner);
            let about =
                own || (named && (s.names.is_empty() || pronouns.iter().any(|&w| s.has_stem(w))));
            named |= own;
            about
        })
        .collect()
}

/// A fact said of two names at once ("Both Pizza Barn and Crust Club were founded in Ohio",
/// "Tellan and Brisk are located in Harlow Province") must hold of both: when the evidence gives
/// the name it ties to them for one of them only, and what it says of the other names something
/// else and never this name, the claim has carried one's fact over to the other.
fn joint_subject_cue(h: &Sentence, claims: &[&Sentence], best: &mut Best<'_>, interner: &Interner) {
    let mut runs: Vec<&NameRun> = h
        .names
        .iter()
        .filter(|r| !is_attribute(r, interner))
        .collect();
    // A capitalised first word is a name here when "and" joins it to the next ("Tellan and
    // Brisk are…"): only a name run of two words may open a sentence.
    let lead_run;
    if let Some(lead) = h.lead
        && runs.first().map_or(0, |r| r.start) == 2
    {
        lead_run = NameRun {
            start: 0,
            end: 1,
            terms: vec![lead],
        };
        runs.insert(0, &lead_run);
    }
    if runs.len() < 3 {
        return;
    }
    let (a, b) = (runs[0], runs[1]);
    if a.start > 2 || b.start != a.end + 1 {
        return;
    }
    if !h.ands.contains(&a.end) {
        return;
    }
    let pronouns: Vec<Term> = PRONOUNS.iter().filter_map(|w| interner.lookup(w)).collect();
    let about = [
        about_claims(&a.terms, claims, &pronouns, interner),
        about_claims(&b.terms, claims, &pronouns, interner),
    ];
    if about.iter().any(|flags| !flags.iter().any(|&f| f)) {
        return;
    }
    for x in &runs[2..] {
        let holds: Vec<bool> = about
            .iter()
            .map(|flags| {
                claims
                    .iter()
                    .enumerate()
                    .any(|(i, p)| flags[i] && names(p, &x.terms, interner))
            })
            .collect();
        if holds[0] == holds[1] {
            continue;
        }
        let (held, lacking) = if holds[0] { (a, b) } else { (b, a) };
        for &p in claims {
            if !names(p, &lacking.terms, interner) {
                continue;
            }
            let other = p.names.iter().find(|r| {
                !is_attribute(r, interner)
                    && !r.terms.iter().any(|&t| known_name(t, &h.content, interner))
            });
            let Some(other) = other else { continue };
            best.consider(CueKind::Swap, cue_strength(CueKind::Swap), &p.text, || {
                format!(
                    "{} is said of {}; of {} the evidence gives {}",
                    join_terms(&x.terms, interner),
                    join_terms(&held.terms, interner),
                    join_terms(&lacking.terms, interner),
                    join_terms(&other.terms, interner)
                )
            });
            return;
        }
    }
}

/// The strongest wrong-subject cue of one hypothesis sentence, or `None`. `antecedent`: the name
/// the sentence before it opened with (what a pronoun refers to).
pub fn relation_cue(
    h: &Sentence,
    premise: &TextInfo,
    antecedent: Option<&NameRun>,
    interner: &Interner,
) -> Option<Cue> {
    let claims: Vec<&Sentence> = premise
        .sentences
        .iter()
        .map(|s| &**s)
        .filter(|p| !p.question)
        .collect();
    let mut best = Best::new(h);
    moved_name_cue(h, &claims, &mut best, interner);
    joint_subject_cue(h, &claims, &mut best, interner);
    agent_cue(h, &claims, &mut best, interner);
    let Some(subject) = subject_of(h, antecedent, interner) else {
        return best.cue;
    };
    // Nothing to tie: no figure, and no name besides the subject.
    let runs: Vec<&NameRun> = h
        .names
        .iter()
        .filter(|r| !std::ptr::eq(*r, subject) && !is_attribute(r, interner))
        .collect();
    if h.numbers.is_empty() && runs.is_empty() {
        return best.cue;
    }
    // A sentence speaks of a name when it names it, or may go on about it after a sentence that
    // named it, with a pronoun or naming no one ("Marie Curie was born in 1867. … In 1903 she…",
    // "The battery lasts…"): read generously, so that a fact is only ever said to be someone
    // else's when no sentence can be about the subject. One pass: `named` says whether an
    // earlier claim named the subject.
    let pronouns: Vec<Term> = PRONOUNS.iter().filter_map(|w| interner.lookup(w)).collect();
    let mut named = false;
    let about: Vec<bool> = claims
        .iter()
        .map(|s| {
            let own = names(s, &subject.terms, interner);
            let about =
                own || (named && (s.names.is_empty() || pronouns.iter().any(|&w| s.has_stem(w))));
            named |= own;
            about
        })
        .collect();
    if !about.iter().any(|&a| a) {
        return best.cue;
    }
    // `claims.indexOf(p)`: a sentence that repeats is one parsed sentence, found first where it
    // first occurs.
    let index_of = |p: &Sentence| {
        claims
            .iter()
            .position(|&c| std::ptr::eq(c, p))
            .expect("a claim")
    };
    let said_of_subject = |p: &Sentence| about[index_of(p)];
    let subject_terms = &subject.terms;

    // Figures: the sentence's number is stated only away from the subject, and the subject's own
    // sentence with that unit gives another.
    for n in &h.numbers {
        let mut holders = claims
            .iter()
            .filter(|p| p.numbers.iter().any(|m| same_number(n, m)))
            .peekable();
        if holders.peek().is_none() || holders.any(|p| said_of_subject(p)) {
            continue;
        }
        for (i, &p) in claims.iter().enumerate() {
            if !about[i] {
                continue;
            }
            let Some(other) = p
                .numbers
                .iter()
                .find(|m| m.unit == n.unit && !same_number(n, m))
            else {
                continue;
            };
            let kind = match interner.get(n.unit) {
                "#year" | "#day" => CueKind::Date,
                _ => CueKind::Number,
            };
            best.consider(kind, cue_strength(kind), &p.text, || {
                format!(
                    "{} is said of another; of {} the evidence gives {}",
                    n.text,
                    join_terms(subject_terms, interner),
                    other.text
                )
            });
            break;
        }
    }

    // Names: a name the evidence gives only away from the subject, where the subject's sentence
    // that says the rest of the claim names someone else.
    let rest: Vec<Term> = h
        .base
        .iter()
        .copied()
        .filter(|t| {
            !runs.iter().any(|r| r.terms.contains(t))
                && !subject_terms.contains(t)
                && !is_demonym(*t, interner)
        })
        .collect();
    if !rest.is_empty() {
        for run in runs {
            let mut holders = claims
                .iter()
                .filter(|p| names(p, &run.terms, interner))
                .peekable();
            if holders.peek().is_none() || holders.any(|p| said_of_subject(p)) {
                continue;
            }
            for (i, &p) in claims.iter().enumerate() {
                if !about[i] || share(&rest, p) < RELATION_ALIGNMENT {
                    continue;
                }
                let other = p.names.iter().find(|r| {
                    !is_attribute(r, interner)
                        && !r.terms.iter().any(|&t| {
                            known_name(t, &h.content, interner) || subject_terms.contains(&t)
                        })
                });
                let Some(other) = other else { continue };
                best.consider(CueKind::Swap, cue_strength(CueKind::Swap), &p.text, || {
                    format!(
                        "{} is said of another; of {} the evidence gives {}",
                        join_terms(&run.terms, interner),
                        join_terms(subject_terms, interner),
                        join_terms(&other.terms, interner)
                    )
                });
                break;
            }
        }
    }
    best.cue
}
