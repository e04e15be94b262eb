//! The seed's batch calls read tokens from a source and ask it for scores. The source is the only
//! thing a binding implements (a JS array and callback in the napi crate, slices here), so the loop
//! itself — order of reads, scoring, failure handling — exists once.

use std::convert::Infallible;

use backfire_types::Session;

/// The outcome of scoring one token.
#[derive(Debug)]
pub enum Scored<E> {
    /// A score (any f64: the monitor sanitises it).
    Score(f64),
    /// The scorer failed: the stream halts with `callback_error` (fail closed).
    Failed,
    /// The scorer failed and the caller asked for its error back.
    Rethrow(E),
}

pub trait BatchSource {
    type Error;

    /// Moves to the next token: `Ok(false)` at the end, `Err` when the source itself fails.
    fn advance(&mut self) -> Result<bool, Self::Error>;

    /// Scores the current token; `index` is its position in the stream. Called only for due tokens.
    fn score(&mut self, index: u32) -> Scored<Self::Error>;

    /// The current token's text, for a full trace (`None` when the caller keeps the text).
    fn text(&mut self) -> Option<String>;

    /// Whether the current token ends a sentence (asked only by soft halts).
    fn sentence_end(&mut self) -> bool;
}

/// A batch call that did not finish normally. `session` is the stream so far, finalised.
#[derive(Debug)]
pub enum BatchError<E> {
    /// The source failed; the session halted with kind `source_error`.
    Source { error: E, session: Box<Session> },
    /// The scorer failed and the kernel rethrows scorer errors.
    Rethrow { error: E, session: Box<Session> },
}

/// Tokens and precomputed scores (`scores[i]` is the score of `tokens[i]`).
pub struct SliceSource<'a> {
    tokens: &'a [&'a str],
    scores: &'a [f64],
    next: usize,
}

impl<'a> SliceSource<'a> {
    pub fn new(tokens: &'a [&'a str], scores: &'a [f64]) -> Self {
        SliceSource {
            tokens,
            scores,
            next: 0,
        }
    }

    fn current(&self) -> &'a str {
        self.tokens[self.next - 1]
    }
}

impl BatchSource for SliceSource<'_> {
    type Error = Infallible;

    fn advance(&mut self) -> Result<bool, Infallible> {
        if self.next < self.tokens.len() {
            self.next += 1;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn score(&mut self, _index: u32) -> Scored<Infallible> {
        Scored::Score(self.scores[self.next - 1])
    }

    fn text(&mut self) -> Option<String> {
        Some(self.current().to_owned())
    }

    fn sentence_end(&mut self) -> bool {
        crate::format::is_sentence_end(self.current())
    }
}
