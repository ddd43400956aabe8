import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file launches its own Chromium; two cores do not gain from more.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
