import { describe, expect, it } from 'vitest';
import { createGuard } from './guard.js';
import { publicHaltRecord } from './halt-record.js';
import { haltReceipt, withReceipt } from './receipt.js';

const scorer = (req: { segment: string }) => (req.segment.includes('WRONG') ? 0.1 : 0.9);

describe('haltReceipt', () => {
  it('counts what the guard received and never released, with the adapter facts', async () => {
    const guard = createGuard({ scorer, release: 'verified' });
    for (const delta of ['The sky is blue. ', 'It is WRONG green. ', 'More text.']) {
      await guard.write(delta);
    }
    const halt = guard.halt!;
    expect(halt).not.toBeNull();
    const receipt = haltReceipt(guard, {
      upstreamAborted: true,
      partsAfterHalt: 2,
      usage: { inputTokens: { total: 3, cacheRead: undefined }, raw: Number.NaN },
    });
    expect(receipt).toEqual({
      upstreamAborted: true,
      partsAfterHalt: 2,
      // JSON-safe: undefined dropped, NaN null.
      usage: { inputTokens: { total: 3 }, raw: null },
      withheld: {
        words: halt.tokensWithheld,
        chars: 'It is WRONG green. More text.'.length,
      },
    });
    expect(guard.receivedChars).toBe('The sky is blue. It is WRONG green. More text.'.length);
  });

  it('leaves usage out when the provider reported none; rides on the public record', async () => {
    const guard = createGuard({ scorer });
    await guard.write('It is WRONG. Next.');
    const receipt = haltReceipt(guard, { upstreamAborted: false, partsAfterHalt: 0 });
    expect('usage' in receipt).toBe(false);
    const record = publicHaltRecord(withReceipt(guard.halt!, receipt));
    expect(record.receipt).toEqual(receipt);
    expect('receipt' in publicHaltRecord(guard.halt!)).toBe(false);
  });
});
