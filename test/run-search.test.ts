// The search policy solves the bundled demo suite end to end, and the run writes its outputs:
// here the two tasks its checks read by name (an answer, a goal in the user's words), every
// task in test/full/run-search.test.ts.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { loadSuite } from '../tasks/load.js';
import { expectSearchSolvesDemo, READ_BY_NAME } from './search-demo.js';

describe('search policy on the demo suite', () => {
  it('solves an answer task and a goal in the user\'s words, and writes summary, results and traces', async () => {
    await expectSearchSolvesDemo(READ_BY_NAME);
  }, 300_000);

  it('shortened for memory: the steps the checks do not need are left out, and an answer is still read where it shows', async () => {
    const suite = await loadSuite(DEMO_SUITE);
    const out = await mkdtemp(join(tmpdir(), 'cairn-run-'));
    const { results } = await runSuite({
      suite, policy: makePolicy('search', {}, undefined, { shorten: true }), ids: ['settings-digest-off', 'contacts-phone-lookup'],
      seeds: [1], out, workers: 1, log: () => {},
    });
    expect(results.map((r) => `${r.instance} ${r.status}`).sort()).toEqual(['contacts-phone-lookup#1 success', 'settings-digest-off#1 success']);
    const steps = (id: string) => JSON.parse(readFileSync(join(out, 'episodes', `${id}-1`, '1', 'trace.json'), 'utf8')).steps
      .map((s: { action: { type: string }; result: { target?: { name: string } } }) => `${s.action.type} ${s.result.target?.name ?? ''}`.trim());
    // Unshortened, search also flips the email toggle on its way (a form it never saves).
    expect(steps('settings-digest-off')).toEqual(['click Notifications', 'click Weekly digest', 'click Save newsletter preferences', 'done']);
    expect(results.find((r) => r.task_id === 'settings-digest-off')!.prepare!.note).toMatch(/found 5 steps .*, shortened to 3$/);
    // The phone shows only on the contact's page: the click there stays though the answer alone would pass its check.
    expect(steps('contacts-phone-lookup')).toHaveLength(2);
    expect(steps('contacts-phone-lookup')[0]).toMatch(/^click /);
  }, 120_000);
});
