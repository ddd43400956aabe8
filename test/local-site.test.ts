// A local folder as a suite's site: served read-only on 127.0.0.1 for the run, named by a
// path relative to the suite or by an environment variable, with a stable app identity for
// memory; and when setup runs (after `load` or `domcontentloaded`).
import { request } from 'node:http';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { WebDriver } from '../drivers/web/index.js';
import { openMemory } from '../memory/index.js';
import { loadSuite } from '../tasks/load.js';
import { serveSuite } from '../tasks/site.js';
import { serveFolder, type ServedFolder } from '../tasks/static-server.js';

const FORM = `<!DOCTYPE html><html><head><title>Greeting</title></head><body>
<h1>Greeting</h1>
<label>Name <input id="name"></label>
<button onclick="window.saved = document.getElementById('name').value">Save</button>
</body></html>`;

const SUITE = `name: local
base_url: ./site
seeds: [1]
tasks:
  - id: greet
    goal: Save the name "Ada"
    start: { url: greet/ }
    checks:
      - js: "window.saved === 'Ada'"
    budget: { max_steps: 4, timeout_s: 60 }
`;

async function get(url: string, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url), { method, path }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; }).on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject).end();
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-site-'));
  await mkdir(join(dir, 'site', 'greet'), { recursive: true });
  await writeFile(join(dir, 'site', 'greet', 'index.html'), FORM);
  await writeFile(join(dir, 'site', 'app.js'), 'window.x = 1;');
  await writeFile(join(dir, 'secret.txt'), 'outside the site');
  await symlink(join(dir, 'secret.txt'), join(dir, 'site', 'link.txt'));
  await writeFile(join(dir, 'suite.yaml'), SUITE);
});

describe('serveFolder', () => {
  let served: ServedFolder;
  beforeAll(async () => { served = await serveFolder(join(dir, 'site')); });
  afterAll(() => served.close());

  it('serves files with their type, a folder by its index.html', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get(served.url, '/app.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'window.x = 1;' });
    expect(await get(served.url, '/greet/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: FORM });
  });

  it('serves nothing outside the folder, lists nothing, and takes no writes', async () => {
    expect((await get(served.url, '/..%2fsecret.txt')).status).toBe(404);
    expect((await get(served.url, '/link.txt')).status).toBe(404);
    expect((await get(served.url, '/')).status).toBe(404); // no index.html: no listing
    expect((await get(served.url, '/nope.html')).status).toBe(404);
    expect((await get(served.url, '/app.js', 'POST')).status).toBe(405);
  });
});

describe('serveSuite', () => {
  it('serves base_url: ./site from beside the suite file, under a stable app identity', async () => {
    const { suite, close } = await serveSuite(await loadSuite(join(dir, 'suite.yaml')));
    try {
      expect(suite.base_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(suite.app).toBe('site:site');
      expect((await get(suite.base_url, '/greet/')).status).toBe(200);
    } finally {
      await close();
    }
  });

  it('reads a folder named by an environment variable, and says clearly when it is unset or missing', async () => {
    await writeFile(join(dir, 'env.yaml'), SUITE.replace('./site', '${CAIRN_TEST_SITE}').replace('name: local', 'name: local\napp: greeter'));
    const suite = await loadSuite(join(dir, 'env.yaml'));
    delete process.env.CAIRN_TEST_SITE;
    await expect(serveSuite(suite)).rejects.toThrow(/env\.yaml:3: base_url "\$\{CAIRN_TEST_SITE\}" names the environment variable CAIRN_TEST_SITE, which is not set/);
    process.env.CAIRN_TEST_SITE = join(dir, 'missing');
    await expect(serveSuite(suite)).rejects.toThrow(/env\.yaml:3: base_url "\$\{CAIRN_TEST_SITE\}": the folder .*missing does not exist/);
    process.env.CAIRN_TEST_SITE = join(dir, 'site');
    const served = await serveSuite(suite);
    expect(served.suite.app).toBe('greeter'); // the suite's own identity wins
    await served.close();
    delete process.env.CAIRN_TEST_SITE;
  });

  it('a run over the served folder succeeds, and memory keeps it under the site\'s identity, not its port', async () => {
    const memory = await openMemory({ uri: join(dir, 'memory') });
    const lines: string[] = [];
    try {
      const { results } = await runSuite({
        screenshots: false, suite: await loadSuite(join(dir, 'suite.yaml')), policy: makePolicy('search', {}), memory: { store: memory, source: 'explore' },
        out: join(dir, 'run'), log: (l) => lines.push(l),
      });
      expect(results.map((r) => `${r.instance} ${r.status} ${r.reason}`)).toEqual([expect.stringMatching(/^greet#1 success/)]);
      expect(lines.filter((l) => l.startsWith('memory:'))).toEqual([]);
      expect((await memory.list()).map((r) => r.app)).toEqual(['site:site']);
    } finally {
      memory.close();
    }
  }, 120_000);
});

describe('when setup runs', () => {
  // An image that arrives late holds `load` back, not `domcontentloaded`.
  let slow: Server;
  let site: ServedFolder;
  let driver: WebDriver;
  beforeAll(async () => {
    slow = createServer((_, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'image/gif' }).end(), 1500));
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const page = `<!DOCTYPE html><body onload="window.loaded = true"><img src="http://127.0.0.1:${(slow.address() as AddressInfo).port}/late.gif"></body>`;
    await writeFile(join(dir, 'site', 'late.html'), page);
    site = await serveFolder(join(dir, 'site'));
    driver = await WebDriver.launch({});
  });
  afterAll(async () => {
    await driver.close();
    await site.close();
    slow.closeAllConnections();
    slow.close();
  });

  const setupSaw = async (wait_until?: 'load' | 'domcontentloaded') => {
    await driver.start({ platform: 'web', url: `${site.url}late.html`, wait_until, setup: [{ js: 'window.sawLoaded = window.loaded === true' }] }, { settle: 'light' });
    return driver.read('window.sawLoaded');
  };

  it('after load when asked: the page\'s onload has run', async () => {
    expect(await setupSaw('load')).toBe(true);
  }, 60_000);

  it('after domcontentloaded by default: before images arrive', async () => {
    expect(await setupSaw()).toBe(false);
    expect(await setupSaw('domcontentloaded')).toBe(false);
  }, 60_000);
});
