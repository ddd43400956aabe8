// critic-eval over demo tasks: trajectories verified by search (each solved, its trace read
// back), and what the rule critic must do on them. test/critic-eval.test.ts runs it on one
// task per app; test/full/critic-eval.test.ts on every task of CRITIC_EVAL_TASKS.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { criticEval, formatEvalTable, STRUCTURAL_KINDS, type VerifiedTrajectory } from '../agent/critic-eval/index.js';
import { runEpisode } from '../agent/episode.js';
import { createSearchPolicy } from '../agent/search/policy.js';
import { EpisodeTrace } from '../agent/trace.js';
import { createPipeline, createRuleCritic } from '../critics/index.js';
import { WebDriver } from '../drivers/web/index.js';
import type { ResolvedTask } from '../contract/index.js';

export const CRITIC_EVAL_TASKS = ['contacts-edit-phone', 'contacts-delete', 'settings-appearance', 'shop-pay', 'shop-remove-from-cart', 'settings-profile'];

/** Each task solved by search on one driver, its trace under `dir/<id>`; throws when search fails one. */
export async function verifiedBySearch(browser: Browser, tasks: readonly ResolvedTask[], dir: string): Promise<VerifiedTrajectory[]> {
  const driver = new WebDriver(browser);
  const trajectories: VerifiedTrajectory[] = [];
  try {
    for (const task of tasks) {
      const epDir = join(dir, task.id);
      const r = await runEpisode({ task, episode: 1, driver, policy: createSearchPolicy(), screenshots: false, trace: await EpisodeTrace.create(epDir) });
      if (r.status !== 'success') throw new Error(`search did not solve ${task.instance}: ${r.reason}`);
      const trace = JSON.parse(await readFile(join(epDir, 'trace.json'), 'utf8'));
      trajectories.push({ task, steps: trace.steps.map((s: any) => ({ action: s.action, target: s.result.target })) });
    }
  } finally {
    await driver.close();
  }
  return trajectories;
}

/** The rule critic catches every structural kind of negative and blocks no recorded step. */
export async function expectRulesCatchStructural(browser: Browser, trajectories: readonly VerifiedTrajectory[]): Promise<void> {
  const pipeline = createPipeline([createRuleCritic()], { irreversible: 'deny' });
  const r = await criticEval({ trajectories, makeDriver: async () => new WebDriver(browser), critic: pipeline });
  console.log(formatEvalTable(r));
  expect(r.lost).toEqual([]);
  expect(r.positives).toBe(trajectories.reduce((n, t) => n + t.steps.length, 0));
  for (const kind of STRUCTURAL_KINDS) {
    expect(r.by_kind[kind]?.n, kind).toBeGreaterThan(0);
    expect(r.by_kind[kind]!.recall, kind).toBeGreaterThanOrEqual(0.95);
  }
  expect(r.structural.recall).toBeGreaterThanOrEqual(0.95);
  expect(r.false_block_rate).toBeLessThanOrEqual(0.01);
  // The rules cannot know the goal: a wrong value typed into the right field passes them.
  expect(r.by_kind.wrong_text!.recall).toBe(0);
  expect(r.precision).toBe(1);
  expect(r.recall).toBeCloseTo(r.structural.caught / r.negatives, 5);
  expect(r.f1).toBeCloseTo((2 * r.precision * r.recall) / (r.precision + r.recall), 5);
}
