import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './spectral.js';

// Moved from @backfire/core's internal/options.test.ts ('config and physics options share the
// check, and suggest too'): physics options use core's unknown-key check, with its suggestion.
describe('physics options', () => {
  it('share the unknown-option check with config, and suggest too', () => {
    const identity = { n: 1, data: [1] };
    expect(() => symmetricEigen(identity, { maxSweep: 3 } as never)).toThrow(
      'options.maxSweep is not a known option (did you mean "maxSweeps"?)',
    );
  });
});
