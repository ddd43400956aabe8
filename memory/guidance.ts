// Recalled trajectories rendered for a model's prompt: the goal, then one line a step,
// with the new task's slot values filled in. The token count is an estimate: characters / 4.
import { targetOf, type Target } from '../drivers/action.js';
import { fill } from '../tasks/template.js';
import type { AbstractStep, Recollection, TaskLike } from './types.js';

export interface Guidance { text: string; tokens: number }

export function renderGuidance(recollections: Recollection[], _task?: TaskLike): Guidance {
  const text = recollections.map((r, i) => {
    const goal = fill(r.record.goal_template, r.slots);
    const steps = r.record.steps.map((s) => `   - ${stepLine(s, r.slots)}`);
    return [`${i + 1}. Goal: ${goal}`, ...steps].join('\n');
  }).join('\n');
  return { text, tokens: Math.ceil(text.length / 4) };
}

/**
 * `click button "Save"`, `type textbox "Name" "Alice"`, with slots filled. A list step reads
 * `click checkbox "{{slot1}}" for each of "a, b"`: once per item of the slot's value.
 */
export function stepLine(step: AbstractStep, slots: Record<string, string>): string {
  if (step.each) {
    const { [step.each]: list, ...others } = slots;
    const { each, ...one } = step;
    return `${stepLine(one, others)} for each of ${JSON.stringify(list ?? `{{${each}}}`)}`;
  }
  const a = step.action;
  const q = (s: string) => JSON.stringify(fill(s, slots));
  const where = (d: AbstractStep['target'], t: Target | undefined) => {
    if (d) return `${d.role} ${q(d.name)}${d.attrs.row ? ` in the row ${q(d.attrs.row)}` : ''}`;
    return t && 'point' in t ? `(${t.point.x},${t.point.y})` : '';
  };
  const on = where(step.target, targetOf(a));
  const parts = ((): string[] => {
    switch (a.type) {
      case 'type': return ['type', on, q(a.text), a.submit ? 'and submit' : ''];
      case 'select': return ['select', on, q(a.option)];
      case 'scroll': return ['scroll', a.direction, on];
      case 'key': return ['key', a.key, on ? `on ${on}` : ''];
      case 'drag': return ['drag', on, 'to', where(step.to, a.to)];
      case 'open': return ['open', a.url ?? a.app ?? ''];
      case 'wait': return ['wait', `${a.ms}ms`];
      case 'answer': return ['answer', q(a.text)];
      case 'done': return ['done', a.status];
      case 'swipe': return ['swipe', `(${a.from.x},${a.from.y})->(${a.to.x},${a.to.y})`];
      default: return [a.type, on];
    }
  })();
  return parts.filter(Boolean).join(' ');
}
