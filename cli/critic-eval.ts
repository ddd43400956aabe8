// `cairn critic-eval <suite>`: verified trajectories (found by the search policy), then a
// labelled set of positives and negatives reached live, vetted by the critics.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { OptionValues } from 'commander';
import type { Pipeline } from '../critics/index.js';
import { criticsFor } from '../agent/critics.js';
import { criticEval, formatEvalTable, type CriticEvalReport, type VerifiedTrajectory } from '../agent/critic-eval/index.js';
import { runEpisode } from '../agent/episode.js';
import { createSearchPolicy } from '../agent/search/policy.js';
import { WebDriver, launchBrowser } from '../drivers/web/index.js';
import { loadSuite } from '../tasks/load.js';
import { serveSuite } from '../tasks/site.js';
import { instances } from '../tasks/resolve.js';
import type { Suite } from '../tasks/types.js';

/** `cairn critic-eval <suite>` (main.ts declares its flags). */
export async function criticEvalCommand(file: string, o: OptionValues): Promise<void> {
  const suite = await loadSuite(file);
  const critics = criticsFor({ modelCritic: o.modelCritic, irreversible: o.irreversible, allowed: suite.allowed })!;
  await runCriticEval({ suite, critics, seeds: o.seeds, ids: o.task, out: o.out, counterfactual: o.counterfactual });
}

export interface CriticEvalCliOptions {
  suite: Suite;
  critics: () => Pipeline;
  seeds?: number[];
  ids?: string[];
  out?: string;
  counterfactual?: boolean;
  log?: (line: string) => void;
}

export async function runCriticEval(o: CriticEvalCliOptions): Promise<CriticEvalReport> {
  const log = o.log ?? ((l: string) => console.log(l));
  const { suite, close } = await serveSuite(o.suite);
  const browser = await launchBrowser({});
  try {
    const tasks = instances(suite, { seeds: o.seeds ?? suite.seeds.slice(0, 1), ids: o.ids });
    const trajectories: VerifiedTrajectory[] = [];
    const driver = new WebDriver(browser);
    for (const task of tasks) {
      const result = await runEpisode({
        task, episode: 1, driver, policy: createSearchPolicy(), screenshots: false,
        onFinish: async (t, r, history) => {
          if (r.status === 'success') trajectories.push({ task: t, steps: history.map((s) => ({ action: s.action, target: s.result.target })) });
        },
      });
      log(`${result.status === 'success' ? 'verified' : 'skipped '} ${task.instance} (${result.steps} steps)`);
    }
    await driver.close();
    const report = await criticEval({
      trajectories, critic: o.critics(), counterfactual: o.counterfactual, makeDriver: async () => new WebDriver(browser),
    });
    log(`\n${formatEvalTable(report)}`);
    if (o.out) {
      const dir = resolve(o.out);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'critic-eval.json'), JSON.stringify(report, null, 2));
      log(`written: ${join(dir, 'critic-eval.json')}`);
    }
    return report;
  } finally {
    await browser.close();
    await close();
  }
}
