import type { Usage } from './ai-types.js';

/**
 * Usage of several calls, summed field by field: a count one call did not report counts as 0 once
 * another did; fields that are not counts (a provider's raw usage) come from the later call.
 */
export function addUsage(a: Usage | undefined, b: Usage): Usage {
  if (a === undefined) return b;
  return sumObject(a, b) as Usage;
}

function sumObject(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' || typeof b === 'number') {
    return (typeof a === 'number' ? a : 0) + (typeof b === 'number' ? b : 0);
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return b === undefined ? a : b;
  }
  if (Array.isArray(a) || Array.isArray(b)) return b;
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [key, value] of Object.entries(b)) {
    out[key] = sumObject((a as Record<string, unknown>)[key], value);
  }
  return out;
}

/** Token counts of a finish the provider never reported (a halt, a stream cut short). */
export function unknownUsage(): Usage {
  return {
    inputTokens: {
      total: undefined,
      noCache: undefined,
      cacheRead: undefined,
      cacheWrite: undefined,
    },
    outputTokens: { total: undefined, text: undefined, reasoning: undefined },
  };
}
