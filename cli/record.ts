// `cairn record <suite> --task ID [--seed N]`: teach by showing. A browser opens at the task's
// start (setup run as in a run); the person does the task; cairn records each action with the
// target descriptor its own observations give (record-page.ts). When the person presses Enter
// here or closes the page, the task's checks run; when they hold, the trajectory is remembered
// as an explored one is (template, slots, dedupe), with provenance "demonstration". A value
// typed that equals a secret the task declares is kept as its placeholder; a password typed
// that is neither a declared secret nor one of the task's values stops the recording.
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import { Screen } from '../agent/screen.js';
import { secretNames, summarizeScreen, type Action, type ResolvedTask } from '../contract/index.js';
import { memoryUri, openMemory, type MemoryStore, type RememberOutcome, type StepLike } from '../memory/index.js';
import { VIEWPORT, WebDriver, launchBrowser } from '../drivers/web/index.js';
import type { CheckRecord } from '../tasks/checks.js';
import { loadSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';
import { serveSuite } from '../tasks/site.js';
import type { Suite } from '../tasks/types.js';
import { recorderScript, type PageEvent } from './record-page.js';

/** `cairn record` (main.ts declares its flags). Exit code 1 when nothing was remembered. */
export async function recordCommand(file: string, o: { task: string; seed?: number; memory?: string; headless?: boolean; browserEndpoint?: string }): Promise<void> {
  const suite = await loadSuite(file);
  const memory = await openMemory({ uri: memoryUri(o.memory) });
  try {
    const rec = await recordTask({ suite, task: o.task, memory, ...(o.seed !== undefined ? { seed: o.seed } : {}), headless: o.headless, browserEndpoint: o.browserEndpoint });
    console.log(rec.ok
      ? `cairn record: ${rec.steps.length} steps; the checks hold; ${rec.remembered!.kind} as ${rec.remembered!.id} in ${memory.uri}`
      : `cairn record: nothing remembered: ${rec.reason}`);
    process.exitCode = rec.ok ? 0 : 1;
  } finally {
    memory.close();
  }
}

export interface RecordOptions {
  suite: Suite;
  task: string;
  /** Default: the suite's first seed. */
  seed?: number;
  memory: MemoryStore;
  headless?: boolean;
  browserEndpoint?: string;
  /**
   * Who does the task. Default: the person at the browser, until they press Enter in the
   * terminal or close the page. A test passes Playwright input here.
   */
  person?: (page: Page, task: ResolvedTask) => Promise<void>;
  log?: (line: string) => void;
}

export interface Recording {
  task: ResolvedTask;
  steps: StepLike[];
  /** The checks, run when the person finished; nothing is remembered unless all hold. */
  checks: CheckRecord[];
  ok: boolean;
  remembered?: RememberOutcome;
  /** Why nothing was remembered. */
  reason?: string;
}

export async function recordTask(o: RecordOptions): Promise<Recording> {
  const log = o.log ?? ((l: string) => console.log(l));
  const { suite, close: stopServing } = await serveSuite(o.suite);
  try {
    const [task] = instances(suite, { ids: [o.task], seeds: [o.seed ?? suite.seeds[0]!] });
    if (task!.platform !== 'web') throw new Error(`${task!.at}: cairn record shows web tasks in a browser; for Android give the actions as a file: cairn memory import --demo FILE`);
    if (task!.checks.some((c) => c.kind === 'answer')) throw new Error(`${task!.at}: task ${task!.id} is answered, not done on the page; cairn record needs a task its page checks verify`);
    const browser = await launchBrowser({ headed: !o.headless, endpoint: o.browserEndpoint });
    try {
      return await record(task!, await (await browser.newContext({ viewport: VIEWPORT })).newPage(), o, log);
    } finally {
      await browser.close();
    }
  } finally {
    await stopServing();
  }
}

async function record(task: ResolvedTask, page: Page, o: RecordOptions, log: (l: string) => void): Promise<Recording> {
  const screen = new Screen(WebDriver.onPage(page), task);
  const steps: StepLike[] = [];
  let problem: string | undefined;
  let listening = false;
  await page.exposeBinding('__cairnRecord', (_source, event: PageEvent) => {
    if (!listening || problem) return;
    try {
      const step = stepOf(event, task);
      steps.push(step);
      joinDoubleClick(steps);
      log(`  ${steps.length}. ${describe(step)}`);
    } catch (e) {
      problem = (e as Error).message;
      log(`cairn record: ${problem}`);
    }
  });
  await page.addInitScript(recorderScript());
  await screen.start(task); // setup is not the person's: nothing is recorded until it ends
  listening = true;
  log(`cairn record: ${task.instance}: ${task.goal}`);
  const closed = new Promise<void>((resolve) => page.once('close', () => resolve()));
  if (o.person) await o.person(page, task);
  else await untilDone(closed, log);
  listening = false;
  const base = { task, steps };
  if (problem) return { ...base, checks: [], ok: false, reason: problem };
  if (page.isClosed()) return { ...base, checks: [], ok: false, reason: 'the page was closed before the checks could run; press Enter in the terminal to finish instead' };
  await screen.settle();
  const verdict = await screen.verify(task);
  if (!verdict.ok) return { ...base, checks: verdict.checks, ok: false, reason: `checks failed: ${verdict.checks.filter((c) => !c.ok).map((c) => c.evidence).join('; ')}` };
  if (!steps.length) return { ...base, checks: verdict.checks, ok: false, reason: 'the checks hold, but no action was recorded: nothing to remember' };
  return { ...base, checks: verdict.checks, ok: true, remembered: await rememberDemonstration(o.memory, task, steps, 'record') };
}

/** A demonstration the task's checks confirmed, remembered as an explored trajectory is, with provenance "demonstration". */
export function rememberDemonstration(memory: MemoryStore, task: ResolvedTask, steps: StepLike[], how: string): Promise<RememberOutcome> {
  return memory.remember({
    task, steps, verified: true, source: 'demonstration', run_id: `${how}-${new Date().toISOString()}`,
    verifier: `checks: ${[...new Set(task.checks.map((c) => c.kind))].join(', ')}`,
  });
}

/** Enter in the terminal, or the page closed: the person is done. */
function untilDone(closed: Promise<void>, log: (l: string) => void): Promise<void> {
  log('  do the task in the browser; then press Enter here (keep the page open: the checks run on it)');
  const rl = createInterface({ input: process.stdin });
  // A line, or the end of a piped input, says done.
  const entered = new Promise<void>((resolve) => rl.once('line', () => resolve()).once('close', () => resolve()));
  return Promise.race([closed, entered]).finally(() => rl.close());
}

/** One recorded action as memory's step: the action, its target's descriptor, where it ran. */
function stepOf(e: PageEvent, task: ResolvedTask): StepLike {
  const target = e.target ? { element: e.target.id } : undefined;
  let action: Action;
  if (e.kind === 'type') action = { type: 'type', ...(target ? { target } : {}), text: typedText(e, task), clear: true };
  else if (e.kind === 'key') action = { type: 'key', key: e.key!, ...(target ? { target } : {}) };
  else if (!target) throw new Error(`the ${e.kind} at ${e.location} was on nothing cairn sees on the page (no element it reports); do it on a control or a text`);
  else if (e.kind === 'select') action = { type: 'select', target, option: e.option! };
  else action = { type: e.kind, target };
  const descriptor = e.target && { role: e.target.role, name: e.target.name, attrs: e.target.attrs, bbox: e.target.bbox };
  return {
    action, location: e.location,
    screen: summarizeScreen({ title: e.title, location: e.location, elements: e.heading ? [{ role: 'heading', name: e.heading } as never] : [] }),
    result: { ok: true, ...(descriptor ? { target: descriptor } : {}) },
  };
}

/** Typed text, a declared secret's value as its placeholder; a password that is neither a secret nor the task's value is refused. */
function typedText(e: PageEvent, task: ResolvedTask): string {
  const text = e.text ?? '';
  const secret = secretNames(JSON.stringify(task)).find((name) => process.env[name] !== undefined && process.env[name] === text);
  if (secret) return `{{secret:${secret}}}`;
  if (e.field_type === 'password' && text && !Object.values(task.params).includes(text)) {
    throw new Error(`a password was typed into ${JSON.stringify(e.target?.name ?? 'a field')} that is no secret the task declares: `
      + 'name it in the task as {{secret:NAME}} (its value in the environment variable NAME) so memory keeps the placeholder; nothing was remembered');
  }
  return text;
}

/** A double click arrives after the two clicks it is made of: they were one action. */
function joinDoubleClick(steps: StepLike[]): void {
  const n = steps.length;
  if (n < 3 || steps[n - 1]!.action.type !== 'double_click') return;
  const same = (s: StepLike) => s.action.type === 'click' && JSON.stringify(s.result.target) === JSON.stringify(steps[n - 1]!.result.target);
  if (same(steps[n - 2]!) && same(steps[n - 3]!)) steps.splice(n - 3, 2);
}

function describe(s: StepLike): string {
  const t = s.result.target ? ` ${s.result.target.role} ${JSON.stringify(s.result.target.name)}` : '';
  const a = s.action;
  const what = a.type === 'type' ? ` ${JSON.stringify(a.text)}` : a.type === 'select' ? ` ${JSON.stringify(a.option)}` : a.type === 'key' ? ` ${a.key}` : '';
  return `${a.type}${t}${what}`;
}
