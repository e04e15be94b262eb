import { BackfireConfigError } from '../../errors/errors.js';
import { checkNonEmptyText } from '../../internal/check.js';

/** How the model's classes are read as a divergence. */
export type TransformersNliLabelScheme =
  /** contradiction / entailment / neutral: divergence = P(contradiction) + 0.5·P(neutral). */
  | 'three-way'
  /** entailment / not_entailment: divergence = 1 − P(entailment). */
  | 'two-way';

/** `id2label` as an array by class index; keys must be exactly 0..n−1. */
export function labelList(id2label: unknown, field: string): string[] {
  if (id2label === null || typeof id2label !== 'object' || Array.isArray(id2label)) {
    throw new BackfireConfigError(field, id2label, 'must map class indices to label names');
  }
  const entries = Object.entries(id2label as Record<string, unknown>);
  const labels = new Array<string>(entries.length);
  for (const [key, label] of entries) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= entries.length || String(index) !== key) {
      throw new BackfireConfigError(field, id2label, `must have keys 0..${entries.length - 1}`);
    }
    labels[index] = checkNonEmptyText(`${field}[${key}]`, label, { error: BackfireConfigError });
  }
  return labels;
}

/** `Not-Entailment`, `not entailment` and `not_entailment` are one label. */
export const normaliseLabel = (label: string): string =>
  label
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
