// Always runs: says which mode the native suites ran in, and — when the addon is built — checks
// that @backfire/core's loader accepts it (ABI, classes) exactly as it would in an application.
import { createRequire } from 'node:module';
import { forcedJs, hasCargo } from '@backfire/test-support/native';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../test/native.js';
import { loadNative as coreLoadNative, NATIVE_ABI_VERSION } from './loader.js';

const native = loadNative();

describe('@backfire/native availability', () => {
  it('is loaded, or skipped for a stated reason', () => {
    if (native === null) {
      // Skipping is only allowed when JS is forced, or when there is no Rust toolchain at all and
      // the addon is not required (BACKFIRE_REQUIRE_NATIVE=1 makes a missing addon a failure).
      if (forcedJs) return;
      expect(hasCargo()).toBe(false);
      expect(process.env.BACKFIRE_REQUIRE_NATIVE ?? '').not.toBe('1');
      return;
    }
    expect(native.ABI_VERSION).toBe(NATIVE_ABI_VERSION);
  });

  it.skipIf(native === null)('is accepted by @backfire/core’s loader', () => {
    const req = createRequire(import.meta.url);
    const r = coreLoadNative({
      env: { BACKFIRE_REQUIRE_NATIVE: '1' },
      require: (id) => req(id),
    });
    expect([r.backend, r.status, r.error]).toEqual(['native', 'loaded', null]);
    const k = new native!.RustStreamingKernel({ hardLimit: 0.5 });
    const s = k.streamScores(['a ', 'b '], [0.9, 0.2]);
    expect([s.haltKind, s.output]).toEqual(['hard_limit', 'a ']);
    expect(new native!.RustSafetyKernel(0.5).streamOutput(['x'], () => 0.9)).toBe('x');
  });
});
