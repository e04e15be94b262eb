import * as ai from 'ai6';
import { MockLanguageModelV3 } from 'ai6/test';
import type { Sdk } from './fixtures.js';

/** The ai 6 functions and mock model every ai 6 suite runs against (one place, not per test file). */
export const ai6: Sdk = {
  name: 'ai 6',
  streamText: ai.streamText,
  generateText: ai.generateText,
  wrapLanguageModel: ai.wrapLanguageModel,
  simulateReadableStream: ai.simulateReadableStream,
  readUIMessageStream: ai.readUIMessageStream,
  createUIMessageStream: ai.createUIMessageStream,
  createUIMessageStreamResponse: ai.createUIMessageStreamResponse,
  stepCountIs: ai.stepCountIs,
  tool: ai.tool,
  jsonSchema: ai.jsonSchema,
  mockModel: (doStream) => new MockLanguageModelV3({ doStream }),
};
