import { describe, expect, it, vi } from 'vitest';
import { BackfireError } from '../errors/errors.js';
import { backend, getNative, nativeAvailable, nativeLoadError, nativeStatus } from './index.js';
import { loadNative, NATIVE_ABI_VERSION, NATIVE_PACKAGE } from './loader.js';

class FakeKernel {}
const goodBinding = {
  ABI_VERSION: NATIVE_ABI_VERSION,
  version: '0.1.0',
  RustStreamingKernel: FakeKernel,
  RustSafetyKernel: FakeKernel,
};
const missing = () => {
  throw new Error("Cannot find module '@backfire/native'");
};

describe('loadNative', () => {
  it('loads a compatible addon through the require seam', () => {
    const req = vi.fn(() => goodBinding);
    const r = loadNative({ env: {}, require: req });
    expect(req).toHaveBeenCalledWith(NATIVE_PACKAGE);
    expect(r).toEqual({ backend: 'native', binding: goodBinding, status: 'loaded', error: null });
  });

  it('BACKFIRE_FORCE_JS=1 forces TypeScript without touching the addon, even when native is required', () => {
    for (const value of ['1', 'true', 'TRUE']) {
      const req = vi.fn(() => goodBinding);
      const r = loadNative({
        env: { BACKFIRE_FORCE_JS: value, BACKFIRE_REQUIRE_NATIVE: '1' },
        require: req,
      });
      expect(r).toMatchObject({ backend: 'js', binding: null, status: 'forced-js' });
      expect(req).not.toHaveBeenCalled();
    }
  });

  it('other values of BACKFIRE_FORCE_JS do not force anything', () => {
    for (const value of ['0', '', 'no']) {
      const r = loadNative({ env: { BACKFIRE_FORCE_JS: value }, require: () => goodBinding });
      expect(r.backend).toBe('native');
    }
  });

  it('a missing addon falls back to JS and keeps the reason', () => {
    const r = loadNative({ env: {}, require: missing });
    expect(r.backend).toBe('js');
    expect(r.status).toBe('missing');
    expect((r.error as Error).message).toContain('Cannot find module');
  });

  it('BACKFIRE_REQUIRE_NATIVE=1 turns a missing addon into a BACKFIRE_NATIVE error with the cause', () => {
    let caught: unknown;
    try {
      loadNative({ env: { BACKFIRE_REQUIRE_NATIVE: '1' }, require: missing });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BackfireError);
    const err = caught as BackfireError;
    expect(err.code).toBe('BACKFIRE_NATIVE');
    expect(err.message).toMatch(
      /BACKFIRE_REQUIRE_NATIVE=1 but @backfire\/native cannot be used \(missing\)/,
    );
    expect((err.cause as Error).message).toContain('Cannot find module');
  });

  it('rejects an addon with another ABI or missing classes', () => {
    const old = loadNative({ env: {}, require: () => ({ ...goodBinding, ABI_VERSION: 0 }) });
    expect(old).toMatchObject({ backend: 'js', status: 'incompatible', binding: null });
    expect((old.error as Error).message).toMatch(/has ABI 0, this @backfire\/core needs ABI 1/);

    const partial = loadNative({
      env: {},
      require: () => ({ ABI_VERSION: NATIVE_ABI_VERSION, RustStreamingKernel: FakeKernel }),
    });
    expect((partial.error as Error).message).toMatch(/does not export RustSafetyKernel/);
    expect(loadNative({ env: {}, require: () => null }).status).toBe('incompatible');

    expect(() =>
      loadNative({
        env: { BACKFIRE_REQUIRE_NATIVE: 'true' },
        require: () => ({ ...goodBinding, ABI_VERSION: 2 }),
      }),
    ).toThrow(/cannot be used \(incompatible\): .*has ABI 2/);
  });

  it('a throwing addon (for example a broken binary) is reported as missing, not thrown', () => {
    const r = loadNative({
      env: {},
      require: () => {
        throw new Error('invalid ELF header');
      },
    });
    expect([r.backend, r.status, (r.error as Error).message]).toEqual([
      'js',
      'missing',
      'invalid ELF header',
    ]);
  });
});

describe('module-level backend', () => {
  it('agrees with a fresh decision for the same environment', () => {
    const fresh = loadNative();
    expect(backend).toBe(fresh.backend);
    expect(nativeStatus).toBe(fresh.status);
    expect(nativeAvailable).toBe(backend === 'native');
    expect(getNative() === null).toBe(backend === 'js');
    if (backend === 'native') {
      expect(getNative()?.ABI_VERSION).toBe(NATIVE_ABI_VERSION);
      expect(nativeLoadError).toBeNull();
    }
  });

  it('reports the JS backend when BACKFIRE_FORCE_JS is set for this run', () => {
    if (process.env.BACKFIRE_FORCE_JS !== '1') {
      expect(['loaded', 'missing', 'incompatible']).toContain(nativeStatus);
      return;
    }
    expect([backend, nativeStatus]).toEqual(['js', 'forced-js']);
  });
});
