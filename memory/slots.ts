// Abstraction into slots: a value that belongs to this task instance (a param, or a span
// of a free-form goal that differs from a similar stored goal) becomes `{{slot}}` in the
// template and in the steps, so the trajectory replays for other values.
//
// The rule against false slots: a value is replaced inside a longer string only when it
// occurs there as whole tokens, is at least 3 characters long and is not a common word.
// A shorter value ("1", "on") becomes a slot only where a typed text or a picked option
// is exactly that value; a button named "1" or the "1" inside "555-0142" stays as it is.
// A picked option, or a target named by a distinctive value, may differ from it in case:
// replay picks options and re-grounds names in any case.
import type { Action } from '../drivers/action.js';
import type { TargetDescriptor } from '../drivers/types.js';
import { containsWhole, differingSpans, matchTemplate, placeholderName, replaceWhole, tokenize } from './text.js';
import type { AbstractStep, MemoryRecord, StepLike } from './types.js';

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
function abstractValue(s: string, slots: Record<string, string>, anyCase = false): string {
  for (const [name, v] of ordered(slots)) if (s === v || (anyCase && sameIgnoringCase(s, v))) return `{{${name}}}`;
  return abstractInside(s, slots);
}

/** A target's name: a distinctive value it equals in any case (re-grounding allows that), or holds. */
function abstractName(s: string, slots: Record<string, string>): string {
  for (const [name, v] of ordered(slots)) if (isDistinctive(v) && sameIgnoringCase(s, v)) return `{{${name}}}`;
  return abstractInside(s, slots);
}

const sameIgnoringCase = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function abstractInside(s: string, slots: Record<string, string>): string {
  let out = s;
  for (const [name, v] of ordered(slots)) if (isDistinctive(v) && containsWhole(out, v)) out = replaceWhole(out, v, `{{${name}}}`);
  return out;
}

function abstractAction(a: Action, slots: Record<string, string>): Action {
  switch (a.type) {
    case 'type': return { ...a, text: abstractValue(a.text, slots) };
    case 'select': return { ...a, option: abstractValue(a.option, slots, true) };
    case 'answer': return { ...a, text: abstractValue(a.text, slots) };
    case 'open': return { ...a, ...(a.url ? { url: abstractInside(a.url, slots) } : {}) };
    default: return a;
  }
}

function abstractTarget(t: TargetDescriptor, slots: Record<string, string>): TargetDescriptor {
  const attrs = Object.fromEntries(Object.entries(t.attrs).map(([k, v]) => [k, abstractInside(v, slots)]));
  return { role: t.role, name: abstractName(t.name, slots), attrs, bbox: { ...t.bbox } };
}

/** Failed steps changed nothing worth repeating and are left out. */
export function abstractSteps(steps: StepLike[], slots: Record<string, string>): AbstractStep[] {
  return steps.filter((s) => s.result.ok).map((s) => ({
    action: abstractAction(s.action, slots),
    ...(s.result.target ? { target: abstractTarget(s.result.target, slots) } : {}),
    screen: abstractInside(s.screen, slots),
  }));
}

/** The strings of a step a value can be used in: typed texts, options, target names. */
function stepUses(steps: StepLike[], value: string): boolean {
  return steps.some((s) => {
    const a = s.action;
    const typed = a.type === 'type' || a.type === 'answer' ? a.text : a.type === 'select' ? a.option : undefined;
    if (typed === value || (a.type === 'select' && sameIgnoringCase(a.option, value))) return true;
    if (!isDistinctive(value)) return false;
    const name = s.result.target?.name;
    return (typed !== undefined && containsWhole(typed, value)) || (name !== undefined && (sameIgnoringCase(name, value) || containsWhole(name, value)));
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
export function inferSlots(goal: string, neighbours: Neighbour[], steps: StepLike[]): { template: string; slots: Record<string, string> } {
  for (const n of neighbours) {
    if (n.goal_template === n.goal) continue;
    const slots = matchTemplate(n.goal_template, goal);
    if (slots && Object.values(slots).every((v) => stepUses(steps, v))) return { template: n.goal_template, slots };
  }
  for (const n of neighbours) {
    if (n.goal === goal) continue;
    const spans = differingSpans(goal, n.goal).filter((s) => stepUses(steps, s.a));
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

/**
 * A literal record (stored before any similar goal came) abstracted for a template inferred
 * later: its goal's values become the slots, and placeholders in its steps. Undefined when its
 * goal does not fit the template or its steps do not use a value (no false slot).
 */
export function retemplate(record: Pick<MemoryRecord, 'goal' | 'steps'>, template: string): { slots: Record<string, string>; steps: AbstractStep[] } | undefined {
  const slots = matchTemplate(template, record.goal);
  if (!slots) return undefined;
  const run: StepLike[] = record.steps.map((s) => ({ action: s.action, result: { ok: true, ...(s.target ? { target: s.target } : {}) }, location: '', screen: s.screen }));
  if (!Object.values(slots).every((v) => stepUses(run, v))) return undefined;
  return { slots, steps: abstractSteps(run, slots) };
}
