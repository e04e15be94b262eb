import { expect, it } from 'vitest';
import { backend, backends, nativeAvailable, nativeStatus } from '../index.js';

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

it('backend is the scoring backend; the per-token kernel is always TypeScript', () => {
  expect(backends).toEqual({ scoring: backend, kernel: 'js' });
  expect(Object.isFrozen(backends)).toBe(true);
  // The addon in this repository has the scoring classes: loaded means scoring in Rust.
  expect(backends.scoring).toBe(nativeStatus === 'loaded' ? 'native' : 'js');
});
