import * as ai from 'ai7';
import { MockLanguageModelV4 } from 'ai7/test';
import type { Sdk } from './fixtures.js';

/** The ai 7 functions and mock model every ai 7 suite runs against (one place, not per test file). */
export const ai7: Sdk = {
  name: 'ai 7',
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
  mockModel: (doStream) => new MockLanguageModelV4({ doStream }),
};
