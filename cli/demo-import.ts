// `cairn memory import --demo FILE`: a demonstration given as a list of actions, in cairn's
// action JSON or AndroidWorld's (agent/llm/androidworld.ts): what a person did on an Android
// device, whose taps cannot be recorded live through Appium. cairn plays the actions on a
// fresh start of the task (Appium for Android, a headless browser for the web), observing
// each screen so every action keeps its target's descriptor, runs the task's checks, and
// when they hold remembers the trajectory as `cairn record` does (provenance "demonstration").
// An element index is the id `cairn observe` shows for that screen; x/y are screen pixels.
//
// The file: a JSON array of actions, or {"suite": "suite.yaml", "task": "id", "seed": 1,
// "actions": [...]} (the suite relative to the file); flags override what it says.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseModelAction } from '../agent/llm/parse.js';
import { answerSource } from '../agent/replay/answer.js';
import { Screen } from '../agent/screen.js';
import { describeAction, summarizeScreen, type Action, type Driver } from '../contract/index.js';
import { WebDriver } from '../drivers/web/index.js';
import type { MemoryStore, StepLike } from '../memory/index.js';
import type { Capabilities } from '../drivers/android/index.js';
import { loadSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';
import { serveSuite } from '../tasks/site.js';
import { makeAndroidDrivers } from './android.js';
import { rememberDemonstration, type Recording } from './record.js';

export interface ImportDemoOptions {
  file: string;
  suite?: string;
  task?: string;
  seed?: number;
  memory: MemoryStore;
  /** Android: the Appium server (or `local`), the device, capabilities over cairn's defaults. */
  appium?: string;
  device?: string;
  capabilities?: Capabilities;
  browserEndpoint?: string;
}

interface Demo { suite: string; task: string; seed?: number; actions: Action[] }

export async function importDemo(o: ImportDemoOptions): Promise<Recording> {
  const demo = await readDemo(o);
  const { suite, close: stopServing } = await serveSuite(await loadSuite(demo.suite));
  try {
    const [task] = instances(suite, { ids: [demo.task], seeds: [demo.seed ?? suite.seeds[0]!] });
    const driver: Driver = task!.platform === 'android'
      ? (await makeAndroidDrivers({ workers: 1, ...(o.appium ? { appium: o.appium } : {}), ...(o.device ? { devices: [o.device] } : {}), ...(o.capabilities ? { capabilities: o.capabilities } : {}) }))[0]!
      : await WebDriver.launch({ ...(o.browserEndpoint ? { endpoint: o.browserEndpoint } : {}) });
    try {
      const screen = new Screen(driver, task!);
      await screen.start(task!);
      const steps: StepLike[] = [];
      let answer: string | undefined;
      for (const [i, action] of demo.actions.entries()) {
        const obs = await screen.observe();
        const where = { location: obs.location, screen: summarizeScreen(obs) };
        if (action.type === 'done') break;
        if (action.type === 'answer') {
          answer = action.text;
          const target = answerSource(action.text, obs, task!);
          steps.push({ action, result: { ok: true, ...(target ? { target } : {}) }, ...where });
          break;
        }
        const result = await screen.act(action, obs);
        if (!result.ok) return { task: task!, steps, checks: [], ok: false, reason: `${o.file}: actions[${i}] (${describeAction(action)}) failed on ${obs.location}: ${result.error}` };
        steps.push({ action, result, ...where });
      }
      await screen.settle();
      const verdict = await screen.verify(task!, answer);
      const base = { task: task!, steps, checks: verdict.checks };
      if (!verdict.ok) return { ...base, ok: false, reason: `checks failed: ${verdict.checks.filter((c) => !c.ok).map((c) => c.evidence).join('; ')}` };
      return { ...base, ok: true, remembered: await rememberDemonstration(o.memory, task!, steps, 'demo') };
    } finally {
      await driver.close();
    }
  } finally {
    await stopServing();
  }
}

async function readDemo(o: ImportDemoOptions): Promise<Demo> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(o.file, 'utf8'));
  } catch (e) {
    throw new Error(`${o.file}: ${(e as Error).message}; expected a JSON array of actions, or {"suite", "task", "seed", "actions"}`);
  }
  const given = Array.isArray(json) ? { actions: json } : (json ?? {}) as { suite?: unknown; task?: unknown; seed?: unknown; actions?: unknown };
  if (!Array.isArray(given.actions) || !given.actions.length) throw new Error(`${o.file}: expected a non-empty list of actions (the file itself, or its "actions")`);
  const suite = o.suite ?? (typeof given.suite === 'string' ? resolve(dirname(o.file), given.suite) : undefined);
  const task = o.task ?? (typeof given.task === 'string' ? given.task : undefined);
  if (!suite || !task) throw new Error(`${o.file}: say which task it shows: --suite FILE --task ID, or "suite" and "task" in the file`);
  const seed = o.seed ?? (given.seed === undefined ? undefined : Number(given.seed));
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new Error(`${o.file}: "seed" is ${JSON.stringify(given.seed)}; expected a whole number >= 0`);
  const actions = given.actions.map((a, i) => {
    try {
      return parseModelAction(JSON.stringify(a)).action;
    } catch (e) {
      throw new Error(`${o.file}: actions[${i}]: ${(e as Error).message}`);
    }
  });
  return { suite, task, ...(seed !== undefined ? { seed } : {}), actions };
}
