// The element an action names, looked up on the observation it was proposed on, and the error
// a driver gives when it cannot run an action there.
import type { Observation, UIElement } from '../contract/index.js';

export function centerOf(e: UIElement): { x: number; y: number } {
  return { x: Math.round(e.bbox.x + e.bbox.w / 2), y: Math.round(e.bbox.y + e.bbox.h / 2) };
}

/** An action that cannot run here: a failure the model caused or can fix, its message shown as is. */
export class ActionError extends Error {}

/** `[3] button "Save"`: an element as a message names it. */
export function show(el: UIElement): string {
  return `[${el.id}] ${el.role} ${JSON.stringify(el.name)}`;
}

/** The element an action names, from the observation it was proposed on. */
export function elementIn(on: Pick<Observation, 'elements'>, id: number): UIElement {
  const el = on.elements[id];
  if (!el || el.id !== id) {
    const range = on.elements.length ? `ids 0..${on.elements.length - 1}` : 'no elements';
    throw new ActionError(`element [${id}] is not in the observation (it has ${range})`);
  }
  return el;
}
