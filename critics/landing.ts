// Where an action lands on the observed screen: the element it names, or the element
// under the point it names (the smallest visible one containing it).
import { dropOf, targetOf, type Action, type Observation, type Target, type UIElement } from '../contract/index.js';

export function elementById(obs: Observation, id: number): UIElement | undefined {
  return obs.elements.find((e) => e.id === id);
}

export function elementAt(obs: Observation, p: { x: number; y: number }): UIElement | undefined {
  let best: UIElement | undefined;
  for (const e of obs.elements) {
    const b = e.bbox;
    if (!e.state.visible || p.x < b.x || p.y < b.y || p.x > b.x + b.w || p.y > b.y + b.h) continue;
    if (!best || b.w * b.h < best.bbox.w * best.bbox.h) best = e;
  }
  return best;
}

export function resolveTarget(obs: Observation, t: Target): UIElement | undefined {
  return 'element' in t ? elementById(obs, t.element) : elementAt(obs, t.point);
}

/** The element the action acts on, if it names one that is on this screen. */
export function actedElement(obs: Observation, a: Action): UIElement | undefined {
  const t = targetOf(a);
  return t ? resolveTarget(obs, t) : undefined;
}

export function onScreen(obs: Observation, p: { x: number; y: number }): boolean {
  return p.x >= 0 && p.y >= 0 && p.x < obs.screen.width && p.y < obs.screen.height;
}

/** Every point an action names, with what it is called in a message. */
export function pointsOf(a: Action): { label: string; p: { x: number; y: number } }[] {
  if (a.type === 'swipe') return [{ label: 'swipe start', p: a.from }, { label: 'swipe end', p: a.to }];
  const t = targetOf(a);
  const drop = dropOf(a);
  return [
    ...(t && 'point' in t ? [{ label: 'point', p: t.point }] : []),
    ...(drop && 'point' in drop ? [{ label: 'drop point', p: drop.point }] : []),
  ];
}
