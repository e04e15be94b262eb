//! The one tokenizer of Backfire, as `@backfire/core`'s `text/` implements it (docs/scoring.md §1):
//! NFKC + apostrophe folding, word tokens over Unicode General Categories, stop words and
//! negations, the tiny stemmer, content terms and the sentence splitter. Every rule is a plain
//! character rule; the category tables are generated from the JS engine (`gen-tables.mjs`) so the
//! two implementations classify every code point alike. The golden vectors in `testdata/nli`
//! (`tokenizer.json`) pin both.

mod sentences;
mod stopwords;
mod tables;
mod terms;
mod tokenize;

pub use sentences::{ABBREVIATIONS, split_sentences};
pub use stopwords::{NEGATION_WORDS, STOP_WORDS, is_negation, is_stop_word};
pub use terms::{content_terms, is_content_token, is_number_token, stem, term_of};
pub use tokenize::{WordToken, Words, nfkc, normalize_text, tokenize, word_tokens};

/// Whether the text has at least one word token (`wordTokens(text).length > 0`), without
/// building the tokens.
pub fn has_words(text: &str) -> bool {
    if text.is_ascii() {
        return text.bytes().any(|b| b.is_ascii_alphanumeric());
    }
    normalize_text(text)
        .chars()
        .any(|c| is_letter(c) || is_mark_or_number(c))
}

/// Unicode version of the generated category tables (the JS engine's).
pub const UNICODE_VERSION: &str = tables::UNICODE_VERSION;

fn in_ranges(ranges: &[(u32, u32)], c: u32) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// General_Category L*.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_ranges(tables::LETTER, c as u32)
}

/// General_Category M* or N*.
pub fn is_mark_or_number(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(tables::MARK_OR_NUMBER, c as u32)
}

/// General_Category Lu or Lt.
pub fn is_upper_or_title(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    in_ranges(tables::UPPER_OR_TITLE, c as u32)
}

/// Unassigned (Cn) in the tables' Unicode version.
pub(crate) fn is_unassigned(c: char) -> bool {
    !c.is_ascii() && in_ranges(tables::UNASSIGNED, c as u32)
}

/// The White_Space property (`\p{White_Space}` in JS; Rust's `char::is_whitespace` is the same
/// property).
pub fn is_white_space(c: char) -> bool {
    c.is_whitespace()
}

/// What JavaScript's `String.prototype.trim` removes: WhiteSpace (which has U+FEFF) and
/// LineTerminator — not U+0085, unlike White_Space.
pub fn is_js_trim_space(c: char) -> bool {
    match c {
        '\u{9}'..='\u{d}' | ' ' | '\u{a0}' | '\u{feff}' => true,
        _ if c.is_ascii() => false,
        '\u{85}' => false,
        _ => c.is_whitespace(),
    }
}

/// `text.trim()` as JavaScript does it.
pub fn js_trim(text: &str) -> &str {
    text.trim_matches(is_js_trim_space)
}

/// `text.trimEnd()` as JavaScript does it.
pub fn js_trim_end(text: &str) -> &str {
    text.trim_end_matches(is_js_trim_space)
}

/// Length in UTF-16 code units (JavaScript's `string.length`).
pub fn utf16_len(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.chars().map(char::len_utf16).sum()
}

/// `text.slice(-units)` in UTF-16 code units. When the cut falls inside a surrogate pair,
/// JavaScript keeps a lone low surrogate; a Rust string cannot hold one, so it becomes U+FFFD,
/// which every rule here treats alike (neither a word character, white space nor a letter).
pub fn js_slice_last(text: &str, units: usize) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if text.is_ascii() {
        return Cow::Borrowed(if text.len() > units {
            &text[text.len() - units..]
        } else {
            text
        });
    }
    let mut taken = 0;
    for (i, c) in text.char_indices().rev() {
        let w = c.len_utf16();
        if taken + w > units {
            if taken < units {
                // Half of this pair is inside the slice.
                let mut out = String::with_capacity(text.len() - i);
                out.push('\u{fffd}');
                out.push_str(&text[i + c.len_utf8()..]);
                return Cow::Owned(out);
            }
            return Cow::Borrowed(&text[i + c.len_utf8()..]);
        }
        taken += w;
    }
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_match_the_rules() {
        assert!(is_letter('a') && is_letter('É') && is_letter('東') && !is_letter('1'));
        assert!(is_mark_or_number('\u{301}') && is_mark_or_number('٣') && !is_mark_or_number('a'));
        assert!(is_upper_or_title('É') && is_upper_or_title('ǅ') && !is_upper_or_title('é'));
        assert!(!is_letter('🚀') && !is_mark_or_number('_'));
    }

    #[test]
    fn js_trim_differs_from_white_space_where_javascript_does() {
        assert_eq!(js_trim("\u{feff} a \u{3000}"), "a");
        assert_eq!(js_trim("\u{85}a\u{85}"), "\u{85}a\u{85}");
        assert_eq!(js_trim_end("a? \n"), "a?");
    }

    #[test]
    fn slices_count_utf16_units() {
        assert_eq!(utf16_len("a😀é"), 4);
        assert_eq!(js_slice_last("abc", 2), "bc");
        assert_eq!(js_slice_last("x😀yz", 3), "\u{fffd}yz");
        assert_eq!(js_slice_last("x😀yz", 4), "😀yz");
        assert_eq!(js_slice_last("é", 9), "é");
    }
}
