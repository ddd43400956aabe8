// Reading what a run left behind, for the report: run.json, summary.json, results.jsonl and
// each episode's trace.json. A run a kill stopped has no summary.json: it is rebuilt from
// results.jsonl, as `--resume` does.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EpisodeResult } from '../agent/episode.js';
import { summarize, type RunSummary } from '../agent/summary.js';

export interface RunRecord {
  dir: string;
  summary: RunSummary;
  results: EpisodeResult[];
}

export async function readRun(dir: string): Promise<RunRecord> {
  const text = await readFile(join(dir, 'results.jsonl'), 'utf8').catch(() => {
    throw new Error(`${dir}: not a cairn run directory (it has no results.jsonl)`);
  });
  const results: EpisodeResult[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      results.push(JSON.parse(line) as EpisodeResult);
    } catch {
      // a line a kill cut off: the episode counts as not run
      if (i < lines.length - 2) throw new Error(`${join(dir, 'results.jsonl')}:${i + 1}: not a JSON line`);
    }
  });
  const summary = await readJson<RunSummary>(join(dir, 'summary.json')) ?? await rebuiltSummary(dir, results);
  return { dir, summary, results };
}

async function rebuiltSummary(dir: string, results: EpisodeResult[]): Promise<RunSummary> {
  const run = await readJson<{ run_id: string; suite: string; started_at: string; policy?: string }>(join(dir, 'run.json'));
  const started = new Date(run?.started_at ?? Date.now());
  return summarize({ run_id: run?.run_id ?? 'unknown', suite: run?.suite ?? 'unknown', policy: run?.policy ?? 'unknown', model: null, started_at: started, finished_at: new Date() }, results);
}

export async function readJson<T>(file: string): Promise<T | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

/** A PNG's size from its header (bytes 16-23), without decoding it. */
export async function pngSize(file: string): Promise<{ width: number; height: number } | undefined> {
  const head = await readFile(file).then((b) => b.subarray(0, 24)).catch(() => undefined);
  if (!head || head.length < 24 || head.toString('latin1', 1, 4) !== 'PNG') return undefined;
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}
