// A suite run: instances x episodes over a pool of workers, each with its own driver.
// results.jsonl gets a line as each episode ends, so a run that dies keeps what it did, and
// `resume` continues it without running those again; summary.json and junit.xml are written at
// the end (and on SIGINT/SIGTERM, from what has ended), over every episode of the run.
// Limits (--max-cost, --max-model-calls) and signals stop it cleanly: no episode starts after,
// those in flight stop at their next step, and summary.json says why (budget.ts).
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Driver, ResolvedTask } from '../contract/index.js';
import { LiveBrowser, WebDriver, launchBrowser } from '../drivers/web/index.js';
import { serveSuite } from '../tasks/site.js';
import { instances } from '../tasks/resolve.js';
import type { Suite } from '../tasks/types.js';
import { summaryTable } from './console.js';
import { RunBudget, checkLimits, type RunLimits } from './budget.js';
import type { RunPrices } from './prices.js';
import { Progress, type ProgressMode } from './progress.js';
import { runEpisode, type EpisodeResult } from './episode.js';
import type { StepRecord } from './types.js';
import { summarize, type RunSummary } from './summary.js';
import { junitXml } from './junit.js';
import { shardLabel, shardOf, type Shard } from './shard.js';
import { EpisodeTrace, episodeDir } from './trace.js';
import { episodeKey, prepareRunDir } from './run-dir.js';
import type { Pipeline } from '../critics/index.js';
import type { MemoryStore, RememberOutcome, Source } from '../memory/index.js';
import type { PolicyMaker } from './policies.js';
import { RunMemory } from './run-memory.js';

export interface RunOptions {
  suite: Suite;
  policy: PolicyMaker;
  /** Critics for each episode (built per episode: a pipeline may keep per-episode state). */
  critics?: () => Pipeline;
  /**
   * Verified successes are remembered here (and recalled by the policy maker), and a recalled
   * record whose replay lost the trail loses standing. `read`: recall only, never write (held-out
   * evaluation, CI against a shared memory), so results do not depend on the order of episodes.
   * A memory that cannot be opened or fails mid-run is set aside (run-memory.ts): the run goes
   * on without it, and summary.json's `memory` says why.
   */
  memory?: { store: MemoryStore | RunMemory; source: Source; mode?: MemoryMode };
  ids?: string[];
  seeds?: number[];
  /** Run only this slice of the instances (for one of several CI machines). */
  shard?: Shard;
  episodes?: number;
  maxSteps?: number;
  out?: string;
  /**
   * Continue the run in `out` (one a kill stopped): the episodes its results.jsonl holds are
   * not run again, and the reports cover them all. Without it a directory holding a run is refused.
   */
  resume?: boolean;
  /** Also write the JUnit report here (it is always written to <run dir>/junit.xml). */
  junit?: string;
  workers?: number;
  headed?: boolean;
  browserEndpoint?: string;
  /** Drivers for another platform (Android): one per worker, maybe fewer (one per device). Default: web. */
  makeDrivers?: (workers: number) => Promise<Driver[]>;
  screenshots?: boolean;
  log?: (line: string) => void;
  /** `lines` (default): a line per finished episode; `live`: one line redrawn on the terminal (progress.ts); `quiet`: neither. */
  progress?: ProgressMode;
  /** The models' prices: each episode's cost_usd and the summary's. */
  prices?: RunPrices;
  /** Reaching one stops the run cleanly: no new episode starts, those in flight stop at their next step. --max-cost needs prices. */
  limits?: RunLimits;
  /** Called on SIGINT/SIGTERM once the run has stopped, written its reports and closed its browsers and servers; `dir` is the run directory. */
  onInterrupt?: (signal: NodeJS.Signals, dir: string) => void;
}

export type MemoryMode = 'read' | 'read-write';

export interface RunOutcome {
  summary: RunSummary;
  dir: string;
  results: EpisodeResult[];
  /** What memory did with each verified success: added, merged, replaced, kept. */
  remembered: Record<RememberOutcome['kind'], number>;
}

export async function runSuite(opts: RunOptions): Promise<RunOutcome> {
  checkLimits(opts.prices, opts.limits);
  const now = new Date();
  const fresh = { run_id: `${stamp(now)}-${opts.suite.name}-${Math.random().toString(36).slice(2, 6)}`, suite: opts.suite.name, started_at: now.toISOString() };
  // Before anything starts (the site, the browser), so a bad directory leaves nothing running.
  const runDir = await prepareRunDir(resolve(opts.out ?? join('runs', fresh.run_id)), { resume: opts.resume, fresh });
  const { dir, resultsFile, identity, previous, dropped } = runDir;
  const runId = identity.run_id;
  const started = new Date(identity.started_at);
  const junitCopy = opts.junit && resolve(opts.junit);
  const done = new Set(previous.map(episodeKey));

  const { suite, close: stopServing } = await serveSuite(opts.suite);
  const shard = opts.shard && shardLabel(opts.shard);
  let all: ResolvedTask[];
  let mine: ResolvedTask[];
  let jobs: { task: ResolvedTask; episode: number }[];
  try {
    all = instances(suite, { seeds: opts.seeds, ids: opts.ids });
    mine = opts.shard ? shardOf(all, opts.shard) : all;
    jobs = mine.flatMap((task) => {
      if (opts.maxSteps) task.budget.max_steps = opts.maxSteps;
      return Array.from({ length: opts.episodes ?? 1 }, (_, n) => ({ task, episode: n + 1 }));
    }).filter((job) => !done.has(episodeKey({ instance: job.task.instance, episode: job.episode })));
    await runDir.open();
  } catch (e) {
    await stopServing();
    throw e;
  }

  const results: EpisodeResult[] = [...previous];
  const total = previous.length + jobs.length;
  const progress = new Progress(opts.progress ?? 'lines', total, opts.log ?? ((l: string) => console.log(l)), previous.length);
  const log = (line: string) => progress.say(line);
  const budget = new RunBudget(opts.prices, opts.limits, previous, (stop) => {
    if (stop.by !== 'signal') log(`cairn: stopping: ${stop.reason}; no new episode starts, those running stop at their next step`);
  });
  const remembered: RunOutcome['remembered'] = { added: 0, merged: 0, replaced: 0, kept: 0 };
  const memory = opts.memory && RunMemory.of(opts.memory.store);
  const stopListening = memory?.onUnavailable((reason) => log(`memory: unavailable (${reason}); the run goes on without memory`));
  const learn = async (task: ResolvedTask, result: EpisodeResult, history: StepRecord[]) => {
    if (!memory || opts.memory!.mode === 'read') return;
    const outcome = await memory.learn(task, result, history, { run_id: runId, source: opts.memory!.source });
    if (outcome) remembered[outcome.kind]++;
  };
  // A signal writes the reports at once and the run writes them again as it ends: one write
  // at a time, each file whole (the process may exit in the middle of the second).
  let writing: Promise<unknown> = Promise.resolve();
  const writeReports = (): Promise<RunSummary> => {
    const next = writing.then(writeReportsNow, writeReportsNow);
    writing = next;
    return next;
  };
  const writeReportsNow = async () => {
    const info = {
      run_id: runId, suite: suite.name, shard, policy: opts.policy.name, model: opts.policy.model ?? null, started_at: started, finished_at: new Date(), memory: memory?.health,
      priced: !!opts.prices, stopped: budget.stopped(total - results.length),
    };
    const summary = summarize(info, results);
    const junit = junitXml(results, { ...info, episodes: opts.episodes ?? 1, tracePath: (r) => join(episodeDir(r.instance, r.episode), 'trace.json') });
    await writeWhole(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
    await writeWhole(join(dir, 'junit.xml'), junit);
    if (junitCopy) {
      await mkdir(dirname(junitCopy), { recursive: true });
      await writeWhole(junitCopy, junit);
    }
    return summary;
  };
  let browser: LiveBrowser | undefined;
  const drivers: Driver[] = [];
  const queue = [...jobs];
  // Once: a signal and the run's own end may both close.
  let closed: Promise<void> | undefined;
  const closeAll = () => (closed ??= (async () => {
    await Promise.allSettled(drivers.map((d) => d.close()));
    await browser?.close();
    await stopServing();
  })());
  // The library stops and cleans up (no episode starts, browsers, Appium sessions and the
  // served site are closed, the reports cover what ended); whoever called decides what the
  // process does next (the CLI exits with 130). An episode the closing cuts off is not a
  // result: `--resume` runs it again.
  let interrupted: Promise<RunSummary> | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    queue.length = 0;
    budget.halt({ by: 'signal', reason: `stopped by ${sig}` });
    interrupted = writeReports();
    void interrupted.then(closeAll).finally(() => {
      progress.finish();
      log(`\n${sig}: stopped after ${results.length}/${total} episodes; outputs in ${dir}`);
      opts.onInterrupt?.(sig, dir);
    });
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  if (shard) log(`cairn: shard ${shard} holds ${mine.length} of ${all.length} instances${mine.length ? '' : ': nothing to run'}`);
  if (opts.resume && (previous.length || dropped)) {
    log(`cairn: resuming ${dir}: ${previous.length} episodes already done${dropped ? ` (${dropped} cut-off line${dropped > 1 ? 's' : ''} of results.jsonl dropped)` : ''}`);
  }
  log(`cairn: ${jobs.length} episodes of ${suite.name} with policy ${opts.policy.name}; outputs in ${dir}`);
  try {
    const workers = Math.min(Math.max(1, opts.workers ?? 1), jobs.length); // none for an empty shard
    if (workers && opts.makeDrivers) {
      drivers.push(...(await opts.makeDrivers(workers)));
    } else if (workers) {
      // Shared by the workers; a browser that dies is relaunched (a remote one reconnected) at the next start.
      // The run handles signals (reports first, then the browsers); Playwright's handler would exit before.
      browser = new LiveBrowser(() => launchBrowser({ headed: opts.headed, endpoint: opts.browserEndpoint, handleSignals: false }));
      await browser.get();
      for (let i = 0; i < workers; i++) drivers.push(new WebDriver(browser));
    }
    await Promise.all(drivers.map(async (driver) => {
      for (let job = budget.stop ? undefined : queue.shift(); job; job = budget.stop ? undefined : queue.shift()) {
        const epDir = join(dir, episodeDir(job.task.instance, job.episode));
        if (opts.resume) await rm(epDir, { recursive: true, force: true }); // what a killed try left
        const key = episodeKey({ instance: job.task.instance, episode: job.episode });
        progress.begin(key, job.episode > 1 ? `${job.task.instance} (${job.episode})` : job.task.instance);
        const trace = await EpisodeTrace.create(epDir, { onStep: (s) => progress.step(key, s.index + 1) });
        const result = await runEpisode({
          task: job.task, episode: job.episode, driver, policy: opts.policy, screenshots: opts.screenshots ?? true, trace, onFinish: learn,
          critics: opts.critics?.(), meter: budget.meter(),
        });
        if (interrupted) break;
        results.push(result);
        await appendFile(resultsFile, `${JSON.stringify(result)}\n`);
        progress.end(key, result);
      }
    }));
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    stopListening?.();
    await closeAll();
  }
  if (interrupted) return { summary: await interrupted, dir, results, remembered };
  if (opts.memory?.mode !== 'read') await memory?.reindex();
  const summary = await writeReports();
  progress.finish();
  log(`\n${summaryTable(summary)}\noutputs: ${dir}`);
  return { summary, dir, results, remembered };
}

/** Whole or not at all: a process that exits mid-write leaves the previous file, never a cut one. */
async function writeWhole(file: string, text: string): Promise<void> {
  const part = `${file}.${process.pid}.part`;
  await writeFile(part, text);
  await rename(part, file);
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
