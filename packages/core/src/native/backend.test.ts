import { expect, it } from 'vitest';
import { backend, nativeAvailable, nativeStatus } from '../index.js';

// CI runs the core suite twice: with BACKFIRE_REQUIRE_NATIVE=1 (the addon must be in use) and
// with BACKFIRE_FORCE_JS=1 (the TypeScript fallback must be in use). Locally, either may hold.
it('runs on the backend the environment asks for', () => {
  expect(nativeAvailable).toBe(backend === 'native');
  if (process.env['BACKFIRE_FORCE_JS'] === '1') {
    expect([backend, nativeStatus]).toEqual(['js', 'forced-js']);
  } else if (process.env['BACKFIRE_REQUIRE_NATIVE'] === '1') {
    expect([backend, nativeStatus]).toEqual(['native', 'loaded']);
  } else {
    expect(['loaded', 'missing']).toContain(nativeStatus);
  }
});
