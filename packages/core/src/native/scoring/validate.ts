// Argument checks of the Rust scoring classes, with core's fields, rules and order, so a bad call
// fails with the same BackfireInputError whichever engine it reaches.
import { BackfireInputError } from '../../errors/errors.js';
import type { KnowledgeDocument } from '../../knowledge/in-memory.js';

/** `<field> <rule>, got <value>`, as every Backfire input error reads. */
export function inputError(field: string, value: unknown, rule: string): BackfireInputError {
  return new BackfireInputError(field, value, rule);
}

export function checkString(field: string, value: unknown, allowEmpty = false): string {
  if (typeof value !== 'string') throw inputError(field, value, 'must be a string');
  if (!allowEmpty && value.trim().length === 0) {
    throw inputError(field, value, 'must not be empty');
  }
  return value;
}

export function checkTenant(value: unknown, field = 'tenant'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw inputError(field, value, 'must be a non-empty string when given');
  }
  return value;
}

export function validateDocument(d: unknown, field: string): asserts d is KnowledgeDocument {
  if (typeof d !== 'object' || d === null) {
    throw inputError(field, d, 'must be an object { id, text }');
  }
  const doc = d as Record<string, unknown>;
  checkString(`${field}.id`, doc['id']);
  checkString(`${field}.text`, doc['text']);
  if (doc['source'] !== undefined) checkString(`${field}.source`, doc['source']);
  if (doc['tenant'] !== undefined) checkTenant(doc['tenant'], `${field}.tenant`);
}

export function checkInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw inputError(field, value, 'must be an integer ≥ 1');
  }
  return value;
}
