//! Whether a prompt only asks (docs/scoring.md §4 "Prompt kind").

use crate::text::{js_trim_end, split_sentences, tokenize};

/// First words that make a sentence a question or a request rather than a claim.
const ASKING_WORDS: &[&str] = &[
    "what",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "how",
    "which",
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "can",
    "could",
    "will",
    "would",
    "should",
    "shall",
    "may",
    "might",
    "has",
    "have",
    "had",
    "isn't",
    "aren't",
    "doesn't",
    "don't",
    "didn't",
    "can't",
    "tell",
    "explain",
    "describe",
    "list",
    "give",
    "show",
    "name",
    "define",
    "summarize",
    "summarise",
    "compare",
    "write",
    "find",
    "please",
    "help",
    "say",
    "outline",
];

/// Whether the prompt only asks (questions, requests, bare keywords) and asserts nothing a
/// response could be entailed by.
pub fn prompt_only_asks(prompt: &str) -> bool {
    let sentences = split_sentences(prompt);
    if tokenize(prompt).len() <= 3 {
        return true;
    }
    for s in sentences {
        let words = tokenize(s);
        let Some(first) = words.first() else { continue };
        let text = js_trim_end(s);
        if text.ends_with('?') || text.ends_with('\u{ff1f}') {
            continue;
        }
        if ASKING_WORDS.contains(&first.as_str()) {
            continue;
        }
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::prompt_only_asks;

    #[test]
    fn questions_requests_and_keywords_only_ask() {
        assert!(prompt_only_asks("When was the Eiffel Tower completed?"));
        assert!(prompt_only_asks(
            "Tell me about the Eiffel Tower. What is it made of?"
        ));
        assert!(prompt_only_asks("eiffel tower height"));
        assert!(!prompt_only_asks(
            "The Eiffel Tower is in Paris. How tall is it?"
        ));
    }
}
