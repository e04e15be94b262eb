import type { BackfireHaltMetadata, BackfirePassMetadata } from '@backfire/vercel-ai';
import { describe, expect, it } from 'vitest';
import { contradictionOf } from '../lib/chat-handler';

const base = {
  halted: true,
  kind: 'hard_limit',
  reason: 'hard_limit (0.4560 < 0.5)',
  tokenIndex: 16,
  charOffset: 81,
  score: 0.456,
  suggestedAction: 'Fix it.',
  tokensGenerated: 24,
  tokensReleased: 24,
  tokensWithheld: 0,
  soft: false,
  textId: 'txt-0',
  avgScore: 0.7,
  minScore: 0.456,
} as const;

function halted(evidence: BackfireHaltMetadata['evidence']): BackfireHaltMetadata {
  // Only the fields contradictionOf reads are filled in (the halt metadata grows over time).
  return { ...base, segments: [], evidence } as unknown as BackfireHaltMetadata;
}

describe('contradictionOf', () => {
  it('names the fact whose sentence the cue contradicts, without the id prefix or the answer sentence', () => {
    const c = contradictionOf(
      halted({
        sentence: 'The Eiffel Tower is 450 metres tall.',
        chunks: [
          {
            id: 'eiffel-location',
            text: 'eiffel-location: It stands in Paris.',
            score: 2,
            source: 'fact',
          },
          {
            id: 'eiffel-height',
            text: 'eiffel-height: The Eiffel Tower is 330 metres tall.',
            score: 1,
            source: 'fact',
          },
        ],
        contradiction: {
          kind: 'number',
          strength: 0.9,
          hypothesisSentence: 'The Eiffel Tower is 450 metres tall.',
          premiseSentence: 'The Eiffel Tower is 330 metres tall.',
          detail: '450 vs 330',
        },
      }),
    );
    expect(c).toEqual({
      factId: 'eiffel-height',
      fact: 'The Eiffel Tower is 330 metres tall.',
      cue: 'number',
      detail: '450 vs 330',
    });
    expect(JSON.stringify(c)).not.toContain('450 metres');
  });

  it('falls back to the best chunk when no cue fired', () => {
    expect(
      contradictionOf(
        halted({
          chunks: [{ id: 'a', text: 'a: Fact A.', score: 1, source: 'fact' }],
          contradiction: null,
        }),
      ),
    ).toEqual({ factId: 'a', fact: 'Fact A.', cue: null, detail: null });
  });

  it('is undefined for passing answers and for evidence it cannot read', () => {
    const pass: BackfirePassMetadata = {
      halted: false,
      avgScore: 1,
      minScore: 1,
      tokensGenerated: 1,
      tokensReleased: 1,
      segments: [],
    };
    expect(contradictionOf(pass)).toBeUndefined();
    expect(contradictionOf(halted(null))).toBeUndefined();
    expect(contradictionOf(halted('a string'))).toBeUndefined();
    expect(contradictionOf(halted({ chunks: 'nope' }))).toBeUndefined();
  });
});
