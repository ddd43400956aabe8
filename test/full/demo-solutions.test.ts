// `npm run test:full`: every instance of the demo suite, on each of its seeds, solved by hand
// (the default run solves each template once, test/practice-apps.test.ts).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchBrowser } from '../../drivers/web/index.js';
import { startPracticeApps, type PracticeApps } from '../../tasks/apps/server.js';
import { demoInstances, expectSolvable } from '../demo-solutions.js';

let apps: PracticeApps;
let browser: Browser;
beforeAll(async () => { [apps, browser] = await Promise.all([startPracticeApps(), launchBrowser()]); });
afterAll(async () => { await browser?.close(); await apps?.close(); });

describe('the whole demo suite', () => {
  it('every instance is solvable within its budget: solutions of 6 actions or fewer pass checks that failed before them', async () => {
    await expectSolvable(browser, await demoInstances(apps.url));
  }, 480_000);
});
