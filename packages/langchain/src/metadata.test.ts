import { createGuard, type GuardHalt } from '@backfire/core';
import { describe, expect, it } from 'vitest';
import { haltMetadata } from './metadata.js';

/** A halt as core's guard reports it: the second sentence scores 0.2, under the hard limit 0.5. */
async function guardHalt(text: string): Promise<GuardHalt> {
  const guard = createGuard({
    scorer: ({ segment }) => (segment.includes('WRONG') ? 0.2 : 0.9),
    config: { hardLimit: 0.5 },
  });
  for (const word of text.split(/(?<= )/)) await guard.write(word);
  const { halt } = await guard.end();
  if (halt === null) throw new Error(`the guard did not halt on ${JSON.stringify(text)}`);
  return halt;
}

const HALT = await guardHalt('The sky is blue. It is WRONG green at noon. Sunsets look red. ');

describe('haltMetadata', () => {
  it('is the halt record without the sentence, marked content_filter', () => {
    const { segment: _segment, ...rest } = HALT;
    expect(haltMetadata(HALT)).toEqual({ finish_reason: 'content_filter', backfire: rest });
  });

  it('makes any evidence JSON-safe and never throws', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const evidence = {
      big: 12n,
      error: new TypeError('store down'),
      fn: () => 1,
      nan: Number.NaN,
      cycle,
      when: new Date(0),
    };
    const out = haltMetadata({ ...HALT, evidence }).backfire.evidence;
    expect(out).toEqual({
      big: '12',
      error: { name: 'TypeError', message: 'store down' },
      nan: null,
      cycle: { name: 'loop', self: '[Circular]' },
      when: '1970-01-01T00:00:00.000Z',
    });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    const throwing = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(haltMetadata({ ...HALT, evidence: throwing }).backfire.evidence).toBeNull();
  });

  it('withholds quotes of the offending sentence inside the evidence, keeps the rest', () => {
    const evidence = {
      sentence: 'It is WRONG green at noon.',
      contradiction: { hypothesisSentence: 'WRONG green', premiseSentence: 'The sky is blue.' },
      word: 'green',
    };
    expect(haltMetadata({ ...HALT, evidence }).backfire.evidence).toEqual({
      sentence: '[withheld]',
      contradiction: { hypothesisSentence: '[withheld]', premiseSentence: 'The sky is blue.' },
      word: 'green',
    });
  });
});
