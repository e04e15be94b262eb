import { readUIMessageStream, type UIMessageChunk } from 'ai';
import type { ChatMessage } from '../lib/chat-types';
import type { ChatModel } from '../lib/model';
import { createScriptedModel, type ScriptedModelOptions } from '../lib/scripted-model';

export const ORIGIN = 'http://localhost:3000';

/** The scripted model without its pauses, so a test answers in milliseconds. */
export function fastModel(options: ScriptedModelOptions = {}): () => Promise<ChatModel> {
  const model = createScriptedModel({ firstTokenMs: 0, tokenMs: 0, ...options });
  return async () => ({ model, name: 'scripted' });
}

/** The fast scripted model, recording the prompt of every call it gets (as JSON). */
export async function recordingModel(): Promise<{
  prompts: string[];
  model: () => Promise<ChatModel>;
}> {
  const prompts: string[] = [];
  const { model } = await fastModel()();
  const recording: ChatModel = {
    name: 'scripted',
    model: {
      ...model,
      doStream: (call: Parameters<typeof model.doStream>[0]) => {
        prompts.push(JSON.stringify(call.prompt));
        return model.doStream(call);
      },
    },
  };
  return { prompts, model: async () => recording };
}

let nextId = 0;

/** What `useChat` posts for a one-question conversation. */
export function chatRequest(
  question: string,
  init: { cookie?: string; signal?: AbortSignal; path?: string } = {},
): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.cookie !== undefined) headers['cookie'] = init.cookie;
  return new Request(`${ORIGIN}${init.path ?? '/api/chat'}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      id: 'chat-1',
      trigger: 'submit-message',
      messages: [{ id: `u${++nextId}`, role: 'user', parts: [{ type: 'text', text: question }] }],
    }),
    ...(init.signal !== undefined ? { signal: init.signal } : {}),
  });
}

/** The chunks of a UI message stream response (the SSE `data:` lines). */
export async function chunksOf(res: Response): Promise<UIMessageChunk[]> {
  const text = await res.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)) as UIMessageChunk);
}

/** The assistant message `useChat` builds from those chunks. */
export async function messageOf(chunks: UIMessageChunk[]): Promise<ChatMessage> {
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
  let last: ChatMessage | undefined;
  for await (const message of readUIMessageStream<ChatMessage>({ stream })) last = message;
  if (last === undefined) throw new Error('the stream produced no message');
  return last;
}

export function textOf(message: ChatMessage): string {
  return message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

export function finishReasonOf(chunks: UIMessageChunk[]): string | undefined {
  const finish = chunks.find((c) => c.type === 'finish');
  return finish?.type === 'finish' ? finish.finishReason : undefined;
}

/** The `name=value` part of a Set-Cookie header, ready to send back. */
export function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie');
  if (set === null) throw new Error('no Set-Cookie header');
  return set.split(';')[0]!;
}
