// The run directory, prepared before anything starts: a new one, or (resume) one a killed
// run left, whose finished episodes are read back from results.jsonl so they are not run
// again. A directory that already holds a run is never overwritten without resume.
import { readFile, rename, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EpisodeResult } from './episode.js';

export class RunDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunDirError';
  }
}

/** What identifies a run across a resume: written as run.json when the run starts. */
export interface RunIdentity { run_id: string; suite: string; started_at: string }

export interface RunDir {
  dir: string;
  resultsFile: string;
  identity: RunIdentity;
  /** Episodes a killed run finished, in the order they ended (empty for a new run). */
  previous: EpisodeResult[];
  /** Lines of results.jsonl that were cut off by a kill (dropped by open()). */
  dropped: number;
  /** Creates the directory (a new run: with run.json and an empty results.jsonl), and rewrites a results.jsonl a kill cut off. */
  open(): Promise<void>;
}

const RESULTS = 'results.jsonl';
const IDENTITY = 'run.json';

/** The key an episode is known by in a run: its instance (task id and seed) and its number. */
export const episodeKey = (r: { instance: string; episode: number }): string => `${r.instance}/${r.episode}`;

/** Checks the directory and reads what a killed run left in it; writes nothing until open(). */
export async function prepareRunDir(dir: string, o: { resume?: boolean; fresh: RunIdentity }): Promise<RunDir> {
  const kind = await kindOf(dir);
  if (kind === 'other') throw new RunDirError(`the run directory ${dir} is a file, not a directory; give --out a directory`);
  const resultsFile = join(dir, RESULTS);
  const holdsRun = kind === 'dir' && ((await kindOf(resultsFile)) !== 'none' || (await kindOf(join(dir, IDENTITY))) !== 'none');
  if (holdsRun && !o.resume) {
    throw new RunDirError(`${dir} already holds a run; pass --resume to continue it (finished episodes are kept), or give --out a new directory`);
  }
  if (!holdsRun) {
    const open = async () => {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, IDENTITY), JSON.stringify(o.fresh, null, 2));
      await writeFile(resultsFile, '', { flag: 'a' });
    };
    return { dir, resultsFile, identity: o.fresh, previous: [], dropped: 0, open };
  }
  const identity = await readIdentity(dir);
  if (identity && identity.suite !== o.fresh.suite) {
    throw new RunDirError(`${dir} holds a run of suite "${identity.suite}", not "${o.fresh.suite}"; resume it with its own suite, or give --out a new directory`);
  }
  const { previous, dropped, torn } = await readResults(resultsFile);
  const open = async () => {
    if (!identity) await writeFile(join(dir, IDENTITY), JSON.stringify(o.fresh, null, 2));
    if (torn) await rewrite(resultsFile, previous);
  };
  return { dir, resultsFile, identity: identity ?? o.fresh, previous, dropped, open };
}

async function kindOf(path: string): Promise<'none' | 'dir' | 'other'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'other';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'none';
    if (code === 'ENOTDIR') throw new RunDirError(`the run directory ${path} cannot be made: part of its path is a file`);
    throw e;
  }
}

/** run.json; none for a run directory from before it was written (the resumed run writes one). */
async function readIdentity(dir: string): Promise<RunIdentity | undefined> {
  try {
    const read = JSON.parse(await readFile(join(dir, IDENTITY), 'utf8')) as Partial<RunIdentity>;
    if (typeof read.run_id === 'string' && typeof read.suite === 'string' && typeof read.started_at === 'string') {
      return { run_id: read.run_id, suite: read.suite, started_at: read.started_at };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && !(e instanceof SyntaxError)) throw e;
  }
  return undefined;
}

/**
 * The episodes results.jsonl holds. A kill in the middle of an append leaves a cut-off last
 * line: it is dropped (`torn`: the file is to be rewritten without it) and its episode runs again.
 */
async function readResults(file: string): Promise<{ previous: EpisodeResult[]; dropped: number; torn: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { previous: [], dropped: 0, torn: false };
    throw e;
  }
  const previous: EpisodeResult[] = [];
  let dropped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const r = parseResult(line);
    if (r) previous.push(r);
    else dropped++;
  }
  return { previous, dropped, torn: dropped > 0 || (text.length > 0 && !text.endsWith('\n')) };
}

/** Atomically: a reader (or another kill) sees the old file or the new. */
async function rewrite(file: string, results: EpisodeResult[]): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  await rename(tmp, file);
}

function parseResult(line: string): EpisodeResult | undefined {
  try {
    const r = JSON.parse(line) as Partial<EpisodeResult>;
    return typeof r.instance === 'string' && typeof r.episode === 'number' && typeof r.status === 'string' ? (r as EpisodeResult) : undefined;
  } catch {
    return undefined;
  }
}
