import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserServer } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CHROMIUM_ARGS, CHROMIUM_SEARCH_ORDER, SYSTEM_CHROMIUM_PATHS, SYSTEM_HEADLESS_SHELL_PATHS, WebDriver, findChromium,
  bundledChromium, headlessShellBeside, launchBrowser,
} from '../drivers/web/index.js';
import { serveFixtures, type FixtureServer } from './fixtures/web/serve.js';

const DEBIAN_CHROMIUM = '/usr/lib/chromium/chromium';
const installed = [chromium.executablePath(), ...SYSTEM_CHROMIUM_PATHS].some((p) => existsSync(p));
const bundled = await bundledChromium().catch(() => undefined);
if (!installed) console.log('findChromium: no installed Chromium here, so the checks of the installed places are skipped');
if (!bundled) console.log('findChromium: @sparticuz/chromium is not installed here (optional, x64 Linux), so its launch check is skipped');

describe('findChromium', () => {
  test('CAIRN_CHROMIUM wins when the file exists', async () => {
    const fake = join(mkdtempSync(join(tmpdir(), 'cairn-chromium-')), 'chrome');
    writeFileSync(fake, '');
    expect(await findChromium({ CAIRN_CHROMIUM: fake })).toEqual({ path: fake });
  });

  test('CAIRN_CHROMIUM pointing nowhere is an error that names it', async () => {
    await expect(findChromium({ CAIRN_CHROMIUM: '/nowhere/chrome' })).rejects.toThrow(/CAIRN_CHROMIUM is set to \/nowhere\/chrome/);
  });

  test('CAIRN_CHROMIUM_SEARCH takes all or bundled, and names itself otherwise', async () => {
    await expect(findChromium({ CAIRN_CHROMIUM_SEARCH: 'system' })).rejects.toThrow(/CAIRN_CHROMIUM_SEARCH is set to "system"; expected one of: all, bundled/);
  });

  test.runIf(installed)('without the variable, an installed Chromium is found among the documented places', async () => {
    const found = (await findChromium({}, false)).path;
    expect(existsSync(found)).toBe(true);
    expect([chromium.executablePath(), ...SYSTEM_CHROMIUM_PATHS]).toContain(found);
  });

  test.runIf(installed)('a headless run takes the headless shell when one is installed, the full browser when not', async () => {
    const shell = [headlessShellBeside(chromium.executablePath()), ...SYSTEM_HEADLESS_SHELL_PATHS].find((p) => p && existsSync(p));
    const found = (await findChromium({})).path;
    if (shell) expect(found).toBe(shell);
    else expect([chromium.executablePath(), ...SYSTEM_CHROMIUM_PATHS]).toContain(found);
  });

  test.runIf(!!bundled)('CAIRN_CHROMIUM_SEARCH=bundled skips installed browsers for the npm-bundled one, which drives a page', async () => {
    const found = await findChromium({ CAIRN_CHROMIUM_SEARCH: 'bundled' });
    expect(found.path).toBe(bundled!.path);
    expect(SYSTEM_CHROMIUM_PATHS as readonly string[]).not.toContain(found.path);
    const browser = await chromium.launch({ executablePath: found.path, args: [...CHROMIUM_ARGS], env: { ...process.env, ...found.env } });
    try {
      const page = await browser.newPage();
      await page.setContent('<button onclick="document.title = \'pressed\'">Press</button>');
      await page.click('button');
      expect(await page.title()).toBe('pressed');
    } finally {
      await browser.close();
    }
  });

  test('no browser anywhere: the error lists the places and the fixes, the npm package among them', async () => {
    // bundled search with the optional package absent is what a machine without it sees
    if (bundled) return void console.log('skipped the no-Chromium message check: the npm-bundled Chromium is installed here');
    await expect(findChromium({ CAIRN_CHROMIUM_SEARCH: 'bundled' })).rejects.toThrow(/No Chromium found.*@sparticuz\/chromium/);
  });

  test("Playwright's headless shell is found beside its Chromium build", () => {
    const root = mkdtempSync(join(tmpdir(), 'cairn-ms-playwright-'));
    const chrome = join(root, 'chromium-1255', 'chrome-linux64', 'chrome');
    expect(headlessShellBeside(chrome)).toBeUndefined(); // not downloaded
    const shellDir = join(root, 'chromium_headless_shell-1255', 'chrome-headless-shell-linux64');
    mkdirSync(shellDir, { recursive: true });
    writeFileSync(join(shellDir, 'chrome-headless-shell'), '');
    expect(headlessShellBeside(chrome)).toBe(join(shellDir, 'chrome-headless-shell'));
    expect(headlessShellBeside('/opt/chrome/chrome')).toBeUndefined(); // not Playwright's layout
  });

  test('the documented order: the variable, the headless shell, Playwright, system paths, then the npm-bundled one', () => {
    expect(CHROMIUM_SEARCH_ORDER[0]).toContain('CAIRN_CHROMIUM');
    expect(CHROMIUM_SEARCH_ORDER[1]).toContain('headless shell');
    expect(CHROMIUM_SEARCH_ORDER[2]).toContain('Playwright');
    expect(CHROMIUM_SEARCH_ORDER).toContain(DEBIAN_CHROMIUM);
    expect(CHROMIUM_SEARCH_ORDER.at(-1)).toContain('@sparticuz/chromium');
  });

  test('an endpoint with an unknown scheme is refused', async () => {
    await expect(launchBrowser({ endpoint: 'ftp://example.invalid' })).rejects.toThrow(/expected ws\(s\):\/\/ .* or http\(s\):\/\//);
  });
});

describe('remote browsers', () => {
  let fixtures: FixtureServer;
  let server: BrowserServer;
  let cdpPort: number;

  beforeAll(async () => {
    fixtures = await serveFixtures();
    cdpPort = await freePort();
    // One Chromium serving both protocols: Playwright's (ws) and raw CDP (http).
    const exe = await findChromium(process.env, false);
    server = await chromium.launchServer({
      executablePath: exe.path,
      ...(exe.env ? { env: { ...process.env, ...exe.env } } : {}),
      args: [...CHROMIUM_ARGS, `--remote-debugging-port=${cdpPort}`],
      host: '127.0.0.1',
    });
  });

  afterAll(async () => {
    await server?.close();
    await fixtures?.close();
  });

  test.each([
    ['a Playwright server (ws://)', () => server.wsEndpoint()],
    ['a CDP endpoint (http://)', () => `http://127.0.0.1:${cdpPort}`],
  ])('drives a page through %s', async (_kind, endpoint) => {
    const driver = await WebDriver.launch({ endpoint: endpoint() });
    try {
      await driver.start({ platform: 'web', url: `${fixtures.url}/page2.html`, setup: [] });
      const obs = await driver.observe({ screenshot: false });
      expect(obs.title).toBe('Page two');
      expect(obs.elements.map((e) => `${e.role} ${e.name}`)).toEqual(['heading Second page', 'link Back to actions']);
    } finally {
      await driver.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
