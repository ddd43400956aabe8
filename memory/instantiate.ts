// A record's steps as they read for a new task: slots filled, list steps done once per item,
// wildcards (`{{*}}`) left in names for ground() to match. Undefined when the values cannot
// fill it: a slot without a value, an empty list, or a pinned step (see align.ts) for values
// no remembered instance had.
import { fillDeep } from '../contract/index.js';
import { splitList } from './lists.js';
import { declaredSlots } from './slots.js';
import { matchTemplate, placeholderName, tokenize } from './text.js';
import type { AbstractStep, Instance, MemoryRecord } from './types.js';

type Fillable = Pick<MemoryRecord, 'goal_template' | 'slots' | 'steps' | 'instances'>;

/** A placeholder no value filled (secrets are filled later, wildcards are for ground()). */
const OPEN_SLOT = /\{\{(?!\*\}\}|\s*secret:)[^}]+\}\}/;

export function slotNames(record: Pick<MemoryRecord, 'goal_template' | 'slots'>): string[] {
  const inTemplate = tokenize(record.goal_template).map((t) => placeholderName(t.text)).filter((n): n is string => !!n && !n.startsWith('secret:'));
  return [...new Set([...Object.keys(record.slots), ...inTemplate])];
}

export function instantiate(record: Fillable, slots: Record<string, string>): AbstractStep[] | undefined {
  const names = slotNames(record);
  if (names.some((n) => !slots[n]?.trim())) return undefined;
  if (record.steps.some((s) => s.pinned)) {
    const seen = record.instances.find((i) => names.every((n) => same(instanceSlots(record, i)[n], slots[n]!)));
    return seen?.steps.map((s) => ({ ...s }));
  }
  const out: AbstractStep[] = [];
  for (const { each, pinned: _pinned, ...step } of record.steps) {
    if (!each) {
      out.push(fillDeep(step, slots));
      continue;
    }
    const items = splitList(slots[each]!);
    if (!items.length) return undefined;
    for (const item of items) out.push(fillDeep(step, { ...slots, [each]: item }));
  }
  return out.some((s) => OPEN_SLOT.test(JSON.stringify(s))) ? undefined : out;
}

const same = (a: string | undefined, b: string) => a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

function instanceSlots(record: Pick<MemoryRecord, 'goal_template'>, i: Instance): Record<string, string> {
  if (i.declared?.template === record.goal_template) return declaredSlots(i.declared.template, i.declared.slots);
  return matchTemplate(record.goal_template, i.goal) ?? {};
}
