// Argument checks of the knowledge stores and scorers, written once for the TypeScript classes and
// the Rust-backed ones (`@backfire/core/native`), so a bad call fails with the same field, rule and
// BackfireInputError whichever engine it reaches.
import type { KnowledgeDocument } from '../knowledge/in-memory.js';
import { check, checkNonEmptyText, checkObject, checkText } from './check.js';

/** A string, not empty or blank unless `allowEmpty`. */
export function checkString(field: string, value: unknown, allowEmpty = false): string {
  const text = checkText(field, value);
  check(allowEmpty || text.trim().length > 0, field, value, 'must not be empty');
  return text;
}

/** A tenant name when given: a non-empty string; undefined stays undefined (the default tenant). */
export function checkTenant(value: unknown, field = 'tenant'): string | undefined {
  if (value === undefined) return undefined;
  return checkNonEmptyText(field, value, { rule: 'must be a non-empty string when given' });
}

/** A `KnowledgeDocument`: `{ id, text }` non-empty strings, `source` and `tenant` when given. */
export function validateDocument(d: unknown, field: string): asserts d is KnowledgeDocument {
  const doc = checkObject(field, d, { rule: 'must be an object { id, text }' }) as Record<
    string,
    unknown
  >;
  checkString(`${field}.id`, doc['id']);
  checkString(`${field}.text`, doc['text']);
  if (doc['source'] !== undefined) checkString(`${field}.source`, doc['source']);
  if (doc['tenant'] !== undefined) checkTenant(doc['tenant'], `${field}.tenant`);
}
