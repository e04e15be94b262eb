import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.mts'],
    // Native addons and worker threads do not mix (reference/napi.md §8.3): one process per file.
    pool: 'forks',
    testTimeout: 60_000,
  },
});
