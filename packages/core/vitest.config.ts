import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Property tests and the tiny ONNX model are slow on a loaded 2-core machine; a test that
    // hangs is still caught, 30 s later.
    testTimeout: 30_000,
  },
});
