// Re-grounding: find on a live screen the element a recorded step acted on, by its
// descriptor (role, name, key attrs, position), since ids do not survive across screens.
import type { Action } from './action.js';
import type { TargetDescriptor, UIElement } from './types.js';

const KEY_ATTRS = ['id', 'resource-id', 'name', 'href', 'placeholder', 'type'] as const;

/** A score in [0, 1]: 1 when role, name and key attrs all agree. */
export function matchScore(d: TargetDescriptor, e: UIElement): number {
  if (d.role !== e.role) return 0;
  let score = d.name === e.name ? 0.6 : d.name.trim().toLowerCase() === e.name.trim().toLowerCase() ? 0.5 : 0;
  const keys = KEY_ATTRS.filter((k) => d.attrs[k] !== undefined);
  const agree = keys.filter((k) => d.attrs[k] === e.attrs[k]).length;
  score += keys.length ? (0.3 * agree) / keys.length : 0.3 * (score > 0 ? 1 : 0);
  const dist = Math.hypot(d.bbox.x - e.bbox.x, d.bbox.y - e.bbox.y);
  score += 0.1 / (1 + dist / 100);
  return score;
}

export function ground(d: TargetDescriptor, elements: UIElement[], threshold = 0.6): { element: UIElement; score: number } | undefined {
  let best: { element: UIElement; score: number } | undefined;
  for (const e of elements) {
    const score = matchScore(d, e);
    if (score >= threshold && (!best || score > best.score)) best = { element: e, score };
  }
  return best;
}

/** The same action, its element target pointed at the grounded element's id. */
export function retarget(action: Action, element: UIElement): Action {
  return 'target' in action && action.target && 'element' in action.target
    ? ({ ...action, target: { element: element.id } } as Action)
    : action;
}
