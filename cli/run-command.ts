// `cairn run` and `cairn explore` (main.ts declares their flags): a suite run with its memory,
// critics, drivers, limits and report; the exit code says whether every episode succeeded.
import type { OptionValues } from 'commander';
import { criticsFor } from '../agent/critics.js';
import { makePolicy, unguidedPolicy, type PolicyName } from '../agent/policies.js';
import { RunMemory } from '../agent/run-memory.js';
import { runSuite } from '../agent/run.js';
// The memory's modules (LanceDB, Arrow) load only when a memory is opened: `--no-memory` never pays for them.
import type { MemoryStore } from '../memory/index.js';
import { memoryUri } from '../memory/location.js';
import { loadSuite } from '../tasks/load.js';
import type { Suite } from '../tasks/types.js';
import { reportAfterRun, reportThenExit } from './report.js';
import type { RunControls } from './spending.js';

/** `controls`: what main.ts checked of the flags before loading this module. */
export async function runCommand(file: string, o: OptionValues, controls: RunControls): Promise<void> {
  needsOut(o);
  const suite = await loadSuite(file);
  const android = (o.platform ?? suitePlatform(suite)) === 'android';
  // A memory that cannot be opened does not stop the run: it goes on without one (run-memory.ts).
  const uri = o.memory === false ? undefined : memoryUri(o.memory);
  const store = uri === undefined ? undefined : await RunMemory.open(uri, () => openStore(uri));
  try {
    const policy = makePolicy(o.policy as PolicyName, { model: o.model, baseUrl: o.baseUrl, vision: o.vision }, store);
    const { summary, dir } = await runSuite({
      ...controls, suite, policy, onInterrupt: reportThenExit, memory: store && { store, source: 'run', mode: o.memoryMode },
      critics: criticsFor({ critics: o.critics, modelCritic: o.modelCritic, irreversible: o.irreversible, allowed: [...suite.allowed, ...(o.allowOrigin ?? [])] }),
      ids: o.task, seeds: o.seeds, shard: o.shard, episodes: o.episodes, maxSteps: o.maxSteps, out: o.out, resume: o.resume, junit: o.junit,
      workers: o.workers, headed: o.headed, browserEndpoint: o.browserEndpoint, screenshots: o.screenshots,
      // The Appium client is loaded only for a run on Android.
      makeDrivers: android
        ? async (n) => (await import('./android.js')).makeAndroidDrivers({ appium: o.appium, devices: o.device, workers: n, capabilities: o.capabilities })
        : undefined,
    });
    await reportAfterRun(dir);
    process.exitCode = summary.succeeded === summary.episodes && !summary.stopped ? 0 : 1;
  } finally {
    store?.close();
  }
}

export async function exploreCommand(file: string, o: OptionValues, controls: RunControls): Promise<void> {
  needsOut(o);
  const suite = await loadSuite(file);
  // As auto with nothing recalled. Memory keeps the short way: search leaves out the steps the checks do not need.
  const flags = { model: o.model, baseUrl: o.baseUrl };
  const policy = makePolicy(unguidedPolicy(flags), flags, undefined, { shorten: true });
  const store = await openStore(memoryUri(o.memory));
  try {
    const { summary, remembered, dir } = await runSuite({
      ...controls, suite, policy, onInterrupt: reportThenExit, memory: { store, source: 'explore', mode: o.memoryMode }, seeds: o.seeds, ids: o.task, shard: o.shard, workers: o.workers, out: o.out, resume: o.resume, screenshots: o.screenshots,
      // Exploring acts for real: the rule critic vets every try, as in `cairn run`.
      critics: criticsFor({ irreversible: o.irreversible, allowed: suite.allowed }),
    });
    await reportAfterRun(dir);
    console.log(`explore: ${remembered.added + remembered.replaced} stored, ${remembered.merged + remembered.kept} deduplicated, ` +
      `${summary.episodes - summary.succeeded} failed; memory ${store.uri} holds ${await store.count()} trajectories`);
    process.exitCode = summary.succeeded === summary.episodes && !summary.stopped ? 0 : 1;
  } finally {
    store.close();
  }
}

async function openStore(uri: string): Promise<MemoryStore> {
  return (await import('../memory/index.js')).openMemory({ uri });
}

/** --resume continues the run directory --out names. */
function needsOut(o: { resume?: boolean; out?: string }): void {
  if (o.resume && !o.out) throw new Error('--resume needs --out DIR: the run directory to continue');
}

function suitePlatform(suite: Suite): 'web' | 'android' {
  return suite.templates.every((t) => (t.raw as { platform?: string }).platform === 'android') ? 'android' : 'web';
}
