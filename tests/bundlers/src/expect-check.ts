import { expect } from 'vitest';

/** What fixture/check.js reports. */
interface CheckResult {
  backend: string;
  nativeStatus: string;
  faithful: { released: string; halt: unknown };
  contradicting: { released: string; halt: { kind: string; reason: string; segment: string } };
}

const FIRST = 'The Eiffel Tower in Paris was completed in 1889. ';

/**
 * Asserts the outcome of fixture/check.js where a bundle ran it: the TypeScript backend (the addon
 * is not installed, and the loader said so instead of failing), the faithful answer released whole,
 * the contradicting one halted at "450 metres" with only the sentence before it released.
 */
export function expectGuarded(value: unknown, where: string): void {
  expect(value, `${where}: the bundle reported an error`).not.toHaveProperty('error');
  const result = value as CheckResult;
  expect(result.backend, where).toBe('js');
  expect(result.nativeStatus, where).toBe('missing');
  expect(result.faithful, where).toEqual({
    released: `${FIRST}The Eiffel Tower is 330 metres tall.`,
    halt: null,
  });
  expect(result.contradicting.halt, where).toEqual({
    kind: 'hard_limit',
    reason: expect.stringMatching(/^hard_limit \(0\.\d{4} < 0\.5\)$/),
    segment: 'The Eiffel Tower is 450 metres tall. ',
  });
  expect(result.contradicting.released, where).toBe(FIRST);
}
