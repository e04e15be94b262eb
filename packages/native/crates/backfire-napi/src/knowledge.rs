//! `RustKnowledge`: the BM25 store of `backfire-core` (facts, documents, tenants). The
//! hand-written TypeScript entry checks argument types and shapes; this layer converts and maps
//! the core's typed errors. A retrieval crosses back as one flat array
//! `[id, text, score, source, id, text, …]` (array elements are far cheaper than objects with named
//! keys); the entry builds the `EvidenceChunk` objects.

use std::cell::RefCell;
use std::rc::Rc;

use napi::Result;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use backfire_core::knowledge::{Chunk, Document, Knowledge};
use backfire_core::types::{BackfireError, ErrorCode};

use crate::js::{Js, JsValue};

/// The store is shared with the scorers built on it (one JS thread, so `Rc<RefCell<_>>`).
pub type SharedKnowledge = Rc<RefCell<Knowledge>>;

pub fn throw(env: &Env, err: &BackfireError) -> napi::Error {
    Js::new(env).throw_backfire(err, None)
}

/// A borrow conflict cannot happen from JavaScript (every call runs to completion on one
/// thread); it is reported rather than panicking all the same.
pub fn busy(env: &Env) -> napi::Error {
    throw(
        env,
        &BackfireError::plain(
            ErrorCode::Native,
            "the knowledge store is in use by another call",
        ),
    )
}

/// Appends `[id, text, score, source]` per chunk to `out` from index `at`; returns the next index.
pub fn write_chunks<'a, 'e>(
    js: Js<'e>,
    out: JsValue<'e>,
    mut at: u32,
    chunks: impl IntoIterator<Item = Chunk<'a>>,
) -> Result<u32> {
    for c in chunks {
        js.set_element(out, at, js.string(c.id)?)?;
        js.set_element(out, at + 1, js.string(c.text)?)?;
        js.set_element(out, at + 2, js.number(c.score)?)?;
        js.set_element(out, at + 3, js.string(c.source)?)?;
        at += 4;
    }
    Ok(at)
}

/// An in-process BM25 knowledge base (docs/scoring.md §2), the same as `@backfire/core`'s
/// `InMemoryKnowledge`.
#[napi(js_name = "RustKnowledge")]
pub struct RawKnowledge {
    pub(crate) inner: SharedKnowledge,
}

#[napi]
impl RawKnowledge {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        RawKnowledge {
            inner: Rc::new(RefCell::new(Knowledge::new())),
        }
    }

    #[napi(catch_unwind)]
    pub fn add_fact(
        &self,
        env: Env,
        key: String,
        value: String,
        tenant: Option<String>,
    ) -> Result<()> {
        let mut kb = self.inner.try_borrow_mut().map_err(|_| busy(&env))?;
        kb.add_fact(&key, &value, tenant.as_deref())
            .map_err(|e| throw(&env, &e))
    }

    #[napi(catch_unwind)]
    pub fn add_document(
        &self,
        env: Env,
        id: String,
        text: String,
        source: Option<String>,
        tenant: Option<String>,
    ) -> Result<()> {
        let mut kb = self.inner.try_borrow_mut().map_err(|_| busy(&env))?;
        kb.add_document(&Document {
            id: &id,
            text: &text,
            source: source.as_deref(),
            tenant: tenant.as_deref(),
        })
        .map_err(|e| throw(&env, &e))
    }

    /// Parallel arrays, one entry per document; all are validated before any is stored.
    #[napi(catch_unwind)]
    pub fn add_documents(
        &self,
        env: Env,
        ids: Vec<String>,
        texts: Vec<String>,
        sources: Vec<Option<String>>,
        tenants: Vec<Option<String>>,
    ) -> Result<()> {
        let n = ids.len();
        if texts.len() != n || sources.len() != n || tenants.len() != n {
            return Err(throw(
                &env,
                &BackfireError::input(
                    "documents",
                    texts.len() as f64,
                    "must give as many texts, sources and tenants as ids",
                ),
            ));
        }
        let docs: Vec<Document<'_>> = (0..n)
            .map(|i| Document {
                id: &ids[i],
                text: &texts[i],
                source: sources[i].as_deref(),
                tenant: tenants[i].as_deref(),
            })
            .collect();
        let mut kb = self.inner.try_borrow_mut().map_err(|_| busy(&env))?;
        kb.add_documents(&docs).map_err(|e| throw(&env, &e))
    }

    #[napi(catch_unwind)]
    pub fn remove(&self, env: Env, id: String, tenant: Option<String>) -> Result<bool> {
        let mut kb = self.inner.try_borrow_mut().map_err(|_| busy(&env))?;
        kb.remove(&id, tenant.as_deref())
            .map_err(|e| throw(&env, &e))
    }

    #[napi(catch_unwind)]
    pub fn clear(&self, env: Env, tenant: Option<String>) -> Result<()> {
        let mut kb = self.inner.try_borrow_mut().map_err(|_| busy(&env))?;
        kb.clear(tenant.as_deref()).map_err(|e| throw(&env, &e))
    }

    #[napi(getter, catch_unwind)]
    pub fn size(&self, env: Env) -> Result<u32> {
        let kb = self.inner.try_borrow().map_err(|_| busy(&env))?;
        Ok(kb.size() as u32)
    }

    #[napi(catch_unwind)]
    pub fn passage_count(&self, env: Env, tenant: Option<String>) -> Result<u32> {
        let kb = self.inner.try_borrow().map_err(|_| busy(&env))?;
        kb.passage_count(tenant.as_deref())
            .map(|n| n as u32)
            .map_err(|e| throw(&env, &e))
    }

    /// The `k` best passages, flat: `[id, text, score, source, …]`.
    #[napi(catch_unwind, ts_return_type = "Array<string | number>")]
    pub fn retrieve<'env>(
        &self,
        env: &'env Env,
        query: String,
        k: f64,
        tenant: Option<String>,
    ) -> Result<Unknown<'env>> {
        let js = Js::new(env);
        let mut kb = self.inner.try_borrow_mut().map_err(|_| busy(env))?;
        let chunks = kb
            .retrieve(&query, k, tenant.as_deref())
            .map_err(|e| throw(env, &e))?;
        let out = js.array(chunks.len() * 4)?;
        write_chunks(js, out, 0, chunks)?;
        Ok(out)
    }
}
