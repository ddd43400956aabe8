import { defineConfig } from 'vitest/config';

// `npm run test:package`: the packed package installed into a fresh project (about a minute).
export default defineConfig({
  test: {
    include: ['test/package.test.ts'],
    testTimeout: 60_000,
  },
});
