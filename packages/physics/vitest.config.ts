import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The addon and worker threads do not mix (reference/napi.md §8.3): one process per file.
    pool: 'forks',
    // Seeded runs and SSGF gradients are slow on a loaded 2-core machine.
    testTimeout: 60_000,
  },
});
