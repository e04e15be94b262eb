// The scoring classes at the boundary: typed errors naming field and value (as @backfire/core's),
// Unicode that round-trips, a store shared live with its scorers, and the batch call's contract.
import { describe, expect, it } from 'vitest';
import { loadNative, type Native } from '../../test/native.js';

const native = loadNative();

function error(fn: () => unknown): {
  name: string;
  code: string;
  field: string;
  value: unknown;
  message: string;
} {
  try {
    fn();
  } catch (e) {
    const err = e as { name: string; code: string; field: string; value: unknown; message: string };
    return {
      name: err.name,
      code: err.code,
      field: err.field,
      value: err.value,
      message: err.message,
    };
  }
  throw new Error('expected an error');
}

describe.skipIf(native === null)('scoring at the boundary', () => {
  const n = native ?? ({} as Native);

  it('rejects bad input with typed errors naming the field and the value', () => {
    const kb = new n.RustKnowledge();
    expect(error(() => kb.addFact('  ', 'v'))).toEqual({
      name: 'BackfireInputError',
      code: 'BACKFIRE_INPUT',
      field: 'key',
      value: '  ',
      message: 'key must not be empty, got "  "',
    });
    expect(error(() => kb.addFact('k', 5 as unknown as string)).message).toBe(
      'value must be a string, got 5',
    );
    expect(error(() => kb.retrieve('q', { k: 2.5 })).field).toBe('k');
    expect(error(() => kb.retrieve('q', { tenant: '' })).field).toBe('tenant');
    expect(error(() => kb.addDocument(null as never)).message).toBe(
      'document must be an object { id, text }, got null',
    );
    expect(
      error(() =>
        kb.addDocuments([
          { id: 'a', text: 'A.' },
          { id: 'b', text: 'B.', tenant: 7 as never },
        ]),
      ).field,
    ).toBe('documents[1].tenant');
    expect(kb.size).toBe(0);
    expect(error(() => new n.RustCoherenceScorer({ evidenceK: 0 })).message).toBe(
      'evidenceK must be an integer ≥ 1, got 0',
    );
    expect(error(() => new n.RustCoherenceScorer({ answerPrior: Number.NaN })).field).toBe(
      'answerPrior',
    );
    expect(error(() => new n.RustCoherenceScorer({ config: { wLogic: 0.9 } }))).toMatchObject({
      name: 'BackfireConfigError',
      code: 'BACKFIRE_CONFIG',
    });
    expect(error(() => new n.RustCoherenceScorer({ knowledge: {} as never })).field).toBe(
      'knowledge',
    );
    const s = new n.RustCoherenceScorer();
    expect(error(() => s.review('q', 1 as unknown as string)).field).toBe('response');
    expect(error(() => s.reviewSegment('q', 'x', { previous: 5 as never })).field).toBe('previous');
    expect(error(() => s.reviewSegments('q', ['a', 'b'], [''])).field).toBe('previous');
    expect(error(() => s.reviewSegments('q', ['a', 3 as never])).field).toBe('segments[1]');
  });

  it('fails closed on empty, oversized and wordless input', () => {
    const s = new n.RustCoherenceScorer({ maxResponseChars: 5 });
    const f = (prompt: string, answer: string) => {
      const r = s.reviewSegment(prompt, answer);
      return [r.failure, r.score, r.approved, r.hLogical, r.hFactual];
    };
    expect(f('', 'x')).toEqual(['empty_prompt', 0, false, 1, 1]);
    expect(f('q', ' ')).toEqual(['empty_response', 0, false, 1, 1]);
    expect(f('q', 'abcdef')).toEqual(['too_long', 0, false, 1, 1]);
    expect(f('q', '😀 !')).toEqual(['no_content', 0, false, 1, 1]);
    expect(s.reviewSegment('q', 'abcdef').reason).toBe(
      'segment has 6 characters, more than maxResponseChars (5)',
    );
  });

  it('round-trips any Unicode in ids, texts and sentences', () => {
    const kb = new n.RustKnowledge();
    const id = 'id-😀-e\u0301-\u0000-東京';
    const text = 'Le château 😀 est grand. Caf\u0065\u0301 au lait\u0000 est bon.';
    kb.addDocument({ id, text, source: 'sö\u0301urce' });
    const [hit] = kb.retrieve('château');
    expect(hit).toMatchObject({ id, text, source: 'sö\u0301urce' });
    const s = new n.RustCoherenceScorer({ knowledge: kb });
    expect(s.review('Is the château 😀 big?', 'Le château 😀 est grand.').evidence.sentence).toBe(
      'Le château 😀 est grand.',
    );
  });

  it('shares its store live: later writes are seen by an existing scorer', () => {
    const kb = new n.RustKnowledge();
    const s = new n.RustCoherenceScorer({ knowledge: kb });
    const ask = () => s.reviewSegment('What color is the sky?', 'The sky is blue.');
    expect(ask().hFactual).toBe(0.5);
    kb.addFact('sky', 'The sky is blue.');
    expect(ask().evidence.chunks.map((c) => c.id)).toEqual(['sky']);
    expect(ask().hFactual).toBe(0);
    kb.remove('sky');
    expect(ask().evidence.chunks).toEqual([]);
  });
});
