import { defineConfig } from 'vitest/config';

// `npm run test:full`: the whole-suite runs whose default-run versions take one task per app
// or each template once (test/representative.ts): every demo task searched, every demo
// instance solved by hand, critic-eval on every task it names; and the Playwright Test project
// (test/playwright-project) run by `npx playwright test`.
export default defineConfig({
  test: {
    include: ['test/full/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    isolate: false,
  },
});
