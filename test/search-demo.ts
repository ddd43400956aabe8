// The search policy on the bundled demo suite, end to end: every task it is given solved, the
// run's outputs written. test/run-search.test.ts gives it the tasks it reads by name; test/full/ all of them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { loadSuite } from '../tasks/load.js';

/** Tasks the checks below read by name: an answer task and a goal in the user's words. */
export const READ_BY_NAME = ['contacts-phone-lookup', 'settings-dark-mode'];

/** Runs search over the demo tasks `ids` (all when undefined) on seed 1 and checks the outcome and the outputs. */
export async function expectSearchSolvesDemo(ids?: string[]): Promise<void> {
  const suite = await loadSuite(DEMO_SUITE);
  const expected = ids ?? suite.templates.map((t) => t.id);
  const out = await mkdtemp(join(tmpdir(), 'cairn-run-'));
  const lines: string[] = [];
  const { summary, results } = await runSuite({
    suite, policy: makePolicy('search', {}), ids,
    seeds: [1], out, workers: 2, log: (l) => lines.push(l),
  });

  const failed = results.filter((r) => r.status !== 'success').map((r) => `${r.instance}: ${r.reason}`);
  expect(failed).toEqual([]);
  expect(summary.episodes).toBe(expected.length);
  expect(summary.success_rate).toBe(1);
  expect(summary.model_calls).toBe(0);
  expect(summary.search_expansions).toBeGreaterThan(0);
  expect(Object.keys(summary.by_task).sort()).toEqual([...expected].sort());
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

  expect(lines.filter((l) => /^ok {3}/.test(l))).toHaveLength(expected.length);
  expect(lines.at(-1)).toContain(out);
}
