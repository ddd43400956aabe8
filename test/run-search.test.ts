// The search policy solves the bundled demo suite end to end, and the run writes its outputs.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { loadSuite } from '../tasks/load.js';

describe('search policy on the demo suite', () => {
  it('solves every demo task and writes summary, results and traces', async () => {
    const suite = await loadSuite(DEMO_SUITE);
    const out = await mkdtemp(join(tmpdir(), 'cairn-run-'));
    const lines: string[] = [];
    const { summary, results } = await runSuite({
      suite, policy: makePolicy('search', {}),
      seeds: [1], out, workers: 2, log: (l) => lines.push(l),
    });

    const failed = results.filter((r) => r.status !== 'success').map((r) => `${r.instance}: ${r.reason}`);
    expect(failed).toEqual([]);
    expect(summary.episodes).toBe(suite.templates.length);
    expect(summary.success_rate).toBe(1);
    expect(summary.model_calls).toBe(0);
    expect(summary.search_expansions).toBeGreaterThan(0);
    expect(Object.keys(summary.by_task).sort()).toEqual(suite.templates.map((t) => t.id).sort());
    expect(summary.step_overhead_ms.p95).toBeGreaterThanOrEqual(summary.step_overhead_ms.p50);
    // Where each episode's time went: search prepares (searches) before its steps; the phases fit in the wall time.
    for (const r of results) {
      const { start, prepare, steps, verify } = r.phases_ms;
      expect(Math.min(start, prepare, steps), r.instance).toBeGreaterThan(0); // an answer check may take no time
      expect(start + prepare + steps + verify, r.instance).toBeLessThanOrEqual(r.wall_ms + 1);
    }
    expect(summary.mean_phases_ms.prepare).toBeGreaterThan(0);
    // Every action search ran counts: its tries, and the path replayed after each restart.
    for (const r of results) expect(r.driver_actions, r.instance).toBeGreaterThanOrEqual(r.steps - 1 + (r.prepare?.expansions ?? 0));
    expect(results.some((r) => r.driver_actions > r.steps - 1 + (r.prepare?.expansions ?? 0))).toBe(true);
    for (const key of ['run_id', 'suite', 'policy', 'model', 'started_at', 'finished_at', 'episodes', 'succeeded', 'failed',
      'errored', 'success_rate', 'mean_steps', 'model_calls', 'tokens', 'wall_s', 'step_overhead_ms', 'mean_phases_ms', 'by_task']) {
      expect(summary).toHaveProperty(key);
    }

    const onDisk = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(onDisk.succeeded).toBe(summary.succeeded);
    const jsonl = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl.map((r) => r.instance).sort()).toEqual(results.map((r) => r.instance).sort());

    // An answer task ends with the answer the checks confirmed; its trace shows the clean sequence.
    const lookup = results.find((r) => r.task_id === 'contacts-phone-lookup')!;
    expect(lookup.answer).toMatch(/^555-\d{4}$/);
    const epDir = join(out, 'episodes', 'contacts-phone-lookup-1', '1');
    const trace = JSON.parse(readFileSync(join(epDir, 'trace.json'), 'utf8'));
    expect(trace.result.status).toBe('success');
    expect(trace.steps.at(-1).action).toEqual({ type: 'answer', text: lookup.answer });
    expect(trace.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(readdirSync(epDir).filter((f) => f.endsWith('.png')).length).toBe(trace.steps.length);
    expect(existsSync(join(epDir, 'step-00.png'))).toBe(true);

    // A goal in the user's words: the page to open is a blind click, and the plan takes the
    // short way (Appearance, the theme, save) rather than wandering through other pages first.
    const dark = JSON.parse(readFileSync(join(out, 'episodes', 'settings-dark-mode-1', '1', 'trace.json'), 'utf8'));
    expect(dark.steps.map((s: { action: { type: string } }) => s.action.type)).toEqual(['click', 'select', 'click', 'done']);
    expect(dark.steps[1].location).toMatch(/\/settings\/appearance$/);

    expect(lines.filter((l) => /^ok {3}/.test(l))).toHaveLength(suite.templates.length);
    expect(lines.at(-1)).toContain(out);
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
