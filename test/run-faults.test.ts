// Issue 13, points 5 and 10: a run outlives a dead browser and a broken memory. A task's setup
// asks its page's server to kill -9 the Chromium this process launched: that episode ends
// errored saying so, and the next ones run in a relaunched browser. A memory whose files are
// deleted between open and recall, or that cannot be opened at all, is set aside once and the
// run goes on without it (auto falls back to search), as summary.json records.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { RunMemory } from '../agent/run-memory.js';
import { runSuite } from '../agent/run.js';
import { openMemory } from '../memory/index.js';
import { parseSuite } from '../tasks/load.js';
import { GREET_PAGE } from './greet-site.js';
import { browserKiller, crashSuiteText } from './crash-site.js';
import { browsersOf } from './processes.js';
import { startRecordingSite, type RecordingSite } from './recording-site.js';

let site: RecordingSite;
const killer = browserKiller();

beforeAll(async () => {
  site = await startRecordingSite({ '/greet': GREET_PAGE, '/kill': killer.route });
});
afterAll(async () => { await site?.close(); });

const suite = () => parseSuite(crashSuiteText(site.origin), 'faults.yaml');

const out = () => mkdtemp(join(tmpdir(), 'cairn-faults-'));

describe('a browser that dies mid-run', () => {
  it('ends the episode it killed with a clear reason, and the next episodes run in a new browser', async () => {
    const lines: string[] = [];
    const { results, summary } = await runSuite({ screenshots: false, suite: suite(), policy: makePolicy('search', {}), episodes: 2, out: await out(), log: (l) => lines.push(l) });
    expect(killer.killed).toHaveLength(1);
    expect(results.map((r) => [r.instance, r.episode, r.status])).toEqual([
      ['crash#1', 1, 'errored'], ['crash#1', 2, 'success'], ['greet#1', 1, 'success'], ['greet#1', 2, 'success'],
    ]);
    expect(results[0]!.reason).toMatch(/^setup: setup\[0\] \(js\) failed: the browser disconnected \(its process crashed or was killed.*\); the next task start opens a new one$/);
    expect(summary).toMatchObject({ episodes: 4, succeeded: 3, errored: 1 });
    // the killed process is gone and another took its place (closed again at the end of the run)
    const alive = new Set(browsersOf(process.pid));
    expect(alive.has(killer.killed[0]!)).toBe(false);
  }, 120_000);
});

describe('a memory that breaks', () => {
  it('whose files are deleted after it was opened: set aside at the first recall, said once, and every episode still runs (search)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-broken-mem-'));
    const store = await openMemory({ uri: dir });
    try {
      await rm(dir, { recursive: true, force: true });
      const lines: string[] = [];
      const { results, summary, remembered } = await runSuite({
        screenshots: false, suite: suite(), ids: ['greet'], episodes: 3, policy: makePolicy('auto', {}, store), memory: { store, source: 'run' }, out: await out(), log: (l) => lines.push(l),
      });
      expect(results.map((r) => [r.status, r.policy])).toEqual([['success', 'search'], ['success', 'search'], ['success', 'search']]);
      expect(summary.memory).toEqual({ status: 'unavailable', reason: expect.stringMatching(/^recall failed: /) });
      expect(remembered.added).toBe(0);
      const told = lines.filter((l) => l.startsWith('memory: unavailable'));
      expect(told).toHaveLength(1);
      expect(told[0]).toMatch(/^memory: unavailable \(recall failed: .+\); the run goes on without memory$/);
    } finally {
      store.close();
    }
  }, 120_000);

  it('that cannot be opened: the run goes on without it and the summary says why', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cairn-not-a-dir-')), 'memory');
    await writeFile(file, 'not a LanceDB directory');
    const memory = await RunMemory.open(file, () => openMemory({ uri: file }));
    expect(memory.health.status).toBe('unavailable');
    const lines: string[] = [];
    const { results, summary } = await runSuite({
      screenshots: false, suite: suite(), ids: ['greet'], policy: makePolicy('auto', {}, memory), memory: { store: memory, source: 'run' }, out: await out(), log: (l) => lines.push(l),
    });
    expect(results.map((r) => r.status)).toEqual(['success']);
    expect(summary.memory).toEqual({ status: 'unavailable', reason: expect.stringContaining(`could not open the memory at ${file}: `) });
    expect(lines.filter((l) => l.startsWith('memory: unavailable'))).toHaveLength(1);
  }, 60_000);

  it('a memory that works is recorded as available', async () => {
    const store = await openMemory({ uri: await mkdtemp(join(tmpdir(), 'cairn-ok-mem-')) });
    try {
      const { summary, remembered } = await runSuite({
        screenshots: false, suite: suite(), ids: ['greet'], policy: makePolicy('auto', {}, store), memory: { store, source: 'run' }, out: await out(), log: () => {},
      });
      expect(summary.memory).toEqual({ status: 'available' });
      expect(remembered.added).toBe(1);
    } finally {
      store.close();
    }
  }, 60_000);
});
