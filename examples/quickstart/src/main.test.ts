import { backends, nativeLoadError, nativeStatus } from '@backfire/core';
import { expect, it } from 'vitest';
import { backendLine } from './backend-line.js';
import { runDemo } from './main.js';
import { continuationFor, REPAIRED_TURN, TURNS } from './script.js';

it('streams the faithful answer and halts the contradicting one through streamText', async () => {
  let all = '';
  const { runs, stats } = await runDemo({ delayMs: 0, write: (s) => (all += s) });
  // The two turns; the repaired run comes after the "Again with repair" line.
  const out = all.slice(0, all.indexOf('Again with repair'));
  // The second line says where scoring runs (the addon or TypeScript) and that the kernel is TS.
  expect(out.split('\n')[1]).toBe(
    backendLine({ status: nativeStatus, scoring: backends.scoring, error: nativeLoadError }),
  );
  expect(out).toContain('kernel: TypeScript');
  expect(out).not.toMatch(/kernel: (native|Rust)/);
  expect(runs).toHaveLength(2);
  expect(runs[0]!.finishReason).toBe('stop');
  expect(runs[0]!.backfire?.halted).toBe(false);
  expect(out).toContain(TURNS[0]!.answer);
  expect(out).toContain('✓ passed');

  expect(runs[1]!.finishReason).toBe('content-filter');
  expect(runs[1]!.backfire?.halted).toBe(true);
  expect(runs[1]!.backfire?.reason).toMatch(/^hard_limit \(0\.\d{4} < 0\.5\)$/);
  expect(out).toContain('HALTED');
  expect(out).toContain('The Eiffel Tower is 330 metres tall.');
  expect(out).toContain('The Eiffel Tower in Paris was completed in 1889.');
  expect(out).not.toContain('most visited');
  // The halt cancelled the model: it never sent the last sentence.
  expect(stats.aborted).toBe(1);
  const total = TURNS.reduce((n, t) => n + (t.answer.match(/\S+/gu) ?? []).length, 0);
  expect(stats.wordsSent).toBeLessThan(total);
});

it('then repairs the halted answer: the fact instead of the wrong sentence, and a corrected line', async () => {
  let all = '';
  const { repair } = await runDemo({ delayMs: 0, write: (s) => (all += s) });
  const out = all.slice(all.indexOf('Again with repair'));
  expect(out.split('\n')[0]).toContain('repair: { attempts: 1 }');

  expect(repair.prompt).toBe(REPAIRED_TURN.prompt);
  expect(repair.finishReason).toBe('stop');
  expect(repair.backfire?.halted).toBe(false);
  expect(repair.backfire?.repairs).toHaveLength(1);
  expect(repair.withdrawn).toEqual(['The Eiffel Tower is 450 metres tall.']);
  // Verified release: the wrong sentence never streams; the answer reads as one.
  const answer = out.split('\nA: ')[1]!.split('\n')[0];
  expect(answer).toBe(
    'The Eiffel Tower in Paris was completed in 1889. The Eiffel Tower is 330 metres tall. It is one of the most visited monuments in the world.',
  );
  expect(out).toContain(
    '✓ corrected: "The Eiffel Tower is 450 metres tall." → The Eiffel Tower is 330 metres tall. (number: 450 vs 330)',
  );
  expect(out).toMatch(/hard_limit \(0\.\d{4} < 0\.5\); the first call was aborted/);
  expect(out).not.toContain('HALTED');
  // Two model calls: the halted one, aborted, and the repair, which streamed to the end.
  expect(repair.stats).toMatchObject({ calls: 2, repairCalls: 1, aborted: 1 });
});

it('the scripted model answers a correction note with the fact it names', () => {
  const note = [
    'Your answer was stopped before this sentence, which was withheld: "The Eiffel Tower is 450 metres tall."',
    'The fact it must agree with:',
    '- eiffel tower height: The Eiffel Tower is 330 metres tall.',
    'Continue the answer from here, consistent with these facts. Do not repeat what is already written and do not mention this note.',
  ].join('\n');
  const kept = 'The Eiffel Tower in Paris was completed in 1889. ';
  expect(continuationFor(REPAIRED_TURN.prompt, kept, note)).toBe(
    'The Eiffel Tower is 330 metres tall. It is one of the most visited monuments in the world.',
  );
  // A note that names no fact gets the same wrong sentence again.
  const bare = note.replace(/The fact.*\n- .*\n/u, '');
  expect(continuationFor(REPAIRED_TURN.prompt, kept, bare)).toBe(
    REPAIRED_TURN.answer.slice(kept.length),
  );
});
