import { expect, it } from 'vitest';
import { runDemo } from './main.js';

it('streams the faithful answer and halts the contradicting one with its evidence', async () => {
  let out = '';
  const { halts } = await runDemo({ delayMs: 0, write: (s) => (out += s) });
  expect(out).toContain('Apollo 11 landed on the Moon on July 20, 1969.');
  expect(out).toContain('✓ passed');
  expect(halts).toHaveLength(1);
  expect(halts[0]!.kind).toBe('hard_limit');
  expect(halts[0]!.segment).toContain('450 metres');
  expect(out).toContain('HALTED');
  expect(out).toContain('330 metres');
  expect(out).not.toContain('most visited');
  expect(out).toContain('The Eiffel Tower in Paris was completed in 1889.');
});
