import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGuard } from './guard.js';
import type { GuardOutput, SegmentScoreRequest } from './types.js';

const scorer = (req: SegmentScoreRequest) => (req.segment.includes('WRONG') ? 0.2 : 0.9);
const byWords = (t: string) => t.match(/\S+\s*/gu) ?? [];
const BAD = 'The sky is blue. It is WRONG green at noon. Sunsets look red. ';
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Guard.write() reports what it did', () => {
  it('resolves to the released text of each write: a faithful optimistic answer, delta for delta', async () => {
    const guard = createGuard({ scorer });
    const text = 'The sky is blue. Sunsets look red. ';
    const outputs: GuardOutput[] = [];
    for (const delta of byWords(text)) outputs.push(await guard.write(delta));
    expect(outputs.map((o) => o.released)).toEqual(byWords(text));
    expect(outputs.every((o) => o.halt === null)).toBe(true);
    expect((await guard.end()).text).toBe(text);
  });

  it('a halting write resolves to the verified text it released and the halt, once', async () => {
    const guard = createGuard({ scorer, release: 'verified' });
    const outputs: GuardOutput[] = [];
    for (const delta of byWords(BAD)) outputs.push(await guard.write(delta));
    const halts = outputs.filter((o) => o.halt !== null);
    expect(halts).toHaveLength(1);
    expect(halts[0]!.halt).toBe(guard.halt);
    expect(outputs.map((o) => o.released).join('')).toBe('The sky is blue. ');
    // Writes after the halt are ignored and report nothing.
    expect(outputs.at(-1)).toEqual({ released: '', halt: null });
  });

  it('never calls onOutput while a write runs; verdicts between writes go to onOutput at once', async () => {
    let resolve: ((score: number) => void) | null = null;
    const pushed: GuardOutput[] = [];
    let writing = false;
    const guard = createGuard({
      scorer: () => new Promise<number>((r) => (resolve = r)),
      release: 'verified',
      onOutput: (output) => {
        expect(writing).toBe(false);
        pushed.push(output);
      },
    });
    // A sentence is cut (and scored) once the next one starts.
    writing = true;
    expect(await guard.write('The sky is blue. ')).toEqual({ released: '', halt: null });
    expect(await guard.write('It ')).toEqual({ released: '', halt: null });
    writing = false;
    resolve!(0.9);
    await tick();
    expect(pushed).toEqual([{ released: 'The sky is blue. ', halt: null }]);
    writing = true;
    await guard.write('is WRONG. ');
    await guard.write('Sunsets ');
    writing = false;
    resolve!(0.1);
    await tick();
    expect(pushed.at(-1)).toEqual({ released: '', halt: guard.halt });
    expect(guard.halt).not.toBeNull();
    expect(guard.takeOutput()).toEqual({ released: '', halt: null });
  });

  it('a verdict that lands as a write ends reaches onOutput after the caller had that write', async () => {
    // The scorer answers two microtasks later: after the write's own work, before the caller's
    // next step. The halt must not overtake the text the write released.
    const order: string[] = [];
    const guard = createGuard({
      scorer: () => Promise.resolve().then(() => 0.1),
      onOutput: (o) => order.push(`output ${JSON.stringify(o.released)} halt=${o.halt !== null}`),
    });
    order.push(`write ${JSON.stringify((await guard.write('One two. ')).released)}`);
    order.push(`write ${JSON.stringify((await guard.write('Three ')).released)}`);
    await tick();
    expect(order).toEqual(['write "One two. "', 'write "Three "', 'output "" halt=true']);
  });

  it('without onOutput, what verdicts released between writes comes with the next write', async () => {
    let resolve: ((score: number) => void) | null = null;
    const guard = createGuard({
      scorer: () => new Promise<number>((r) => (resolve = r)),
      release: 'verified',
    });
    await guard.write('The sky is blue. ');
    await guard.write('Sunsets ');
    resolve!(0.9);
    await tick();
    expect(await guard.write('look red. ')).toEqual({ released: 'The sky is blue. ', halt: null });
    const ending = guard.end();
    await tick();
    resolve!(0.9);
    await ending;
    expect(guard.takeOutput()).toEqual({ released: 'Sunsets look red. ', halt: null });
    expect(guard.takeOutput()).toEqual({ released: '', halt: null });
  });

  it('everything released is reported exactly once, in order, however the text is cut (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('optimistic' as const, 'verified' as const),
        fc.boolean(),
        async (cuts, release, async) => {
          // One list for both channels: onOutput runs only between writes, so appending each
          // write's result after it resolves keeps the stream's order.
          const reported: GuardOutput[] = [];
          const guard = createGuard({
            scorer: async ? (req) => Promise.resolve(scorer(req)) : scorer,
            release,
            maxUnverifiedWords: 2,
            onOutput: (o) => reported.push(o),
          });
          let at = 0;
          for (const cut of cuts) {
            reported.push(await guard.write(BAD.slice(at, at + cut)));
            at += cut;
          }
          reported.push(await guard.write(BAD.slice(at)));
          await guard.end();
          reported.push(guard.takeOutput());
          expect(reported.map((o) => o.released).join('')).toBe(guard.releasedText);
          const halts = reported.flatMap((o) => (o.halt !== null ? [o.halt] : []));
          expect(halts).toEqual(guard.halt !== null ? [guard.halt] : []);
          // Nothing is released after the halt is reported.
          const haltAt = reported.findIndex((o) => o.halt !== null);
          if (haltAt >= 0)
            expect(reported.slice(haltAt + 1).every((o) => o.released === '')).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
