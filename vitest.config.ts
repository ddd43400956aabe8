import { defineConfig } from 'vitest/config';

// `npm test`. The whole-suite runs (test/full/) are `npm run test:full`; the packed package
// (test/package.test.ts, a minute) is `npm run test:package`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**', 'test/full/**', 'test/package.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files wait on Chromium, servers and child processes as much as they compute: on two cores
    // three workers finish in three quarters of the time two take (four gain nothing more).
    fileParallelism: true,
    maxWorkers: 3,
    // A worker keeps the modules it loaded (Playwright, LanceDB, ...) for its next file instead
    // of loading them again per file: half the time of the files that do little else. Tests
    // restore what they change of process.env and close what they start.
    isolate: false,
  },
});
