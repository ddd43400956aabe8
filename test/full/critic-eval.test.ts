// `npm run test:full`: critic-eval's rule critic on every task of CRITIC_EVAL_TASKS (the
// default run takes one task per app, test/critic-eval.test.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { launchBrowser } from '../../drivers/web/index.js';
import { startPracticeApps, type PracticeApps } from '../../tasks/apps/server.js';
import { DEMO_SUITE } from '../../tasks/bundled.js';
import { instances, loadSuite } from '../../tasks/index.js';
import { CRITIC_EVAL_TASKS, expectRulesCatchStructural, verifiedBySearch } from '../critic-eval-trajectories.js';

let apps: PracticeApps;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  [apps, browser] = await Promise.all([startPracticeApps(), launchBrowser()]);
  dir = await mkdtemp(join(tmpdir(), 'critic-eval-'));
});

afterAll(async () => {
  await browser?.close();
  await apps?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('critic-eval on every task of CRITIC_EVAL_TASKS', () => {
  test('the rules catch the structural kinds without blocking recorded steps', async () => {
    const suite = { ...(await loadSuite(DEMO_SUITE)), base_url: apps.url };
    const trajectories = await verifiedBySearch(browser, instances(suite, { seeds: [1], ids: CRITIC_EVAL_TASKS }), dir);
    await expectRulesCatchStructural(browser, trajectories);
  }, 480_000);
});
