// critic-eval's walk over a live task: a fresh instance, the history the critics see, and
// recorded steps replayed through the one replayer (agent/replayer.ts).
import type { HistoryEntry } from '../../critics/index.js';
import type { Action, ActResult, Observation, ResolvedTask } from '../../contract/index.js';
import { applyGoalFrom } from '../../tasks/goal-from.js';
import { play, type Played, type RecordedStep } from '../replayer.js';
import type { Screen } from '../screen.js';

export class EvalSession {
  task: ResolvedTask;
  history: HistoryEntry[] = [];
  obs!: Observation;

  constructor(readonly screen: Screen, task: ResolvedTask, private readonly screenshots: boolean) {
    this.task = task;
  }

  /** A fresh instance of the task (setup included), goal read from the page when it says so. */
  async start(): Promise<void> {
    await this.screen.start(this.task);
    if (this.task.goal_from) this.task = applyGoalFrom(this.task, await this.screen.read(this.task.goal_from));
    this.history = [];
    await this.look();
  }

  async look(): Promise<Observation> {
    this.obs = await this.screen.observe(this.screenshots);
    return this.obs;
  }

  /** Runs an action on the current screen, records it, and looks again. */
  async act(action: Action): Promise<boolean> {
    return (await this.run(action)).ok;
  }

  /** Replays recorded steps [from, to) from the current screen. */
  replay(steps: readonly RecordedStep[], from: number, to: number): Promise<Played> {
    return play({ observe: async () => this.obs, act: (a) => this.run(a) }, steps, this.obs, from, to);
  }

  private async run(action: Action): Promise<ActResult> {
    const on = this.obs;
    const r = await this.screen.act(action, on);
    this.history.push({ action, digest: on.digest, location: on.location, result: { ok: r.ok } });
    await this.look();
    return r;
  }
}
