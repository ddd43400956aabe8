// Writes one episode's record: step-NN.png as each step ends, trace.json when it ends.
// Everything written here has passed through the secret placeholders, never the values.
// Each step keeps the size of the screen its coordinates are in (`screen_size`: CSS px on the
// web, device px on Android), so a report boxes a target right on a screenshot of any size.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckRecord } from '../tasks/checks.js';
import type { ResolvedTask } from '../contract/index.js';
import type { EpisodeResult } from './episode.js';
import type { StepRecord } from './types.js';

type ScreenSize = { width: number; height: number };

export class EpisodeTrace {
  private readonly sizes = new Map<number, ScreenSize>();

  /** `onStep`: told of each step as it is recorded (the run's progress line). */
  private constructor(readonly dir: string, private readonly onStep?: (step: StepRecord) => void) {}

  static async create(dir: string, opts: { onStep?: (step: StepRecord) => void } = {}): Promise<EpisodeTrace> {
    await mkdir(dir, { recursive: true });
    return new EpisodeTrace(dir, opts.onStep);
  }

  async step(step: StepRecord, screenshot?: Buffer, screen?: ScreenSize): Promise<void> {
    if (screen) this.sizes.set(step.index, { width: screen.width, height: screen.height });
    if (screenshot) await writeFile(join(this.dir, `step-${String(step.index).padStart(2, '0')}.png`), screenshot);
    this.onStep?.(step);
  }

  /** `abandoned`: the steps a lost replay took before the fallback restarted the task. */
  async finish(task: ResolvedTask, result: EpisodeResult, steps: StepRecord[], checks: CheckRecord[], abandoned: StepRecord[] = []): Promise<void> {
    const { start, ...rest } = task;
    const sized = (list: StepRecord[]) => list.map((s) => (this.sizes.has(s.index) ? { ...s, screen_size: this.sizes.get(s.index) } : s));
    const trace = { task: { ...rest, start: { url: start.url, app: start.app } }, result, steps: sized(steps), checks, ...(abandoned.length ? { abandoned: sized(abandoned) } : {}) };
    await writeFile(join(this.dir, 'trace.json'), JSON.stringify(trace, null, 2));
  }
}

/** Where an episode's files are, relative to its run directory. */
export function episodeDir(instance: string, episode: number): string {
  return join('episodes', instance.replace('#', '-'), String(episode));
}
