/**
 * What the page says about where Backfire runs. Sentence scoring (and evidence retrieval) runs in
 * the Rust addon when it is built, in TypeScript otherwise; the per-token kernel that turns those
 * scores into a halt always runs in TypeScript. No label may claim a Rust kernel.
 */
import type { ChatMetadata, KnowledgeResponse } from './chat-types';

/** The header's "Scoring" value. */
export function scoringLabel(backend: KnowledgeResponse['backend'] | undefined): string {
  if (backend === 'native') return 'native (Rust addon)';
  if (backend === 'js') return 'js (TypeScript fallback)';
  return '…';
}

/** The header's "Kernel" value. */
export function kernelLabel(kernel: KnowledgeResponse['backends']['kernel'] | undefined): string {
  return kernel === 'js' ? 'TypeScript (per token, always)' : '…';
}

/** An answer's badge: where its sentences were scored. */
export function badgeLabel(meta: ChatMetadata | undefined): string {
  if (meta?.guarded === false) return 'unguarded';
  if (meta?.backend === 'native') return 'scored by native (Rust)';
  if (meta?.backend === 'js') return 'scored by js (TypeScript)';
  return 'scored by …';
}

/** The badge's tooltip. */
export const BADGE_TITLE =
  'Where Backfire scored this answer’s sentences (the per-token kernel always runs in TypeScript)';
