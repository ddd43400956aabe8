// TodoMVC benchmark over a folder of builds (not part of this project; see
// bench/todomvc-suite.ts for the suites it writes), with the rule critic as `cairn run` has
// it without a TTY (irreversible actions denied unless a task allows them). Two measurements:
//
// 1. per build: one policy on every build, seeds 1..3 by default, a table task x build;
//      node dist/bench/todomvc.js <folder> [--builds react,vue] [--seeds 1..3] [--policy search]
//        [--memory DIR] [--memory-mode read|read-write] --out DIR
// 2. transfer: record on one build (explore: search, remembering shortened successes) into a
//    fresh memory, then replay on others from that memory, read-only, on held-out seeds, with
//    no model (auto hands a lost trail over to search; replay fails instead);
//      node dist/bench/todomvc.js <folder> --record-on react --replay-on vue
//        [--record-seeds 1..3] [--replay-seeds 4..6] [--replay-policy auto|replay] --out DIR
//
// Common: [--tasks add-todo,...] [--workers 1] [--irreversible deny|allow]. Build first: npx tsc -p .
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { criticsFor } from '../agent/critics.js';
import type { EpisodeResult } from '../agent/episode.js';
import { makePolicy, type PolicyName } from '../agent/policies.js';
import { runSuite, type RunOptions } from '../agent/run.js';
import { seedsArg } from '../cli/args.js';
import { openMemory, type MemoryStore } from '../memory/index.js';
import { loadSuite } from '../tasks/load.js';
import type { Suite } from '../tasks/types.js';
import { TODOMVC_TASKS, writeTodomvcSuites } from './todomvc-suite.js';

const USAGE = `usage: node dist/bench/todomvc.js <folder> [--builds a,b] [--seeds 1..3] [--policy search|auto|replay|llm] [--memory DIR] [--memory-mode read|read-write] --out DIR
   or: node dist/bench/todomvc.js <folder> --record-on BUILD --replay-on BUILD[,BUILD] [--record-seeds 1..3] [--replay-seeds 4..6] [--replay-policy auto|replay] [--memory DIR] --out DIR
 both: [--tasks ${TODOMVC_TASKS.join(',')}] [--workers 1] [--irreversible deny|allow]`;

type Common = Pick<RunOptions, 'critics' | 'workers' | 'screenshots'>;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      builds: { type: 'string' }, tasks: { type: 'string' }, seeds: { type: 'string', default: '1..3' },
      policy: { type: 'string', default: 'search' }, memory: { type: 'string' }, 'memory-mode': { type: 'string', default: 'read-write' },
      'record-on': { type: 'string' }, 'replay-on': { type: 'string' }, 'record-seeds': { type: 'string', default: '1..3' },
      'replay-seeds': { type: 'string', default: '4..6' }, 'replay-policy': { type: 'string', default: 'auto' },
      workers: { type: 'string', default: '1' }, irreversible: { type: 'string', default: 'deny' }, out: { type: 'string' },
    },
  });
  const folder = positionals[0];
  const workers = Number(values.workers);
  if (!folder || positionals.length > 1 || !values.out || !Number.isInteger(workers) || workers < 1) throw new Error(USAGE);
  const irreversible = oneOf('--irreversible', values.irreversible, ['deny', 'allow'] as const);
  const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);
  const transfer = values['record-on'] !== undefined || values['replay-on'] !== undefined;
  if (transfer && (!values['record-on'] || !values['replay-on'])) throw new Error(`give both --record-on and --replay-on\n${USAGE}`);
  const recordOn = values['record-on']!;
  const replayOn = list(values['replay-on']) ?? [];
  const out = resolve(values.out);
  // Every flag is checked before anything is written.
  const transferFlags = !transfer ? undefined : {
    recordSeeds: seeds('--record-seeds', values['record-seeds']), replaySeeds: seeds('--replay-seeds', values['replay-seeds']),
    replayPolicy: oneOf('--replay-policy', values['replay-policy'], ['auto', 'replay'] as const),
  };
  const perBuildFlags = transfer ? undefined : {
    seeds: seeds('--seeds', values.seeds), policy: oneOf('--policy', values.policy, ['search', 'auto', 'replay', 'llm'] as const),
    memoryMode: oneOf('--memory-mode', values['memory-mode'], ['read', 'read-write'] as const),
  };

  const builds = transfer ? [...new Set([recordOn, ...replayOn])] : list(values.builds);
  const written = await writeTodomvcSuites(folder, join(out, 'suites'), { builds, tasks: list(values.tasks) });
  const suites = new Map<string, Suite>();
  for (const w of written) suites.set(w.build, await loadSuite(w.file));
  const tasks = suites.values().next().value!.templates.map((t) => t.id);
  const common: Common = { workers, screenshots: false, critics: criticsFor({ irreversible }) };
  console.log(`todomvc: builds ${[...suites.keys()].join(', ')} of ${resolve(folder)}; suites in ${join(out, 'suites')}`);

  const report = transferFlags
    ? await transferRun({ suites, tasks, common, out, recordOn, replayOn, memory: values.memory, ...transferFlags })
    : await perBuildRun({ suites, tasks, common, out, memory: values.memory, ...perBuildFlags! });
  console.log(`\n${report.table}\n\n${report.note}`);
  console.log(`rerun one build: npx cairn run ${written[0]!.file} --policy search --seeds 1..3`);
  await writeFile(join(out, 'bench.json'), JSON.stringify({ bench: 'todomvc', folder: resolve(folder), suites: written, ...report.json }, null, 2));
  console.log(`outputs: ${out}`);
}

interface Report { table: string; note: string; json: Record<string, unknown> }

async function perBuildRun(o: {
  suites: Map<string, Suite>; tasks: string[]; common: Common; out: string; seeds: number[];
  policy: PolicyName; memory?: string; memoryMode: 'read' | 'read-write';
}): Promise<Report> {
  if ((o.policy === 'auto' || o.policy === 'replay') && !o.memory) throw new Error(`--policy ${o.policy} replays from a memory: give --memory DIR`);
  const store = o.memory ? await openMemory({ uri: o.memory }) : undefined;
  const results = new Map<string, EpisodeResult[]>();
  try {
    const policy = makePolicy(o.policy, {}, store);
    for (const [build, suite] of o.suites) {
      const run = await runSuite({
        ...o.common, suite, policy, seeds: o.seeds, out: join(o.out, build), log: progress(build),
        ...(store ? { memory: { store, source: 'run' as const, mode: o.memoryMode } } : {}),
      });
      results.set(build, run.results);
    }
  } finally {
    store?.close();
  }
  const builds = [...results.keys()];
  const cells = (pick: (r: EpisodeResult) => boolean) => builds.map((b) => rate(results.get(b)!.filter(pick)));
  const rows = [...o.tasks.map((t) => [t, ...cells((r) => r.task_id === t)]), ['overall', ...cells(() => true)]];
  return {
    table: formatTable(['task', ...builds.map((b) => `${b} (${o.policy})`)], rows),
    note: `success = the rows a person sees (text, ticked) and the route match the goal. Policy ${o.policy}, seeds ${label(o.seeds)}` +
      `${store ? `, memory ${o.memory} (${o.memoryMode})` : ''}, model calls ${sum(results, (r) => r.model_calls)}.`,
    json: { mode: 'per-build', policy: o.policy, seeds: o.seeds, memory: o.memory ?? null, rows },
  };
}

async function transferRun(o: {
  suites: Map<string, Suite>; tasks: string[]; common: Common; out: string; recordOn: string; replayOn: string[];
  recordSeeds: number[]; replaySeeds: number[]; replayPolicy: 'auto' | 'replay'; memory?: string;
}): Promise<Report> {
  if (process.env.CAIRN_MODEL) throw new Error('the transfer measurement replays with no model: unset CAIRN_MODEL');
  const memoryDir = o.memory ?? join(o.out, 'memory');
  if (!o.memory && existsSync(memoryDir)) throw new Error(`${memoryDir} exists: recording needs a fresh memory; pick another --out or give --memory`);
  const store: MemoryStore = await openMemory({ uri: memoryDir });
  const replays = new Map<string, EpisodeResult[]>();
  let record: EpisodeResult[];
  try {
    record = (await runSuite({
      ...o.common, suite: o.suites.get(o.recordOn)!, policy: makePolicy('search', {}, undefined, { shorten: true }),
      memory: { store, source: 'explore' }, seeds: o.recordSeeds, out: join(o.out, `record-${o.recordOn}`), log: progress(`record ${o.recordOn}`),
    })).results;
    for (const build of o.replayOn) {
      const run = await runSuite({
        ...o.common, suite: o.suites.get(build)!, policy: makePolicy(o.replayPolicy, {}, store),
        memory: { store, source: 'run', mode: 'read' }, seeds: o.replaySeeds, out: join(o.out, `replay-${build}`), log: progress(`replay ${build}`),
      });
      replays.set(build, run.results);
    }
  } finally {
    store.close();
  }
  const row = (name: string, pick: (r: EpisodeResult) => boolean) => [name, rate(record.filter(pick)), ...[...replays.values()].flatMap((rs) => {
    const mine = rs.filter(pick);
    return [rate(mine), `${mine.filter((r) => r.policy === 'replay' && !r.handed_over && r.status === 'success').length}/${mine.length}`, String(mine.filter((r) => r.handed_over).length)];
  })];
  const rows = [...o.tasks.map((t) => row(t, (r) => r.task_id === t)), row('overall', () => true)];
  const header = ['task', `record ${o.recordOn} (search)`, ...o.replayOn.flatMap((b) => [`${b} (${o.replayPolicy})`, `${b} replay to end`, `${b} handovers`])];
  return {
    table: formatTable(header, rows),
    note: `Recorded on ${o.recordOn} with search (explore), seeds ${label(o.recordSeeds)}, into ${memoryDir}; replayed read-only with ${o.replayPolicy}, ` +
      `held-out seeds ${label(o.replaySeeds)}, no model. "replay to end": successes replay finished with no handover; a handover is to search (auto).`,
    json: { mode: 'transfer', record_on: o.recordOn, replay_on: o.replayOn, record_seeds: o.recordSeeds, replay_seeds: o.replaySeeds, replay_policy: o.replayPolicy, memory: memoryDir, header, rows },
  };
}

function rate(rs: EpisodeResult[]): string {
  const ok = rs.filter((r) => r.status === 'success').length;
  return rs.length ? `${ok}/${rs.length} ${Math.round((100 * ok) / rs.length)}%` : '-';
}

const sum = (m: Map<string, EpisodeResult[]>, f: (r: EpisodeResult) => number) => [...m.values()].flat().reduce((n, r) => n + f(r), 0);

function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const progress = (phase: string) => (line: string) => { if (/^(ok|FAIL|ERR) /.test(line)) console.log(`[${phase}] ${line}`); };

function seeds(flag: string, value: string): number[] {
  try {
    return seedsArg(value);
  } catch (e) {
    throw new Error(`${flag} ${value}: ${(e as Error).message}`);
  }
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${flag} ${value}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

const label = (s: number[]) => (s.length > 1 && s.at(-1)! - s[0]! === s.length - 1 ? `${s[0]}..${s.at(-1)}` : s.join(','));

try {
  await main();
} catch (e) {
  console.error(`todomvc: ${(e as Error).message}`);
  process.exitCode = 2;
}
