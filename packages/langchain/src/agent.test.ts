import { BackfireHaltError } from '@backfire/core';
import { type AIMessage, type AIMessageChunk, HumanMessage } from '@langchain/core/messages';
import { createAgent } from 'langchain';
import { describe, expect, it, vi } from 'vitest';
import { backfireAgentMiddleware } from './agent.js';
import { BackfireCallbackHandler } from './handler.js';
import type { BackfireHaltMetadata } from './metadata.js';
import {
  BAD_SENTENCE,
  CONTRADICTION,
  FAITHFUL,
  factsKnowledge,
  LATE_CONTRADICTION,
  models,
  QUESTION,
} from './test/fixtures.js';

const KEPT = 'The Eiffel Tower stands in Paris. ';

vi.spyOn(console, 'error').mockImplementation(() => {});

async function agentFor(model: ReturnType<typeof models>[number]['model']) {
  return createAgent({
    model,
    tools: [],
    middleware: [backfireAgentMiddleware({ knowledge: await factsKnowledge() })],
  });
}

function lastAi(messages: readonly unknown[]): AIMessage {
  return messages.at(-1) as AIMessage;
}

describe.each(models(FAITHFUL).map((m) => [m.kind]))(
  'backfireAgentMiddleware — model %s',
  (kind) => {
    const make = (text: string) => models(text).find((m) => m.kind === kind)!.model;

    it('lets a faithful answer through', async () => {
      const agent = await agentFor(make(FAITHFUL));
      const state = await agent.invoke({ messages: [new HumanMessage(QUESTION)] });
      const answer = lastAi(state.messages);
      expect(answer.text).toBe(FAITHFUL);
      expect(answer.response_metadata.finish_reason).not.toBe('content_filter');
    });

    it('halts the model call mid-stream and ends the turn with a truncated content_filter message', async () => {
      const model = make(CONTRADICTION);
      const agent = await agentFor(model);
      const state = await agent.invoke({ messages: [new HumanMessage(QUESTION)] });
      const answer = lastAi(state.messages);
      expect(answer.text).toBe(KEPT);
      expect(answer.response_metadata.finish_reason).toBe('content_filter');
      const halt = answer.response_metadata.backfire as BackfireHaltMetadata;
      expect(halt.kind).toBe('hard_limit');
      expect(halt.charOffset).toBe(KEPT.length);
      expect(answer.tool_calls ?? []).toEqual([]);
      expect(model.produced).toBeLessThan([...CONTRADICTION].length / 2);
    });

    it('catches a contradiction in the last sentence', async () => {
      const agent = await agentFor(make(LATE_CONTRADICTION));
      const state = await agent.invoke({ messages: [new HumanMessage(QUESTION)] });
      expect(lastAi(state.messages).text).toBe(KEPT);
      expect(lastAi(state.messages).response_metadata.finish_reason).toBe('content_filter');
    });

    it("streamMode 'messages' shows the text once, under the streamed id", async () => {
      const agent = await agentFor(make(CONTRADICTION));
      const byId = new Map<string, string>();
      let finalState: { messages: unknown[] } | undefined;
      for await (const [mode, payload] of await agent.stream(
        { messages: [new HumanMessage(QUESTION)] },
        { streamMode: ['messages', 'values'] },
      )) {
        if (mode === 'values') finalState = payload as { messages: unknown[] };
        if (mode !== 'messages') continue;
        const [message] = payload as [AIMessageChunk | AIMessage, unknown];
        if (message.getType() !== 'ai') continue;
        byId.set(message.id ?? '', (byId.get(message.id ?? '') ?? '') + message.text);
      }
      expect(byId.size).toBe(1);
      const [id, streamed] = [...byId][0]!;
      // What streamed is the model's text up to the halt, once (not followed by the kept copy).
      expect(streamed.startsWith(KEPT + BAD_SENTENCE)).toBe(true);
      expect(streamed).not.toContain('1889');
      expect(streamed.indexOf(KEPT, 1)).toBe(-1);
      const answer = lastAi(finalState!.messages);
      expect(answer.id).toBe(id);
      expect(answer.response_metadata.finish_reason).toBe('content_filter');
    });
  },
);

describe('BackfireCallbackHandler in an agent (no middleware)', () => {
  it('halts the agent run: tokens stop at the halt and the run throws', async () => {
    const model = models(CONTRADICTION)[0].model;
    const agent = createAgent({ model, tools: [] });
    const handler = new BackfireCallbackHandler({ knowledge: await factsKnowledge() });
    let streamed = '';
    const error = await (async () => {
      const stream = await agent.stream(
        { messages: [new HumanMessage(QUESTION)] },
        { ...handler.config(), streamMode: 'messages' },
      );
      for await (const [chunk] of stream) streamed += chunk.text;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackfireHaltError);
    expect(handler.halt?.segment).toBe(BAD_SENTENCE);
    expect(streamed).not.toContain('1889');
    expect(model.produced).toBeLessThan([...CONTRADICTION].length / 2);
  });
});

describe('backfireAgentMiddleware — errors', () => {
  it('lets model errors that are not halts propagate', async () => {
    const model = models(FAITHFUL)[1].model;
    model.thrownErrorString = 'provider is down';
    const agent = await agentFor(model);
    await expect(agent.invoke({ messages: [new HumanMessage(QUESTION)] })).rejects.toThrow(
      /provider is down/,
    );
  });

  it('rejects bad options when the middleware is created', () => {
    expect(() => backfireAgentMiddleware({ scorer: () => 1, name: '' })).toThrow(/name must be/);
    expect(() =>
      backfireAgentMiddleware({ scorer: () => 1, onTimeout: 'retry' as 'halt' }),
    ).toThrow(/onTimeout must be 'halt' or 'pass', got "retry"/);
  });
});
