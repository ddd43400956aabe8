// Template + seed -> ResolvedTask: params drawn, placeholders filled, URLs made absolute.
import { fill, fillDeep, type Check, type ResolvedTask, type SetupStep } from '../contract/index.js';
import type { TaskSpec } from './schema.js';
import { drawParams } from './params.js';
import type { Suite, TaskTemplate } from './types.js';

const DEFAULT_BUDGET = { max_steps: 15, timeout_s: 120 };

/** `app` is the identity of a task that names none (the suite's, or the served site's). */
export function resolveTask(template: TaskTemplate, seed: number, baseUrl: string, app?: string): ResolvedTask {
  const t = template.raw as TaskSpec;
  const params = drawParams(t.id, seed, t.params ?? {});
  const values = { ...params, seed: String(seed) };
  const platform = t.platform ?? 'web';
  const absolute = (u: string) => (platform === 'web' && baseUrl ? new URL(u, baseUrl).toString() : u);
  const setup = fillDeep(t.setup ?? [], values).map((s): SetupStep => ('goto' in s ? { goto: absolute(s.goto) } : s));
  return {
    id: t.id,
    seed,
    instance: `${t.id}#${seed}`,
    // A goal read from the page is known only once the task started (applyGoalFrom).
    goal: fill(t.goal ?? '', values),
    goal_template: t.goal ?? '',
    goal_from: t.goal_from ? fill(t.goal_from.js ?? t.goal_from.shell ?? '', values) : undefined,
    params,
    platform,
    start: {
      platform,
      url: t.start.url !== undefined ? absolute(fill(t.start.url, values)) : undefined,
      app: t.start.app !== undefined ? fill(t.start.app, values) : undefined,
      ...(t.start.wait_until ? { wait_until: t.start.wait_until } : {}),
      setup,
    },
    checks: (t.checks ?? []).map((c) => toCheck(fillDeep(c, values))),
    budget: { ...DEFAULT_BUDGET, ...t.budget },
    tags: t.tags ?? [],
    allow_irreversible: t.allow_irreversible ?? false,
    at: template.at,
    ...((t.app ?? app) ? { app: t.app ?? app } : {}),
  };
}

function toCheck(c: NonNullable<TaskSpec['checks']>[number]): Check {
  if ('url' in c) return typeof c.url === 'string' ? { kind: 'url', equals: c.url } : { kind: 'url', ...c.url };
  if ('element' in c) return { kind: 'element', present: true, ...c.element };
  if ('absent' in c) return { kind: 'element', present: false, ...c.absent };
  if ('js' in c) return { kind: 'js', expression: c.js };
  if ('shell' in c) return { kind: 'shell', ...c.shell };
  return typeof c.answer === 'string' ? { kind: 'answer', equals: c.answer } : { kind: 'answer', ...c.answer };
}

/** All instances of a suite for the given seeds (suite's own seeds by default), optionally filtered by id. */
export function instances(suite: Suite, opts: { seeds?: number[]; ids?: string[] } = {}): ResolvedTask[] {
  const ids = opts.ids && new Set(opts.ids);
  if (ids) {
    const unknown = [...ids].filter((id) => !suite.templates.some((t) => t.id === id));
    if (unknown.length) throw new Error(`${suite.file}: no task with id ${unknown.map((u) => `"${u}"`).join(', ')}; ids: ${suite.templates.map((t) => t.id).join(', ')}`);
  }
  const seeds = opts.seeds ?? suite.seeds;
  return suite.templates.filter((t) => !ids || ids.has(t.id)).flatMap((t) => seeds.map((s) => resolveTask(t, s, suite.base_url, suite.app)));
}
