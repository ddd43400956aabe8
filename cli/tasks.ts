// `cairn tasks <suite>`: the instances a suite resolves to, with the goal each really gets.
// A goal the page writes (goal_from) is read by starting the task in a headless browser,
// as a run would; `browser: false` shows where it will be read from instead.
import type { OptionValues } from 'commander';
import { Screen } from '../agent/screen.js';
import { WebDriver, launchBrowser } from '../drivers/web/index.js';
import { applyGoalFrom } from '../tasks/goal-from.js';
import { loadSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';
import { serveSuite } from '../tasks/site.js';
import type { ResolvedTask } from '../contract/index.js';
import type { Suite } from '../tasks/types.js';

/** `cairn tasks <suite>` (main.ts declares its flags): one line per instance, or JSON; exit 1 when a goal could not be read. */
export async function tasksCommand(file: string, o: OptionValues): Promise<void> {
  const listed = await listTasks(await loadSuite(file), { seeds: o.seeds, ids: o.task, browser: o.browser, browserEndpoint: o.browserEndpoint });
  if (o.json) console.log(JSON.stringify(listed.map((l) => ({ ...l.task, ...(l.error ? { goal_error: l.error } : {}) })), null, 2));
  else for (const l of listed) console.log(formatTask(l));
  if (listed.some((l) => l.error)) process.exitCode = 1;
}

export interface TasksOptions {
  seeds?: number[];
  ids?: string[];
  /** Start goal_from tasks in a headless browser to read their goals (default true). */
  browser?: boolean;
  browserEndpoint?: string;
}

/** `read`: the goal was read from the page; `error`: why it could not be. */
export interface ListedTask { task: ResolvedTask; read?: boolean; error?: string }

export async function listTasks(input: Suite, o: TasksOptions = {}): Promise<ListedTask[]> {
  const declared = instances(input, { seeds: o.seeds, ids: o.ids });
  if (o.browser === false || !declared.some(readsWebGoal)) return declared.map((task) => ({ task }));
  const { suite, close } = await serveSuite(input);
  try {
    const browser = await launchBrowser({ endpoint: o.browserEndpoint });
    const driver = new WebDriver(browser);
    try {
      const out: ListedTask[] = [];
      for (const task of instances(suite, { seeds: o.seeds, ids: o.ids })) {
        if (!readsWebGoal(task)) { out.push({ task }); continue; }
        // A page may echo a secret setup typed: what is printed keeps the placeholder.
        const screen = new Screen(driver, task);
        try {
          await screen.start(task);
          out.push({ task: applyGoalFrom(task, await screen.read(task.goal_from!)), read: true });
        } catch (e) {
          out.push({ task, error: screen.redact((e as Error).message) });
        }
      }
      return out;
    } finally {
      await driver.close();
      await browser.close();
    }
  } finally {
    await close();
  }
}

/** One line per instance: its id, the goal (or why it could not be read), its tags. */
export function formatTask({ task, read, error }: ListedTask): string {
  const tags = task.tags.length ? `  [${task.tags.join(', ')}]` : '';
  const where = task.platform === 'web' ? 'the page' : 'the device';
  const goal = error ? `(goal not read: ${error})`
    : task.goal_from && !read ? `(goal read from ${where} at run time: ${task.goal_from})`
      : task.goal;
  return `${task.instance.padEnd(28)} ${goal}${tags}`;
}

const readsWebGoal = (t: ResolvedTask) => t.platform === 'web' && t.goal_from !== undefined;
