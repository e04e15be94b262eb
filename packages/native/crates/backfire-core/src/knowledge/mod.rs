//! BM25 knowledge (docs/scoring.md §2), the port of `@backfire/core`'s `InMemoryKnowledge`: facts
//! and documents cut into passages, one namespace per tenant with its own statistics, Okapi BM25
//! (k1 1.5, b 0.75) over the shared tokenizer, deterministic ranking. `testdata/knowledge` pins it.

mod log;

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use crate::text::{content_terms, js_trim, split_sentences, word_tokens};
use crate::types::{BackfireError, Value};

pub use log::js_log;

/// BM25 term-frequency saturation.
pub const BM25_K1: f64 = 1.5;
/// BM25 document-length normalisation.
pub const BM25_B: f64 = 0.75;
/// Longest passage, in word tokens.
pub const PASSAGE_WORDS: usize = 80;

/// One retrieved passage, borrowed from the store.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chunk<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub score: f64,
    pub source: &'a str,
}

struct Passage {
    id: Box<str>,
    text: Box<str>,
    source: Box<str>,
    length: u32,
    /// Distinct terms, for removal.
    terms: Vec<Box<str>>,
}

/// A passage's distinct terms with their counts, in order of first appearance.
type TermCounts = Vec<(Box<str>, u32)>;

#[derive(Clone, Copy)]
struct Posting {
    slot: u32,
    tf: u32,
    /// The passage's length (kept here so scoring reads one contiguous list).
    length: u32,
}

/// One tenant's index.
#[derive(Default)]
struct Namespace {
    entries: FxHashMap<Box<str>, Vec<u32>>,
    /// Slots; `None` is free.
    passages: Vec<Option<Passage>>,
    free: Vec<u32>,
    live: usize,
    /// Postings in insertion order (the TypeScript lists' order, which decides who is touched
    /// first and so how passages with the same score and id stay ordered).
    postings: FxHashMap<Box<str>, Vec<Posting>>,
    total_length: u64,
}

impl Namespace {
    fn add(&mut self, entry_id: &str, passages: Vec<(Passage, TermCounts)>) {
        self.remove(entry_id);
        let mut slots = Vec::with_capacity(passages.len());
        for (p, tf) in passages {
            let slot = match self.free.pop() {
                Some(s) => s,
                None => {
                    self.passages.push(None);
                    (self.passages.len() - 1) as u32
                }
            };
            self.total_length += u64::from(p.length);
            for (term, f) in tf {
                self.postings.entry(term).or_default().push(Posting {
                    slot,
                    tf: f,
                    length: p.length,
                });
            }
            self.passages[slot as usize] = Some(p);
            self.live += 1;
            slots.push(slot);
        }
        self.entries.insert(entry_id.into(), slots);
    }

    fn remove(&mut self, entry_id: &str) -> bool {
        let Some(slots) = self.entries.remove(entry_id) else {
            return false;
        };
        for &slot in &slots {
            let Some(p) = self.passages[slot as usize].take() else {
                continue;
            };
            self.total_length -= u64::from(p.length);
            for term in p.terms.iter() {
                if let Entry::Occupied(mut list) = self.postings.entry(term.clone()) {
                    list.get_mut().retain(|q| q.slot != slot);
                    if list.get().is_empty() {
                        list.remove();
                    }
                }
            }
            self.live -= 1;
            self.free.push(slot);
        }
        true
    }
}

/// A fact or document to store, already validated.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub source: Option<&'a str>,
    pub tenant: Option<&'a str>,
}

fn check_text(field: &str, value: &str) -> Result<(), BackfireError> {
    if js_trim(value).is_empty() {
        return Err(BackfireError::input(
            field,
            Value::string(value),
            "must not be empty",
        ));
    }
    Ok(())
}

fn check_tenant(field: &str, tenant: Option<&str>) -> Result<(), BackfireError> {
    match tenant {
        Some("") => Err(BackfireError::input(
            field,
            Value::string(""),
            "must be a non-empty string when given",
        )),
        _ => Ok(()),
    }
}

fn validate(doc: &Document<'_>, field: &str) -> Result<(), BackfireError> {
    check_text(&format!("{field}.id"), doc.id)?;
    check_text(&format!("{field}.text"), doc.text)?;
    if let Some(source) = doc.source {
        check_text(&format!("{field}.source"), source)?;
    }
    check_tenant(&format!("{field}.tenant"), doc.tenant)?;
    Ok(())
}

/// Cuts a text into passages of whole sentences of at most `PASSAGE_WORDS` words.
pub fn split_passages(text: &str) -> Vec<String> {
    let mut pieces: Vec<(String, usize)> = Vec::new();
    for sentence in split_sentences(text) {
        let words = word_tokens(sentence);
        let tokens = &words.tokens;
        if tokens.len() <= PASSAGE_WORDS {
            pieces.push((sentence.to_owned(), tokens.len()));
            continue;
        }
        // Offsets are in the folded form; folding changes no code point count, so cut the NFKC
        // form at the same code point indexes.
        let normalized = crate::text::nfkc(sentence);
        let char_to_byte: Vec<usize> = normalized
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(normalized.len()))
            .collect();
        let mut i = 0;
        while i < tokens.len() {
            let from = if i == 0 {
                0
            } else {
                char_to_byte[tokens[i].start_char]
            };
            let to = tokens
                .get(i + PASSAGE_WORDS)
                .map_or(normalized.len(), |t| char_to_byte[t.start_char]);
            pieces.push((
                js_trim(&normalized[from..to]).to_owned(),
                PASSAGE_WORDS.min(tokens.len() - i),
            ));
            i += PASSAGE_WORDS;
        }
    }
    let mut passages = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut words = 0;
    for (text, n) in pieces {
        if !current.is_empty() && words + n > PASSAGE_WORDS {
            passages.push(current.join(" "));
            current.clear();
            words = 0;
        }
        current.push(text);
        words += n;
    }
    if !current.is_empty() {
        passages.push(current.join(" "));
    }
    passages
}

/// An in-process BM25 knowledge base (see the module comment).
#[derive(Default)]
pub struct Knowledge {
    spaces: FxHashMap<Box<str>, Namespace>,
    scratch: Vec<f64>,
}

impl Knowledge {
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores a fact as the passage `"<key>: <value>"`, id `key`, source `fact`.
    pub fn add_fact(
        &mut self,
        key: &str,
        value: &str,
        tenant: Option<&str>,
    ) -> Result<(), BackfireError> {
        check_text("key", key)?;
        check_text("value", value)?;
        check_tenant("tenant", tenant)?;
        self.store(
            tenant.unwrap_or(""),
            key,
            &format!("{key}: {value}"),
            "fact",
        );
        Ok(())
    }

    /// Stores a document cut into passages; re-adding an id replaces it.
    pub fn add_document(&mut self, doc: &Document<'_>) -> Result<(), BackfireError> {
        validate(doc, "document")?;
        self.store_document(doc);
        Ok(())
    }

    /// Stores several documents; validates all of them before storing any.
    pub fn add_documents(&mut self, docs: &[Document<'_>]) -> Result<(), BackfireError> {
        for (i, d) in docs.iter().enumerate() {
            validate(d, &format!("documents[{i}]"))?;
        }
        for d in docs {
            self.store_document(d);
        }
        Ok(())
    }

    fn store_document(&mut self, doc: &Document<'_>) {
        self.store(
            doc.tenant.unwrap_or(""),
            doc.id,
            doc.text,
            doc.source.unwrap_or("document"),
        );
    }

    /// Removes a fact or document by id; whether something was removed.
    pub fn remove(&mut self, id: &str, tenant: Option<&str>) -> Result<bool, BackfireError> {
        check_text("id", id)?;
        check_tenant("tenant", tenant)?;
        let key = tenant.unwrap_or("");
        let Some(space) = self.spaces.get_mut(key) else {
            return Ok(false);
        };
        let removed = space.remove(id);
        if space.entries.is_empty() {
            self.spaces.remove(key);
        }
        Ok(removed)
    }

    /// Removes everything, or one tenant's entries.
    pub fn clear(&mut self, tenant: Option<&str>) -> Result<(), BackfireError> {
        match tenant {
            None => self.spaces.clear(),
            Some(t) => {
                check_tenant("tenant", Some(t))?;
                self.spaces.remove(t);
            }
        }
        Ok(())
    }

    /// Facts and documents stored, over all tenants.
    pub fn size(&self) -> usize {
        self.spaces.values().map(|s| s.entries.len()).sum()
    }

    /// Passages searchable in one namespace.
    pub fn passage_count(&self, tenant: Option<&str>) -> Result<usize, BackfireError> {
        check_tenant("tenant", tenant)?;
        Ok(self.spaces.get(tenant.unwrap_or("")).map_or(0, |s| s.live))
    }

    /// The `k` best passages for `query`, best first (docs/scoring.md §2). `k` must be an integer
    /// ≥ 1 (any f64 that is one).
    pub fn retrieve(
        &mut self,
        query: &str,
        k: f64,
        tenant: Option<&str>,
    ) -> Result<Vec<Chunk<'_>>, BackfireError> {
        if !(k.is_finite() && k.trunc() == k && k >= 1.0) {
            return Err(BackfireError::input("k", k, "must be an integer ≥ 1"));
        }
        check_tenant("tenant", tenant)?;
        let Some(space) = self.spaces.get(tenant.unwrap_or("")) else {
            return Ok(Vec::new());
        };
        if space.live == 0 {
            return Ok(Vec::new());
        }
        let n = space.live as f64;
        let avgdl = space.total_length as f64 / n;
        if self.scratch.len() < space.passages.len() {
            self.scratch.resize(space.passages.len(), 0.0);
        }
        let scores = &mut self.scratch;
        let mut touched: Vec<u32> = Vec::new();
        let terms = content_terms(query);
        let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        // Terms are summed in order of first appearance in the query, as in TypeScript, so the
        // floating-point sums agree to the last bit.
        for term in &terms {
            let Some(list) = space.postings.get(term.as_str()) else {
                continue;
            };
            if !seen.insert(term) {
                continue;
            }
            let df = list.len() as f64;
            let idf = js_log(1.0 + (n - df + 0.5) / (df + 0.5));
            for posting in list {
                let f = f64::from(posting.tf);
                let norm =
                    f + BM25_K1 * (1.0 - BM25_B + (BM25_B * f64::from(posting.length)) / avgdl);
                let s = (idf * (f * (BM25_K1 + 1.0))) / norm;
                let slot = posting.slot as usize;
                if scores[slot] == 0.0 {
                    touched.push(posting.slot);
                }
                scores[slot] += s;
            }
        }
        let id = |slot: u32| -> &str {
            &space.passages[slot as usize]
                .as_ref()
                .expect("live passage")
                .id
        };
        // TypeScript sorts every touched passage (stably: equal score and id keep the order of
        // first touch) and keeps the first k. The same k, in the same order, come from one pass
        // that keeps the best k so far: a candidate goes before an entry only if it sorts
        // strictly before it, so among equals the earlier touch stays first.
        let keep = if k >= touched.len() as f64 {
            touched.len()
        } else {
            k as usize
        };
        let before = |a: (u32, f64), b: (u32, f64)| -> bool {
            a.1 > b.1 || (a.1 == b.1 && id(a.0) < id(b.0))
        };
        let mut ranked: Vec<(u32, f64)> = Vec::with_capacity(keep + 1);
        for &slot in &touched {
            let cand = (slot, scores[slot as usize]);
            scores[slot as usize] = 0.0;
            if ranked.len() == keep && (keep == 0 || !before(cand, ranked[keep - 1])) {
                continue;
            }
            let pos = ranked.partition_point(|&e| !before(cand, e));
            ranked.insert(pos, cand);
            ranked.truncate(keep);
        }
        Ok(ranked
            .iter()
            .map(|&(slot, score)| {
                let p = space.passages[slot as usize]
                    .as_ref()
                    .expect("live passage");
                Chunk {
                    id: &p.id,
                    text: &p.text,
                    score,
                    source: &p.source,
                }
            })
            .collect())
    }

    fn store(&mut self, tenant: &str, entry_id: &str, text: &str, source: &str) {
        let texts = split_passages(text);
        let single = texts.len() == 1;
        let passages = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let mut tf: TermCounts = Vec::new();
                let mut index: FxHashMap<String, usize> = FxHashMap::default();
                let terms = content_terms(&t);
                let length = terms.len() as u32;
                for term in terms {
                    match index.entry(term) {
                        Entry::Occupied(e) => tf[*e.get()].1 += 1,
                        Entry::Vacant(e) => {
                            tf.push((e.key().as_str().into(), 1));
                            e.insert(tf.len() - 1);
                        }
                    }
                }
                let passage = Passage {
                    id: if single {
                        entry_id.into()
                    } else {
                        format!("{entry_id}#{}", i + 1).into()
                    },
                    text: t.into(),
                    source: source.into(),
                    length,
                    terms: tf.iter().map(|(t, _)| t.clone()).collect(),
                };
                (passage, tf)
            })
            .collect();
        self.spaces
            .entry(tenant.into())
            .or_default()
            .add(entry_id, passages);
    }
}
