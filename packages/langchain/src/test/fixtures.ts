import type { KnowledgeSource, SegmentScoreRequest, SegmentVerdict } from '@backfire/core';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import {
  FakeListChatModel,
  FakeStreamingChatModel,
  FakeVectorStore,
} from '@langchain/core/utils/testing';
import { retrieverKnowledge } from '../retriever.js';

/**
 * Deterministic embeddings: each lower-cased word hashed into one of 256 buckets, L2-normalised.
 * Texts that share words are close, so a real similarity search finds the right passage.
 */
export class HashEmbeddings extends Embeddings {
  constructor() {
    super({});
  }

  embedQuery(text: string): Promise<number[]> {
    return Promise.resolve(embed(text));
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.resolve(texts.map(embed));
  }
}

function embed(text: string): number[] {
  const v = new Array<number>(256).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    v[(h >>> 0) % 256]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

// FakeVectorStore keeps metadata but not Document.id, so the ids ride in metadata.
export const FACTS = [
  new Document({
    pageContent: 'The Eiffel Tower is 330 metres tall.',
    metadata: { id: 'eiffel-height', source: 'encyclopedia' },
  }),
  new Document({
    pageContent: 'The Eiffel Tower was completed in 1889 for the World Fair.',
    metadata: { id: 'eiffel-built', source: 'encyclopedia' },
  }),
  new Document({
    pageContent: 'The Eiffel Tower stands in Paris on the Champ de Mars.',
    metadata: { id: 'eiffel-city', source: 'encyclopedia' },
  }),
];

/** A real in-memory vector store (cosine similarity) over FACTS, as a Backfire knowledge source. */
export async function factsKnowledge(): Promise<KnowledgeSource> {
  const store = await FakeVectorStore.fromDocuments(FACTS, new HashEmbeddings());
  return retrieverKnowledge(store.asRetriever(1));
}

/**
 * A small fact-checking scorer over a knowledge source: a sentence whose numbers differ from the
 * numbers of the passage retrieved for it is a contradiction. Stands in for the default scorer in
 * these adapter tests; the adapters only need a scorer that reads the knowledge base.
 */
export function factScorer(knowledge: KnowledgeSource, calls: SegmentScoreRequest[] = []) {
  return async (req: SegmentScoreRequest): Promise<SegmentVerdict> => {
    calls.push(req);
    const [top] = await knowledge.retrieve(req.segment, { k: 1 });
    const said = numbers(req.segment);
    if (top === undefined || said.length === 0) return { score: 0.85 };
    const known = numbers(top.text);
    const contradicts = said.some((n) => known.length > 0 && !known.includes(n));
    return contradicts
      ? { score: 0.1, evidence: { chunk: top.id, text: top.text } }
      : { score: 0.9, evidence: { chunk: top.id } };
  };
}

function numbers(text: string): string[] {
  return text.match(/\d+/g) ?? [];
}

export const QUESTION = 'Tell me about the Eiffel Tower.';
export const FAITHFUL =
  'The Eiffel Tower stands in Paris. It is 330 metres tall. It was completed in 1889.';
export const BAD_SENTENCE = 'It is 120 metres tall. ';
export const CONTRADICTION = `The Eiffel Tower stands in Paris. ${BAD_SENTENCE}It was completed in 1889 for the World Fair, and millions of people visit it every single year.`;
/** A contradiction in the last sentence: only end-of-stream scoring can catch it. */
export const LATE_CONTRADICTION = 'The Eiffel Tower stands in Paris. It is 120 metres tall.';

/** FakeListChatModel that counts the tokens it produces (it does not await callbacks). */
export class CountingListModel extends FakeListChatModel {
  produced = 0;

  override _createResponseChunk(
    text: string,
    generationInfo?: Record<string, unknown>,
  ): ReturnType<FakeListChatModel['_createResponseChunk']> {
    this.produced++;
    return super._createResponseChunk(text, generationInfo);
  }
}

/** FakeStreamingChatModel (awaits callbacks, like OpenAI and Anthropic) that counts its tokens. */
export class CountingStreamingModel extends FakeStreamingChatModel {
  produced = 0;

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    for await (const chunk of super._streamResponseChunks(messages, options, runManager)) {
      this.produced++;
      yield chunk;
    }
  }
}

/** A streaming model of each kind, answering `text` token by token (one character per token). */
export function models(text: string) {
  return [
    { kind: 'does not await callbacks', model: new CountingListModel({ responses: [text] }) },
    {
      kind: 'awaits callbacks',
      model: new CountingStreamingModel({ sleep: 0, responses: [new AIMessage(text)] }),
    },
  ] as const;
}

/**
 * A model that answers each question from a book (awaiting callbacks), so concurrent and batched
 * calls get their own answers whatever order they run in.
 */
export class AnswerBookModel extends FakeStreamingChatModel {
  constructor(readonly book: Readonly<Record<string, string>>) {
    super({ sleep: 0 });
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const question = messages.at(-1)?.text ?? '';
    const answer = this.book[question];
    if (answer === undefined) throw new Error(`no answer for ${JSON.stringify(question)}`);
    const speaker = new FakeStreamingChatModel({ sleep: 0, responses: [new AIMessage(answer)] });
    yield* speaker._streamResponseChunks(messages, options, runManager);
  }
}

/** A chat model that cannot stream: `_generate` only, no token callbacks. */
export class WholeAnswerModel extends BaseChatModel {
  constructor(readonly answer: string) {
    super({});
  }

  _llmType(): string {
    return 'whole-answer';
  }

  async _generate(): Promise<ChatResult> {
    return { generations: [{ text: this.answer, message: new AIMessage(this.answer) }] };
  }
}
