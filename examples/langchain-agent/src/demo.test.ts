import { describe, expect, it } from 'vitest';
import { runDemo, TURNS } from './demo.js';

describe('langchain-agent example', () => {
  it('passes the faithful answer and halts the contradicting one mid-stream', async () => {
    let out = '';
    const [first, second] = await runDemo({ delayMs: 0, write: (s) => (out += s) });
    expect(first?.halt).toBeNull();
    expect(first?.final.text).toBe(TURNS[0]!.answer);
    expect(second?.halt?.kind).toBe('hard_limit');
    expect(second?.halt?.charOffset).toBe('The Eiffel Tower stands in Paris. '.length);
    expect(second?.serverHalt?.segment.trim()).toBe('It is 120 metres tall.');
    expect(second?.final.response_metadata.finish_reason).toBe('content_filter');
    expect(second?.final.text).toBe('The Eiffel Tower stands in Paris. ');
    // Streamed once (the kept message reuses the streamed id) and stopped right after the halt.
    expect(
      second?.streamed.startsWith('The Eiffel Tower stands in Paris. It is 120 metres tall.'),
    ).toBe(true);
    expect(second?.streamed).not.toContain('granite');
    expect(out).toContain('HALTED');
  });
});
