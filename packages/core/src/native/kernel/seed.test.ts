import { describe, expect, it } from 'vitest';
import { loadNative, type Native } from '../../test/native.js';

const native = loadNative();

describe.skipIf(native === null)('seed usage, verbatim', () => {
  const { RustSafetyKernel, RustStreamingKernel } = native ?? ({} as Native);

  it('RustSafetyKernel.streamOutput', () => {
    const kernel = new RustSafetyKernel(0.5);
    expect(kernel.streamOutput(['Hello ', 'world ', '!'], () => 0.85)).toBe('Hello world !');
    expect(new RustSafetyKernel({ hardLimit: 0.5 }).hardLimit).toBe(0.5);
  });

  it('RustStreamingKernel.streamTokens returns a session', () => {
    const streaming = new RustStreamingKernel({
      hardLimit: 0.5,
      windowSize: 10,
      windowThreshold: 0.55,
    });
    const session = streaming.streamTokens(['The ', 'sky ', 'is ', 'blue.'], () => 0.9);
    expect(session.halted).toBe(false);
    expect(session.avgCoherence).toBeCloseTo(0.9, 12);
    expect(session.output).toBe('The sky is blue.');
    expect(session.tokens).toEqual(['The ', 'sky ', 'is ', 'blue.']);
    expect(session.coherenceHistory).toEqual([0.9, 0.9, 0.9, 0.9]);
    expect(session.events.map((e) => [e.token, e.index, e.halted, e.warning])).toEqual([
      ['The ', 0, false, false],
      ['sky ', 1, false, false],
      ['is ', 2, false, false],
      ['blue.', 3, false, false],
    ]);
    expect([session.haltIndex, session.haltKind, session.haltReason]).toEqual([-1, null, '']);
    expect(session.durationMs).toBeGreaterThanOrEqual(0);
    expect(streaming.config.windowThreshold).toBe(0.55);
  });

  it('exposes the ABI and version core checks', () => {
    expect(native!.ABI_VERSION).toBe(1);
    expect(native!.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
