// Writes one episode's record: step-NN.png as each step ends, trace.json when it ends.
// Everything written here has passed through the secret placeholders, never the values.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckRecord } from '../tasks/checks.js';
import type { ResolvedTask } from '../tasks/types.js';
import type { EpisodeResult } from './episode.js';
import type { StepRecord } from './types.js';

export class EpisodeTrace {
  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<EpisodeTrace> {
    await mkdir(dir, { recursive: true });
    return new EpisodeTrace(dir);
  }

  async step(step: StepRecord, screenshot?: Buffer): Promise<void> {
    if (screenshot) await writeFile(join(this.dir, `step-${String(step.index).padStart(2, '0')}.png`), screenshot);
  }

  /** `abandoned`: the steps a lost replay took before the fallback restarted the task. */
  async finish(task: ResolvedTask, result: EpisodeResult, steps: StepRecord[], checks: CheckRecord[], abandoned: StepRecord[] = []): Promise<void> {
    const { start, ...rest } = task;
    const trace = { task: { ...rest, start: { url: start.url, app: start.app } }, result, steps, checks, ...(abandoned.length ? { abandoned } : {}) };
    await writeFile(join(this.dir, 'trace.json'), JSON.stringify(trace, null, 2));
  }
}

/** Where an episode's files are, relative to its run directory. */
export function episodeDir(instance: string, episode: number): string {
  return join('episodes', instance.replace('#', '-'), String(episode));
}
