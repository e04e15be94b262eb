import type { JSONValue } from './ai-types.js';

const MAX_DEPTH = 8;

/**
 * Makes any value safe for `providerMetadata`, which the AI SDK serialises (UI streams, logs,
 * telemetry). Scorer evidence is `unknown` — it may hold class instances, `undefined`, `NaN`,
 * bigints, errors or cycles — and one bad value must not break the response, so this never
 * throws: non-finite numbers become null, bigints strings, errors `{ name, message }`, cycles and
 * overly deep values a marker string, functions and symbols are dropped.
 */
export function toJsonValue(value: unknown): JSONValue {
  return convert(value, 0, new Set());
}

function convert(value: unknown, depth: number, seen: Set<object>): JSONValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (obj instanceof Error) return { name: obj.name, message: obj.message };
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let inner: unknown;
    try {
      inner = toJSON.call(obj);
    } catch {
      return null;
    }
    if (inner !== obj) return convert(inner, depth + 1, seen);
  }
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((item) => convert(item, depth + 1, seen));
    const out: Record<string, JSONValue> = {};
    for (const [key, item] of Object.entries(obj)) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      out[key] = convert(item, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}
