//! Backfire's streaming kernel in pure Rust: the score sanitiser, the per-stream monitor (hard
//! limit, window average, downward trend, soft halts), and the seed's batch calls. It implements
//! docs/kernel.md exactly, like `@backfire/core`'s TypeScript kernel; the golden vectors in
//! `testdata/kernel` pin both.
//!
//! The scoring stack too (docs/scoring.md): the tokenizer (`text`), BM25 knowledge (`knowledge`),
//! the heuristic NLI (`nli`) and the coherence scorer (`scoring`), pinned by `testdata/nli` and
//! `testdata/knowledge`.

pub mod batch;
pub mod format;
pub mod kernel;
pub mod knowledge;
pub mod monitor;
pub mod nli;
pub mod scoring;
pub mod text;

pub use backfire_types as types;
pub use batch::{BatchError, BatchSource, Scored, SliceSource};
pub use format::{format_reason, invalid_score, is_sentence_end, sanitize_score};
pub use kernel::{COHERENCE_INTERRUPT, SafetyKernel, StreamingKernel, interrupt_text};
pub use monitor::{KillSwitch, Monitor, Step};
