import { describe, expect, it } from 'vitest';
import { keptText, publicHaltRecord, toJsonValue, WITHHELD } from './halt-record.js';
import type { GuardHalt } from './types.js';

const halt: GuardHalt = {
  halted: true,
  kind: 'hard_limit',
  reason: 'hard_limit (0.4560 < 0.5)',
  tokenIndex: 9,
  charOffset: 49,
  segment: 'The Eiffel Tower is 450 metres tall. ',
  score: 0.456,
  evidence: {
    sentence: 'The Eiffel Tower is 450 metres tall.',
    chunks: [{ id: 'h', text: 'The Eiffel Tower is 330 metres tall.', score: 2.1, source: 'fact' }],
    contradiction: {
      kind: 'number',
      detail: '450 vs 330',
      hypothesisSentence: 'The Eiffel Tower is 450 metres tall.',
    },
  },
  suggestedAction: 'retry',
  tokensGenerated: 17,
  tokensReleased: 9,
  tokensWithheld: 8,
  soft: false,
};

describe('publicHaltRecord', () => {
  it('keeps every field but the offending text, and withholds quotes of it in the evidence', () => {
    const r = publicHaltRecord(halt);
    expect(r).not.toHaveProperty('segment');
    expect(JSON.stringify(r)).not.toContain('450 metres');
    expect(r.evidence).toEqual({
      sentence: WITHHELD,
      chunks: [
        { id: 'h', text: 'The Eiffel Tower is 330 metres tall.', score: 2.1, source: 'fact' },
      ],
      contradiction: { kind: 'number', detail: '450 vs 330', hypothesisSentence: WITHHELD },
    });
    expect([r.kind, r.reason, r.tokenIndex, r.charOffset, r.tokensWithheld]).toEqual([
      'hard_limit',
      halt.reason,
      9,
      49,
      8,
    ]);
  });

  it('carries invalidScore when the offending score was not a finite number, only then', () => {
    expect(publicHaltRecord(halt)).not.toHaveProperty('invalidScore');
    const nan: GuardHalt = {
      ...halt,
      reason: 'hard_limit (score NaN → 0 < 0.5)',
      score: 0,
      invalidScore: 'NaN',
    };
    const r = publicHaltRecord(nan);
    expect([r.reason, r.score, r.invalidScore]).toEqual([nan.reason, 0, 'NaN']);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('never throws on hostile evidence', () => {
    const cyclic: Record<string, unknown> = {
      n: Number.NaN,
      big: 10n,
      err: new Error('x'),
      f: () => 1,
    };
    cyclic['self'] = cyclic;
    expect(toJsonValue(cyclic)).toEqual({
      n: null,
      big: '10',
      err: { name: 'Error', message: 'x' },
      self: '[Circular]',
    });
    const bad = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(toJsonValue(bad)).toBeNull();
  });
});

describe('keptText', () => {
  const text =
    'The Eiffel Tower in Paris was completed in 1889. The Eiffel Tower is 450 metres tall. More.';
  it('cuts before the offending sentence, or after it for a soft halt', () => {
    expect(keptText(text, halt)).toBe('The Eiffel Tower in Paris was completed in 1889. ');
    expect(keptText(text, { ...halt, soft: true })).toBe(
      'The Eiffel Tower in Paris was completed in 1889. The Eiffel Tower is 450 metres tall. ',
    );
    expect(keptText(text, null)).toBe(text);
  });
});
