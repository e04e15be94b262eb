import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['quality/**/*.test.ts'],
    // The evaluation streams 208 answers through the guard: slow on a loaded 2-core machine.
    testTimeout: 120_000,
  },
});
