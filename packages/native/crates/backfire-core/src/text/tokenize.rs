//! Word tokens (docs/scoring.md §1 "Tokens").

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::{IsNormalized, is_nfkc_quick};

use super::{is_letter, is_mark_or_number, is_unassigned, is_upper_or_title};

/// One token. Offsets refer to the normalised text (`Words::text`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordToken {
    /// NFKC, lower-cased, possessive `'s` removed.
    pub norm: String,
    /// Byte range of the token as written (after NFKC and apostrophe folding).
    pub start: usize,
    pub end: usize,
    /// Index of the token's first code point in the normalised text.
    pub start_char: usize,
    /// The first code point is an upper-case or title-case letter.
    pub capitalized: bool,
}

/// A text's tokens together with the normalised text their offsets refer to.
#[derive(Clone, Debug)]
pub struct Words<'a> {
    pub text: Cow<'a, str>,
    pub tokens: Vec<WordToken>,
}

impl Words<'_> {
    /// The token as written (after normalisation).
    pub fn raw(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }
}

fn nfkc_into(out: &mut String, part: &str) {
    if is_nfkc_quick(part.chars()) == IsNormalized::Yes {
        out.push_str(part);
    } else {
        out.extend(part.nfkc());
    }
}

/// NFKC as the JS engine does it. Code points unassigned in the tables' Unicode version are
/// starters without a decomposition there, so they stay as they are and nothing composes across
/// them — even where a newer normalization table already knows them.
pub fn nfkc(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    if !text.chars().any(is_unassigned) {
        if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
            return Cow::Borrowed(text);
        }
        return Cow::Owned(text.nfkc().collect());
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (i, c) in text.char_indices() {
        if is_unassigned(c) {
            nfkc_into(&mut out, &text[from..i]);
            out.push(c);
            from = i + c.len_utf8();
        }
    }
    nfkc_into(&mut out, &text[from..]);
    Cow::Owned(out)
}

/// NFKC, then U+2018, U+2019 and U+02BC become `'`: the text every other rule works on.
pub fn normalize_text(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let n = nfkc(text);
    if !n.contains(['\u{2018}', '\u{2019}', '\u{2bc}']) {
        return n;
    }
    Cow::Owned(n.replace(['\u{2018}', '\u{2019}', '\u{2bc}'], "'"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Other,
    Letter,
    Digit,
    /// A mark or a non-ASCII number: part of a word, neither a letter nor an ASCII digit.
    WordOther,
}

fn kind_of(c: char) -> Kind {
    if c.is_ascii() {
        if c.is_ascii_alphabetic() {
            Kind::Letter
        } else if c.is_ascii_digit() {
            Kind::Digit
        } else {
            Kind::Other
        }
    } else if is_letter(c) {
        Kind::Letter
    } else if is_mark_or_number(c) {
        Kind::WordOther
    } else {
        Kind::Other
    }
}

fn normalize_token(raw: &str) -> String {
    let mut lower = if raw.is_ascii() {
        raw.to_ascii_lowercase()
    } else {
        raw.to_lowercase()
    };
    // JS: `lower.length > 2` in UTF-16 units.
    if lower.ends_with("'s") && super::utf16_len(&lower) > 2 {
        lower.truncate(lower.len() - 2);
    }
    lower
}

/// Splits text into word tokens (docs/scoring.md §1).
pub fn word_tokens(text: &str) -> Words<'_> {
    let s = normalize_text(text);
    let tokens = scan(&s);
    Words { text: s, tokens }
}

fn scan(s: &str) -> Vec<WordToken> {
    let mut tokens = Vec::new();
    let mut start: Option<(usize, usize, bool)> = None;
    let mut prev_kind = Kind::Other;
    let mut chars = s.char_indices().enumerate().peekable();
    let mut cur = chars.next();
    let mut cur_kind = cur.map_or(Kind::Other, |(_, (_, c))| kind_of(c));
    while let Some((ci, (i, c))) = cur {
        let next = chars.next();
        let next_kind = next.map_or(Kind::Other, |(_, (_, c))| kind_of(c));
        if cur_kind != Kind::Other {
            if start.is_none() {
                let capital = cur_kind == Kind::Letter && is_upper_or_title(c);
                start = Some((i, ci, capital));
            }
        } else if let Some((from, from_char, capitalized)) = start {
            let joins = (c == '\'' && prev_kind == Kind::Letter && next_kind == Kind::Letter)
                || ((c == '.' || c == ',') && prev_kind == Kind::Digit && next_kind == Kind::Digit);
            if !joins {
                tokens.push(WordToken {
                    norm: normalize_token(&s[from..i]),
                    start: from,
                    end: i,
                    start_char: from_char,
                    capitalized,
                });
                start = None;
            }
        }
        prev_kind = cur_kind;
        cur = next;
        cur_kind = next_kind;
    }
    if let Some((from, from_char, capitalized)) = start {
        tokens.push(WordToken {
            norm: normalize_token(&s[from..]),
            start: from,
            end: s.len(),
            start_char: from_char,
            capitalized,
        });
    }
    tokens
}

/// The normalised tokens of a text, in order (stop words included).
pub fn tokenize(text: &str) -> Vec<String> {
    word_tokens(text)
        .tokens
        .into_iter()
        .map(|t| t.norm)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_contractions_decimals_and_drops_possessives() {
        assert_eq!(
            tokenize("The sky doesn’t look blue, Eiffel's 3.5 km; 10,000. In 1889."),
            [
                "the", "sky", "doesn't", "look", "blue", "eiffel", "3.5", "km", "10,000", "in",
                "1889"
            ]
        );
    }

    #[test]
    fn splits_symbols_and_reads_any_script() {
        assert_eq!(
            tokenize("Well-known snake_case 🚀rocket ÉCOLE Straße ＡＢＣ ﬁne 東京"),
            [
                "well", "known", "snake", "case", "rocket", "école", "straße", "abc", "fine",
                "東京"
            ]
        );
        assert!(tokenize("🎉 !!! --- \u{0}\u{1}").is_empty());
    }

    #[test]
    fn marks_capitals_and_offsets() {
        let w = word_tokens("The Eiffel tower");
        let caps: Vec<bool> = w.tokens.iter().map(|t| t.capitalized).collect();
        assert_eq!(caps, [true, true, false]);
        assert_eq!(w.raw(1), "Eiffel");
        assert_eq!(w.tokens[2].start_char, 11);
    }

    #[test]
    fn leaves_code_points_unknown_to_the_tables_alone() {
        // U+0558 is unassigned in Unicode 17 (the tables); NFKC must not touch it.
        let text = "a\u{558}b\u{fb01}";
        assert_eq!(nfkc(text), "a\u{558}bfi");
    }
}
