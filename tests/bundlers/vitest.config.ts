import { defineConfig } from 'vitest/config';

// globalSetup packs and installs once; the two files (esbuild/Rollup/webpack, next build) then run
// side by side on the same fresh project.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['src/project.ts'],
    // A cold `next build` on a loaded 2-core machine takes about a minute.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
