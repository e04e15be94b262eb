import * as ai from 'ai7';
import { MockLanguageModelV4 } from 'ai7/test';
import { defineReceiptSuite } from './test-support/receipt-suite.js';

defineReceiptSuite({
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
});
