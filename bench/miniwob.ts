// MiniWoB++ benchmark: over a MiniWoB++ html folder (not part of this project), with the
// rule critic as `cairn run` has it,
//   1. search on seeds 0..9;
//   2. explore (search, remembering shortened successes) on seeds 1000..1004 into a fresh memory;
//   3. auto on seeds 0..19 against that memory, read-only;
// then a table per task and overall. Success = raw reward >= 1, the published protocol.
// Run: npx tsc -p . && node dist/bench/miniwob.js <html-folder> [--tasks a,b] [--out dir] [--workers n]
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { criticsFor } from '../agent/critics.js';
import type { EpisodeResult } from '../agent/episode.js';
import { makePolicy } from '../agent/policies.js';
import { runSuite, type RunOptions } from '../agent/run.js';
import { openMemory } from '../memory/index.js';
import { loadSuite } from '../tasks/load.js';
import { PAGE_TIMER_MS, writeMiniwobSuite } from './miniwob-suite.js';
import { formatBenchTable, tabulate } from './miniwob-table.js';

const SEEDS = { search: range(0, 9), explore: range(1000, 1004), auto: range(0, 19) };
const USAGE = 'usage: node dist/bench/miniwob.js <miniwob-html-folder> [--tasks a,b] [--out dir] [--workers n]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tasks: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string', default: '1' } },
  });
  const folder = positionals[0];
  const workers = Number(values.workers);
  if (!folder || positionals.length > 1 || !Number.isInteger(workers) || workers < 1) throw new Error(USAGE);
  const out = resolve(values.out ?? join('runs', `miniwob-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`));
  const memoryDir = join(out, 'memory');
  if (existsSync(memoryDir)) throw new Error(`${memoryDir} exists: explore needs a fresh memory; pick another --out`);

  const suiteFile = await writeMiniwobSuite(folder, join(out, 'miniwob-suite.yaml'), { tasks: values.tasks?.split(',').map((t) => t.trim()).filter(Boolean) });
  const suite = await loadSuite(suiteFile);
  console.log(`miniwob: ${suite.templates.length} task pages of ${resolve(folder)}; suite ${suiteFile}`);
  console.log(`miniwob: page timer core.EPISODE_MAX_TIME set to ${PAGE_TIMER_MS / 60_000} min (off in practice); success = raw reward >= 1 (the published protocol)`);

  const common: Pick<RunOptions, 'suite' | 'critics' | 'workers' | 'screenshots'> = {
    suite, workers, screenshots: false,
    // As `cairn run` has it without a TTY; the pages are a sandbox, so their tasks allow what a delete would need.
    critics: criticsFor({ irreversible: 'deny', allowed: suite.allowed }),
  };
  const phase = (name: string) => (line: string) => { if (/^(ok|FAIL|ERR) /.test(line)) console.log(`[${name}] ${line}`); };
  const wall: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      wall[name] = Math.round((performance.now() - t0) / 100) / 10;
    }
  };

  const search = await timed('search', () => runSuite({ ...common, policy: makePolicy('search', {}), seeds: SEEDS.search, out: join(out, 'search'), log: phase('search') }));
  const store = await openMemory({ uri: memoryDir });
  let explore: Awaited<ReturnType<typeof runSuite>>;
  let auto: Awaited<ReturnType<typeof runSuite>>;
  try {
    explore = await timed('explore', () => runSuite({
      ...common, policy: makePolicy('search', {}, undefined, { shorten: true }), memory: { store, source: 'explore' },
      seeds: SEEDS.explore, out: join(out, 'explore'), log: phase('explore'),
    }));
    auto = await timed('auto', () => runSuite({
      ...common, policy: makePolicy('auto', {}, store), memory: { store, source: 'run', mode: 'read' },
      seeds: SEEDS.auto, out: join(out, 'auto'), log: phase('auto'),
    }));
  } finally {
    store.close();
  }

  const results: Record<'search' | 'explore' | 'auto', EpisodeResult[]> = { search: search.results, explore: explore.results, auto: auto.results };
  const rows = tabulate(suite.templates.map((t) => t.id), results);
  console.log(`\n${formatBenchTable(rows)}`);
  console.log(`\nsuccess = raw reward >= 1 (the published protocol). Seeds: search ${label(SEEDS.search)}, explore ${label(SEEDS.explore)} ` +
    `into a fresh memory, auto ${label(SEEDS.auto)} against it read-only. Page timer ${PAGE_TIMER_MS / 60_000} min. ` +
    `Phase wall time: search ${wall.search}s, explore ${wall.explore}s, auto ${wall.auto}s. Workers: ${workers}.`);
  console.log(`rerun a phase: npx cairn run ${suiteFile} --policy search --seeds 0..9`);
  await writeFile(join(out, 'bench.json'), JSON.stringify({ bench: 'miniwob', folder: resolve(folder), suite: suiteFile, seeds: SEEDS, page_timer_ms: PAGE_TIMER_MS, workers, phase_wall_s: wall, rows }, null, 2));
  console.log(`outputs: ${out}`);
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

const label = (seeds: number[]) => `${seeds[0]}..${seeds.at(-1)}`;

try {
  await main();
} catch (e) {
  console.error(`miniwob: ${(e as Error).message}`);
  process.exitCode = 2;
}
