import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserServer } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CHROMIUM_ARGS, CHROMIUM_SEARCH_ORDER, SYSTEM_CHROMIUM_PATHS, SYSTEM_HEADLESS_SHELL_PATHS, WebDriver, findChromium,
  headlessShellBeside, launchBrowser,
} from '../drivers/web/index.js';
import { serveFixtures, type FixtureServer } from './fixtures/web/serve.js';

const DEBIAN_CHROMIUM = '/usr/lib/chromium/chromium';

describe('findChromium', () => {
  test('CAIRN_CHROMIUM wins when the file exists', () => {
    const fake = join(mkdtempSync(join(tmpdir(), 'cairn-chromium-')), 'chrome');
    writeFileSync(fake, '');
    expect(findChromium({ CAIRN_CHROMIUM: fake })).toBe(fake);
  });

  test('CAIRN_CHROMIUM pointing nowhere is an error that names it', () => {
    expect(() => findChromium({ CAIRN_CHROMIUM: '/nowhere/chrome' })).toThrow(/CAIRN_CHROMIUM is set to \/nowhere\/chrome/);
  });

  test('without the variable, an installed Chromium is found among the documented places', () => {
    const found = findChromium({}, false);
    expect(existsSync(found)).toBe(true);
    expect([chromium.executablePath(), ...SYSTEM_CHROMIUM_PATHS]).toContain(found);
  });

  test('a headless run takes the headless shell when one is installed, the full browser when not', () => {
    const shell = [headlessShellBeside(chromium.executablePath()), ...SYSTEM_HEADLESS_SHELL_PATHS].find((p) => p && existsSync(p));
    const found = findChromium({});
    if (shell) expect(found).toBe(shell);
    else expect([chromium.executablePath(), ...SYSTEM_CHROMIUM_PATHS]).toContain(found);
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

  test('the documented order: the variable, the headless shell, Playwright, then system paths', () => {
    expect(CHROMIUM_SEARCH_ORDER[0]).toContain('CAIRN_CHROMIUM');
    expect(CHROMIUM_SEARCH_ORDER[1]).toContain('headless shell');
    expect(CHROMIUM_SEARCH_ORDER[2]).toContain('Playwright');
    expect(CHROMIUM_SEARCH_ORDER).toContain(DEBIAN_CHROMIUM);
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
    server = await chromium.launchServer({
      executablePath: DEBIAN_CHROMIUM,
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
