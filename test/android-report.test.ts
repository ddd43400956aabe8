// An Android run's screenshots in its HTML report: `cairn run` on a real Appium server (the
// fake driver, whose screenshot is a 400x852 PNG while the screen's coordinates are the page
// source's 1080x2400) with the llm policy asking the model stub. The run writes a screenshot
// per step where the report reads it; the episode page shows it, loaded, with the target's box
// over the target (placed in the screen's coordinates, not the PNG's pixels).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from '../drivers/web/index.js';
import { startFakeAppium, type FakeAppium } from './appium-server.js';
import { cairn } from './cli-runner.js';
import { startModelStub, type ModelStub, type StubRequest } from './model-stub.js';

const SUITE = `name: fake-contacts
defaults: { platform: android }
tasks:
  - id: contacts-save
    goal: "Save the new contact"
    start: { app: com.example.contacts/.NewContactActivity }
    checks:
      - element: { role: button, name: Save }
    budget: { max_steps: 3, timeout_s: 60 }
`;

/** Taps [6] Save (bounds [700,720][1040,840] in the fixture), then says done, in AndroidWorld's JSON. */
function saver(req: StubRequest) {
  const text: string = req.body.messages.at(-1).content;
  const done = (text.match(/^\d+\. .* -> /gm) ?? []).length;
  return done === 0 ? '{"action_type": "click", "index": 6}' : '{"action_type": "status", "goal_status": "complete"}';
}

let appium: FakeAppium;
let stub: ModelStub;
let browser: Browser;
beforeAll(async () => {
  [appium, stub, browser] = await Promise.all([startFakeAppium(), startModelStub(saver), launchBrowser({})]);
});
afterAll(async () => {
  await browser?.close();
  await stub?.close();
  await appium?.close();
});

it('writes each step\'s screenshot where the report reads it; the episode page shows it with the target boxed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-android-report-'));
  await writeFile(join(dir, 'suite.yaml'), SUITE);
  await writeFile(join(dir, 'caps.json'), JSON.stringify(appium.capabilities));
  const out = join(dir, 'run');
  const r = await cairn(['run', 'suite.yaml', '--appium', appium.url, '--capabilities', '@caps.json', '--policy', 'llm', '--model', 'stub-model', '--base-url', stub.url,
    '--no-memory', '--out', out], { cwd: dir, env: { OPENAI_API_KEY: 'none', CI: 'true' } });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(stub.failures).toEqual([]);

  const episode = join(out, 'episodes', 'contacts-save-1', '1');
  expect(existsSync(join(episode, 'step-00.png'))).toBe(true);
  const trace = JSON.parse(await readFile(join(episode, 'trace.json'), 'utf8'));
  expect(trace.steps[0]).toMatchObject({ action: { type: 'click' }, screen_size: { width: 1080, height: 2400 }, result: { target: { name: 'Save' } } });

  const page = await browser.newPage();
  page.on('pageerror', (e) => { throw e; });
  await page.goto(`${pathToFileURL(join(out, 'report', 'index.html')).href}#e0`);
  const img = page.locator('.step').first().locator('img');
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(400);
  expect(await img.getAttribute('src')).toBe('../episodes/contacts-save-1/1/step-00.png');

  // Save's bounds as fractions of the screen: x 700/1080, y 720/2400, w 340/1080, h 120/2400.
  const shot = (await img.boundingBox())!;
  const box = (await page.locator('.step').first().locator('.box').boundingBox())!;
  const at = { x: (box.x - shot.x) / shot.width, y: (box.y - shot.y) / shot.height, w: box.width / shot.width, h: box.height / shot.height };
  expect(at.x).toBeCloseTo(700 / 1080, 2);
  expect(at.y).toBeCloseTo(720 / 2400, 2);
  expect(at.w).toBeCloseTo(340 / 1080, 2);
  expect(at.h).toBeCloseTo(120 / 2400, 2);
}, 180_000);
