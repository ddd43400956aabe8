// `cairn memory ...`: look into, search, prune, export, import and merge the experience memory.
// cli/main.ts calls registerMemoryCommands(program); the memory's modules (LanceDB, the
// embedders) load only when a memory command runs.
import { Option, type Command } from 'commander';
import { capabilitiesArg, nonNegative, positive, seedArg } from './args.js';
import type { Capabilities } from '../drivers/android/index.js';
import type { MemoryStore } from '../memory/index.js';

const memoryModule = () => import('../memory/index.js');

type Out = (line: string) => void;

/** `exit`: sets the exit code of a command that found a problem but did not fail (doctor). */
export function registerMemoryCommands(program: Command, out: Out = (l) => console.log(l), exit = (code: number) => { process.exitCode = code; }): Command {
  const memory = program
    .command('memory')
    .description('the experience memory: verified trajectories in LanceDB')
    .option('--memory <uri>', 'a directory or LanceDB URI (s3://, gs://); default $CAIRN_MEMORY or .cairn/memory');
  const withStore = async <T>(f: (s: MemoryStore) => Promise<T>): Promise<T> => {
    const { openMemory } = await memoryModule();
    const store = await openMemory({ uri: memory.opts<{ memory?: string }>().memory });
    try {
      return await f(store);
    } finally {
      store.close();
    }
  };

  memory.command('list').description('stored trajectories, newest first')
    .option('--app <app>', 'only this app (origin or package)')
    .option('--limit <n>', 'at most n', positive)
    .action((o: { app?: string; limit?: number }) => withStore(async (s) => {
      for (const r of await s.list({ ...(o.app ? { app: o.app } : {}), ...(o.limit ? { limit: o.limit } : {}) })) {
        out(`${r.id}  ${r.platform} ${r.app}  ${r.step_count} steps  ${standing(r)}  ${r.goal_template}`);
      }
    }));

  memory.command('show <id>').description('one trajectory, step by step')
    .action((id: string) => withStore(async (s) => {
      const { stepLine } = await memoryModule();
      const r = await s.get(id);
      if (!r) throw new Error(`no trajectory with id "${id}" in ${s.uri}; see \`cairn memory list\``);
      out(`${r.id}  ${r.platform} ${r.app}${r.task_id ? `  task ${r.task_id}` : ''}\ngoal: ${r.goal}\ntemplate: ${r.goal_template}\nslots: ${JSON.stringify(r.slots)}`);
      out(`from: ${r.provenance.source} run ${r.provenance.run_id}, verified by ${r.provenance.verifier}, ${r.created_at}, ${standing(r)}, learnt from ${r.instances.length} success${r.instances.length === 1 ? '' : 'es'}`);
      r.steps.forEach((st, i) => out(`${i + 1}. ${stepLine(st, {})}   [${st.screen}]${st.pinned ? '   (pinned: replays only for the values seen)' : ''}`));
    }));

  memory.command('search <goal>').description('the trajectories recall would give for a goal')
    .option('-k <k>', 'how many', positive, 5)
    .addOption(new Option('--platform <platform>', 'web or android').choices(['web', 'android']))
    .option('--app <app>', 'only this app (origin or package)')
    .action((goal: string, o: { k: number; platform?: 'web' | 'android'; app?: string }) => withStore(async (s) => {
      const task = { goal, ...(o.platform ? { platform: o.platform } : {}), ...(o.app ? { app: o.app } : {}) };
      const { renderGuidance } = await memoryModule();
      const found = await s.recall(task, o.k);
      if (!found.length) out('no trajectories found');
      found.forEach((r) => out(`${r.record.id}  score ${r.score.toFixed(4)}  similarity ${r.similarity.toFixed(2)}  ${r.record.goal_template}` +
        (r.missing.length ? `  (unmapped: ${r.missing.join(', ')})` : '')));
      if (found.length) out(`\n${renderGuidance(found, task).text}`);
    }));

  memory.command('stats').description('records, hits, embedder, indices')
    .action(() => withStore(async (s) => out(JSON.stringify(await s.stats(), null, 2))));

  memory.command('prune').description('delete trajectories (all given conditions must hold)')
    .option('--older-than <days>', 'created more than DAYS ago', nonNegative)
    .option('--app <app>', 'of this app')
    .option('--id <id>', 'this one')
    .action((o: { olderThan?: number; app?: string; id?: string }) => withStore(async (s) => {
      const n = await s.prune({ ...(o.olderThan !== undefined ? { olderThanDays: o.olderThan } : {}), ...(o.app ? { app: o.app } : {}), ...(o.id ? { id: o.id } : {}) });
      await s.reindex();
      out(`pruned ${n} trajectories`);
    }));

  // Reads the table as it is, without opening the memory as a store: works on a damaged one.
  memory.command('export <file>').description('write every trajectory to a JSONL file (also from a memory that cannot be opened)')
    .action(async (file: string) => {
      const { exportMemory, memoryUri, readRecords } = await memoryModule();
      const { records, unreadable } = await readRecords(memoryUri(memory.opts<{ memory?: string }>().memory));
      const n = await exportMemory({ list: async () => records }, file);
      out(`exported ${n} trajectories to ${file}${unreadable.length ? `; ${unreadable.length} unreadable records skipped (see \`cairn memory doctor\`)` : ''}`);
    });

  memory.command('doctor [memory]').description('say what is wrong with a memory (e.g. after a kill) and repair what can be')
    .option('--dry-run', 'only say what is wrong; change nothing')
    .action(async (dir: string | undefined, o: { dryRun?: boolean }) => {
      const { doctorMemory, embedderFromEnv, memoryUri } = await memoryModule();
      const report = await doctorMemory(memoryUri(dir ?? memory.opts<{ memory?: string }>().memory), { embedder: await embedderFromEnv(), repair: !o.dryRun });
      out(`memory ${report.uri}`);
      for (const f of report.findings) out(`  ${f.state.padEnd(10)} ${f.part}: ${f.text}`);
      const left = report.findings.filter((f) => f.state === 'repairable' || f.state === 'damaged').length;
      out(left ? `${left} problem${left > 1 ? 's' : ''} left` : 'healthy');
      if (left) exit(1);
    });

  memory.command('import <file>').description('add the trajectories of a JSONL file, embedded with the current embedder; --demo: a demonstration (a list of actions) played and verified on its task')
    .option('--demo', 'the file is a demonstration: actions in cairn\'s or AndroidWorld\'s JSON for one task (see cli/demo-import.ts)')
    .option('--suite <file>', '--demo: the suite of the task it shows (else the file\'s "suite")')
    .option('--task <id>', '--demo: the task it shows (else the file\'s "task")')
    .option('--seed <n>', '--demo: the instance (default: the file\'s "seed", else the suite\'s first)', seedArg)
    .option('--appium <url>', '--demo, Android: the Appium server URL, or "local"')
    .option('--device <udid>', '--demo, Android: the device UDID')
    .option('--capabilities <json>', '--demo, Android: Appium capabilities over cairn\'s defaults, a JSON object or @file.json', capabilitiesArg)
    .action((file: string, o: DemoFlags) => withStore(async (s) => {
      if (o.demo) return importDemoFile(s, file, o, out, exit);
      const given = (['suite', 'task', 'seed', 'appium', 'device', 'capabilities'] as const).filter((k) => o[k] !== undefined);
      if (given.length) throw new Error(`--${given[0]} goes with --demo (a demonstration to play); a JSONL export imports without it`);
      const { importMemory } = await memoryModule();
      const r = await importMemory(s, file);
      const n = r.added + r.merged + r.replaced + r.kept;
      out(`imported ${n} trajectories: ${r.added} added, ${r.merged + r.kept} merged into stored ones, ${r.replaced} replaced a longer one`);
    }));

  // CI shards remember into their own memories; one step folds them into the shared one (merge.ts).
  memory.command('merge <sources...>').description('fold memories (directories, URIs) or export files into one, e.g. CI shards into a shared s3:// memory; merging the same again adds nothing')
    .requiredOption('--into <uri>', 'the memory to merge into: a directory or LanceDB URI (s3://bucket/path)')
    .option('--wait <seconds>', 'wait up to this long while another merge into the same memory runs (default 0: refuse at once)', nonNegative, 0)
    .option('--no-lock', 'skip the merge lock, when merges into this memory are serialised otherwise (one CI job)')
    .action(async (sources: string[], o: { into: string; wait: number; lock: boolean }) => {
      const { mergeMemories } = await memoryModule();
      const r = await mergeMemories(sources, o.into, { waitMs: o.wait * 1000, lock: o.lock });
      out(`merged ${r.read} trajectories from ${sources.length} source${sources.length === 1 ? '' : 's'} into ${r.into}: ${r.added} added, ${r.merged + r.kept} merged into stored ones, ` +
        `${r.replaced} replaced a longer one, ${r.unchanged} already merged before`);
    });
  return memory;
}

interface DemoFlags { demo?: boolean; suite?: string; task?: string; seed?: number; appium?: string; device?: string; capabilities?: Capabilities }

async function importDemoFile(memory: MemoryStore, file: string, o: DemoFlags, out: Out, exit: (code: number) => void): Promise<void> {
  const { importDemo } = await import('./demo-import.js');
  const rec = await importDemo({ file, memory, ...o });
  if (!rec.ok) {
    out(`nothing imported: ${rec.reason}`);
    return exit(1);
  }
  out(`imported the demonstration of ${rec.task.instance}: ${rec.steps.length} steps, the checks hold; ${rec.remembered!.kind} as ${rec.remembered!.id}`);
}

/** Hits, and the replays that lost their trail when there were any. */
const standing = (r: { hits: number; failures: number }) => `${r.hits} hits${r.failures ? ` ${r.failures} lost` : ''}`;
