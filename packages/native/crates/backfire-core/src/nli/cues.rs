//! The cue search (docs/scoring.md §3.3), in the TypeScript order: negation, numbers, months,
//! antonyms, entities, unsupported specifics; a later cue wins only when strictly stronger.

use super::analyze::{Interner, NumberMention, Sentence, Term, TextInfo};
use super::{Cue, CueKind};

/// Full strength of each cue, reached when the sentences are about the same thing.
pub fn cue_strength(kind: CueKind) -> f64 {
    match kind {
        CueKind::Negation | CueKind::Number | CueKind::Date => 0.9,
        CueKind::Antonym | CueKind::Entity => 0.85,
        CueKind::UnsupportedSpecific => 0.8,
        CueKind::Substitution | CueKind::Swap | CueKind::Comparison => 0.85,
        CueKind::Unsupported => 0.9,
    }
}

/// Strength of a single unsupported specific (two or more count in full).
pub const SINGLE_SPECIFIC_STRENGTH: f64 = 0.45;
/// Alignment at which a cue counts in full ("same subject").
pub const ALIGNMENT_FULL: f64 = 0.5;
/// Relative tolerance between two numbers when either is hedged.
pub const APPROX_TOLERANCE: f64 = 0.1;

/// Endings of demonyms and adjectives of place ("Martian", "Chinese", "British", "Nepali").
const DEMONYM_ENDINGS: &[&str] = &["ian", "an", "ese", "ish", "i"];

/// Whether two figures agree: equal, or within the tolerance when a hedged one is the rounder of
/// the two ("about 400 miles" is 375 rounded; "approximately 386" is another figure than 375).
pub(super) fn same_number(a: &NumberMention, b: &NumberMention) -> bool {
    if a.value == b.value {
        return true;
    }
    let rounder_hedged =
        (a.approx && a.precision > b.precision) || (b.approx && b.precision > a.precision);
    if !rounder_hedged {
        return false;
    }
    let scale = f64::max(a.value.abs(), b.value.abs());
    (a.value - b.value).abs() <= APPROX_TOLERANCE * scale
}

/// Whether two names are the same word in different forms (lengths in code points; "shorter"
/// and the tie-break by UTF-16 length, as in TypeScript).
pub(super) fn same_name(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if crate::text::utf16_len(a) <= crate::text::utf16_len(b) {
        (a, b)
    } else {
        (b, a)
    };
    let mut sc = short.chars();
    let Some(first) = sc.next() else { return false };
    if !long.starts_with(first) {
        return false;
    }
    if long.starts_with(short) && short.chars().nth(3).is_some() {
        return true;
    }
    let common = short
        .chars()
        .zip(long.chars())
        .take_while(|(x, y)| x == y)
        .count();
    common >= 3 && DEMONYM_ENDINGS.iter().any(|e| long.ends_with(e))
}

pub(super) fn known_name(name: Term, terms: &[Term], interner: &Interner) -> bool {
    if terms.contains(&name) {
        return true;
    }
    let n = interner.get(name);
    terms.iter().any(|&t| same_name(n, interner.get(t)))
}

/// Share of `terms` (minus `exclude`) found in `sentence`; 0 when nothing is left.
fn alignment(terms: &[Term], exclude: &[Term], sentence: &Sentence) -> f64 {
    let mut total = 0u32;
    let mut shared = 0u32;
    for &t in terms {
        if exclude.contains(&t) {
            continue;
        }
        total += 1;
        if sentence.has_content(t) {
            shared += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        f64::from(shared) / f64::from(total)
    }
}

fn weight(kind: CueKind, align: f64) -> f64 {
    cue_strength(kind) * f64::min(1.0, align / ALIGNMENT_FULL)
}

/// The best cue so far; details are only formatted for a cue that wins.
pub(super) struct Best<'a> {
    h: &'a Sentence,
    pub(super) cue: Option<Cue>,
}

impl<'a> Best<'a> {
    pub(super) fn new(h: &'a Sentence) -> Self {
        Best { h, cue: None }
    }

    fn wins(&self, strength: f64) -> bool {
        strength > 0.0 && self.cue.as_ref().is_none_or(|c| strength > c.strength)
    }

    /// Strictly stronger wins, so the first cue found (in the fixed order of the caller) keeps ties.
    pub(super) fn consider(
        &mut self,
        kind: CueKind,
        strength: f64,
        premise: &str,
        detail: impl FnOnce() -> String,
    ) {
        if self.wins(strength) {
            self.cue = Some(Cue {
                kind,
                strength,
                hypothesis_sentence: self.h.text.to_string(),
                premise_sentence: premise.to_owned(),
                detail: detail(),
            });
        }
    }
}

/// The strongest cue of one hypothesis sentence against the premise, or `None`.
pub fn strongest_cue(
    h: &Sentence,
    premise: &TextInfo,
    context: &[Term],
    specifics_count: bool,
    interner: &Interner,
) -> Option<Cue> {
    let widened: Option<Vec<Term>> = if context.is_empty() {
        None
    } else {
        let mut w = h.base.clone();
        w.extend(context.iter().copied().filter(|&t| !h.has_content(t)));
        Some(w)
    };
    let claims: Vec<&Sentence> = premise
        .sentences
        .iter()
        .map(|s| &**s)
        .filter(|p| !p.question)
        .collect();
    let own: Vec<f64> = claims.iter().map(|p| alignment(&h.base, &[], p)).collect();
    let mut own_top = 0.0f64;
    for &a in &own {
        own_top = f64::max(own_top, a);
    }
    let use_context = widened.is_some() && own_top < ALIGNMENT_FULL;
    let align = |p: &Sentence, exclude: &[Term]| -> f64 {
        let own = alignment(&h.base, exclude, p);
        match (&widened, use_context) {
            (Some(w), true) => f64::max(own, alignment(w, exclude, p)),
            _ => own,
        }
    };
    let aligned: Vec<f64> = if use_context {
        claims.iter().map(|p| align(p, &[])).collect()
    } else {
        own
    };
    let mut top = 0.0f64;
    for &a in &aligned {
        if a > top {
            top = a;
        }
    }
    if top == 0.0 {
        return None;
    }
    let focus: Vec<&Sentence> = claims
        .iter()
        .zip(&aligned)
        .filter(|&(_, &a)| a == top)
        .map(|(p, _)| *p)
        .collect();
    let on_subject: Vec<&Sentence> = claims
        .iter()
        .zip(&aligned)
        .filter(|&(_, &a)| a > 0.0)
        .map(|(p, _)| *p)
        .collect();
    let mut best = Best { h, cue: None };
    let name = |t: Term| interner.get(t);

    // Negation: a term the hypothesis denies that the premise asserts, or the other way round;
    // when both contain a negation, only a swap counts.
    for &p in &focus {
        let denied = h
            .negated
            .iter()
            .copied()
            .find(|&t| p.affirms(t) && !p.negates(t));
        let asserted = h
            .affirmed
            .iter()
            .copied()
            .find(|&t| p.negates(t) && !p.affirms(t));
        let both = h.negations > 0 && p.negations > 0;
        let strength = |term: Term| -> f64 {
            weight(
                CueKind::Negation,
                if h.base.iter().any(|&t| t != term) {
                    alignment(&h.base, &[term], p)
                } else {
                    top
                },
            )
        };
        if both {
            if let (Some(d), Some(a)) = (denied, asserted) {
                best.consider(CueKind::Negation, strength(d), &p.text, || {
                    format!("denies \"{}\", asserts \"{}\"", name(d), name(a))
                });
            }
        } else if let Some(d) = denied {
            best.consider(CueKind::Negation, strength(d), &p.text, || {
                format!("denies \"{}\"", name(d))
            });
        } else if let Some(a) = asserted {
            best.consider(CueKind::Negation, strength(a), &p.text, || {
                format!("asserts \"{}\", which is denied", name(a))
            });
        }
    }

    let mut specifics = 0usize;
    let mut numbers_noted = 0usize;
    let mut specific_detail: Option<String> = None;
    let mut note_specific = |what: &str| {
        specifics += 1;
        if specific_detail.is_none() {
            specific_detail = Some(what.to_owned());
        }
    };

    let year = interner_unit(interner, "#year");
    let day = interner_unit(interner, "#day");
    for n in &h.numbers {
        if on_subject
            .iter()
            .any(|p| p.numbers.iter().any(|m| same_number(n, m)))
        {
            continue;
        }
        let mut compared = false;
        for &p in &focus {
            let Some(other) = p.numbers.iter().find(|m| m.unit == n.unit) else {
                continue;
            };
            compared = true;
            let kind = if Some(n.unit) == year || Some(n.unit) == day {
                CueKind::Date
            } else {
                CueKind::Number
            };
            best.consider(kind, weight(kind, top), &p.text, || {
                format!("{} vs {}", n.text, other.text)
            });
        }
        // A spelled-out count ("two of the three astronauts") is usually derived, not invented.
        if !compared && !n.spelled {
            note_specific(&n.text);
            numbers_noted += 1;
        }
    }

    for &month in &h.months {
        if on_subject.iter().any(|p| p.months.contains(&month)) {
            continue;
        }
        for &p in &focus {
            if let Some(&other) = p.months.iter().find(|&&m| m != month) {
                best.consider(CueKind::Date, weight(CueKind::Date, top), &p.text, || {
                    format!("{} vs {}", name(month), name(other))
                });
            }
        }
    }

    for (s, opposites) in &h.antonyms {
        let s = *s;
        for &p in &focus {
            for &o in opposites {
                // Plainly: the premise uses the opposite word and never this one. In context: the
                // premise pairs the opposite with the same next word and never this word with it.
                let mut hit = !p.has_stem(s) && p.has_stem(o);
                if !hit {
                    hit = h
                        .pairs
                        .iter()
                        .filter(|pair| pair.0 == s)
                        .any(|&(_, next)| p.has_pair((o, next)) && !p.has_pair((s, next)));
                }
                if !hit {
                    continue;
                }
                let a = align(p, &[s, o]);
                best.consider(
                    CueKind::Antonym,
                    weight(CueKind::Antonym, a),
                    &p.text,
                    || format!("{} vs {}", name(s), name(o)),
                );
            }
        }
    }

    let missing: Vec<Term> = h
        .entities
        .iter()
        .copied()
        .filter(|&e| !known_name(e, &premise.content, interner))
        .collect();
    if !missing.is_empty() {
        for &p in &focus {
            // An entity the context named is being referred to, not replaced.
            let other = p.entities.iter().copied().find(|&e| {
                !known_name(e, &h.content, interner) && !known_name(e, context, interner)
            });
            let Some(other) = other else { continue };
            best.consider(
                CueKind::Entity,
                weight(CueKind::Entity, align(p, &missing)),
                &p.text,
                || {
                    let names: Vec<&str> = missing.iter().map(|&m| name(m)).collect();
                    format!("{} vs {}", names.join(" "), name(other))
                },
            );
        }
        for &e in &missing {
            note_specific(name(e));
        }
    }

    if specifics_count && specifics > 0 {
        // A fabrication invents figures with its names ("25 painters from Loiseau"); names alone
        // are often true context the knowledge base never held ("in Paris, France"): three.
        let fabricated = specifics >= 3 || (specifics >= 2 && numbers_noted > 0);
        let strength = if fabricated {
            cue_strength(CueKind::UnsupportedSpecific)
        } else {
            SINGLE_SPECIFIC_STRENGTH
        };
        best.consider(CueKind::UnsupportedSpecific, strength, "", || {
            format!(
                "{specifics} specific{} not in the premise, e.g. {}",
                if specifics > 1 { "s" } else { "" },
                specific_detail.unwrap_or_default()
            )
        });
    }
    best.cue
}

/// The id of a special unit, if any sentence ever used it (none can match otherwise).
fn interner_unit(interner: &Interner, unit: &str) -> Option<Term> {
    interner.lookup(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_in_their_forms() {
        assert!(same_name("peru", "peruvian"));
        assert!(same_name("mar", "martian"));
        assert!(same_name("china", "chinese"));
        assert!(!same_name("paris", "london"));
        assert!(!same_name("ab", "abc"));
        assert!(same_name("zealand", "zealander"));
        assert!(!same_name("", "x"));
    }
}
