// Recalled trajectories rendered for a model's prompt: the goal, then one line a step,
// with the new task's slot values filled in. The token count is an estimate: characters / 4.
import { byType, fill, targetOf, type PerAction, type Target } from '../contract/index.js';
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
  const q = (s: string) => JSON.stringify(fill(s, slots));
  const where = (d: AbstractStep['target'], t: Target | undefined) => {
    if (d) return `${d.role} ${q(d.name)}${d.attrs.row ? ` in the row ${q(d.attrs.row)}` : ''}`;
    return t && 'point' in t ? `(${t.point.x},${t.point.y})` : '';
  };
  const parts = byType(STEP_PARTS, step.action, { on: where(step.target, targetOf(step.action)), q, to: (t) => where(step.to, t) });
  return parts.filter(Boolean).join(' ');
}

interface StepWords {
  /** The target's descriptor (or point) in words. */
  on: string;
  /** A text quoted, its slots filled. */
  q: (s: string) => string;
  /** The drop target in words. */
  to: (t: Target) => string;
}

const STEP_PARTS: PerAction<string[], StepWords> = {
  click: (a, { on }) => [a.type, on],
  double_click: (a, { on }) => [a.type, on],
  hover: (a, { on }) => [a.type, on],
  long_press: (a, { on }) => [a.type, on],
  type: (a, { on, q }) => ['type', on, q(a.text), a.submit ? 'and submit' : ''],
  select: (a, { on, q }) => ['select', on, q(a.option)],
  scroll: (a, { on }) => ['scroll', a.direction, on],
  key: (a, { on }) => ['key', a.key, on ? `on ${on}` : ''],
  drag: (a, { on, to }) => ['drag', on, 'to', to(a.to)],
  open: (a) => ['open', a.url ?? a.app ?? ''],
  wait: (a) => ['wait', `${a.ms}ms`],
  answer: (a, { q }) => ['answer', q(a.text)],
  done: (a) => ['done', a.status],
  swipe: (a) => ['swipe', `(${a.from.x},${a.from.y})->(${a.to.x},${a.to.y})`],
  back: (a) => [a.type],
  home: (a) => [a.type],
};
