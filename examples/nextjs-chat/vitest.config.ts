import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Streams under CI load on 2 cores can be slow; a hung test is still caught, 30 s later.
    testTimeout: 30_000,
  },
});
