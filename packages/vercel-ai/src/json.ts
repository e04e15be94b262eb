import { toJsonValue as coreToJsonValue } from '@backfire/core';
import type { JSONValue } from './ai-types.js';

/**
 * Makes any value safe for `providerMetadata`, which the AI SDK serialises (UI streams, logs,
 * telemetry); never throws. Core's converter, typed as the provider spec's JSON value.
 */
export function toJsonValue(value: unknown): JSONValue {
  return coreToJsonValue(value) as JSONValue;
}
