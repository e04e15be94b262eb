// Core's converter: what makes every providerMetadata.backfire value JSON-safe.
import { toJsonValue } from '@backfire/core';
import { describe, expect, it } from 'vitest';

describe('toJsonValue', () => {
  it('keeps JSON as is', () => {
    const value = { a: 1, b: 'x', c: [true, null, { d: 2.5 }] };
    expect(toJsonValue(value)).toEqual(value);
  });

  it('replaces what JSON cannot hold, without throwing', () => {
    class Chunk {
      constructor(readonly id: string) {}
      get upper() {
        return this.id.toUpperCase();
      }
    }
    const out = toJsonValue({
      nan: Number.NaN,
      inf: Number.NEGATIVE_INFINITY,
      big: 12n,
      undef: undefined,
      fn: () => 1,
      sym: Symbol('s'),
      date: new Date(0),
      badDate: new Date(Number.NaN),
      error: new TypeError('bad'),
      chunk: new Chunk('c1'),
      list: [undefined, () => 1],
    });
    expect(out).toEqual({
      nan: null,
      inf: null,
      big: '12',
      date: '1970-01-01T00:00:00.000Z',
      badDate: null,
      error: { name: 'TypeError', message: 'bad' },
      chunk: { id: 'c1' },
      list: [null, null],
    });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('marks cycles and cuts very deep values, but repeats shared (non-cyclic) objects', () => {
    const shared = { k: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic['self'] = cyclic;
    expect(toJsonValue(cyclic)).toEqual({ shared: { k: 1 }, again: { k: 1 }, self: '[Circular]' });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20; i++) deep = [deep];
    expect(JSON.stringify(toJsonValue(deep))).toContain('[Truncated]');
  });

  it('uses toJSON, and survives a toJSON that throws', () => {
    expect(toJsonValue({ a: { toJSON: () => ({ x: 1 }) } })).toEqual({ a: { x: 1 } });
    expect(
      toJsonValue({
        a: {
          toJSON: () => {
            throw new Error('no');
          },
        },
      }),
    ).toEqual({ a: null });
  });
});
