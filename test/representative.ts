// The default run's stand-in for a whole suite (`npm run test:full` runs the whole suite, in
// test/full/): one task per app, an app being the first path segment of the task's start URL
// (/contacts/, /shop/, ...). The tasks a test reads by name come first and count for their app;
// each other app gets its first task in suite order.
import type { ResolvedTask } from '../contract/index.js';

// A relative start URL (a suite on the practice apps before they are served) reads as one on any host.
const appOf = (task: ResolvedTask) => new URL(task.start.url!, 'http://host/').pathname.split('/')[1] ?? '';

/** Template ids: `reads`, then one task of each app they leave out. */
export function onePerApp(tasks: readonly ResolvedTask[], reads: readonly string[] = []): string[] {
  const picked = new Map<string, string>();
  const byId = new Map(tasks.map((t) => [t.id, t]));
  for (const id of reads) {
    const task = byId.get(id);
    if (!task) throw new Error(`onePerApp: no task "${id}" among ${[...byId.keys()].join(', ')}`);
    picked.set(id, appOf(task));
  }
  const covered = new Set(picked.values());
  for (const task of tasks) {
    const app = appOf(task);
    if (covered.has(app)) continue;
    covered.add(app);
    picked.set(task.id, app);
  }
  return [...picked.keys()];
}
