//! The stemmer and content terms (docs/scoring.md §1 "Stemmer", "Terms").

use std::borrow::Cow;

use super::{is_negation, is_stop_word, tokenize::word_tokens};

/// A deliberately tiny suffix stripper, step for step the TypeScript one: only tokens of ≥ 4
/// letters a–z are touched.
pub fn stem(word: &str) -> Cow<'_, str> {
    let b = word.as_bytes();
    if b.len() < 4 || !b.iter().all(u8::is_ascii_lowercase) {
        return Cow::Borrowed(word);
    }
    let mut w: Cow<'_, str> = Cow::Borrowed(word);
    if w.len() >= 5 && w.ends_with("ies") {
        let mut s = w[..w.len() - 3].to_owned();
        s.push('y');
        w = Cow::Owned(s);
    } else if w.ends_with("sses") {
        w = cut(w, 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w = cut(w, 1);
    }
    if w.len() >= 6 && w.ends_with("ing") {
        w = cut(w, 3);
    } else if w.len() >= 5 && w.ends_with("ed") && !w.ends_with("eed") {
        w = cut(w, 2);
    }
    if w.len() >= 5 && w.ends_with('e') {
        w = cut(w, 1);
    }
    w
}

fn cut(w: Cow<'_, str>, n: usize) -> Cow<'_, str> {
    match w {
        Cow::Borrowed(s) => Cow::Borrowed(&s[..s.len() - n]),
        Cow::Owned(mut s) => {
            s.truncate(s.len() - n);
            Cow::Owned(s)
        }
    }
}

/// Whether a normalised token is a plain number: `^[0-9]+([.,][0-9]+)*$`.
pub fn is_number_token(token: &str) -> bool {
    let b = token.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() || !b[b.len() - 1].is_ascii_digit() {
        return false;
    }
    let mut prev_sep = false;
    for &c in b {
        if c.is_ascii_digit() {
            prev_sep = false;
        } else if c == b'.' || c == b',' {
            if prev_sep {
                return false;
            }
            prev_sep = true;
        } else {
            return false;
        }
    }
    true
}

/// The matching key of a normalised token: numbers lose their `,`, words are stemmed.
pub fn term_of(token: &str) -> Cow<'_, str> {
    if is_number_token(token) {
        if token.contains(',') {
            return Cow::Owned(token.replace(',', ""));
        }
        return Cow::Borrowed(token);
    }
    stem(token)
}

/// Whether a normalised token carries content: not a stop word and not a negation.
pub fn is_content_token(token: &str) -> bool {
    !is_stop_word(token) && !is_negation(token)
}

/// The content terms of a text, in order, duplicates kept.
pub fn content_terms(text: &str) -> Vec<String> {
    word_tokens(text)
        .tokens
        .into_iter()
        .filter(|t| is_content_token(&t.norm))
        .map(|t| match term_of(&t.norm) {
            Cow::Borrowed(s) if s.len() == t.norm.len() => t.norm,
            other => other.into_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_like_the_typescript_stemmer() {
        assert_eq!(stem("boils"), stem("boiling"));
        assert_eq!(stem("boiled"), "boil");
        assert_eq!(stem("completed"), stem("complete"));
        assert_eq!(stem("cities"), "city");
        assert_eq!(stem("classes"), "class");
        assert_eq!(stem("glass"), "glass");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("speed"), "speed");
        assert_eq!(stem("école"), "école");
        assert_eq!(stem("ties"), "tie");
    }

    #[test]
    fn numbers_and_content_terms() {
        assert!(is_number_token("10,000") && is_number_token("3.5") && is_number_token("7"));
        assert!(!is_number_token("1..2") && !is_number_token("1.") && !is_number_token("a1"));
        assert_eq!(
            content_terms("The water is not boiling at 10,000 metres"),
            ["water", "boil", "10000", "metr"]
        );
        assert_eq!(content_terms("1 10 100"), ["1", "10", "100"]);
    }
}
