import type { Content, GenerateResult, StreamPart, StreamResult } from './ai-types.js';
import { unknownUsage } from './usage.js';

// Stream parts that carry no content of their own (control, metadata, or pieces of a block).
const NOT_CONTENT = new Set([
  'stream-start',
  'response-metadata',
  'finish',
  'raw',
  'error',
  'ping',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-end',
]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type TextContent = Mutable<Extract<Content, { type: 'text' }>>;
type ReasoningContent = Mutable<Extract<Content, { type: 'reasoning' }>>;

/**
 * Reads a (guarded) model stream to the end and assembles what `doGenerate` would have returned:
 * text and reasoning blocks joined, tool calls, results, files and sources in stream order,
 * warnings, response metadata, usage and the finish. This is how `generateText` is guarded: the
 * call is streamed internally so a halt stops the provider early, and the result carries only
 * the released text with finish reason `content-filter`. An `error` part rejects, as a failing
 * `doGenerate` would.
 */
export async function collectGenerateResult(
  stream: ReadableStream<StreamPart>,
  meta: Omit<StreamResult, 'stream'>,
): Promise<GenerateResult> {
  const content: Content[] = [];
  const texts = new Map<string, TextContent>();
  const reasonings = new Map<string, ReasoningContent>();
  let warnings: Extract<StreamPart, { type: 'stream-start' }>['warnings'] = [];
  let response: Omit<Extract<StreamPart, { type: 'response-metadata' }>, 'type'> = {};
  let finish: Extract<StreamPart, { type: 'finish' }> | undefined;

  const reader = stream.getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      const part = next.value;
      switch (part.type) {
        case 'text-start':
        case 'text-delta': {
          let block = texts.get(part.id);
          if (block === undefined) {
            block = { type: 'text', text: '' };
            if (part.providerMetadata !== undefined) block.providerMetadata = part.providerMetadata;
            texts.set(part.id, block);
            content.push(block);
          }
          if (part.type === 'text-delta') block.text += part.delta;
          break;
        }
        case 'reasoning-start':
        case 'reasoning-delta': {
          let block = reasonings.get(part.id);
          if (block === undefined) {
            block = { type: 'reasoning', text: '' };
            if (part.providerMetadata !== undefined) block.providerMetadata = part.providerMetadata;
            reasonings.set(part.id, block);
            content.push(block);
          }
          if (part.type === 'reasoning-delta') block.text += part.delta;
          break;
        }
        case 'text-end':
        case 'reasoning-end': {
          // Providers put signatures, citations (v4) and metadata on the closing part: keep them.
          const block = (part.type === 'text-end' ? texts : reasonings).get(part.id);
          if (block === undefined) break;
          const { type: _type, id: _id, providerMetadata, ...rest } = part;
          Object.assign(block, rest);
          if (providerMetadata !== undefined) {
            block.providerMetadata = { ...block.providerMetadata, ...providerMetadata };
          }
          break;
        }
        case 'stream-start':
          warnings = part.warnings;
          break;
        case 'response-metadata': {
          const { type: _type, ...rest } = part;
          response = { ...response, ...rest };
          break;
        }
        case 'finish':
          finish = part;
          break;
        case 'error':
          throw part.error;
        default:
          if (!NOT_CONTENT.has(part.type)) content.push(part as Content);
          break;
      }
    }
  } finally {
    reader.releaseLock();
  }

  return {
    // A text block the guard released nothing of (halted at its first sentence) is dropped.
    content: content.filter((c) => !(c.type === 'text' && c.text === '')),
    finishReason: finish?.finishReason ?? { unified: 'other', raw: undefined },
    usage: finish?.usage ?? unknownUsage(),
    ...(finish?.providerMetadata !== undefined
      ? { providerMetadata: finish.providerMetadata }
      : {}),
    warnings,
    ...(meta.request !== undefined ? { request: meta.request } : {}),
    response: {
      ...response,
      ...(meta.response?.headers !== undefined ? { headers: meta.response.headers } : {}),
    },
  };
}
