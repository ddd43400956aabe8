// A Playwright Test project that uses cairn/playwright as a user would (the package imports
// itself by name). test/full/playwright-fixture.test.ts runs it with `npx playwright test` against
// the practice apps it serves (PRACTICE_URL), a memory in a temp dir (CAIRN_MEMORY), a seed
// for new data each run (CAIRN_PW_SEED) and, for the redesigned page, CAIRN_PW_REDESIGN=1.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from 'cairn';
import type { CairnOptions } from 'cairn/playwright';

if (!process.env.PRACTICE_URL) throw new Error('set PRACTICE_URL to the practice apps (test/full/playwright-fixture.test.ts serves them)');

// cairn's own Chromium lookup (CAIRN_CHROMIUM, Playwright's, the system's, the npm-bundled one).
const chromium = await findChromium(process.env, true);

export default defineConfig<{ cairn: CairnOptions }>({
  testDir: '.',
  testMatch: '*.spec.ts',
  // One memory, one writer: workers that remember into one local memory at once may conflict.
  workers: 1,
  timeout: 240_000,
  outputDir: process.env.PW_OUTPUT_DIR ?? 'test-results',
  reporter: [['list'], ['json', { outputFile: process.env.PW_REPORT ?? 'test-results/report.json' }]],
  use: {
    baseURL: process.env.PRACTICE_URL,
    launchOptions: {
      executablePath: chromium.path,
      args: [...CHROMIUM_ARGS],
      ...(chromium.env ? { env: { ...process.env, ...chromium.env } } : {}),
    },
    // The practice apps get a new port every run: one app identity keeps their records.
    cairn: { app: 'cairn-practice', timeoutS: 180 },
  },
});
