import { describe, expect, it } from 'vitest';
import { backfireMessageMetadata, readBackfireMessageMetadata } from './message-metadata.js';
import { readBackfireMetadata } from './metadata.js';

const halted = {
  halted: true,
  kind: 'hard_limit',
  reason: 'hard_limit (0.1000 < 0.5)',
  tokenIndex: 4,
  charOffset: 17,
  score: 0.1,
  evidence: { sentence: 'It is WRONG.' },
  suggestedAction: 'Show the verified part.',
  tokensGenerated: 10,
  tokensReleased: 4,
  tokensWithheld: 6,
  soft: false,
  textId: 't',
  avgScore: 0.5,
  minScore: 0.1,
  segments: [],
};

describe('backfireMessageMetadata', () => {
  it('turns a finish-step with backfire metadata into message metadata, without evidence', () => {
    const build = backfireMessageMetadata();
    const meta = build({ part: { type: 'finish-step', providerMetadata: { backfire: halted } } });
    expect(meta).toEqual({
      backfire: {
        halted: true,
        kind: 'hard_limit',
        reason: 'hard_limit (0.1000 < 0.5)',
        suggestedAction: 'Show the verified part.',
        score: 0.1,
        tokenIndex: 4,
        charOffset: 17,
        tokensWithheld: 6,
        tokensGenerated: 10,
        tokensReleased: 4,
        avgScore: 0.5,
        minScore: 0.1,
      },
    });
    expect(JSON.stringify(meta)).not.toContain('WRONG');
  });

  it('carries the halt receipt to the client: counts and usage only, field by field', () => {
    const receipt = {
      upstreamAborted: true,
      partsAfterHalt: 2,
      usage: { inputTokens: { total: 12 }, outputTokens: { total: 9 } },
      withheld: { words: 6, chars: 31 },
      note: 'It is WRONG.',
    };
    const meta = backfireMessageMetadata()({
      part: { type: 'finish-step', providerMetadata: { backfire: { ...halted, receipt } } },
    });
    expect(meta?.backfire?.receipt).toEqual({
      upstreamAborted: true,
      partsAfterHalt: 2,
      usage: { inputTokens: { total: 12 }, outputTokens: { total: 9 } },
      withheld: { words: 6, chars: 31 },
    });
    expect(JSON.stringify(meta)).not.toContain('WRONG');
    // What useChat's client reads back.
    expect(readBackfireMessageMetadata({ metadata: meta })?.receipt).toEqual(
      meta?.backfire?.receipt,
    );
    // No usage reported (the usual case for an aborted call): none in the client's receipt.
    const { usage: _u, ...withoutUsage } = receipt;
    const bare = backfireMessageMetadata()({
      part: {
        type: 'finish-step',
        providerMetadata: { backfire: { ...halted, receipt: withoutUsage } },
      },
    });
    expect(bare?.backfire?.receipt).toEqual({
      upstreamAborted: true,
      partsAfterHalt: 2,
      withheld: { words: 6, chars: 31 },
    });
    // A passed answer has no receipt.
    const passed = backfireMessageMetadata()({
      part: {
        type: 'finish-step',
        providerMetadata: {
          backfire: { halted: false, segments: [], tokensGenerated: 3, tokensReleased: 3 },
        },
      },
    });
    expect(passed?.backfire).not.toHaveProperty('receipt');
  });

  it('adds evidence only when asked', () => {
    const meta = backfireMessageMetadata({ evidence: true })({
      part: { type: 'finish-step', providerMetadata: { backfire: halted } },
    });
    expect(meta?.backfire?.evidence).toEqual({ sentence: 'It is WRONG.' });
  });

  it('ignores other parts and foreign metadata; extend adds and merges your own', () => {
    const build = backfireMessageMetadata({
      extend: ({ part }) =>
        part.type === 'start' || part.type === 'finish-step' ? { app: 1 } : undefined,
    });
    expect(build({ part: { type: 'text-delta' } })).toBeUndefined();
    expect(build({ part: { type: 'start' } })).toEqual({ app: 1 });
    expect(build({ part: { type: 'finish-step', providerMetadata: { openai: {} } } })).toEqual({
      app: 1,
    });
    expect(
      build({ part: { type: 'finish-step', providerMetadata: { backfire: halted } } }),
    ).toMatchObject({ app: 1, backfire: { halted: true } });
    expect(backfireMessageMetadata()({ part: { type: 'finish-step' } })).toBeUndefined();
  });
});

describe('reading metadata back', () => {
  it('readBackfireMetadata accepts ours and rejects malformed values', () => {
    expect(readBackfireMetadata({ backfire: halted })).toBe(halted);
    for (const bad of [
      undefined,
      null,
      'x',
      {},
      { backfire: null },
      { backfire: { halted: 'yes', segments: [] } },
      { backfire: { halted: true, segments: [] } },
      { backfire: { halted: false } },
    ]) {
      expect(readBackfireMetadata(bad)).toBeUndefined();
    }
  });

  it('readBackfireMessageMetadata reads message.metadata.backfire on the client', () => {
    expect(readBackfireMessageMetadata({ metadata: { backfire: { halted: false } } })).toEqual({
      halted: false,
    });
    expect(readBackfireMessageMetadata({})).toBeUndefined();
    expect(readBackfireMessageMetadata({ metadata: { backfire: 1 } })).toBeUndefined();
    expect(readBackfireMessageMetadata({ metadata: 'x' })).toBeUndefined();
  });
});
