//! Whether a prompt only asks (docs/scoring.md §4 "Prompt kind").

use crate::nli::lexicon;
use crate::text::{js_trim_end, split_sentences, tokenize};

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
        if lexicon::ASKING_WORDS.contains(&first.as_str()) {
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
