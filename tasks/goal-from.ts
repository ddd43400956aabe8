// A goal the page writes (goal_from), put into the task once read. The expression returns
// the goal as a string, or `{ goal, params }`: then the params are the task's (as strings)
// and the template names them, so memory slots the page's values by name.
import { showValue } from '../common/cut.js';
import type { ResolvedTask } from '../contract/index.js';

const FORMS = 'a non-empty string, or { goal: string, params?: { name: string | number | boolean } }';

export function applyGoalFrom(task: ResolvedTask, read: unknown): ResolvedTask {
  const problem = (what: string) => new Error(`${task.at}: goal_from of ${task.instance} ${what}; expected ${FORMS}`);
  if (typeof read === 'string') {
    const goal = read.trim();
    if (!goal) throw problem('returned an empty goal');
    return { ...task, goal, goal_template: goal };
  }
  if (!read || typeof read !== 'object' || Array.isArray(read)) throw problem(`returned ${shown(read)}`);
  const { goal, params, ...rest } = read as Record<string, unknown>;
  if (Object.keys(rest).length) throw problem(`returned unknown key${Object.keys(rest).length > 1 ? 's' : ''} ${Object.keys(rest).map((k) => `"${k}"`).join(', ')}`);
  if (typeof goal !== 'string' || !goal.trim()) throw problem(`returned goal ${shown(goal)}`);
  const values = paramsOf(params, problem);
  return {
    ...task,
    goal: goal.trim(),
    goal_template: templateOf(goal.trim(), values),
    params: { ...task.params, ...values },
  };
}

function paramsOf(params: unknown, problem: (what: string) => Error): Record<string, string> {
  if (params === undefined) return {};
  if (!params || typeof params !== 'object' || Array.isArray(params)) throw problem(`returned params ${shown(params)}`);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw problem(`returned a param named "${name}" (a name is letters, digits and "_")`);
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw problem(`returned params.${name} = ${shown(value)}`);
    out[name] = String(value);
  }
  return out;
}

const PLACEHOLDER = /(\{\{[a-z0-9_]+\}\})/i;

/**
 * The goal with each param's value as `{{name}}` wherever it stands as a whole word ("2" in
 * "2 items", not in "12"), longest values first, never inside a placeholder already put in.
 */
function templateOf(goal: string, params: Record<string, string>): string {
  let template = goal;
  const longestFirst = Object.entries(params).filter(([, v]) => v.trim()).sort((a, b) => b[1].length - a[1].length);
  for (const [name, value] of longestFirst) {
    const word = wholeWord(value);
    template = template.split(PLACEHOLDER).map((part) => (PLACEHOLDER.test(part) ? part : part.replace(word, `{{${name}}}`))).join('');
  }
  return template;
}

function wholeWord(value: string): RegExp {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const edge = (c: string) => /[\p{L}\p{N}]/u.test(c);
  return new RegExp(`${edge(value[0]!) ? '(?<![\\p{L}\\p{N}])' : ''}${escaped}${edge(value.at(-1)!) ? '(?![\\p{L}\\p{N}])' : ''}`, 'gu');
}

const shown = (value: unknown) => showValue(value, 120);
