// Abstraction into slots: a value that belongs to this task instance (a param, or a span
// of a free-form goal that differs from a similar stored goal) becomes `{{slot}}` in the
// template and in the steps, so the trajectory replays for other values.
//
// With two or more successes of a template, align.ts decides from what varied between them;
// these rules are how one success alone is abstracted, and how a value is found in a string.
//
// The rule against false slots: a value is replaced inside a longer string only when it
// occurs there as whole tokens, is at least 3 characters long and is not a common word.
// A shorter value ("1", "on") becomes a slot only where a typed text or a picked option
// is exactly that value; a button named "1" or the "1" inside "555-0142" stays as it is.
// A picked option, or a target named by a distinctive value, may differ from it in case:
// replay picks options and re-grounds names in any case.
import { usedAsList } from './lists.js';
import { containsWhole, differingSpans, matchTemplate, placeholderName, replaceWhole, tokenize } from './text.js';
import type { AbstractStep, StepLike } from './types.js';

const COMMON = new Set(['the', 'and', 'add', 'new', 'yes', 'off', 'all', 'one', 'two', 'save', 'edit', 'item', 'name', 'with', 'from', 'for', 'open', 'close']);

/** Long enough and uncommon enough to be replaced inside a longer string. */
export function isDistinctive(value: string): boolean {
  const v = value.trim();
  return v.length >= 3 && !COMMON.has(v.toLowerCase());
}

/** Slots sorted longest value first, so "Alice Smith" is replaced before "Alice". */
function ordered(slots: Record<string, string>): [string, string][] {
  return Object.entries(slots).filter(([, v]) => v.trim() !== '').sort((a, b) => b[1].length - a[1].length);
}

/**
 * A typed text, picked option or answer: equal to a value, or holding a distinctive one.
 * Replay picks options in any case, so an option equals a value in any case too: the option
 * "Dark" is the slot of the goal's "dark".
 */
export function abstractValue(s: string, slots: Record<string, string>, anyCase = false): string {
  for (const [name, v] of ordered(slots)) if (s === v || (anyCase && sameIgnoringCase(s, v))) return `{{${name}}}`;
  return abstractInside(s, slots);
}

/** A target's name: a distinctive value it equals in any case (re-grounding allows that), or holds. */
export function abstractName(s: string, slots: Record<string, string>): string {
  for (const [name, v] of ordered(slots)) if (isDistinctive(v) && sameIgnoringCase(s, v)) return `{{${name}}}`;
  return abstractInside(s, slots);
}

const sameIgnoringCase = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Distinctive values inside a longer string (attrs, URLs, screens). */
export function abstractInside(s: string, slots: Record<string, string>): string {
  let out = s;
  for (const [name, v] of ordered(slots)) if (isDistinctive(v) && containsWhole(out, v)) out = replaceWhole(out, v, `{{${name}}}`);
  return out;
}

/** A run's successful steps as concrete AbstractSteps (values, not placeholders); failed steps changed nothing worth repeating. */
export function concreteSteps(steps: StepLike[]): AbstractStep[] {
  return steps.filter((s) => s.result.ok).map((s) => ({
    action: s.action,
    ...(s.result.target ? { target: s.result.target } : {}),
    ...(s.result.to ? { to: s.result.to } : {}),
    screen: s.screen,
  }));
}

/** The strings of a step a value can be used in: typed texts, options, target names; or a list whose items a run of steps does. */
export function stepsUse(steps: AbstractStep[], value: string): boolean {
  return usedAsList(steps, value) || steps.some((s) => {
    const a = s.action;
    const typed = a.type === 'type' || a.type === 'answer' ? a.text : a.type === 'select' ? a.option : undefined;
    if (typed === value || (a.type === 'select' && sameIgnoringCase(a.option, value))) return true;
    if (!isDistinctive(value)) return false;
    // What names the targets: their names, and the rows they sit in ("the × of the row Buy milk").
    const names = [s.target?.name, s.target?.attrs.row, s.to?.name, s.to?.attrs.row].filter((n): n is string => n !== undefined);
    return (typed !== undefined && containsWhole(typed, value)) || names.some((n) => sameIgnoringCase(n, value) || containsWhole(n, value));
  });
}

/** Declared params that the goal template names (`{{name}}`); secrets are never slots. */
export function declaredSlots(goalTemplate: string, params: Record<string, string>): Record<string, string> {
  const named = new Set(tokenize(goalTemplate).map((t) => placeholderName(t.text)).filter((n): n is string => !!n && !n.startsWith('secret:')));
  return Object.fromEntries(Object.entries(params).filter(([k]) => named.has(k)));
}

export interface Neighbour { goal: string; goal_template: string }

/**
 * Slots of a free-form goal. A neighbour whose template the goal fits gives its template and
 * slot names; otherwise spans that differ from a neighbour's goal become `slot1`, `slot2`...,
 * but only spans the steps use (see the rule at the top).
 */
export function inferSlots(goal: string, neighbours: Neighbour[], run: StepLike[]): { template: string; slots: Record<string, string> } {
  const steps = concreteSteps(run);
  for (const n of neighbours) {
    if (n.goal_template === n.goal) continue;
    const slots = matchTemplate(n.goal_template, goal);
    if (slots && Object.values(slots).every((v) => stepsUse(steps, v))) return { template: n.goal_template, slots };
  }
  for (const n of neighbours) {
    if (n.goal === goal) continue;
    const spans = differingSpans(goal, n.goal, { insertions: true }).filter((s) => stepsUse(steps, s.a));
    if (!spans.length) continue;
    let template = '';
    let at = 0;
    const slots: Record<string, string> = {};
    spans.forEach((s, i) => {
      const name = `slot${i + 1}`;
      template += `${goal.slice(at, s.aStart)}{{${name}}}`;
      at = s.aEnd;
      slots[name] = s.a;
    });
    return { template: template + goal.slice(at), slots };
  }
  return { template: goal, slots: {} };
}
