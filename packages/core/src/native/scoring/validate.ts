// Argument checks of the Rust scoring classes, with core's fields, rules and order, so a bad call
// fails with the same BackfireInputError whichever engine it reaches.
import { check, checkNonEmptyText, checkObject, checkText } from '../../internal/check.js';
import type { KnowledgeDocument } from '../../knowledge/in-memory.js';

export function checkString(field: string, value: unknown, allowEmpty = false): string {
  const text = checkText(field, value);
  check(allowEmpty || text.trim().length > 0, field, value, 'must not be empty');
  return text;
}

export function checkTenant(value: unknown, field = 'tenant'): string | undefined {
  if (value === undefined) return undefined;
  return checkNonEmptyText(field, value, { rule: 'must be a non-empty string when given' });
}

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
