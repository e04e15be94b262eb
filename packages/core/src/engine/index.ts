/**
 * One seam between the two engines (internal: nothing here is part of the public API). Core's
 * classes hold a `KnowledgeIndex` or a `ScoringEngine` made by `open.ts`. Both indexes live here
 * (`bm25-index.ts` in TypeScript, `rust-knowledge-index.ts` over the addon); the TypeScript
 * scoring plans live with their concept (`scoring/plans.ts`), the Rust-backed engine here, and
 * moving from Rust to TypeScript happens in `leave-native.ts` only.
 */
export type { IndexedDocument, KnowledgeIndex } from './knowledge-index.js';
export { openKnowledgeIndex, openScoringEngine, type ScoringSettings } from './open.js';
export type { NliOutcome, Plan, ScoringEngine, Step, StepResult } from './scoring-engine.js';
