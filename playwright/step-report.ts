// A step's directory as a one-episode cairn run: its trace moved where a run keeps an
// episode's files, results.jsonl and summary.json beside it, and cairn's HTML report over it
// (report/index.html), so a test's step opens in the same report `cairn run` writes.
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EpisodeResult } from '../agent/episode.js';
import { summarize } from '../agent/summary.js';
import { episodeDir } from '../agent/trace.js';
import { reportRun } from '../report/index.js';

export interface StepRun { report: string; trace: string }

export async function writeStepRun(dir: string, result: EpisodeResult, info: { runId: string; suite: string; model: string | null; started: Date }): Promise<StepRun> {
  const episode = join(dir, episodeDir(result.instance, result.episode));
  await mkdir(episode, { recursive: true });
  for (const f of await readdir(dir)) if (f === 'trace.json' || f.endsWith('.png')) await rename(join(dir, f), join(episode, f));
  await writeFile(join(dir, 'results.jsonl'), `${JSON.stringify(result)}\n`);
  const summary = summarize({ run_id: info.runId, suite: info.suite, policy: result.policy, model: info.model, started_at: info.started, finished_at: new Date() }, [result]);
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
  return { report: await reportRun(dir), trace: join(episode, 'trace.json') };
}
