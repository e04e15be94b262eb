//! `CoherenceScorer` (docs/scoring.md §4), the port of `@backfire/core`'s scorer for its built-in
//! backends — the heuristic NLI and the BM25 knowledge base — which are synchronous and cannot
//! fail, so only the input failures remain (`empty_prompt`, `empty_response`, `too_long`,
//! `no_content`).
//!
//! coherence = 1 − (wLogic·hLogical + wFact·hFactual); a response is scored sentence by sentence
//! and its score is its weakest sentence's.

mod prompt;

use std::collections::VecDeque;

use crate::format::sanitize_score;
use crate::knowledge::Knowledge;
use crate::nli::{Cue, ExplainOptions, Explanation, Grounding, HeuristicNli};
use crate::text::{js_slice_last, js_trim, split_sentences, utf16_len};
use crate::types::jsfmt::number_to_string;
use crate::types::{BackfireError, Config, Value};

pub use prompt::prompt_only_asks;

/// The version of the text and scoring rules (sentence splitting, the heuristic NLI, the
/// question-aware rules, the scorer) this crate implements: `@backfire/core`'s
/// `SCORING_RULES_VERSION`. Core scores in Rust only when the addon reports the same; bump both
/// together.
pub const SCORING_RULES_VERSION: u32 = 5;

/// hFactual when there is nothing to check against.
pub const NEUTRAL_FACTUAL: f64 = 0.5;
/// Default `maxResponseChars` (UTF-16 units).
pub const DEFAULT_MAX_RESPONSE_CHARS: f64 = 200_000.0;
/// How much of a long prompt goes into each retrieval query (its end).
const PROMPT_QUERY_UNITS: usize = 1000;
/// How much of the text before a segment is read for its last sentence.
const PREVIOUS_TAIL_UNITS: usize = 400;

/// Why a score failed closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    EmptyPrompt,
    EmptyResponse,
    TooLong,
    NoContent,
}

impl Failure {
    pub fn as_str(self) -> &'static str {
        match self {
            Failure::EmptyPrompt => "empty_prompt",
            Failure::EmptyResponse => "empty_response",
            Failure::TooLong => "too_long",
            Failure::NoContent => "no_content",
        }
    }
}

/// A retrieved chunk, owned.
#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceChunk {
    pub id: String,
    pub text: String,
    pub score: f64,
    pub source: String,
}

/// The verdict on a response or one segment of it (core's `CoherenceScore`).
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub score: f64,
    pub approved: bool,
    pub h_logical: f64,
    pub h_factual: f64,
    pub warning: bool,
    pub chunks: Vec<EvidenceChunk>,
    /// The sentence that decided the score; empty on failure.
    pub sentence: String,
    pub contradiction: Option<Cue>,
    pub failure: Option<Failure>,
    pub reason: String,
}

impl Score {
    fn failed(failure: Failure, reason: String) -> Score {
        Score {
            score: 0.0,
            approved: false,
            h_logical: 1.0,
            h_factual: 1.0,
            warning: false,
            chunks: Vec::new(),
            sentence: String::new(),
            contradiction: None,
            failure: Some(failure),
            reason,
        }
    }
}

/// Options of `CoherenceScorer::new` (core's `CoherenceScorerOptions`, minus the backends).
#[derive(Clone, Debug)]
pub struct ScorerOptions {
    pub config: Config,
    /// Chunks retrieved per sentence: an integer ≥ 1.
    pub evidence_k: f64,
    /// hLogical of an answer the prompt neither entails nor contradicts, in [0, 1].
    pub answer_prior: f64,
    /// Longest response or segment, in UTF-16 units: an integer ≥ 1 or +∞.
    pub max_response_chars: f64,
    /// The heuristic's `specifics` option.
    pub specifics: bool,
    /// What the evidence must do for an answer: not contradict it (default), or also support its
    /// specific claims (`Strict`). Parse core's string option with `Grounding::parse`.
    pub grounding: Grounding,
}

impl Default for ScorerOptions {
    fn default() -> Self {
        ScorerOptions {
            config: Config::default(),
            evidence_k: 3.0,
            answer_prior: 0.3,
            max_response_chars: DEFAULT_MAX_RESPONSE_CHARS,
            specifics: true,
            grounding: Grounding::Contradiction,
        }
    }
}

struct PromptInfo {
    prompt: String,
    asks: bool,
    query: String,
    question: String,
}

/// Scores responses and segments against a prompt and, optionally, a knowledge base.
pub struct CoherenceScorer {
    config: Config,
    evidence_k: f64,
    answer_prior: f64,
    max_response_chars: f64,
    grounding: Grounding,
    nli: HeuristicNli,
    prompt: Option<PromptInfo>,
    history: VecDeque<String>,
}

fn check_tenant(tenant: Option<&str>) -> Result<(), BackfireError> {
    if tenant == Some("") {
        return Err(BackfireError::input(
            "tenant",
            Value::string(""),
            "must be a non-empty string when given",
        ));
    }
    Ok(())
}

/// The question an answer responds to: the prompt's last sentence that asks (ends in "?"), read
/// from its last 1000 UTF-16 units; else its last sentence; trimmed as JavaScript's `trim()`.
pub fn last_question(prompt: &str) -> String {
    let tail = js_slice_last(prompt, PROMPT_QUERY_UNITS);
    let spans = split_sentences(&tail);
    for span in spans.iter().rev() {
        let t = js_trim(span);
        if t.ends_with('?') || t.ends_with('\u{ff1f}') {
            return t.to_owned();
        }
    }
    spans
        .last()
        .map_or_else(String::new, |s| js_trim(s).to_owned())
}

/// The last sentence of the last 400 UTF-16 units of `previous`.
pub fn last_sentence(previous: &str) -> String {
    if previous.is_empty() {
        return String::new();
    }
    let tail = js_slice_last(previous, PREVIOUS_TAIL_UNITS);
    split_sentences(&tail)
        .last()
        .map_or_else(String::new, |s| (*s).to_owned())
}

impl CoherenceScorer {
    pub fn new(options: ScorerOptions) -> Result<Self, BackfireError> {
        let k = options.evidence_k;
        if !(k.is_finite() && k.trunc() == k && k >= 1.0) {
            return Err(BackfireError::input(
                "evidenceK",
                k,
                "must be an integer ≥ 1",
            ));
        }
        let prior = options.answer_prior;
        if !(prior.is_finite() && (0.0..=1.0).contains(&prior)) {
            return Err(BackfireError::input(
                "answerPrior",
                prior,
                "must be a number in [0, 1]",
            ));
        }
        let max = options.max_response_chars;
        if !(max == f64::INFINITY || (max.is_finite() && max.trunc() == max && max >= 1.0)) {
            return Err(BackfireError::input(
                "maxResponseChars",
                max,
                "must be an integer ≥ 1 or Infinity",
            ));
        }
        Ok(CoherenceScorer {
            config: options.config,
            evidence_k: k,
            answer_prior: prior,
            max_response_chars: max,
            grounding: options.grounding,
            nli: HeuristicNli::new(options.specifics),
            prompt: None,
            history: VecDeque::new(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn evidence_k(&self) -> f64 {
        self.evidence_k
    }

    pub fn answer_prior(&self) -> f64 {
        self.answer_prior
    }

    pub fn max_response_chars(&self) -> f64 {
        self.max_response_chars
    }

    pub fn grounding(&self) -> Grounding {
        self.grounding
    }

    /// The heuristic NLI this scorer uses (its caches are shared with the scorer's calls).
    pub fn nli(&mut self) -> &mut HeuristicNli {
        &mut self.nli
    }

    /// The last `historyWindow` approved responses of `review`, oldest first.
    pub fn history(&self) -> impl Iterator<Item = &str> {
        self.history.iter().map(String::as_str)
    }

    /// Scores a whole response (and remembers it when approved).
    pub fn review(
        &mut self,
        knowledge: Option<&mut Knowledge>,
        prompt: &str,
        response: &str,
        tenant: Option<&str>,
    ) -> Result<Score, BackfireError> {
        let early = self.precheck(prompt, response, "response");
        check_tenant(tenant)?;
        let result = match early {
            Some(f) => f,
            None => self.review_sentences(knowledge, prompt, response, tenant),
        };
        if result.approved && self.config.history_window > 0 {
            self.history.push_back(response.to_owned());
            while self.history.len() > self.config.history_window as usize {
                self.history.pop_front();
            }
        }
        Ok(result)
    }

    fn review_sentences(
        &mut self,
        mut knowledge: Option<&mut Knowledge>,
        prompt: &str,
        response: &str,
        tenant: Option<&str>,
    ) -> Score {
        let mut worst: Option<Score> = None;
        let mut previous = "";
        for span in split_sentences(response) {
            if !crate::text::has_words(span) {
                continue;
            }
            let score = self.segment(knowledge.as_deref_mut(), prompt, span, previous, tenant);
            if worst.as_ref().is_none_or(|w| score.score < w.score) {
                worst = Some(score);
            }
            previous = span;
        }
        // Unreachable (the precheck found words, and every word is in a sentence); never a panic.
        worst.unwrap_or_else(|| {
            Score::failed(
                Failure::NoContent,
                "response has no words to check (only symbols, emoji or control characters)".into(),
            )
        })
    }

    /// Scores one segment of a streamed answer; `previous` is the answer before it (only its last
    /// sentence is read). Not added to the history.
    pub fn review_segment(
        &mut self,
        knowledge: Option<&mut Knowledge>,
        prompt: &str,
        segment: &str,
        previous: &str,
        tenant: Option<&str>,
    ) -> Result<Score, BackfireError> {
        let early = self.precheck(prompt, segment, "segment");
        check_tenant(tenant)?;
        if let Some(f) = early {
            return Ok(f);
        }
        let prev = last_sentence(previous);
        Ok(self.segment(knowledge, prompt, segment, &prev, tenant))
    }

    fn precheck(&self, prompt: &str, response: &str, field: &str) -> Option<Score> {
        if js_trim(prompt).is_empty() {
            return Some(Score::failed(
                Failure::EmptyPrompt,
                "prompt is empty: there is nothing to check the response against".into(),
            ));
        }
        if js_trim(response).is_empty() {
            return Some(Score::failed(
                Failure::EmptyResponse,
                format!("{field} is empty"),
            ));
        }
        let len = utf16_len(response);
        if len as f64 > self.max_response_chars {
            return Some(Score::failed(
                Failure::TooLong,
                format!(
                    "{field} has {len} characters, more than maxResponseChars ({})",
                    number_to_string(self.max_response_chars)
                ),
            ));
        }
        if !crate::text::has_words(response) {
            return Some(Score::failed(
                Failure::NoContent,
                format!(
                    "{field} has no words to check (only symbols, emoji or control characters)"
                ),
            ));
        }
        None
    }

    /// `(asks, query, question)` of a prompt, kept for the next call.
    fn prompt_info(&mut self, prompt: &str) -> (bool, String, String) {
        if let Some(p) = &self.prompt
            && p.prompt == prompt
        {
            return (p.asks, p.query.clone(), p.question.clone());
        }
        let query = if utf16_len(prompt) > PROMPT_QUERY_UNITS {
            js_slice_last(prompt, PROMPT_QUERY_UNITS).into_owned()
        } else {
            prompt.to_owned()
        };
        let asks = prompt_only_asks(prompt);
        let question = last_question(prompt);
        self.prompt = Some(PromptInfo {
            prompt: prompt.to_owned(),
            asks,
            query: query.clone(),
            question: question.clone(),
        });
        (asks, query, question)
    }

    fn segment(
        &mut self,
        knowledge: Option<&mut Knowledge>,
        prompt: &str,
        segment: &str,
        previous: &str,
        tenant: Option<&str>,
    ) -> Score {
        let (asks, query, question) = self.prompt_info(prompt);
        let mut chunks: Vec<EvidenceChunk> = Vec::new();
        if let Some(kb) = knowledge {
            let q = format!("{segment}\n{previous}\n{query}");
            // k and tenant were validated when the scorer was built / the call was checked, so
            // retrieval cannot fail here.
            chunks = kb
                .retrieve(&q, self.evidence_k, tenant)
                .unwrap_or_default()
                .into_iter()
                .map(|c| EvidenceChunk {
                    id: c.id.to_owned(),
                    text: c.text.to_owned(),
                    score: c.score,
                    source: c.source.to_owned(),
                })
                .collect();
        }
        let context = if previous.is_empty() {
            query
        } else {
            format!("{previous}\n{query}")
        };
        // The prompt pair: an answer is expected to add details its prompt lacks.
        let logic = self.nli.explain(
            prompt,
            segment,
            &context,
            ExplainOptions {
                specifics: Some(false),
                ..ExplainOptions::default()
            },
        );
        // The evidence pair is read as an answer to the prompt's question (the first sentence
        // answers it; later ones continue).
        let answer = ExplainOptions {
            specifics: None,
            question: Some(&question),
            answers: Some(previous.is_empty()),
            grounding: self.grounding,
        };
        let fact: Option<Explanation> = if chunks.is_empty() {
            None
        } else {
            let premise = chunks
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            Some(self.nli.explain(&premise, segment, &context, answer))
        };
        let prior = self.answer_prior;
        let d = logic.divergence;
        let h_logical = if d > 0.5 {
            prior + (1.0 - prior) * ((d - 0.5) / 0.5)
        } else if asks {
            prior
        } else {
            d * (prior / 0.5)
        };
        let h_factual = fact.as_ref().map_or(NEUTRAL_FACTUAL, |f| f.divergence);
        let c = &self.config;
        let score = sanitize_score(1.0 - (c.w_logic * h_logical + c.w_fact * h_factual));
        let approved = score >= c.coherence_threshold;
        let warning = approved && score < c.soft_limit;
        let contradiction = match fact.and_then(|f| f.cue) {
            Some(cue) => Some(cue),
            None if d > 0.5 => logic.cue,
            None => None,
        };
        Score {
            score,
            approved,
            h_logical,
            h_factual,
            warning,
            chunks,
            sentence: js_trim(segment).to_owned(),
            contradiction,
            failure: None,
            reason: String::new(),
        }
    }
}
