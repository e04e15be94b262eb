import { describe, expect, it } from 'vitest';
import { receiptLine } from '../components/halt-banner';

const withheld = { words: 3, chars: 17 };

describe('the halt banner receipt line', () => {
  it('says the model call was cancelled and how many parts were read after the halt', () => {
    expect(receiptLine({ upstreamAborted: true, partsAfterHalt: 0, withheld })).toBe(
      'model call cancelled after 0 parts beyond the halt.',
    );
    expect(receiptLine({ upstreamAborted: true, partsAfterHalt: 1, withheld })).toBe(
      'model call cancelled after 1 part beyond the halt.',
    );
  });

  it('says so when the call was not cancelled, and shows the provider usage it reported', () => {
    expect(
      receiptLine({
        upstreamAborted: false,
        partsAfterHalt: 4,
        usage: { inputTokens: { total: 20 }, outputTokens: { total: 31 } },
        withheld,
      }),
    ).toBe(
      'the model call was not cancelled (it had finished; 4 parts read after the halt); the provider reported 31 output tokens.',
    );
    expect(
      receiptLine({
        upstreamAborted: true,
        partsAfterHalt: 2,
        usage: { outputTokens: 9 },
        withheld,
      }),
    ).toBe(
      'model call cancelled after 2 parts beyond the halt; the provider reported 9 output tokens.',
    );
  });
});
