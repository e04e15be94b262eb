//! The built-in heuristic NLI (docs/scoring.md §3), the port of `@backfire/core`'s
//! `HeuristicNli`: deterministic, no model, identical to the TypeScript one to the last bit (the
//! golden vectors in `testdata/nli` pin both).
//!
//! Terms are interned to integers per instance, so the set operations of the cue search compare
//! integers; parsed sentences and texts are cached (prompts and evidence repeat). Neither changes
//! a result.

mod analyze;
mod clauses;
mod cues;
pub mod lexicon;
mod question;
mod relation;

use std::collections::VecDeque;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use analyze::{Interner, NameRun, SentenceCache, TextInfo, analyze_text};
use clauses::split_clauses;
use question::{QuestionInfo, answer_cue, read_question};
use relation::{opening_name, relation_cue};

use crate::types::{BackfireError, Value};

pub use cues::{ALIGNMENT_FULL, APPROX_TOLERANCE, SINGLE_SPECIFIC_STRENGTH, cue_strength};
pub use lexicon::CLAUSE_JOINS;
pub use question::{
    DISPLACED_ALIGNMENT, DISPLACED_MIN_TERMS, FRAGMENT_WORDS, PRONOUN_REACH,
    QUESTION_ALIGNMENT_FULL, RESTATE_SHARE, SHORT_ANSWER_WORDS,
};
pub use relation::{RELATION_ALIGNMENT, RESTATED_ALIGNMENT};

/// The kinds of contradiction cue the heuristic recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    Negation,
    Number,
    Date,
    Antonym,
    Entity,
    UnsupportedSpecific,
    /// The answer fills the question's slot with something the evidence never says.
    Substitution,
    /// The answer ties an attribute to the wrong entity of the evidence.
    Swap,
    /// "Which came first, A or B?" answered against the evidence's dates.
    Comparison,
    /// Strict grounding: a specific claim the evidence does not support.
    Unsupported,
}

impl CueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CueKind::Negation => "negation",
            CueKind::Number => "number",
            CueKind::Date => "date",
            CueKind::Antonym => "antonym",
            CueKind::Entity => "entity",
            CueKind::UnsupportedSpecific => "unsupported_specific",
            CueKind::Substitution => "substitution",
            CueKind::Swap => "swap",
            CueKind::Comparison => "comparison",
            CueKind::Unsupported => "unsupported",
        }
    }
}

/// `Contradiction` (default): halt on what the evidence contradicts. `Strict`: also on specific
/// claims (names, numbers, dates, the answer to the question) the evidence does not support.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grounding {
    #[default]
    Contradiction,
    Strict,
}

impl Grounding {
    pub fn as_str(self) -> &'static str {
        match self {
            Grounding::Contradiction => "contradiction",
            Grounding::Strict => "strict",
        }
    }

    /// `'contradiction'` or `'strict'`, else core's input error.
    pub fn parse(value: &str) -> Result<Grounding, BackfireError> {
        match value {
            "contradiction" => Ok(Grounding::Contradiction),
            "strict" => Ok(Grounding::Strict),
            _ => Err(BackfireError::input(
                "grounding",
                Value::string(value),
                "must be 'contradiction' or 'strict'",
            )),
        }
    }
}

/// Options of `HeuristicNli::explain` (core's `ExplainOptions`).
#[derive(Clone, Copy, Debug, Default)]
pub struct ExplainOptions<'a> {
    /// Whether unsupported specifics count; `None` = the instance's default.
    pub specifics: Option<bool>,
    /// The question the hypothesis answers; with it (non-empty) the question-aware rules run.
    pub question: Option<&'a str>,
    /// Whether the hypothesis is (the start of) the answer to `question`; `None` = true.
    pub answers: Option<bool>,
    /// `Strict`: specific claims the premise lacks are a cue of kind `unsupported`.
    pub grounding: Grounding,
}

/// The strongest contradiction cue found for a hypothesis.
#[derive(Clone, Debug, PartialEq)]
pub struct Cue {
    pub kind: CueKind,
    /// Its contribution to the divergence, in [0, 1].
    pub strength: f64,
    /// The hypothesis sentence that carries the cue.
    pub hypothesis_sentence: String,
    /// The premise sentence it conflicts with; empty for an unsupported specific.
    pub premise_sentence: String,
    /// What differs, e.g. `1899 vs 1889`.
    pub detail: String,
}

/// A divergence and how it came about.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub divergence: f64,
    pub contradiction: f64,
    pub unsupported: f64,
    pub cue: Option<Cue>,
}

const SENTENCE_CACHE_SIZE: usize = 1024;
const TEXT_CACHE_SIZE: usize = 32;
/// Longer texts are parsed every time rather than kept alive in the cache.
const TEXT_CACHE_MAX_BYTES: usize = 20_000;
/// The interner only grows; past this many terms it starts over (with the caches that refer to it).
const INTERNER_LIMIT: usize = 1 << 20;

/// The heuristic NLI. `specifics` is the default of `explain`'s option of the same name.
pub struct HeuristicNli {
    specifics: bool,
    interner: Interner,
    sentences: SentenceCache,
    texts: FxHashMap<Box<str>, Rc<TextInfo>>,
    text_order: VecDeque<Box<str>>,
    /// The last question's reading; a stream asks about the same question sentence after sentence.
    last_question: Option<(Box<str>, Rc<QuestionInfo>)>,
}

impl Default for HeuristicNli {
    fn default() -> Self {
        Self::new(true)
    }
}

impl HeuristicNli {
    pub fn new(specifics: bool) -> Self {
        HeuristicNli {
            specifics,
            interner: Interner::default(),
            sentences: SentenceCache::new(SENTENCE_CACHE_SIZE),
            texts: FxHashMap::default(),
            text_order: VecDeque::new(),
            last_question: None,
        }
    }

    pub fn specifics(&self) -> bool {
        self.specifics
    }

    /// `explain(premise, hypothesis).divergence`.
    pub fn divergence(&mut self, premise: &str, hypothesis: &str) -> f64 {
        self.explain(premise, hypothesis, "", ExplainOptions::default())
            .divergence
    }

    /// The divergence and the cue behind it. `context` (text just before the hypothesis) helps
    /// find which premise sentence the hypothesis is about, and what a pronoun opening it refers
    /// to. The plain cues run first (on each sentence, then on each clause of a sentence that joins
    /// two); with `options.question`, each hypothesis sentence is also read as an answer to it (the
    /// question-aware rules); then the wrong-subject rules. A later cue wins only when strictly
    /// stronger.
    pub fn explain(
        &mut self,
        premise: &str,
        hypothesis: &str,
        context: &str,
        options: ExplainOptions<'_>,
    ) -> Explanation {
        if self.interner.len() > INTERNER_LIMIT {
            self.reset();
        }
        let specifics = options.specifics.unwrap_or(self.specifics);
        let p = self.text(premise);
        let h = self.text(hypothesis);
        let mut ctx = Vec::new();
        if !context.is_empty() {
            for s in &self.text(context).sentences {
                ctx.extend_from_slice(&s.base);
            }
        }
        let mut total = 0usize;
        let mut missing = 0usize;
        let mut seen = rustc_hash::FxHashSet::default();
        for s in &h.sentences {
            for &t in &s.content {
                if !seen.insert(t) {
                    continue;
                }
                total += 1;
                if !p.content_set.contains(&t) {
                    missing += 1;
                }
            }
        }
        let unsupported = if total == 0 {
            1.0
        } else {
            missing as f64 / total as f64
        };
        let mut cue: Option<Cue> = None;
        for s in &h.sentences {
            if let Some(found) = cues::strongest_cue(s, &p, &ctx, specifics, &self.interner)
                && cue.as_ref().is_none_or(|c| found.strength > c.strength)
            {
                cue = Some(found);
            }
            // Each clause of a sentence that joins two claims is checked on its own as well (for
            // contradictions only: the whole sentence already counted its unsupported specifics).
            for clause in split_clauses(&s.text) {
                let parsed = self.text(clause);
                for c in &parsed.sentences {
                    if let Some(found) = cues::strongest_cue(c, &p, &ctx, false, &self.interner)
                        && cue.as_ref().is_none_or(|c| found.strength > c.strength)
                    {
                        cue = Some(Cue {
                            hypothesis_sentence: s.text.to_string(),
                            ..found
                        });
                    }
                }
            }
        }
        if let Some(question) = options.question.filter(|q| !q.is_empty()) {
            let q = self.question(question);
            let answers = options.answers.unwrap_or(true);
            let strict = options.grounding == Grounding::Strict;
            for s in &h.sentences {
                if let Some(found) = answer_cue(s, &p, &q, answers, strict, &self.interner)
                    && cue.as_ref().is_none_or(|c| found.strength > c.strength)
                {
                    cue = Some(found);
                }
            }
        }
        // Facts tied to the wrong subject (after the question's rules, which win a tie: they say
        // more). A sentence that opens with a pronoun is about the name the one before it opened
        // with. The context is the answer's previous sentence, then the question: the first opener
        // counts.
        let mut antecedent: Option<NameRun> = None;
        if !context.is_empty() {
            let parsed = self.text(context);
            antecedent = parsed
                .sentences
                .iter()
                .find_map(|c| opening_name(c, &self.interner))
                .cloned();
        }
        for s in &h.sentences {
            if let Some(found) = relation_cue(s, &p, antecedent.as_ref(), &self.interner)
                && cue.as_ref().is_none_or(|c| found.strength > c.strength)
            {
                cue = Some(found);
            }
            if let Some(own) = opening_name(s, &self.interner) {
                antecedent = Some(own.clone());
            } else if !lexicon::PRONOUNS.contains(&&*s.first) {
                antecedent = None;
            }
        }
        let contradiction = cue.as_ref().map_or(0.0, |c| c.strength);
        let divergence = contradiction + (1.0 - contradiction) * 0.5 * unsupported;
        Explanation {
            divergence,
            contradiction,
            unsupported,
            cue,
        }
    }

    fn reset(&mut self) {
        self.interner = Interner::default();
        self.sentences.clear();
        self.texts.clear();
        self.text_order.clear();
        self.last_question = None;
    }

    /// The question's reading, kept for the next call.
    fn question(&mut self, text: &str) -> Rc<QuestionInfo> {
        if let Some((hit, info)) = &self.last_question
            && **hit == *text
        {
            return Rc::clone(info);
        }
        let parsed = self.text(text);
        let info = Rc::new(read_question(text, &parsed, &mut self.interner));
        self.last_question = Some((text.into(), Rc::clone(&info)));
        info
    }

    fn text(&mut self, text: &str) -> Rc<TextInfo> {
        if let Some(hit) = self.texts.get(text) {
            return Rc::clone(hit);
        }
        let parsed = Rc::new(analyze_text(text, &mut self.interner, &mut self.sentences));
        if text.len() > TEXT_CACHE_MAX_BYTES {
            return parsed;
        }
        if self.texts.len() >= TEXT_CACHE_SIZE
            && let Some(old) = self.text_order.pop_front()
        {
            self.texts.remove(&old);
        }
        self.texts.insert(text.into(), Rc::clone(&parsed));
        self.text_order.push_back(text.into());
        parsed
    }
}
