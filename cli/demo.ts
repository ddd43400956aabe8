// `npm run demo`: the memory story on the practice apps, offline. Explore training seeds into
// a fresh memory, then run held-out seeds twice — with memory (auto: replay) and without
// (search) — and compare.
import { exitInterrupted } from './args.js';
import { join, resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { criticsFor } from '../agent/critics.js';
import { makePolicy } from '../agent/policies.js';
import { runSuite, type RunOutcome } from '../agent/run.js';
import type { RunSummary } from '../agent/summary.js';
import { openMemory } from '../memory/index.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { loadSuite } from '../tasks/load.js';

export interface DemoOptions { out?: string; workers: number; trainSeeds: number[]; testSeeds: number[] }

export async function runDemo(o: DemoOptions): Promise<{ dir: string; ok: boolean }> {
  const suite = await loadSuite(DEMO_SUITE);
  const dir = resolve(o.out ?? join('runs', `demo-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`));
  const store = await openMemory({ uri: join(dir, 'memory') });
  // The rule critic vets every action, as in `cairn run`; the demo never stops to ask.
  const critics = criticsFor({ irreversible: 'deny' });
  const quiet = (prefix: string) => (line: string) => { if (!line.startsWith('\n')) console.log(`${prefix} ${line}`); };
  try {
    console.log(`1/3 explore: seeds ${range(o.trainSeeds)} with the search policy, verified successes into ${join(dir, 'memory')}`);
    const explore = await runSuite({ suite, policy: makePolicy('search', {}, undefined, { shorten: true }), seeds: o.trainSeeds, workers: o.workers, critics, onInterrupt: exitInterrupted,
      out: join(dir, 'explore'), memory: { store, source: 'explore' }, log: quiet('  explore') });
    console.log(`  memory: ${explore.remembered.added} stored, ${explore.remembered.merged + explore.remembered.kept} deduplicated, ${explore.remembered.replaced} replaced by shorter; ${await store.count()} trajectories`);

    console.log(`2/3 held-out seeds ${range(o.testSeeds)} with memory (auto: replay when a trajectory fits)`);
    // The comparison times the policies, so neither side pays for step screenshots.
    const withMemory = await runSuite({ suite, policy: makePolicy('auto', {}, store), seeds: o.testSeeds, workers: o.workers, critics, onInterrupt: exitInterrupted,
      out: join(dir, 'with-memory'), screenshots: false, log: quiet('  memory ') });
    console.log(`3/3 the same seeds without memory (search)`);
    const without = await runSuite({ suite, policy: makePolicy('search', {}), seeds: o.testSeeds, workers: o.workers, critics, onInterrupt: exitInterrupted,
      out: join(dir, 'without-memory'), screenshots: false, log: quiet('  search ') });

    const summary = { explore: explore.summary, with_memory: withMemory.summary, without_memory: without.summary, memory: { uri: store.uri, ...explore.remembered } };
    await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
    console.log(`\n${comparison(withMemory, without)}\n\noutputs: ${dir}/summary.json (explore, with_memory, without_memory), and each part's own folder`);
    return { dir, ok: withMemory.summary.success_rate >= 0.95 };
  } finally {
    store.close();
  }
}

function comparison(withMemory: RunOutcome, without: RunOutcome): string {
  const rows: [string, (s: RunSummary) => string][] = [
    ['success rate', (s) => `${(s.success_rate * 100).toFixed(1)}% (${s.succeeded}/${s.episodes})`],
    ['mean steps', (s) => s.mean_steps.toFixed(2)],
    ['driver actions', (s) => String(s.driver_actions)],
    ['model calls', (s) => String(s.model_calls)],
    ['wall time', (s) => `${s.wall_s.toFixed(1)} s`],
    ['per episode (ms)', (s) => `${Object.values(s.mean_phases_ms).map((ms) => Math.round(ms)).join(' / ')}`],
    ['policies', (s) => Object.entries(s.by_policy).map(([p, n]) => `${p} ${n}`).join(', ')],
  ];
  const w = (t: string) => `${t} `.padEnd(24); // a space always parts the columns
  return [
    `${w('held-out seeds')}${w('with memory')}${w('without (search)')}`,
    ...rows.map(([name, f]) => `${w(name)}${w(f(withMemory.summary))}${w(f(without.summary))}`),
    `${w('wall time ratio')}${(withMemory.summary.wall_s / Math.max(without.summary.wall_s, 1e-9)).toFixed(2)}`,
    '(per episode: start / prepare: choosing, recalling, searching / steps / verify)',
  ].join('\n');
}

const range = (seeds: number[]) => (seeds.length > 1 ? `${seeds[0]}..${seeds.at(-1)}` : String(seeds[0]));
