// Replaying a recorded trajectory on a live screen, for critic-eval. Ids do not survive
// across screens, so each recorded target is found again by its descriptor (drivers/ground.ts).
import type { Action } from '../drivers/action.js';
import { ground, retarget } from '../drivers/ground.js';
import type { Driver, Observation, TargetDescriptor } from '../drivers/types.js';
import { withSecrets } from '../tasks/secrets.js';
import type { ResolvedTask } from '../tasks/types.js';
import type { HistoryEntry } from './types.js';

export interface RecordedStep { action: Action; target?: TargetDescriptor }

/** The recorded action aimed at this screen's element; undefined when its target is not here. */
export function regrounded(step: RecordedStep, obs: Observation): Action | undefined {
  const a = step.action;
  if (!step.target || !('target' in a) || !a.target || !('element' in a.target)) return a;
  const hit = ground(step.target, obs.elements);
  return hit ? retarget(a, hit.element) : undefined;
}

export class Replayer {
  task: ResolvedTask;
  history: HistoryEntry[] = [];
  obs!: Observation;

  constructor(readonly driver: Driver, task: ResolvedTask, private readonly screenshots: boolean) {
    this.task = task;
  }

  /** A fresh instance of the task (setup included), goal read from the page when it says so. */
  async start(): Promise<void> {
    await this.driver.start(withSecrets(this.task.start));
    if (this.task.goal_from) this.task = { ...this.task, goal: await this.driver.read(this.task.goal_from) };
    this.history = [];
    await this.look();
  }

  async look(): Promise<Observation> {
    this.obs = await this.driver.observe({ screenshot: this.screenshots });
    return this.obs;
  }

  /** Runs an action on the current screen, records it, and looks again. */
  async act(action: Action): Promise<boolean> {
    const on = this.obs;
    const r = await this.driver.act(withSecrets(action), on);
    this.history.push({ action, digest: on.digest, location: on.location, result: { ok: r.ok } });
    await this.look();
    return r.ok;
  }

  /** Replays recorded steps [from, to); false (with the step) when one cannot be grounded or fails. */
  async replay(steps: readonly RecordedStep[], from: number, to: number): Promise<{ ok: true } | { ok: false; at: number; why: string }> {
    for (let i = from; i < to; i++) {
      const step = steps[i]!;
      if (step.action.type === 'answer' || step.action.type === 'done') continue;
      const action = regrounded(step, this.obs);
      if (!action) return { ok: false, at: i, why: `no ${step.target?.role} "${step.target?.name}" on ${this.obs.location}` };
      if (!(await this.act(action))) return { ok: false, at: i, why: `step ${i + 1} failed` };
    }
    return { ok: true };
  }
}
