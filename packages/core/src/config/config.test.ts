import { describe, expect, it } from 'vitest';
import { BackfireConfigError, BackfireError } from '../errors/errors.js';
import { BackfireConfig, type BackfireConfigInit, DEFAULT_CONFIG } from './config.js';

function rejects(init: unknown): BackfireConfigError {
  try {
    new BackfireConfig(init as BackfireConfigInit);
  } catch (err) {
    expect(err).toBeInstanceOf(BackfireConfigError);
    expect(err).toBeInstanceOf(BackfireError);
    expect((err as BackfireConfigError).code).toBe('BACKFIRE_CONFIG');
    return err as BackfireConfigError;
  }
  throw new Error(`accepted ${JSON.stringify(init)}`);
}

describe('BackfireConfig', () => {
  it('has the documented defaults', () => {
    const c = new BackfireConfig();
    expect(c.toJSON()).toEqual({
      coherenceThreshold: 0.6,
      hardLimit: 0.5,
      softLimit: 0.7,
      wLogic: 0.6,
      wFact: 0.4,
      windowSize: 10,
      windowThreshold: 0.55,
      trendWindow: 5,
      trendThreshold: 0.15,
      historyWindow: 5,
      haltMode: 'hard',
      softHaltCap: 50,
      scoreEveryN: 1,
    });
  });

  const unitFields = [
    'coherenceThreshold',
    'hardLimit',
    'softLimit',
    'wLogic',
    'windowThreshold',
  ] as const;
  for (const field of unitFields) {
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0.01,
      1.01,
      '0.5',
      null,
    ]) {
      it(`rejects ${field} = ${String(bad)} naming the field and the value`, () => {
        const init: Record<string, unknown> = { [field]: bad };
        if (field === 'wLogic') init['wFact'] = 0.4;
        const err = rejects(init);
        expect(err.field).toBe(field);
        expect(err.message).toContain(field);
        expect(err.message).toContain(typeof bad === 'string' ? '"0.5"' : String(bad));
      });
    }
  }

  it('accepts the inclusive bounds 0 and 1', () => {
    expect(
      new BackfireConfig({ hardLimit: 0, softLimit: 1, coherenceThreshold: 1 }).hardLimit,
    ).toBe(0);
    expect(new BackfireConfig({ windowThreshold: 1 }).windowThreshold).toBe(1);
  });

  it('requires softLimit >= hardLimit', () => {
    const err = rejects({ hardLimit: 0.8, softLimit: 0.7 });
    expect(err.field).toBe('softLimit');
    expect(err.message).toMatch(/softLimit must be >= hardLimit \(0\.8\), got 0\.7/);
    expect(new BackfireConfig({ hardLimit: 0.7, softLimit: 0.7 }).softLimit).toBe(0.7);
  });

  it('requires the weights to sum to 1 within 1e-9', () => {
    expect(rejects({ wLogic: 0.5, wFact: 0.4 }).message).toContain('must equal 1');
    expect(rejects({ wLogic: 1.5, wFact: -0.5 }).field).toBe('wLogic');
    expect(new BackfireConfig({ wLogic: 0.7, wFact: 0.3 }).wFact).toBe(0.3);
    expect(new BackfireConfig({ wLogic: 0.1 + 0.2, wFact: 0.7 }).wLogic).toBeCloseTo(0.3);
  });

  it.each([
    ['windowSize', 0],
    ['windowSize', 1.5],
    ['windowSize', Number.NaN],
    ['trendWindow', 1],
    ['trendWindow', Number.POSITIVE_INFINITY],
    ['historyWindow', -1],
    ['softHaltCap', 0],
    ['scoreEveryN', 0],
    ['scoreEveryN', 2.5],
    ['windowSize', 2 ** 40],
  ])('rejects integer field %s = %s', (field, value) => {
    const err = rejects({ [field]: value });
    expect(err.field).toBe(field);
    expect(err.message).toContain(field);
  });

  it('accepts historyWindow 0 and the integer minimums', () => {
    const c = new BackfireConfig({
      historyWindow: 0,
      windowSize: 1,
      trendWindow: 2,
      scoreEveryN: 1,
    });
    expect([c.historyWindow, c.windowSize, c.trendWindow]).toEqual([0, 1, 2]);
  });

  it.each([0, -0.1, Number.NaN, Number.POSITIVE_INFINITY])('rejects trendThreshold %s', (v) => {
    expect(rejects({ trendThreshold: v }).field).toBe('trendThreshold');
  });

  it('rejects an unknown haltMode and unknown keys', () => {
    expect(rejects({ haltMode: 'gentle' }).message).toBe(
      `haltMode must be 'hard' or 'soft', got "gentle"`,
    );
    const err = rejects({ hardlimit: 0.4 });
    expect(err.field).toBe('hardlimit');
    expect(err.message).toContain('is not a config field');
  });

  it('rejects a non-object', () => {
    expect(rejects(42).field).toBe('config');
    expect(rejects([]).field).toBe('config');
  });

  it('round-trips through toJSON / fromJSON (string and object)', () => {
    const c = BackfireConfig.preset('medical', { haltMode: 'soft', scoreEveryN: 3 });
    expect(BackfireConfig.fromJSON(JSON.stringify(c)).toJSON()).toEqual(c.toJSON());
    expect(BackfireConfig.fromJSON(c.toJSON()).toJSON()).toEqual(c.toJSON());
  });

  it('fromJSON rejects bad JSON and unknown keys', () => {
    expect(() => BackfireConfig.fromJSON('{nope')).toThrow(BackfireConfigError);
    expect(() => BackfireConfig.fromJSON('{"deadlineMs": 50}')).toThrow(
      /deadlineMs is not a config field/,
    );
    expect(() => BackfireConfig.fromJSON('null')).toThrow(BackfireConfigError);
  });

  it('has the presets of the design', () => {
    expect(BackfireConfig.preset('default').toJSON()).toEqual(DEFAULT_CONFIG);
    const medical = BackfireConfig.preset('medical');
    expect([medical.hardLimit, medical.windowThreshold, medical.trendThreshold]).toEqual([
      0.5, 0.6, 0.1,
    ]);
    const creative = BackfireConfig.preset('creative');
    expect([creative.hardLimit, creative.windowThreshold, creative.trendThreshold]).toEqual([
      0.3, 0.4, 0.2,
    ]);
    expect(BackfireConfig.preset('finance').coherenceThreshold).toBe(0.65);
    expect(() => BackfireConfig.preset('legal' as 'default')).toThrow(/preset must be one of/);
  });

  it('is immutable and `with` validates again', () => {
    const c = new BackfireConfig();
    expect(() => {
      (c as { hardLimit: number }).hardLimit = 0.1;
    }).toThrow(TypeError);
    expect(c.with({ hardLimit: 0.3 }).hardLimit).toBe(0.3);
    expect(() => c.with({ hardLimit: 2 })).toThrow(BackfireConfigError);
  });
});
