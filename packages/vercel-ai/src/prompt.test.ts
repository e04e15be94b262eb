import { describe, expect, it } from 'vitest';
import type { CallOptions } from './ai-types.js';
import { lastUserMessageText } from './prompt.js';

describe('lastUserMessageText', () => {
  it('takes the last user message, joining its text parts and skipping files', () => {
    // File parts differ between spec v3 and v4; the extractor only reads roles and text parts.
    const params = {
      prompt: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'First question' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'First answer' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'How tall is it?' },
            { type: 'file', mediaType: 'image/png', data: new Uint8Array([1]) },
            { type: 'text', text: 'In metres.' },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'lookup',
              output: { type: 'text', value: 'tool output' },
            },
          ],
        },
      ],
    } as unknown as CallOptions;
    expect(lastUserMessageText(params)).toBe('How tall is it?\nIn metres.');
  });

  it('returns an empty string when there is no user text', () => {
    expect(lastUserMessageText({ prompt: [{ role: 'system', content: 'Hi' }] })).toBe('');
    expect(lastUserMessageText({ prompt: [] })).toBe('');
    expect(lastUserMessageText({} as CallOptions)).toBe('');
  });
});
