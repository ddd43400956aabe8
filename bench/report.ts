// How the HTML report scales: a synthetic run of 1,000 episodes x 15 steps (one shared
// screenshot file per episode, as a run has one per step), the report built, its size
// without screenshots, and the time Chromium takes to open it and show the episode list.
//   npx tsc -p . && node dist/bench/report.js [--episodes 1000] [--steps 15]
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { EpisodeResult } from '../agent/episode.js';
import { summarize } from '../agent/summary.js';
import { episodeDir } from '../agent/trace.js';
import { launchBrowser } from '../drivers/web/index.js';
import { reportRun } from '../report/index.js';

const { values } = parseArgs({ options: { episodes: { type: 'string', default: '1000' }, steps: { type: 'string', default: '15' } } });
const EPISODES = Number(values.episodes);
const STEPS = Number(values.steps);

const dir = await mkdtemp(join(tmpdir(), 'cairn-report-bench-'));
const png = await sharp({ create: { width: 1280, height: 800, channels: 3, background: '#ddd' } }).png().toBuffer();
const results: EpisodeResult[] = [];
for (let i = 0; i < EPISODES; i++) {
  const status = i % 7 === 0 ? 'failed' : 'success';
  const r: EpisodeResult = {
    instance: `task-${i % 40}#${i}`, task_id: `task-${i % 40}`, seed: i, episode: 1, status, reason: status === 'success' ? 'agent said done' : 'checks failed',
    steps: STEPS, driver_actions: STEPS, model_calls: STEPS, tokens: { prompt: 900 * STEPS, completion: 60 * STEPS }, wall_ms: 20_000,
    step_overhead_ms: Array(STEPS).fill(50), phases_ms: { start: 500, prepare: 10, steps: 19_000, verify: 10 }, policy: i % 3 ? 'llm' : 'replay',
  };
  results.push(r);
  const ep = join(dir, episodeDir(r.instance, 1));
  await mkdir(ep, { recursive: true });
  const steps = Array.from({ length: STEPS }, (_, k) => ({
    index: k, location: 'http://127.0.0.1:9/app/', screen: 'App — Page', action: { type: 'click', target: { element: k } },
    thought: 'The button that saves the form is at the bottom; clicking it should store the contact. '.repeat(2),
    result: { ok: true, act_ms: 40, target: { role: 'button', name: `Button ${k}`, attrs: {}, bbox: { x: 100, y: 40 * k, w: 120, h: 32 } } },
    verdicts: [{ decision: 'approve', critic: 'rules', rule: 'ok', reason: 'every rule holds' }], timings: { observe_ms: 20, act_ms: 40 },
  }));
  await writeFile(join(ep, 'step-00.png'), png);
  await writeFile(join(ep, 'trace.json'), JSON.stringify({ task: { goal: `Do task ${i}`, params: {}, tags: ['bench'] }, result: r, steps, checks: [] }));
}
await writeFile(join(dir, 'results.jsonl'), results.map((r) => JSON.stringify(r)).join('\n') + '\n');
const summary = summarize({ run_id: 'bench', suite: 'bench', policy: 'llm', model: 'x', started_at: new Date(), finished_at: new Date() }, results);
await writeFile(join(dir, 'summary.json'), JSON.stringify(summary));

let t = performance.now();
const index = await reportRun(dir);
const buildMs = performance.now() - t;
const size = async (path: string): Promise<number> => {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const f of await readdir(path)) total += await size(join(path, f));
  return total;
};
const pageBytes = (await size(join(dir, 'report', 'index.html'))) + (await size(join(dir, 'report', 'data.js'))) + (await size(join(dir, 'report', 'app.js')));
const allBytes = await size(join(dir, 'report'));

const browser = await launchBrowser({});
const page = await browser.newPage();
t = performance.now();
await page.goto(pathToFileURL(index).href);
await page.locator('#episodes tr.row').first().waitFor();
const openMs = performance.now() - t;
t = performance.now();
await page.locator('#episodes tr.row').first().click();
await page.getByRole('heading', { name: 'Steps' }).waitFor();
const episodeMs = performance.now() - t;
await browser.close();
await rm(dir, { recursive: true, force: true });

const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
console.log(`| episodes x steps | build | page + data (opened at once) | all report files (episodes load on demand) | open to list | open an episode |
|---|---|---|---|---|---|
| ${EPISODES} x ${STEPS} | ${(buildMs / 1000).toFixed(1)} s | ${mb(pageBytes)} | ${mb(allBytes)} | ${openMs.toFixed(0)} ms | ${episodeMs.toFixed(0)} ms |
Screenshots are the run's own files, not counted: the report links them.`);
