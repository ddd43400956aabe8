// One goal from where a driver stands, verified by the caller's own checks: an episode
// without a suite. The driver is already at the goal's start (a Playwright Test's page);
// start() brings it back there for a restart, but what the tries did to the app stays done,
// so the path a search finds is kept as it ran (keepFound) rather than done again.
// cairn/playwright's agent.act() and agent.ask() run on it. A goal with no checks is
// answered but never remembered (nothing verified it), nor one that needed no action.
import type { Pipeline } from '../critics/index.js';
import { fill, type Budget, type Check, type Driver, type ResolvedTask } from '../contract/index.js';
import type { RememberOutcome } from '../memory/index.js';
import { runEpisode, type EpisodeResult } from './episode.js';
import type { RunMemory } from './run-memory.js';
import type { MemoryMode } from './run.js';
import type { EpisodeTrace } from './trace.js';
import type { PolicySource, StepRecord } from './types.js';

export interface GoalOptions {
  /** The task's identity for memory: records of the same id are recalled first. */
  id: string;
  /** Plain words, or a template over `params` (`Add {{name}}`): memory then keeps the values as slots. */
  goal: string;
  params?: Record<string, string>;
  /** Where the goal starts: a restart goes back there. */
  url: string;
  /** The verifier. */
  checks: Check[];
  driver: Driver;
  policy: PolicySource;
  critics?: Pipeline;
  /** Recalled by the policy; a verified success is remembered here unless the mode is `read`. */
  memory?: { store: RunMemory; mode: MemoryMode; run_id: string };
  trace?: EpisodeTrace;
  budget: Budget;
  allowIrreversible?: boolean;
  /** The app's identity for memory (default: the url's origin). */
  app?: string;
  /** Where the goal was written, for messages (a test's file:line). */
  at?: string;
  screenshots?: boolean;
}

export interface GoalOutcome {
  task: ResolvedTask;
  result: EpisodeResult;
  steps: StepRecord[];
  remembered?: RememberOutcome;
}

export async function runGoal(o: GoalOptions): Promise<GoalOutcome> {
  const params = o.params ?? {};
  const task: ResolvedTask = {
    id: o.id, seed: 0, instance: `${o.id}#0`, goal: fill(o.goal, params), goal_template: o.goal, params,
    platform: o.driver.platform, start: { platform: o.driver.platform, url: o.url, setup: [] },
    checks: o.checks, budget: o.budget, tags: [], allow_irreversible: o.allowIrreversible ?? false, at: o.at ?? o.id,
    ...(o.app ? { app: o.app } : {}),
  };
  const outcome: Partial<GoalOutcome> = { task, steps: [] };
  const memory = o.memory;
  const result = await runEpisode({
    task, episode: 1, driver: o.driver, policy: o.policy, critics: o.critics, trace: o.trace, screenshots: o.screenshots ?? false,
    // The page's state is the test's: what search found stays done, not done again from a restart.
    keepFound: true,
    onFinish: async (t, r, history) => {
      outcome.steps = history;
      const acted = history.some((h) => h.action.type !== 'done');
      if (!memory || memory.mode === 'read' || !t.checks.length || !acted) return;
      outcome.remembered = await memory.store.learn(t, r, history, { run_id: memory.run_id, source: 'run' });
    },
  });
  return { ...outcome, result } as GoalOutcome;
}
