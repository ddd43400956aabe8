// Memory in runs: verified successes are remembered, and `auto` replays them on new
// instances with no model and no search; `replay` with nothing to replay fails clearly.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { openMemory, type MemoryStore } from '../memory/index.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { loadSuite } from '../tasks/load.js';
import type { Suite } from '../tasks/types.js';

const IDS = ['contacts-add', 'contacts-phone-lookup', 'contacts-company-lookup', 'settings-appearance'];
let store: MemoryStore;
let suite: Suite;
const out = () => mkdtemp(join(tmpdir(), 'cairn-mem-run-'));

beforeAll(async () => {
  store = await openMemory({ uri: await mkdtemp(join(tmpdir(), 'cairn-mem-')) });
  suite = await loadSuite(DEMO_SUITE);
});
afterAll(() => store?.close());

describe('memory in runs', () => {
  it('replay with an empty memory fails each episode saying nothing fits, and the run goes on', async () => {
    const { results } = await runSuite({ screenshots: false, suite, policy: makePolicy('replay', {}, store), ids: IDS.slice(0, 2), seeds: [1], out: await out(), log: () => {} });
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(results[0]!.reason).toMatch(/no remembered trajectory fits/);
  }, 60_000);

  it('remembers verified successes, then auto replays them on other seeds with no model and no search', async () => {
    const explore = await runSuite({
      screenshots: false, suite, policy: makePolicy('search', {}), ids: IDS, seeds: [1], out: await out(), log: () => {}, memory: { store, source: 'explore' },
    });
    expect(explore.summary.succeeded).toBe(IDS.length);
    expect(explore.remembered.added).toBe(IDS.length);
    expect(await store.count()).toBe(IDS.length);

    const replay = await runSuite({ screenshots: false, suite, policy: makePolicy('auto', {}, store), ids: IDS, seeds: [7], out: await out(), log: () => {} });
    expect(replay.results.map((r) => [r.instance, r.status, r.policy])).toEqual(
      IDS.map((id) => [`${id}#7`, "success", "replay"]));
    expect(replay.summary.model_calls).toBe(0);
    expect(replay.summary.search_expansions).toBe(0);
    // The lookup's answer was a slot: the new instance's phone, read off its own screen.
    const lookup = replay.results.find((r) => r.instance === 'contacts-phone-lookup#7')!;
    expect(lookup.answer).toMatch(/^555-\d{4}$/);
  }, 180_000);

  it('a record that lost its trail loses standing and search finishes the episode; read mode writes nothing', async () => {
    const [stored] = (await store.list()).filter((r) => r.task_id === 'contacts-add');
    expect(stored).toBeDefined();
    // A copy whose last click names a button the app does not have: replay follows it up to there.
    const last = stored!.steps.map((s) => s.action.type).lastIndexOf('click');
    const broken = { ...stored!, steps: stored!.steps.map((s, i) => (i === last && s.target ? { ...s, target: { ...s.target, name: 'Keep forever' } } : s)) };
    await store.upsert([broken]);
    const records = await store.count();

    const read = await runSuite({
      screenshots: false, suite, policy: makePolicy('auto', {}, store), ids: ['contacts-add'], seeds: [11], out: await out(), log: () => {}, memory: { store, source: 'run', mode: 'read' },
    });
    expect(read.results[0]).toMatchObject({ status: 'success', policy: 'replay', handover: { from: 'replay', to: 'search', at_step: last, restarted: true } });
    expect(read.results[0]!.handover!.why).toMatch(/no element matched button "Keep forever"/);
    expect(read.summary.handed_over_to).toEqual({ search: 1 });
    expect((await store.get(stored!.id))!.failures).toBe(0);
    expect(await store.count()).toBe(records);

    const repaired = await runSuite({
      screenshots: false, suite, policy: makePolicy('auto', {}, store), ids: ['contacts-add'], seeds: [12], out: await out(), log: () => {}, memory: { store, source: 'run' },
    });
    expect(repaired.results[0]).toMatchObject({ status: 'success', handover: { to: 'search' } });
    expect((await store.get(stored!.id))!.failures).toBe(1);
    // What search found is remembered in the record's place: the next instance replays to the end.
    const next = await runSuite({ screenshots: false, suite, policy: makePolicy('auto', {}, store), ids: ['contacts-add'], seeds: [13], out: await out(), log: () => {} });
    expect(next.results[0]).toMatchObject({ status: 'success', policy: 'replay' });
    expect(next.results[0]!.handover).toBeUndefined();
  }, 180_000);

  it('a goal the page writes (goal_from) is recalled once read: two explored instances template it, and auto replays', async () => {
    const ids = ['challenge-select'];
    const explore = await runSuite({ screenshots: false, suite, policy: makePolicy('search', {}), ids, seeds: [1, 2], out: await out(), log: () => {}, memory: { store, source: 'explore' } });
    expect(explore.summary.succeeded).toBe(2);
    const [record] = (await store.list()).filter((r) => r.goal_template.includes('Colour list'));
    expect(record!.goal_template).toBe('Select {{slot1}} in the Colour list and press Confirm.');
    expect(record!.hits).toBe(2);

    // Seeds 4 and 5 ask for Yellow and Green in the Colour list.
    const replay = await runSuite({ screenshots: false, suite, policy: makePolicy('auto', {}, store), ids, seeds: [4, 5], out: await out(), log: () => {} });
    expect(replay.results.map((r) => [r.instance, r.status, r.policy])).toEqual([['challenge-select#4', 'success', 'replay'], ['challenge-select#5', 'success', 'replay']]);
  }, 120_000);
});
