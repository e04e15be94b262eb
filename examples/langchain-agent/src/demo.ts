/**
 * A LangChain agent guarded by Backfire. The fake model answers two questions: the first answer is
 * faithful to the knowledge base and streams to the end; the second contradicts it in its second
 * sentence, so Backfire aborts the model call mid-stream and the agent's turn ends with a
 * truncated message marked `content_filter`, carrying the halt.
 */
import { type BackfireHaltMetadata, type GuardHalt, retrieverKnowledge } from '@backfire/langchain';
import { backfireAgentMiddleware } from '@backfire/langchain/agent';
import { type AIMessage, type BaseMessage, HumanMessage } from '@langchain/core/messages';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { createAgent } from 'langchain';
import { passagesRetriever } from './knowledge.js';

export const TURNS = [
  {
    question: 'When was the Eiffel Tower completed?',
    answer:
      'The Eiffel Tower was completed in March 1889. It was the entrance arch to the 1889 World Fair. ' +
      'It stands in Paris on the Champ de Mars.',
  },
  {
    question: 'How tall is the Eiffel Tower?',
    answer:
      'The Eiffel Tower stands in Paris. It is 120 metres tall. It was carved from a single ' +
      'block of granite, and visitors can ski down its sides in winter.',
  },
];

/**
 * A fake chat model that answers from the script, one answer per call. (FakeListChatModel's own
 * bindTools returns a copy that restarts the script on every agent turn.)
 */
class ScriptedModel extends FakeListChatModel {
  override bindTools(): this {
    return this;
  }
}

export interface DemoOptions {
  /** Milliseconds between tokens (the fake model streams one character per token). */
  delayMs?: number;
  write?: (s: string) => void;
}

export interface TurnResult {
  question: string;
  /** What streamed to the user, token by token. */
  streamed: string;
  /** The agent's final message for the turn. */
  final: AIMessage;
  /** The halt as the message carries it (JSON-safe, without the offending sentence). */
  halt: BackfireHaltMetadata | null;
  /** The full halt record, offending sentence included, as `onHalt` saw it on the server. */
  serverHalt: GuardHalt | null;
}

export async function runDemo(options: DemoOptions = {}): Promise<TurnResult[]> {
  const write = options.write ?? ((s: string) => process.stdout.write(s));
  // Replace with your chat model: new ChatOpenAI({ model: '…' }), new ChatAnthropic(…), …
  const model = new ScriptedModel({
    responses: TURNS.map((t) => t.answer),
    ...(options.delayMs ? { sleep: options.delayMs } : {}),
  });
  let serverHalt: GuardHalt | null = null;
  const agent = createAgent({
    model,
    tools: [],
    middleware: [
      backfireAgentMiddleware({
        knowledge: retrieverKnowledge(await passagesRetriever()),
        // Server-side: the full record, with the sentence; log it, alert on it.
        onHalt: (halt) => {
          serverHalt = halt;
        },
      }),
    ],
  });

  const results: TurnResult[] = [];
  for (const { question } of TURNS) {
    serverHalt = null;
    write(`\nQ: ${question}\nA: `);
    let streamed = '';
    let messages: BaseMessage[] = [];
    const stream = await agent.stream(
      { messages: [new HumanMessage(question)] },
      { streamMode: ['messages', 'values'] },
    );
    for await (const [mode, payload] of stream) {
      if (mode === 'values') messages = (payload as { messages: BaseMessage[] }).messages;
      else {
        const [chunk] = payload as [BaseMessage, unknown];
        if (chunk.getType() === 'ai') {
          streamed += chunk.text;
          write(chunk.text);
        }
      }
    }
    const final = messages.at(-1) as AIMessage;
    const halt = (final.response_metadata.backfire as BackfireHaltMetadata | undefined) ?? null;
    const full = serverHalt as GuardHalt | null;
    if (halt !== null) {
      write('\n   ■ HALTED by Backfire');
      write(`\n   reason:   ${halt.reason}`);
      if (full !== null) write(`\n   sentence: ${full.segment.trim()}`);
      write(`\n   action:   ${halt.suggestedAction}`);
      write(`\n   the model was stopped after ${halt.wordsGenerated} words`);
      write(`\n   kept in the conversation: ${JSON.stringify(final.text)}\n`);
    } else {
      write('\n   ✓ passed\n');
    }
    results.push({ question, streamed, final, halt, serverHalt: full });
  }
  return results;
}
