// The HTML report of one run, or of several shard runs merged: <out>/index.html, app.js (the
// one small script), data.js (the overview and the episode list) and episodes/<n>.js (one
// episode's steps, loaded when it is opened). Screenshots stay the run's own files, linked by
// relative path and loaded lazily, never inlined. Script files rather than JSON because a page
// opened from file:// may load scripts but not fetch. Works offline: nothing from a CDN.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { EpisodeResult } from '../agent/episode.js';
import { summarize, type RunSummary } from '../agent/summary.js';
import { episodeDir } from '../agent/trace.js';
import { reportApp } from './browser-script.js';
import { PAGE } from './page.js';
import { pngSize, readJson, readRun, type RunRecord } from './read.js';

const THOUGHT_MAX = 1_000;
const TEXT_MAX = 2_000;

export interface ReportRow {
  n: number;
  instance: string;
  task_id: string;
  seed: number;
  episode: number;
  status: EpisodeResult['status'];
  reason: string;
  steps: number;
  policy: string;
  handed_over: boolean;
  model_calls: number;
  tokens: number;
  cost_usd?: number;
  wall_ms: number;
  tags: string[];
  /** The shard run it came from, when several were merged. */
  run: string;
}

/** Writes the report of `runs` (one, or shards to merge) into `out`; returns its index.html. */
export async function buildReport(runs: RunRecord[], out: string, summary: RunSummary = runs.length === 1 ? runs[0]!.summary : mergedSummary(runs)): Promise<string> {
  await rm(join(out, 'episodes'), { recursive: true, force: true });
  await mkdir(join(out, 'episodes'), { recursive: true });
  const rows: ReportRow[] = [];
  let n = 0;
  for (const run of runs) {
    for (const r of run.results) {
      const dir = join(run.dir, episodeDir(r.instance, r.episode));
      const trace = await readJson<Trace>(join(dir, 'trace.json'));
      rows.push({
        n, instance: r.instance, task_id: r.task_id, seed: r.seed, episode: r.episode, status: r.status, reason: r.reason,
        steps: r.steps, policy: r.handover ? `${r.policy} → ${r.handover.to}` : r.policy, handed_over: !!r.handover,
        model_calls: r.model_calls, tokens: r.tokens.prompt + r.tokens.completion, ...(r.cost_usd !== undefined ? { cost_usd: r.cost_usd } : {}), wall_ms: r.wall_ms,
        tags: trace?.task.tags ?? [], run: run.summary.run_id,
      });
      await writeFile(join(out, 'episodes', `${n}.js`), `cairnEpisode(${n}, ${script(await episodeDetail(r, trace, dir, out))});\n`);
      n++;
    }
  }
  await writeFile(join(out, 'data.js'), `window.CAIRN = ${script({ summary, rows })};\n`);
  await writeFile(join(out, 'app.js'), `(${reportApp.toString()})();\n`);
  const index = join(out, 'index.html');
  await writeFile(index, PAGE(summary.suite));
  return index;
}

/** The report of one run directory, written into <run>/report. */
export async function reportRun(runDir: string): Promise<string> {
  return buildReport([await readRun(runDir)], join(runDir, 'report'));
}

/** One summary over shard runs: the episodes of all, the earliest start and latest end. */
export function mergedSummary(runs: RunRecord[]): RunSummary {
  const first = runs[0]!.summary;
  const started = new Date(Math.min(...runs.map((r) => Date.parse(r.summary.started_at))));
  const finished = new Date(Math.max(...runs.map((r) => Date.parse(r.summary.finished_at))));
  const stops = runs.filter((r) => r.summary.stopped);
  const stopped = stops.length ? {
    ...stops[0]!.summary.stopped!,
    reason: stops.map((r) => `${r.summary.run_id}: ${r.summary.stopped!.reason}`).join('; '),
    not_run: stops.reduce((n, r) => n + r.summary.stopped!.not_run, 0),
    cut_short: stops.reduce((n, r) => n + (r.summary.stopped!.cut_short ?? 0), 0),
  } : undefined;
  return summarize({
    run_id: runs.map((r) => r.summary.run_id).join('+'), suite: first.suite, policy: first.policy, model: first.model, started_at: started, finished_at: finished,
    priced: runs.some((r) => r.summary.cost_usd !== undefined), ...(stopped ? { stopped } : {}),
  }, runs.flatMap((r) => r.results));
}

interface TraceStep {
  index: number; location: string; screen?: string; action: unknown; thought?: string;
  result: { ok: boolean; error?: string; target?: { role: string; name: string; bbox: { x: number; y: number; w: number; h: number } }; act_ms?: number };
  verdicts?: { decision: string; critic: string; rule?: string; reason: string }[];
  timings?: Record<string, number>;
  model_calls?: number;
  tokens?: { prompt: number; completion: number; cached?: number };
  /** The screen the step's coordinates are in (CSS px, device px): the target's box is scaled from it. */
  screen_size?: { width: number; height: number };
}

interface Trace {
  task: { goal: string; params?: Record<string, string>; tags?: string[]; start?: { url?: string; app?: string } };
  steps: TraceStep[];
  checks?: { kind: string; ok: boolean; evidence: string }[];
  abandoned?: TraceStep[];
}

async function episodeDetail(r: EpisodeResult, trace: Trace | undefined, dir: string, out: string) {
  const steps = async (list: TraceStep[] = []) => Promise.all(list.map(async (s) => {
    const png = join(dir, `step-${String(s.index).padStart(2, '0')}.png`);
    const size = await pngSize(png);
    return {
      index: s.index, location: s.location, screen: s.screen, action: s.action, thought: cut(s.thought, THOUGHT_MAX),
      ok: s.result.ok, error: cut(s.result.error, TEXT_MAX), target: s.result.target,
      verdicts: (s.verdicts ?? []).map((v) => ({ ...v, reason: cut(v.reason, TEXT_MAX) })), timings: s.timings,
      ...(s.model_calls ? { model_calls: s.model_calls, tokens: s.tokens } : {}),
      // A screenshot may be scaled (a device's, a HiDPI page's): the box is placed in the screen's coordinates.
      ...(size ? { shot: relative(out, png).split('\\').join('/'), size: s.screen_size ?? size } : {}),
    };
  }));
  return {
    result: r,
    goal: trace?.task.goal ?? '',
    params: trace?.task.params ?? {},
    start: trace?.task.start?.url ?? trace?.task.start?.app ?? '',
    steps: await steps(trace?.steps),
    abandoned: await steps(trace?.abandoned),
    checks: (trace?.checks ?? []).map((c) => ({ ...c, evidence: cut(c.evidence, TEXT_MAX) })),
    trace: relative(out, join(dir, 'trace.json')).split('\\').join('/'),
  };
}

const cut = (s: string | undefined, max: number) => (s === undefined || s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** JSON safe inside a <script> file: no `</script>` and no line separators that end a JS string. */
function script(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
