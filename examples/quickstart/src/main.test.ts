import { backends, nativeLoadError, nativeStatus } from '@backfire/core';
import { expect, it } from 'vitest';
import { backendLine } from './backend-line.js';
import { runDemo } from './main.js';
import { TURNS } from './script.js';

it('streams the faithful answer and halts the contradicting one through streamText', async () => {
  let out = '';
  const { runs, stats } = await runDemo({ delayMs: 0, write: (s) => (out += s) });
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
