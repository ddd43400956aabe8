// List slots: a goal span like "fzzqo, NYYyS82" or "a, b and c" whose items are each the
// target (or text) of one step of a run of alike steps. The record keeps the repeated step once,
// marked `each: slot`, and replay does it once per item of the new goal's list.
import type { AbstractStep } from './types.js';

const SEPARATOR = /\s*(?:,\s*(?:and\s+|&\s+)?|;\s*|\s+and\s+|\s+&\s+)/i;
const QUOTES = /^["'“”‘’«»]+|["'“”‘’«»]+$/g;

/** The items of a list as people write it: commas, semicolons, "and"; quotes around items dropped. */
export function splitList(value: string): string[] {
  return value.split(SEPARATOR).map((v) => v.trim().replace(QUOTES, '').trim()).filter(Boolean);
}

/** The text of a step an item can be: what it typed or picked, else its target's name. */
function itemOf(step: AbstractStep): string | undefined {
  const a = step.action;
  if (a.type === 'type') return a.text;
  if (a.type === 'select') return a.option;
  return step.target?.name;
}

const same = (a: string | undefined, b: string) => a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Steps alike but for the item: same action type and role, same target name when the item is typed. */
function alike(a: AbstractStep, b: AbstractStep): boolean {
  if (a.action.type !== b.action.type || a.target?.role !== b.target?.role) return false;
  const typed = a.action.type === 'type' || a.action.type === 'select';
  return !typed || a.target?.name === b.target?.name;
}

/**
 * Where a run of alike steps does one item each, in order: its start, or undefined. One item
 * is a run of one step.
 */
export function findRun(steps: AbstractStep[], items: string[]): number | undefined {
  if (!items.length) return undefined;
  for (let p = 0; p + items.length <= steps.length; p++) {
    const run = steps.slice(p, p + items.length);
    if (run.every((s, k) => same(itemOf(s), items[k]!) && alike(s, run[0]!))) return p;
  }
  return undefined;
}

/** The value is a list of two or more items that a run of steps does one by one. */
export function usedAsList(steps: AbstractStep[], value: string): boolean {
  const items = splitList(value);
  return items.length >= 2 && findRun(steps, items) !== undefined;
}
