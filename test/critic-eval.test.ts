// critic-eval on practice-app pages: the rules on live screens, the structural kinds caught on
// trajectories of one task per app (all of CRITIC_EVAL_TASKS: test/full/critic-eval.test.ts),
// and counterfactual mode checking the labels.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Observation, ResolvedTask } from '../contract/index.js';
import { WebDriver, launchBrowser } from '../drivers/web/index.js';
import { startPracticeApps, type PracticeApps } from '../tasks/apps/server.js';
import { instances, loadSuite } from '../tasks/index.js';
import { createPipeline, createRuleCritic } from '../critics/index.js';
import { criticEval, type VerifiedTrajectory } from '../agent/critic-eval/index.js';
import { CRITIC_EVAL_TASKS, expectRulesCatchStructural, verifiedBySearch } from './critic-eval-trajectories.js';
import { onePerApp } from './representative.js';

/** The trajectories the counterfactual tests read. */
const READ_BY_NAME = ['contacts-edit-phone', 'settings-profile'];

let apps: PracticeApps;
let browser: Browser;
let tasks: ResolvedTask[];
let dir: string;
let trajectories: VerifiedTrajectory[];

beforeAll(async () => {
  [apps, browser] = await Promise.all([startPracticeApps(), launchBrowser()]);
  dir = await mkdtemp(join(tmpdir(), 'critic-eval-'));
  const suite = { ...(await loadSuite('tasks/suites/demo.yaml')), base_url: apps.url };
  tasks = instances(suite, { seeds: [1], ids: CRITIC_EVAL_TASKS });
  const picked = new Set(onePerApp(tasks, READ_BY_NAME));
  trajectories = await verifiedBySearch(browser, tasks.filter((t) => picked.has(t.id)), dir);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await apps?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const task = (id: string) => tasks.find((t) => t.id === id)!;

async function screenOf(t: ResolvedTask, path: string): Promise<{ driver: WebDriver; obs: Observation }> {
  const driver = new WebDriver(browser);
  await driver.start({ ...t.start, setup: [...t.start.setup, { goto: path }] });
  return { driver, obs: await driver.observe({ screenshot: false }) };
}

describe('rules on practice-app pages', () => {
  test('contact page: "Delete contact" needs confirmation unless the task allows it; "Edit contact" passes', async () => {
    const t = task('contacts-edit-phone');
    const { driver, obs } = await screenOf(t, '/contacts/1');
    try {
      const id = (name: string) => obs.elements.find((e) => e.name === name)!.id;
      const rules = createRuleCritic();
      const vet = (action: any, tk = t) => rules.vet({ task: tk, obs, history: [] }, { action }, { flagged: [] });
      expect((await vet({ type: 'click', target: { element: id('Delete contact') } })).decision).toBe('confirm');
      expect((await vet({ type: 'click', target: { element: id('Delete contact') } }, task('contacts-delete'))).decision).toBe('approve');
      expect((await vet({ type: 'click', target: { element: id('Edit contact') } })).decision).toBe('approve');
      expect((await vet({ type: 'type', target: { element: id('Edit contact') }, text: 'x' })).rule).toBe('editable');
      expect((await vet({ type: 'open', url: apps.url.replace('127.0.0.1', 'localhost') })).decision).toBe('block');
    } finally {
      await driver.close();
    }
  });

  test('cart: "Remove <product>" is not treated as irreversible; payment frame: "Pay now" is', async () => {
    const cart = await screenOf(task('shop-remove-from-cart'), '/shop/cart');
    const pay = await screenOf(task('shop-pay'), '/shop/checkout/payment');
    try {
      const rules = createRuleCritic();
      const remove = cart.obs.elements.find((e) => e.name.startsWith('Remove '))!;
      expect((await rules.vet({ task: task('shop-remove-from-cart'), obs: cart.obs, history: [] }, { action: { type: 'click', target: { element: remove.id } } }, { flagged: [] })).decision).toBe('approve');
      const payNow = pay.obs.elements.find((e) => e.name === 'Pay now')!;
      const denied = { ...task('shop-pay'), allow_irreversible: false };
      expect((await rules.vet({ task: denied, obs: pay.obs, history: [] }, { action: { type: 'click', target: { element: payNow.id } } }, { flagged: [] })).decision).toBe('confirm');
    } finally {
      await cart.driver.close();
      await pay.driver.close();
    }
  });
});

describe('critic-eval', () => {
  test('on one demo task per app the rules catch the structural kinds without blocking recorded steps', async () => {
    await expectRulesCatchStructural(browser, trajectories);
  }, 180_000);

  test('counterfactual mode checks labels by running the negatives and replaying the rest', async () => {
    const edit = trajectories.find((t) => t.task.id === 'contacts-edit-phone')!;
    const pipeline = createPipeline([createRuleCritic()], { irreversible: 'deny' });
    const r = await criticEval({
      trajectories: [edit], makeDriver: async () => new WebDriver(browser), critic: pipeline,
      kinds: ['wrong_text', 'off_origin', 'missing_target'], counterfactual: 'all',
    });
    const wrong = r.samples.filter((s) => s.label === 'wrong_text');
    expect(wrong.length).toBe(1);
    // A changed phone number typed, then the rest replayed: the task's check sees the wrong number.
    expect(wrong[0]!.still_succeeds).toBe(false);
    // Leaving the origin loses the trail.
    expect(r.samples.filter((s) => s.label === 'off_origin').every((s) => s.still_succeeds === false)).toBe(true);
    // A missing target does nothing, so the step it replaced is never done: the task fails,
    // except in place of the final `done`, which changes nothing on the screen.
    const missing = r.samples.filter((s) => s.label === 'missing_target');
    expect(missing.length).toBe(edit.steps.length);
    for (const s of missing) expect(s.still_succeeds, `step ${s.step}`).toBe(edit.steps[s.step]!.action.type === 'done');
    expect(r.mislabelled).toEqual([]);
  }, 180_000);

  test('counterfactual mode reports "other element" negatives that still succeed as mislabelled', async () => {
    const alerts = trajectories.find((t) => t.task.id === 'settings-profile')!;
    const pipeline = createPipeline([createRuleCritic()], { irreversible: 'deny' });
    const r = await criticEval({
      trajectories: [alerts], makeDriver: async () => new WebDriver(browser), critic: pipeline,
      kinds: ['other_element'], counterfactual: 'all',
    });
    const others = r.samples.filter((s) => s.label === 'other_element');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((s) => typeof s.still_succeeds === 'boolean' && s.counterfactual_note)).toBe(true);
    expect(r.mislabelled).toEqual(others.filter((s) => s.still_succeeds));
    expect(r.by_kind.other_element!.still_succeeds).toBe(r.mislabelled.length);
  }, 180_000);
});
