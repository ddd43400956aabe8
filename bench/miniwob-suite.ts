// A cairn suite over a MiniWoB++ checkout: one task per `miniwob/*.html` page of the folder,
// all from the same defaults (no page is named here). Each episode opens the page, seeds
// Math.random, stretches the page's timer, starts the episode (what a click on START does)
// and reads the goal the page wrote; success is the page's raw reward >= 1, as published
// results count it. The first end of an episode counts: the START cover it brings back
// starts no other episode.
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';

/** The page's episode limit (core.EPISODE_MAX_TIME) during a run: an hour, longer than any budget, so off in practice. */
export const PAGE_TIMER_MS = 3_600_000;

const SETUP = `Math.seedrandom({{seed}});
core.EPISODE_MAX_TIME = ${PAGE_TIMER_MS};
core.startEpisodeReal();
// The countdown text would change the screen every second.
clearInterval(core.CD_TIMER);
// Latched: once this episode ends, the START cover it shows again starts no other one.
core.startEpisodeReal = function () {};`;

export interface MiniwobSuiteOptions {
  /** Only these pages (file names without .html). */
  tasks?: string[];
  seeds?: string;
  budget?: { max_steps: number; timeout_s: number };
}

/** The page names of the folder's `miniwob/` (checked: the folder must look like MiniWoB's `html/`). */
export async function miniwobPages(htmlDir: string): Promise<string[]> {
  const pages = join(resolve(htmlDir), 'miniwob');
  const info = await stat(pages).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`${htmlDir}: expected MiniWoB++'s html folder, holding miniwob/<task>.html (and core/); there is no ${pages}`);
  const names = (await readdir(pages)).filter((f) => f.endsWith('.html')).map((f) => f.slice(0, -'.html'.length)).sort();
  if (!names.length) throw new Error(`${pages} holds no .html task page`);
  return names;
}

export async function miniwobSuiteText(htmlDir: string, opts: MiniwobSuiteOptions = {}): Promise<string> {
  const pages = await miniwobPages(htmlDir);
  const unknown = (opts.tasks ?? []).filter((t) => !pages.includes(t));
  if (unknown.length) throw new Error(`no page ${unknown.map((u) => `"${u}"`).join(', ')} in ${join(htmlDir, 'miniwob')}; pages: ${pages.join(', ')}`);
  const chosen = opts.tasks?.length ? pages.filter((p) => opts.tasks!.includes(p)) : pages;
  const suite = {
    name: 'miniwob',
    description: `MiniWoB++ task pages of ${resolve(htmlDir)}; success = raw reward >= 1 (the published protocol)`,
    base_url: resolve(htmlDir),
    app: 'miniwob',
    seeds: opts.seeds ?? '0..9',
    defaults: {
      // The page starts its episode machinery on window.onload: setup runs after it.
      wait_until: 'load',
      budget: opts.budget ?? { max_steps: 15, timeout_s: 90 },
      setup: [{ js: SETUP }],
      goal_from: { js: 'core.getUtterance()' },
      checks: [{ js: 'WOB_RAW_REWARD_GLOBAL >= 1' }],
      tags: ['miniwob'],
    },
    // The pages are a sandbox with nothing real to lose: a delete there needs no confirmation.
    tasks: chosen.map((id) => ({ id, start: { url: `miniwob/${id}.html` }, allow_irreversible: true })),
  };
  return `# Written by bench/miniwob.ts. Rerun with: npx cairn run <this file> --policy search --seeds 0..9\n${stringify(suite, { lineWidth: 0 })}`;
}

/** Writes the suite to `file` (making its folder) and returns its path. */
export async function writeMiniwobSuite(htmlDir: string, file: string, opts: MiniwobSuiteOptions = {}): Promise<string> {
  const text = await miniwobSuiteText(htmlDir, opts);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}
