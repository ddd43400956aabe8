// `cairn report` (rebuild a run's HTML report, or serve it on 127.0.0.1) and `cairn
// merge-reports` (one report, summary and JUnit over shard runs).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { junitXml } from '../agent/junit.js';
import { episodeDir } from '../agent/trace.js';
import { buildReport, mergedSummary, readRun, reportRun } from '../report/index.js';
import { serveFolder } from '../tasks/static-server.js';
import { exitInterrupted } from './args.js';

// One report build at a time: after Ctrl-C the interrupt's build and the run's own may both
// be asked for; the process exits only once the interrupt's is whole, never in the middle of one.
let building: Promise<void> = Promise.resolve();

/** Writes the run's report and says where, once the run has ended (a kill's partial run included). */
export function reportAfterRun(runDir: string): Promise<void> {
  const build = async () => {
    try {
      console.log(`report: ${relative(process.cwd(), await reportRun(runDir)) || '.'}`);
    } catch (e) {
      console.error(`cairn: the run's report could not be written: ${(e as Error).message}`);
    }
  };
  building = building.then(build);
  return building;
}

/** On Ctrl-C: the run has written its summary and closed its browsers; the report, then exit 130. */
export function reportThenExit(_signal: NodeJS.Signals, runDir: string): void {
  void reportAfterRun(runDir).finally(exitInterrupted);
}

/** `cairn report <run-dir> [--open]`: the run's report rebuilt; --open serves the run directory until Ctrl-C. */
export async function reportCommand(dir: string, o: { open?: boolean }): Promise<void> {
  const index = await reportRun(resolve(dir));
  console.log(`report: ${index}`);
  if (!o.open) return;
  // The run directory, not the report folder: the report links the run's screenshots.
  const served = await serveFolder(resolve(dir));
  console.log(`serving: ${served.url}report/index.html (Ctrl-C stops)`);
  await new Promise<void>((done) => process.once('SIGINT', () => { void served.close().then(done); }));
}

/** `cairn merge-reports <run-dirs...> --out DIR`: one report, summary.json and junit.xml over shard runs. */
export async function mergeReportsCommand(dirs: string[], o: { out: string }): Promise<void> {
  const runs = await Promise.all(dirs.map((d) => readRun(resolve(d))));
  const out = resolve(o.out);
  await mkdir(out, { recursive: true });
  const summary = mergedSummary(runs);
  const results = runs.flatMap((r) => r.results);
  await writeFile(join(out, 'summary.json'), JSON.stringify(summary, null, 2));
  const byRun = new Map(runs.flatMap((run) => run.results.map((r) => [r, run.dir] as const)));
  await writeFile(join(out, 'junit.xml'), junitXml(results, {
    run_id: summary.run_id, suite: summary.suite, policy: summary.policy, model: summary.model,
    started_at: new Date(summary.started_at), finished_at: new Date(summary.finished_at),
    episodes: Math.max(...results.map((r) => r.episode), 1),
    tracePath: (r) => relative(out, join(byRun.get(r)!, episodeDir(r.instance, r.episode), 'trace.json')),
  }));
  const index = await buildReport(runs, join(out, 'report'), summary);
  console.log(`merged ${runs.length} runs, ${results.length} episodes (${summary.succeeded} succeeded): ${index}`);
}
