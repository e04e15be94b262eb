//! The clauses of a sentence that joins two claims ("It was created by X, and its first version
//! was released in 1991."; "It landed on 20 July 1971, when the module touched down…"), the port of
//! core's `nli/clauses.ts`. Each is checked on its own as well, so that one clause's words do not
//! pull the sentence towards the evidence for the other.

use super::lexicon;
use crate::text::js_trim;

/// The clauses of `text`, or an empty list when it has only one. (The joins are ASCII, so byte
/// offsets cut where TypeScript's UTF-16 offsets do.)
pub fn split_clauses(text: &str) -> Vec<&str> {
    let mut cuts: Vec<usize> = lexicon::CLAUSE_JOINS
        .iter()
        .flat_map(|join| text.match_indices(join).map(|(at, _)| at))
        .collect();
    if cuts.is_empty() {
        return Vec::new();
    }
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut from = 0;
    for cut in cuts {
        if cut > from {
            out.push(&text[from..cut]);
        }
        // Skip the comma or semicolon; the conjunction stays with its clause.
        from = cut + 1;
    }
    out.push(&text[from..]);
    out.into_iter()
        .map(js_trim)
        .filter(|c| !c.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_joins() {
        assert!(split_clauses("It was created by X.").is_empty());
        assert_eq!(
            split_clauses("It was created by X, and its first version came in 1991; it grew."),
            [
                "It was created by X",
                "and its first version came in 1991",
                "it grew."
            ]
        );
        assert_eq!(split_clauses("; , and "), ["and"]);
    }
}
