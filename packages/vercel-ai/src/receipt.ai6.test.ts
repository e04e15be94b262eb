import * as ai from 'ai6';
import { MockLanguageModelV3 } from 'ai6/test';
import { defineReceiptSuite } from './test-support/receipt-suite.js';

defineReceiptSuite({
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
});
