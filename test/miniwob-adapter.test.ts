// The MiniWoB++ adapter (bench/miniwob-suite.ts) on pages of our own in the same style
// (test/fixtures/miniwob-style: a START cover, a seeded Math.random, #query, endEpisode and
// the raw reward global): the suite built from the folder, the goal read from the page, the
// latched reward check, and a search run end to end through the CLI in real Chromium.
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_TIMER_MS, miniwobPages, miniwobSuiteText, writeMiniwobSuite } from '../bench/miniwob-suite.js';
import type { Observation, ResolvedTask } from '../contract/index.js';
import { WebDriver } from '../drivers/web/index.js';
import { verify } from '../tasks/checks.js';
import { applyGoalFrom } from '../tasks/goal-from.js';
import { loadSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';
import { serveSuite, type ServedSuite } from '../tasks/site.js';
import { cairn } from './cli-runner.js';

const PAGES = fileURLToPath(new URL('./fixtures/miniwob-style/', import.meta.url));

let dir: string;
let suiteFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-miniwob-'));
  suiteFile = await writeMiniwobSuite(PAGES, join(dir, 'miniwob-suite.yaml'), { seeds: '1..2' });
});

describe('the suite built from a folder', () => {
  it('has one task per miniwob/*.html page, named by its file, all from shared defaults', async () => {
    expect(await miniwobPages(PAGES)).toEqual(['click-color', 'type-word']);
    const suite = await loadSuite(suiteFile);
    expect(suite.templates.map((t) => t.id)).toEqual(['click-color', 'type-word']);
    expect(suite.local_site?.folder).toBe(PAGES.replace(/\/$/, ''));
    const [task] = instances(suite, { seeds: [7] });
    expect(task).toMatchObject({
      app: 'miniwob', goal: '', goal_from: 'core.getUtterance()',
      checks: [{ kind: 'js', expression: 'WOB_RAW_REWARD_GLOBAL >= 1' }],
      start: { url: 'miniwob/click-color.html', wait_until: 'load' },
    });
    expect(task!.start.setup[0]).toEqual({ js: expect.stringContaining('Math.seedrandom(7);') });
  });

  it('takes only the pages asked for, and names an unknown one or a folder that is not MiniWoB\'s', async () => {
    expect(await miniwobSuiteText(PAGES, { tasks: ['type-word'] })).not.toContain('click-color');
    await expect(miniwobSuiteText(PAGES, { tasks: ['type-wrod'] })).rejects.toThrow(/no page "type-wrod" in .*; pages: click-color, type-word/);
    await expect(miniwobPages(dir)).rejects.toThrow(/expected MiniWoB\+\+'s html folder, holding miniwob\/<task>\.html/);
  });
});

describe('an episode on a page', () => {
  let served: ServedSuite;
  let driver: WebDriver;
  beforeAll(async () => {
    served = await serveSuite(await loadSuite(suiteFile));
    driver = await WebDriver.launch({});
  });
  afterAll(async () => {
    await driver.close();
    await served.close();
  });

  const start = async (seed: number): Promise<ResolvedTask> => {
    const [task] = instances(served.suite, { seeds: [seed], ids: ['click-color'] });
    await driver.start(task!.start);
    return applyGoalFrom(task!, await driver.read(task!.goal_from!));
  };
  const click = async (obs: Observation, name: string) => {
    const button = obs.elements.find((e) => e.role === 'button' && e.name === name)!;
    expect((await driver.act({ type: 'click', target: { element: button.id } }, obs)).ok).toBe(true);
  };

  it('is seeded, started, and its goal is the one the page wrote; the page timer is stretched', async () => {
    const goal = (await start(3)).goal;
    expect(goal).toMatch(/^Click the (red|green|blue|yellow) button\.$/);
    expect((await start(3)).goal).toBe(goal);
    const goals = new Set<string>();
    for (const seed of [1, 2, 4, 5, 6, 8]) goals.add((await start(seed)).goal);
    expect(goals.size).toBeGreaterThan(1);
    expect(await driver.read('core.EPISODE_MAX_TIME')).toBe(PAGE_TIMER_MS);
    expect(await driver.read('getComputedStyle(document.getElementById("start-cover")).display')).toBe('none');
  }, 60_000);

  it('succeeds only on raw reward >= 1; the first end counts, a click on START again starts nothing', async () => {
    const task = await start(3);
    const wanted = /Click the (\w+) button/.exec(task.goal)![1]!;
    let obs = await driver.observe({ screenshot: false });
    await click(obs, obs.elements.find((e) => e.role === 'button' && e.name !== wanted)!.name);
    const failed = await verify(task.checks, driver);
    expect(failed.ok).toBe(false);
    expect(failed.checks[0]!.evidence).toBe('js `WOB_RAW_REWARD_GLOBAL >= 1` returned false');
    await driver.act({ type: 'click', target: { point: { x: 80, y: 100 } } }, await driver.observe({ screenshot: false })); // the START cover
    obs = await driver.observe({ screenshot: false });
    expect(obs.elements.some((e) => e.role === 'button' && e.name === wanted)).toBe(true); // the old problem: no new one drawn
    expect(await driver.read('WOB_RAW_REWARD_GLOBAL')).toBe(-1);

    await start(3);
    await click(await driver.observe({ screenshot: false }), wanted);
    expect((await verify(task.checks, driver)).ok).toBe(true);
  }, 60_000);
});

describe('end to end through the CLI', () => {
  it('`cairn tasks` shows the goal each instance really gets, or where it is read from', async () => {
    const r = await cairn(['tasks', suiteFile]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^click-color#1 +Click the \w+ button\.  \[miniwob\]$/),
      expect.stringMatching(/^click-color#2 +Click the \w+ button\.  \[miniwob\]$/),
      expect.stringMatching(/^type-word#1 +Type "\w+" in the box and press Submit\.  \[miniwob\]$/),
      expect.stringMatching(/^type-word#2 +Type "\w+" in the box and press Submit\.  \[miniwob\]$/),
    ]);
    const offline = await cairn(['tasks', suiteFile, '--no-browser', '--seeds', '1']);
    expect(offline.stdout).toMatch(/^click-color#1 +\(goal read from the page at run time: core\.getUtterance\(\)\)/m);
  }, 120_000);

  it('`cairn run --policy search` solves every page on the suite written to disk', async () => {
    const out = join(dir, 'run');
    const r = await cairn(['run', suiteFile, '--policy', 'search', '--no-memory', '--no-screenshots', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = (await readFile(join(out, 'results.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { instance: string; status: string });
    expect(results.map((x) => `${x.instance} ${x.status}`).sort()).toEqual(['click-color#1 success', 'click-color#2 success', 'type-word#1 success', 'type-word#2 success']);
    const trace = JSON.parse(await readFile(join(out, 'episodes', 'type-word-1', '1', 'trace.json'), 'utf8'));
    expect(trace.task.goal).toMatch(/^Type "\w+" in the box and press Submit\.$/);
    expect(trace.checks).toEqual([expect.objectContaining({ ok: true, evidence: 'true' })]);
  }, 180_000);
});
