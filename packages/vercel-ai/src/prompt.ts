import type { CallOptions } from './ai-types.js';

/**
 * The default `prompt` extractor: the text of the last user message in the call (its text parts
 * joined by newlines; files and images are ignored). The answer is scored against what the user
 * just asked, not the whole conversation or the system prompt — earlier turns would make every
 * sentence look on-topic. Returns '' when the call has no user text.
 */
export function lastUserMessageText(params: CallOptions): string {
  const messages: readonly unknown[] = Array.isArray(params.prompt) ? params.prompt : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown; content?: unknown } | null;
    if (message === null || typeof message !== 'object' || message.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (!Array.isArray(message.content)) return '';
    const texts: string[] = [];
    for (const part of message.content as readonly unknown[]) {
      const p = part as { type?: unknown; text?: unknown } | null;
      if (p !== null && typeof p === 'object' && p.type === 'text' && typeof p.text === 'string') {
        texts.push(p.text);
      }
    }
    return texts.join('\n');
  }
  return '';
}
