import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/package.test.ts packs and installs the package (a minute): `npm run test:package`.
    exclude: ['dist/**', 'node_modules/**', 'test/package.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file launches its own Chromium; two cores do not gain from more.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
