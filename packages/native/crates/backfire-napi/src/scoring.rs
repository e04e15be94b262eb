//! `RustCoherenceScorer` and `RustHeuristicNli`: the scorer and heuristic NLI of `backfire-core`.
//! A score crosses back as one flat array (see `write_score`); the hand-written TypeScript entry
//! builds core's `CoherenceScore` from it. `reviewSegments` scores a whole batch in one crossing.

use napi::Result;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use backfire_core::knowledge::Chunk;
use backfire_core::nli::{Cue, ExplainOptions, Grounding, HeuristicNli};
use backfire_core::scoring::{CoherenceScorer, SCORING_RULES_VERSION, Score, ScorerOptions};
use backfire_core::types::BackfireError;

use crate::config::config_from_arg;
use crate::js::{Js, JsValue};
use crate::knowledge::{RawKnowledge, SharedKnowledge, busy, throw, write_chunks};

/// Elements of a score before its chunks: `score, hLogical, hFactual, flags, failure, reason,
/// sentence, chunkCount`; then 4 per chunk; then the cue: `kind, strength, hypothesisSentence,
/// premiseSentence, detail` (`kind` null and the rest absent when there is none).
const SCORE_HEAD: u32 = 8;
const FLAG_APPROVED: u32 = 1;
const FLAG_WARNING: u32 = 2;

fn write_cue<'e>(js: Js<'e>, out: JsValue<'e>, at: u32, cue: Option<&Cue>) -> Result<u32> {
    match cue {
        None => {
            js.set_element(out, at, js.null()?)?;
            Ok(at + 1)
        }
        Some(c) => {
            js.set_element(out, at, js.string(c.kind.as_str())?)?;
            js.set_element(out, at + 1, js.number(c.strength)?)?;
            js.set_element(out, at + 2, js.string(&c.hypothesis_sentence)?)?;
            js.set_element(out, at + 3, js.string(&c.premise_sentence)?)?;
            js.set_element(out, at + 4, js.string(&c.detail)?)?;
            Ok(at + 5)
        }
    }
}

/// Appends one score to `out` from `at`; returns the next index.
fn write_score<'e>(js: Js<'e>, out: JsValue<'e>, at: u32, s: &Score) -> Result<u32> {
    let mut flags = 0;
    if s.approved {
        flags |= FLAG_APPROVED;
    }
    if s.warning {
        flags |= FLAG_WARNING;
    }
    js.set_element(out, at, js.number(s.score)?)?;
    js.set_element(out, at + 1, js.number(s.h_logical)?)?;
    js.set_element(out, at + 2, js.number(s.h_factual)?)?;
    js.set_element(out, at + 3, js.uint(flags)?)?;
    let failure = match s.failure {
        Some(f) => js.string(f.as_str())?,
        None => js.null()?,
    };
    js.set_element(out, at + 4, failure)?;
    js.set_element(out, at + 5, js.string(&s.reason)?)?;
    js.set_element(out, at + 6, js.string(&s.sentence)?)?;
    js.set_element(out, at + 7, js.uint(s.chunks.len() as u32)?)?;
    let next = write_chunks(
        js,
        out,
        at + SCORE_HEAD,
        s.chunks.iter().map(|c| Chunk {
            id: &c.id,
            text: &c.text,
            score: c.score,
            source: &c.source,
        }),
    )?;
    write_cue(js, out, next, s.contradiction.as_ref())
}

/// Scores responses against a prompt and, optionally, a `RustKnowledge` (shared, not copied:
/// later writes to the store are seen). Same rules and numbers as `@backfire/core`'s
/// `CoherenceScorer` with its built-in heuristic NLI.
#[napi(js_name = "RustCoherenceScorer")]
pub struct RawCoherenceScorer {
    inner: CoherenceScorer,
    knowledge: Option<SharedKnowledge>,
}

impl RawCoherenceScorer {
    fn run<'env>(
        &mut self,
        env: &'env Env,
        f: impl FnOnce(
            &mut CoherenceScorer,
            Option<&mut backfire_core::knowledge::Knowledge>,
        ) -> std::result::Result<Vec<Score>, BackfireError>,
    ) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let mut guard = match &self.knowledge {
            Some(k) => Some(k.try_borrow_mut().map_err(|_| busy(env))?),
            None => None,
        };
        let scores = f(&mut self.inner, guard.as_deref_mut()).map_err(|e| throw(env, &e))?;
        drop(guard);
        let len: usize = scores
            .iter()
            .map(|s| {
                SCORE_HEAD as usize
                    + 4 * s.chunks.len()
                    + if s.contradiction.is_some() { 5 } else { 1 }
            })
            .sum();
        let out = js.array(len)?;
        let mut at = 0;
        for s in &scores {
            at = write_score(js, out, at, s)?;
        }
        Ok(out)
    }
}

#[napi]
impl RawCoherenceScorer {
    /// `config`: a `BackfireConfig` or its fields; `knowledge`: a `RustKnowledge` or undefined.
    /// The numbers are validated as `@backfire/core` validates them.
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "config: unknown, knowledge: RustKnowledge | undefined | null, evidenceK: number, answerPrior: number, maxResponseChars: number, specifics: boolean, grounding: 'contradiction' | 'strict'"
    )]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        env: Env,
        config: Unknown,
        knowledge: Option<&RawKnowledge>,
        evidence_k: f64,
        answer_prior: f64,
        max_response_chars: f64,
        specifics: bool,
        grounding: String,
    ) -> Result<Self> {
        let config = config_from_arg(&env, config, true)?;
        let grounding = Grounding::parse(&grounding).map_err(|e| throw(&env, &e))?;
        let inner = CoherenceScorer::new(ScorerOptions {
            config,
            evidence_k,
            answer_prior,
            max_response_chars,
            specifics,
            grounding,
        })
        .map_err(|e| throw(&env, &e))?;
        Ok(RawCoherenceScorer {
            inner,
            knowledge: knowledge.map(|k| k.inner.clone()),
        })
    }

    /// Scores a whole response: one flat score.
    #[napi(catch_unwind, ts_return_type = "Array<string | number | null>")]
    pub fn review<'env>(
        &mut self,
        env: &'env Env,
        prompt: String,
        response: String,
        tenant: Option<String>,
    ) -> Result<Unknown<'env>> {
        self.run(env, |scorer, kb| {
            scorer
                .review(kb, &prompt, &response, tenant.as_deref())
                .map(|s| vec![s])
        })
    }

    /// Scores one segment; `previous` is the answer before it.
    #[napi(catch_unwind, ts_return_type = "Array<string | number | null>")]
    pub fn review_segment<'env>(
        &mut self,
        env: &'env Env,
        prompt: String,
        segment: String,
        previous: String,
        tenant: Option<String>,
    ) -> Result<Unknown<'env>> {
        self.run(env, |scorer, kb| {
            scorer
                .review_segment(kb, &prompt, &segment, &previous, tenant.as_deref())
                .map(|s| vec![s])
        })
    }

    /// Scores many segments of one prompt in one crossing: `segments[i]` with `previous[i]`, as
    /// `reviewSegment` would; the flat scores follow one another.
    #[napi(catch_unwind, ts_return_type = "Array<string | number | null>")]
    pub fn review_segments<'env>(
        &mut self,
        env: &'env Env,
        prompt: String,
        segments: Vec<String>,
        previous: Vec<String>,
        tenant: Option<String>,
    ) -> Result<Unknown<'env>> {
        if previous.len() != segments.len() {
            return Err(throw(
                env,
                &BackfireError::input(
                    "previous",
                    previous.len() as f64,
                    "must have one entry per segment",
                ),
            ));
        }
        self.run(env, |scorer, mut kb| {
            segments
                .iter()
                .zip(&previous)
                .map(|(s, p)| {
                    scorer.review_segment(kb.as_deref_mut(), &prompt, s, p, tenant.as_deref())
                })
                .collect()
        })
    }

    /// The last `historyWindow` approved responses of `review`, oldest first.
    #[napi(getter)]
    pub fn history(&self) -> Vec<String> {
        self.inner.history().map(str::to_owned).collect()
    }
}

/// Options of `RustHeuristicNli.explain` (core's `ExplainOptions`).
#[napi(object)]
pub struct RawExplainOptions {
    pub specifics: Option<bool>,
    pub question: Option<String>,
    pub answers: Option<bool>,
    /// `'strict'` turns strict grounding on; anything else is `'contradiction'`, as in core.
    pub grounding: Option<String>,
}

/// The built-in heuristic NLI (docs/scoring.md §3).
#[napi(js_name = "RustHeuristicNli")]
pub struct RawHeuristicNli {
    inner: HeuristicNli,
}

#[napi]
impl RawHeuristicNli {
    #[napi(constructor)]
    pub fn new(specifics: bool) -> Self {
        RawHeuristicNli {
            inner: HeuristicNli::new(specifics),
        }
    }

    #[napi(getter)]
    pub fn specifics(&self) -> bool {
        self.inner.specifics()
    }

    /// `[divergence, contradiction, unsupported, cueKind, strength, hypothesisSentence,
    /// premiseSentence, detail]` (`cueKind` null and the rest absent when no cue fired).
    #[napi(catch_unwind, ts_return_type = "Array<string | number | null>")]
    pub fn explain<'env>(
        &mut self,
        env: &'env Env,
        premise: String,
        hypothesis: String,
        context: String,
        options: Option<RawExplainOptions>,
    ) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let options = options.as_ref();
        let e = self.inner.explain(
            &premise,
            &hypothesis,
            &context,
            ExplainOptions {
                specifics: options.and_then(|o| o.specifics),
                question: options.and_then(|o| o.question.as_deref()),
                answers: options.and_then(|o| o.answers),
                grounding: match options.and_then(|o| o.grounding.as_deref()) {
                    Some("strict") => Grounding::Strict,
                    _ => Grounding::Contradiction,
                },
            },
        );
        let out = js.array(if e.cue.is_some() { 8 } else { 4 })?;
        js.set_element(out, 0, js.number(e.divergence)?)?;
        js.set_element(out, 1, js.number(e.contradiction)?)?;
        js.set_element(out, 2, js.number(e.unsupported)?)?;
        write_cue(js, out, 3, e.cue.as_ref())?;
        Ok(out)
    }

    #[napi(catch_unwind)]
    pub fn divergence(&mut self, premise: String, hypothesis: String) -> f64 {
        self.inner.divergence(&premise, &hypothesis)
    }
}

/// The version of the text and scoring rules the addon implements (`SCORING_RULES_VERSION`);
/// `@backfire/core` scores in Rust only when it matches its own.
#[napi]
pub fn scoring_rules_version() -> u32 {
    SCORING_RULES_VERSION
}

/// `[tokens, contentTerms, sentences]` of a text (docs/scoring.md §1), for the golden vectors.
#[napi(catch_unwind)]
pub fn analyze_text(text: String) -> (Vec<String>, Vec<String>, Vec<String>) {
    (
        backfire_core::text::tokenize(&text),
        backfire_core::text::content_terms(&text),
        backfire_core::text::split_sentences(&text)
            .into_iter()
            .map(str::to_owned)
            .collect(),
    )
}
