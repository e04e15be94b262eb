//! Sentence analysis (docs/scoring.md §3.1): numbers, content, negation scope, months, entities,
//! stems and pairs of each sentence, with terms interned to integers.

use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::lexicon;
use crate::text::{
    WordToken, is_js_trim_space, is_negation, is_number_token, is_stop_word, js_trim, js_trim_end,
    split_sentences, stem, term_of, utf16_len, word_tokens,
};

pub type Term = u32;

/// Strings ↔ small integers, per NLI instance.
#[derive(Default)]
pub struct Interner {
    map: FxHashMap<Box<str>, Term>,
    strs: Vec<Box<str>>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> Term {
        if let Some(&t) = self.map.get(s) {
            return t;
        }
        let t = self.strs.len() as Term;
        self.strs.push(s.into());
        self.map.insert(s.into(), t);
        t
    }

    pub fn lookup(&self, s: &str) -> Option<Term> {
        self.map.get(s).copied()
    }

    pub fn get(&self, t: Term) -> &str {
        &self.strs[t as usize]
    }

    pub fn len(&self) -> usize {
        self.strs.len()
    }
}

/// Parsed sentences by text, first in first out.
pub struct SentenceCache {
    map: FxHashMap<Box<str>, Option<Rc<Sentence>>>,
    order: VecDeque<Box<str>>,
    cap: usize,
}

impl SentenceCache {
    pub fn new(cap: usize) -> Self {
        SentenceCache {
            map: FxHashMap::default(),
            order: VecDeque::new(),
            cap,
        }
    }

    pub fn clear(&mut self) {
        self.map.clear();
        self.order.clear();
    }
}

#[derive(Clone)]
pub struct NumberMention {
    pub value: f64,
    /// Written as a word ("three"), not digits.
    pub spelled: bool,
    pub unit: Term,
    pub approx: bool,
    /// The power of ten of its last significant digit as written: 0 for "375", 2 for "400", 5 for
    /// "700,000" and "1.5 million", -1 for "38.6" (see `same_number`).
    pub precision: i32,
    pub text: Box<str>,
}

pub struct Sentence {
    /// Trimmed as JavaScript's `trim()` does.
    pub text: Box<str>,
    pub question: bool,
    /// Distinct content terms, in order.
    pub content: Vec<Term>,
    /// `content`, sorted, for membership.
    pub content_sorted: Vec<Term>,
    /// Content terms that are not part of a number.
    pub base: Vec<Term>,
    pub negations: i32,
    /// Insertion-ordered sets (JS `Set` order: a deleted term re-added goes to the end).
    pub negated: Vec<Term>,
    pub negated_sorted: Vec<Term>,
    pub affirmed: Vec<Term>,
    pub affirmed_sorted: Vec<Term>,
    pub numbers: Vec<NumberMention>,
    pub months: Vec<Term>,
    pub entities: Vec<Term>,
    /// The first word's term when it is capitalised and could be a name but for its position
    /// ("Mumbai, the financial capital…"); only short answers read it as a name.
    pub lead: Option<Term>,
    /// Multi-word names, as runs of their terms ("Eiffel Tower" → [eiffel, tower]).
    pub names: Vec<NameRun>,
    /// The first token, normalised ("yes", "no", "the").
    pub first: Box<str>,
    /// Number of word tokens.
    pub words: usize,
    /// Whether a verb of being, having or a modal makes it a clause ("is", "has", "can").
    pub clause: bool,
    /// Distinct stems of every token, sorted.
    pub stems_sorted: Vec<Term>,
    /// Stems that have antonyms, in `stems` order, with the antonyms' stems in lexicon order.
    pub antonyms: Vec<(Term, Vec<Term>)>,
    /// `(stem, next content term)` pairs, sorted, for membership.
    pub pairs: Vec<(Term, Term)>,
    /// Indices of the tokens "and" (names joined by it: "Tellan and Brisk are…").
    pub ands: Vec<usize>,
}

/// A run of capitalised words (a name), tokens `start..end`, with the terms of its words.
#[derive(Clone, Debug)]
pub struct NameRun {
    pub start: usize,
    pub end: usize,
    pub terms: Vec<Term>,
}

impl Sentence {
    pub fn has_content(&self, t: Term) -> bool {
        self.content_sorted.binary_search(&t).is_ok()
    }

    pub fn negates(&self, t: Term) -> bool {
        self.negated_sorted.binary_search(&t).is_ok()
    }

    pub fn affirms(&self, t: Term) -> bool {
        self.affirmed_sorted.binary_search(&t).is_ok()
    }

    pub fn has_stem(&self, t: Term) -> bool {
        self.stems_sorted.binary_search(&t).is_ok()
    }

    pub fn has_pair(&self, pair: (Term, Term)) -> bool {
        self.pairs.binary_search(&pair).is_ok()
    }
}

pub struct TextInfo {
    pub sentences: Vec<Rc<Sentence>>,
    /// Distinct content terms of all sentences, in order.
    pub content: Vec<Term>,
    pub content_set: FxHashSet<Term>,
}

fn lookup(table: &[(&str, f64)], key: &str) -> Option<f64> {
    table.iter().find(|(k, _)| *k == key).map(|&(_, v)| v)
}

static MONTHS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| lexicon::MONTHS.iter().copied().collect());
static NUMBER_WORDS: LazyLock<FxHashMap<&'static str, f64>> =
    LazyLock::new(|| lexicon::NUMBER_WORDS.iter().copied().collect());
static APPROXIMATORS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| lexicon::APPROXIMATORS.iter().copied().collect());

/// Stem → the stems of its antonyms, in the order `ANTONYM_PAIRS` links them.
static ANTONYMS: LazyLock<FxHashMap<String, Vec<String>>> = LazyLock::new(|| {
    let mut map: FxHashMap<String, Vec<String>> = FxHashMap::default();
    let mut link = |a: &str, b: &str| {
        let list = map.entry(a.to_owned()).or_default();
        if !list.iter().any(|x| x == b) {
            list.push(b.to_owned());
        }
    };
    for &(a, b) in lexicon::ANTONYM_PAIRS {
        let (sa, sb) = (stem(a), stem(b));
        link(&sa, &sb);
        link(&sb, &sa);
    }
    map
});

/// First words of a request ("Tell me about…"): like a question, it asserts nothing.
const REQUESTS: &[&str] = &[
    "tell",
    "explain",
    "describe",
    "list",
    "give",
    "show",
    "define",
    "summarize",
    "summarise",
    "compare",
    "write",
    "find",
    "please",
    "outline",
];

fn is_clause_break(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '(' | ')' | '\u{2013}' | '\u{2014}')
}

struct Tok<'a> {
    norm: &'a str,
    raw: &'a str,
    capitalized: bool,
}

fn is_month(t: &Tok<'_>) -> bool {
    t.capitalized && MONTHS.contains(t.norm)
}

fn parse_f64(s: &str) -> f64 {
    // Only digit strings with at most one '.' reach here, which Rust and JS parse alike (correctly
    // rounded; too many digits give Infinity).
    s.parse::<f64>().unwrap_or(f64::NAN)
}

/// `^([0-9]+(?:\.[0-9]+)?)([a-z]+)$` → (digits, suffix).
fn digits_with_suffix(norm: &str) -> Option<(&str, &str)> {
    let b = norm.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    if i < b.len() && b[i] == b'.' {
        let mut j = i + 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j == i + 1 {
            return None;
        }
        i = j;
    }
    let suffix = &norm[i..];
    if suffix.is_empty() || !suffix.bytes().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    Some((&norm[..i], suffix))
}

fn is_integer(x: f64) -> bool {
    x.is_finite() && x.trunc() == x
}

/// Trailing zeros of a non-zero integer (0 for 0 and for non-integers).
fn trailing_zeros(value: f64) -> i32 {
    let mut v = value.abs();
    let mut n = 0;
    while v != 0.0 && is_integer(v) && v % 10.0 == 0.0 {
        v /= 10.0;
        n += 1;
    }
    n
}

/// The precision of a figure written in digits: minus its decimals, or its trailing zeros.
fn digits_precision(digits: &str) -> i32 {
    let plain: Vec<u8> = digits.bytes().filter(|&c| c != b',').collect();
    if let Some(dot) = plain.iter().position(|&c| c == b'.') {
        return -((plain.len() - dot - 1) as i32);
    }
    let mut n = 0;
    let mut i = plain.len();
    while i > 1 && plain[i - 1] == b'0' {
        n += 1;
        i -= 1;
    }
    n
}

fn read_numbers(
    tokens: &[Tok<'_>],
    number_idx: &mut [bool],
    interner: &mut Interner,
) -> Vec<NumberMention> {
    let mut out = Vec::new();
    let norm_at = |j: usize| tokens.get(j).map_or("", |t| t.norm);
    for i in 0..tokens.len() {
        let norm = tokens[i].norm;
        let mut value: Option<f64> = None;
        let mut unit: Option<Term> = None;
        let mut precision = 0;
        if is_number_token(norm) {
            let plain = norm.replace(',', "");
            if plain.bytes().filter(|&c| c == b'.').count() <= 1 {
                value = Some(parse_f64(&plain));
                precision = digits_precision(norm);
            }
        } else if let Some((digits, suffix)) = digits_with_suffix(norm) {
            value = Some(parse_f64(digits));
            precision = digits_precision(digits);
            unit = Some(if lexicon::ORDINAL_SUFFIXES.contains(&suffix) {
                interner.intern("#ord")
            } else {
                interner.intern(&stem(suffix))
            });
        } else if let Some(&v) = NUMBER_WORDS.get(norm) {
            value = Some(v);
            precision = trailing_zeros(v);
        } else if (norm == "one" || norm == "a" || norm == "an")
            && lookup(lexicon::FRACTION_WORDS, norm_at(i + 1)).is_some()
        {
            value = Some(1.0);
        }
        let Some(mut value) = value.filter(|v| v.is_finite()) else {
            continue;
        };
        number_idx[i] = true;
        let mut j = i + 1;
        if let Some(scale) = lookup(lexicon::SCALE_WORDS, norm_at(j)) {
            value *= scale;
            precision += trailing_zeros(scale);
            number_idx[j] = true;
            j += 1;
        }
        if let Some(denominator) = lookup(lexicon::FRACTION_WORDS, norm_at(j)) {
            value /= denominator;
            unit = Some(interner.intern("#fraction"));
            number_idx[j] = true;
            j += 1;
        }
        let unit = match unit {
            Some(u) => u,
            None => {
                let next = tokens.get(j);
                let prev = if i > 0 { tokens.get(i - 1) } else { None };
                if norm.len() == 4
                    && norm.bytes().all(|c| c.is_ascii_digit())
                    && (1000.0..=2999.0).contains(&value)
                {
                    interner.intern("#year")
                } else if is_integer(value)
                    && (1.0..=31.0).contains(&value)
                    && (next.is_some_and(is_month) || prev.is_some_and(is_month))
                {
                    interner.intern("#day")
                } else if let Some(n) = next.filter(|n| {
                    !is_stop_word(n.norm)
                        && !is_negation(n.norm)
                        && !is_number_token(n.norm)
                        && !NUMBER_WORDS.contains_key(n.norm)
                }) {
                    interner.intern(&term_of(n.norm))
                } else {
                    interner.intern("#num")
                }
            }
        };
        let before = if i > 0 { tokens[i - 1].norm } else { "" };
        out.push(NumberMention {
            value,
            spelled: !norm.bytes().any(|c| c.is_ascii_digit()),
            unit,
            approx: APPROXIMATORS.contains(before),
            precision,
            text: tokens[i].raw.into(),
        });
    }
    out
}

/// Capitalised, longer than one character, not a stop word, negation, number or month.
fn is_plain_name(norm: &str, capitalized: bool) -> bool {
    capitalized
        && norm.chars().nth(1).is_some()
        && !is_stop_word(norm)
        && !is_negation(norm)
        && !is_number_token(norm)
        && !MONTHS.contains(norm)
}

fn plain_entity(t: Option<&Tok<'_>>) -> bool {
    t.is_some_and(|t| is_plain_name(t.norm, t.capitalized))
}

/// Runs of capitalised words ("Arthur's Magazine", "First for Women"): the names a text offers.
/// `normalized` is the text the tokens index.
pub fn name_runs(tokens: &[WordToken], normalized: &str, interner: &mut Interner) -> Vec<NameRun> {
    let plain = |t: Option<&WordToken>| t.is_some_and(|t| is_plain_name(&t.norm, t.capitalized));
    // Punctuation between two words ends a name: "south Texas, Malle del Norte" is two. The dot
    // of an initial does not ("H. Bruce Humberstone", "Neil N. LaBute").
    // JavaScript's `/^\s*$/u`: its \s is exactly the White_Space set `trim()` removes.
    let joined = |i: usize| {
        let prev = &tokens[i - 1];
        let gap = &normalized[prev.end..tokens[i].start];
        if gap.chars().all(is_js_trim_space) {
            return true;
        }
        // `prev.raw.length === 1` counts UTF-16 units: one letter of the BMP.
        prev.capitalized
            && utf16_len(&normalized[prev.start..prev.end]) == 1
            && tokens[i].capitalized
            && gap
                .strip_prefix('.')
                .is_some_and(|rest| !rest.is_empty() && rest.chars().all(is_js_trim_space))
    };
    let mut runs = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // The first word starts a name only when the next one continues it ("Neil Gaiman directed").
        let starts_here = if i == 0 {
            plain(tokens.first()) && plain(tokens.get(1))
        } else {
            tokens[i].capitalized
        };
        if !starts_here {
            i += 1;
            continue;
        }
        let start = i;
        let mut terms = Vec::new();
        while i < tokens.len() {
            let t = &tokens[i];
            if i > start && !joined(i) {
                break;
            }
            if t.capitalized {
                if !is_stop_word(&t.norm) {
                    terms.push(interner.intern(&term_of(&t.norm)));
                }
            } else if !(lexicon::NAME_JOINERS.contains(&t.norm.as_str())
                && tokens.get(i + 1).is_some_and(|n| n.capitalized))
            {
                break;
            }
            i += 1;
        }
        if !terms.is_empty() {
            runs.push(NameRun {
                start,
                end: i,
                terms,
            });
        }
    }
    runs
}

fn entity_terms(tokens: &[Tok<'_>], interner: &mut Interner) -> Vec<Term> {
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        if !plain_entity(Some(&tokens[i])) {
            continue;
        }
        if i == 0 && !plain_entity(tokens.get(1)) {
            continue;
        }
        out.push(interner.intern(&term_of(tokens[i].norm)));
    }
    out
}

fn starts_negation(tokens: &[Tok<'_>], i: usize) -> bool {
    let norm = tokens[i].norm;
    let next = tokens.get(i + 1).map_or("", |t| t.norm);
    if is_negation(norm) {
        // A capitalised "Not" or "No" inside a sentence is a word of a title ("the Not Ready for
        // Prime Time Players"), not a denial.
        if i > 0 && tokens[i].capitalized && tokens.get(i + 1).is_some_and(|t| t.capitalized) {
            return false;
        }
        if lexicon::NEGATION_IDIOMS.contains(&next) {
            return false;
        }
        if next == "one"
            && lexicon::NEGATION_IDIOMS.contains(&tokens.get(i + 2).map_or("", |t| t.norm))
        {
            return false;
        }
        return true;
    }
    (norm == "rather" && next == "than") || (norm == "instead" && next == "of")
}

/// A JS `Set` of terms: insertion order, a deleted term re-added goes to the end.
#[derive(Default)]
struct OrderedSet {
    slots: Vec<Option<Term>>,
    index: FxHashMap<Term, usize>,
}

impl OrderedSet {
    fn add(&mut self, t: Term) {
        if let std::collections::hash_map::Entry::Vacant(e) = self.index.entry(t) {
            e.insert(self.slots.len());
            self.slots.push(Some(t));
        }
    }

    fn delete(&mut self, t: Term) {
        if let Some(i) = self.index.remove(&t) {
            self.slots[i] = None;
        }
    }

    /// The members in order, and the same sorted.
    fn finish(self) -> (Vec<Term>, Vec<Term>) {
        let ordered: Vec<Term> = self.slots.into_iter().flatten().collect();
        let mut sorted = ordered.clone();
        sorted.sort_unstable();
        (ordered, sorted)
    }
}

/// One negation scope and its clause, while the tokens are scanned.
#[derive(Default)]
struct Scope {
    in_scope: bool,
    clause_terms: Vec<Term>,
    scope_terms: usize,
    scope_term_list: Vec<Term>,
    scope_negations: i32,
    comparative: bool,
}

fn close_scope(
    scope: &mut Scope,
    negated: &mut OrderedSet,
    affirmed: &mut OrderedSet,
    negations: &mut i32,
) {
    if scope.in_scope && scope.comparative {
        // "No volcano is taller" states a superlative; it denies nothing.
        for &t in &scope.scope_term_list {
            negated.delete(t);
            affirmed.add(t);
        }
        *negations -= scope.scope_negations;
    } else if scope.in_scope && scope.scope_terms == 0 {
        // "The cat is not here" denies the clause's subject.
        for &t in &scope.clause_terms {
            affirmed.delete(t);
            negated.add(t);
        }
    }
    scope.in_scope = false;
    scope.clause_terms.clear();
    scope.scope_terms = 0;
    scope.scope_term_list.clear();
    scope.scope_negations = 0;
    scope.comparative = false;
}

pub fn analyze_sentence(text: &str, interner: &mut Interner) -> Option<Sentence> {
    let words = word_tokens(text);
    if words.tokens.is_empty() {
        return None;
    }
    let normalized: &str = &words.text;
    let tokens: Vec<Tok<'_>> = words
        .tokens
        .iter()
        .map(|t| Tok {
            norm: &t.norm,
            raw: &normalized[t.start..t.end],
            capitalized: t.capitalized,
        })
        .collect();
    let n = tokens.len();
    let mut number_idx = vec![false; n];
    let numbers = read_numbers(&tokens, &mut number_idx, interner);
    let terms: Vec<Option<Term>> = tokens
        .iter()
        .map(|t| {
            if is_stop_word(t.norm) || is_negation(t.norm) {
                None
            } else {
                Some(interner.intern(&term_of(t.norm)))
            }
        })
        .collect();
    // next_content[i]: the first content term after token i.
    let mut next_content: Vec<Option<Term>> = vec![None; n];
    for i in (0..n.saturating_sub(1)).rev() {
        next_content[i] = terms[i + 1].or(next_content[i + 1]);
    }
    let mut content = Vec::new();
    let mut base = Vec::new();
    let mut stems: Vec<Term> = Vec::new();
    let mut stem_seen = FxHashSet::default();
    let mut pairs: Vec<(Term, Term)> = Vec::new();
    let mut negated = OrderedSet::default();
    let mut affirmed = OrderedSet::default();
    let mut content_seen = FxHashSet::default();
    let mut negations = 0;
    let mut scope = Scope::default();
    let mut ands = Vec::new();
    for i in 0..n {
        let norm = tokens[i].norm;
        if norm == "and" {
            ands.push(i);
        }
        if i > 0 {
            let gap = &normalized[words.tokens[i - 1].end..words.tokens[i].start];
            if gap.contains(is_clause_break) || norm == "but" {
                close_scope(&mut scope, &mut negated, &mut affirmed, &mut negations);
            }
        }
        if starts_negation(&tokens, i) {
            negations += 1;
            scope.scope_negations += 1;
            scope.in_scope = true;
        } else if scope.in_scope && lexicon::COMPARATIVES.contains(&norm) {
            scope.comparative = true;
        }
        let s = interner.intern(&stem(norm));
        if stem_seen.insert(s) {
            stems.push(s);
        }
        if let Some(next) = next_content[i] {
            pairs.push((s, next));
        }
        let Some(term) = terms[i] else { continue };
        if scope.in_scope {
            negated.add(term);
            scope.scope_terms += 1;
            scope.scope_term_list.push(term);
        } else {
            affirmed.add(term);
            scope.clause_terms.push(term);
        }
        if !content_seen.insert(term) {
            continue;
        }
        content.push(term);
        if !number_idx[i] {
            base.push(term);
        }
    }
    close_scope(&mut scope, &mut negated, &mut affirmed, &mut negations);
    let trimmed = js_trim_end(text);
    let question = trimmed.ends_with('?')
        || trimmed.ends_with('\u{ff1f}')
        || REQUESTS.contains(&tokens[0].norm);
    let months = tokens
        .iter()
        .filter(|t| is_month(t))
        .map(|t| interner.intern(t.norm))
        .collect();
    let entities = entity_terms(&tokens, interner);
    let lead = if plain_entity(tokens.first()) {
        Some(interner.intern(&term_of(tokens[0].norm)))
    } else {
        None
    };
    let names = name_runs(&words.tokens, normalized, interner);
    let clause = tokens
        .iter()
        .any(|t| lexicon::CLAUSE_VERBS.contains(&t.norm));
    let mut antonyms = Vec::new();
    for &s in &stems {
        if let Some(opposites) = ANTONYMS.get(interner.get(s)) {
            let ids = opposites.iter().map(|o| interner.intern(o)).collect();
            antonyms.push((s, ids));
        }
    }
    let mut content_sorted = content.clone();
    content_sorted.sort_unstable();
    let mut stems_sorted = stems;
    stems_sorted.sort_unstable();
    pairs.sort_unstable();
    pairs.dedup();
    let (negated, negated_sorted) = negated.finish();
    let (affirmed, affirmed_sorted) = affirmed.finish();
    Some(Sentence {
        text: js_trim(text).into(),
        question,
        content,
        content_sorted,
        base,
        negations,
        negated,
        negated_sorted,
        affirmed,
        affirmed_sorted,
        numbers,
        months,
        entities,
        lead,
        names,
        first: tokens[0].norm.into(),
        words: n,
        clause,
        stems_sorted,
        antonyms,
        pairs,
        ands,
    })
}

pub fn analyze_text(text: &str, interner: &mut Interner, cache: &mut SentenceCache) -> TextInfo {
    let mut sentences = Vec::new();
    for span in split_sentences(text) {
        let s = match cache.map.get(span) {
            Some(s) => s.clone(),
            None => {
                let s = analyze_sentence(span, interner).map(Rc::new);
                if cache.map.len() >= cache.cap
                    && let Some(old) = cache.order.pop_front()
                {
                    cache.map.remove(&old);
                }
                cache.map.insert(span.into(), s.clone());
                cache.order.push_back(span.into());
                s
            }
        };
        if let Some(s) = s {
            sentences.push(s);
        }
    }
    let mut content = Vec::new();
    let mut content_set = FxHashSet::default();
    for s in &sentences {
        for &t in &s.content {
            if content_set.insert(t) {
                content.push(t);
            }
        }
    }
    TextInfo {
        sentences,
        content,
        content_set,
    }
}
