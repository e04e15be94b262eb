//! The sentence splitter (docs/scoring.md §1 "Sentences"), over code points of the text as given.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::{is_letter, is_white_space};

/// Abbreviations that do not end a sentence when followed by a single ".".
pub const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "etc", "approx", "fig",
    "inc", "ltd", "co", "corp", "dept", "est", "gen", "gov", "capt", "col", "lt", "sgt", "rev",
    "vol", "pp", "cf", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
];

static ABBREVIATION_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| ABBREVIATIONS.iter().copied().collect());

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '\u{2026}'
            | '\u{3002}'
            | '\u{ff01}'
            | '\u{ff1f}'
            | '\u{ff0e}'
            | '\u{ff61}'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{bb}' | ')' | ']' | '}'
    )
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether the "." at byte `dot` follows an abbreviation (an initial or a listed word).
fn is_abbreviation_before(text: &str, dot: usize) -> bool {
    let head = &text[..dot];
    let mut from = dot;
    let mut letters = 0;
    for (i, c) in head.char_indices().rev() {
        if !is_letter(c) {
            break;
        }
        from = i;
        letters += 1;
    }
    if letters == 0 {
        return false;
    }
    if letters > 1 {
        let word = &text[from..dot];
        if word.is_ascii() {
            return word.len() <= 6
                && ABBREVIATION_SET.contains(word.to_ascii_lowercase().as_str());
        }
        return ABBREVIATION_SET.contains(word.to_lowercase().as_str());
    }
    // A lone letter is an initial ("J.", "U.S.", "e.g.") only after a space, a dot, "(" or the
    // start: the "s" of "Earth's." ends a sentence.
    match text[..from].chars().next_back() {
        None => true,
        Some(b) => b == '.' || b == '(' || is_white_space(b),
    }
}

/// Whether the single "." at byte `dot` ends a sentence glued to the next one ("in 1989.The band",
/// "Columbia.Kings of Leon"): ASCII only, a lower-case letter, a digit, a ")" or a '"' before the
/// dot, then an upper-case letter and a lower-case letter after it, or an initial ("X. " and an
/// upper-case letter); "U.S.A" and "3.5" do not split.
/// Bytes are exact here: no byte of a multi-byte UTF-8 sequence is ASCII.
fn is_glued_start(text: &str, dot: usize) -> bool {
    let b = text.as_bytes();
    if dot == 0 {
        return false;
    }
    let before = b[dot - 1];
    if !(before.is_ascii_lowercase() || before.is_ascii_digit() || before == b')' || before == b'"')
    {
        return false;
    }
    if !b.get(dot + 1).is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let Some(&after) = b.get(dot + 2) else {
        return false;
    };
    if after.is_ascii_lowercase() {
        return true;
    }
    // An initial opens the next one ("actor.H. Bruce Humberstone was…") after a word of three or
    // more lower-case letters ("Ph.D. Thesis" stays whole).
    dot >= 3
        && b[dot - 2].is_ascii_lowercase()
        && b[dot - 3].is_ascii_lowercase()
        && after == b'.'
        && b.get(dot + 3) == Some(&b' ')
        && b.get(dot + 4).is_some_and(u8::is_ascii_uppercase)
}

/// Splits text into sentences, trimmed of White_Space, empty ones dropped.
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut emit = |from: usize, to: usize| {
        let s = text[from..to].trim_matches(is_white_space);
        if !s.is_empty() {
            out.push(s);
        }
    };
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_line_break(c) {
            emit(start, i);
            start = i + c.len_utf8();
            continue;
        }
        if is_terminator(c) {
            let mut j = i + c.len_utf8();
            while let Some(&(k, d)) = it.peek() {
                if !is_terminator(d) {
                    break;
                }
                j = k + d.len_utf8();
                it.next();
            }
            let single_dot = c == '.' && j == i + 1;
            while let Some(&(k, d)) = it.peek() {
                if !is_closer(d) {
                    break;
                }
                j = k + d.len_utf8();
                it.next();
            }
            let at_boundary = match it.peek() {
                None => true,
                Some(&(_, d)) => is_white_space(d),
            } || (single_dot && is_glued_start(text, i));
            if at_boundary && !(single_dot && is_abbreviation_before(text, i)) {
                emit(start, j);
                start = j;
            }
        }
    }
    emit(start, text.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_the_typescript_splitter() {
        let text =
            "Dr. Smith paid $3.50 at 5 p.m. today. Was it J. K. Rowling? Yes! It was…  Fine.";
        assert_eq!(
            split_sentences(text),
            [
                "Dr. Smith paid $3.50 at 5 p.m. today.",
                "Was it J. K. Rowling?",
                "Yes!",
                "It was…",
                "Fine."
            ]
        );
        assert_eq!(
            split_sentences("- first item\n- second item\n\"Quoted.\" (Aside.) Next"),
            [
                "- first item",
                "- second item",
                "\"Quoted.\"",
                "(Aside.)",
                "Next"
            ]
        );
        assert_eq!(
            split_sentences("It is 38 percent of Earth's. Its soil is red. Ask J. Smith."),
            [
                "It is 38 percent of Earth's.",
                "Its soil is red.",
                "Ask J. Smith."
            ]
        );
        assert!(split_sentences(" \n ").is_empty());
        assert_eq!(
            split_sentences(
                "It was founded in 1989.The band split (1999).Then U.S.A and 3.5 stay; e.g.The end."
            ),
            [
                "It was founded in 1989.",
                "The band split (1999).",
                "Then U.S.A and 3.5 stay; e.g.The end."
            ]
        );
        assert_eq!(
            split_sentences(
                "He said \"yes\".The end came. He was an actor.H. Bruce Humberstone was."
            ),
            [
                "He said \"yes\".",
                "The end came.",
                "He was an actor.",
                "H. Bruce Humberstone was."
            ]
        );
        assert_eq!(
            split_sentences("She got a Ph.D. Thesis done."),
            ["She got a Ph.D. Thesis done."]
        );
    }
}
