// `npm run test:full`: every instance of the demo suite, on each of its seeds, solved by hand
// (the default run solves one template per app, test/practice-apps.test.ts).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../drivers/web/index.js';
import { startPracticeApps, type PracticeApps } from '../../tasks/apps/server.js';
import { demoInstances, expectSolvable, solvedTemplates } from '../demo-solutions.js';

let apps: PracticeApps;
let browser: Browser;
beforeAll(async () => { [apps, browser] = await Promise.all([startPracticeApps(), launchBrowser()]); });
afterAll(async () => { await browser?.close(); await apps?.close(); });

describe('the whole demo suite', () => {
  it('every instance is solvable within its budget: solutions of 6 actions or fewer pass checks that failed before them', async () => {
    const all = await demoInstances(apps.url);
    expect(new Set(all.map((t) => t.id))).toEqual(new Set(solvedTemplates()));
    const long = await expectSolvable(browser, all);
    expect(long.size, 'templates whose solutions take 3 steps or more').toBeGreaterThanOrEqual(4);
  }, 480_000);
});
