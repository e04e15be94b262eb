import { defineConfig } from 'vitest/config';

// One real browser against one real `next build && next start`: the files run one after another
// and share the server that globalSetup starts.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/server.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
