// Touch gestures as W3C pointer action sequences, which every Appium driver accepts
// (UiAutomator2 replays them with real MotionEvents). Pure: coordinates in, sequences out.
//
// Scroll semantics (DESIGN.md): `direction` is where the content moves to reveal, so
// `scroll down` shows what is below and the finger moves UP. The finger travels half the
// region, from 75% to 25% of it, slowly enough not to fling.
import type { BBox } from '../../contract/index.js';

export interface Point { x: number; y: number }

export interface PointerSequence {
  type: 'pointer';
  id: string;
  parameters: { pointerType: 'touch' };
  actions: Record<string, unknown>[];
}

export const LONG_PRESS_MS = 800;
export const SWIPE_MS = 300;
export const SCROLL_MS = 500;
export const DRAG_MS = 600;
/** A tap is held briefly: some views ignore a down/up with no time between. */
const TAP_HOLD_MS = 50;

function finger(actions: Record<string, unknown>[]): PointerSequence[] {
  return [{ type: 'pointer', id: 'finger1', parameters: { pointerType: 'touch' }, actions }];
}

export function tap(p: Point): PointerSequence[] {
  return press(p, TAP_HOLD_MS);
}

export function press(p: Point, ms: number): PointerSequence[] {
  return finger([
    { type: 'pointerMove', duration: 0, x: p.x, y: p.y },
    { type: 'pointerDown', button: 0 },
    { type: 'pause', duration: ms },
    { type: 'pointerUp', button: 0 },
  ]);
}

/** Two taps close enough in time to be one double tap (Android's limit is 300 ms between them). */
export function doubleTap(p: Point): PointerSequence[] {
  const one = [
    { type: 'pointerMove', duration: 0, x: p.x, y: p.y },
    { type: 'pointerDown', button: 0 },
    { type: 'pause', duration: TAP_HOLD_MS },
    { type: 'pointerUp', button: 0 },
  ];
  return finger([...one, { type: 'pause', duration: 100 }, ...one]);
}

/** Press at `from`, hold `holdMs` (a swipe barely holds; a drag holds as a long press to pick up), move to `to` in `ms`, let go. */
export function drag(from: Point, to: Point, ms: number, holdMs = 100): PointerSequence[] {
  return finger([
    { type: 'pointerMove', duration: 0, x: from.x, y: from.y },
    { type: 'pointerDown', button: 0 },
    { type: 'pause', duration: holdMs },
    { type: 'pointerMove', duration: ms, x: to.x, y: to.y },
    { type: 'pointerUp', button: 0 },
  ]);
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/** The finger's path that moves the content of `region` toward `direction`. */
export function scrollPath(region: BBox, direction: Direction): { from: Point; to: Point } {
  const cx = Math.round(region.x + region.w / 2);
  const cy = Math.round(region.y + region.h / 2);
  const at = (fraction: number, start: number, size: number) => Math.round(start + size * fraction);
  switch (direction) {
    case 'down': return { from: { x: cx, y: at(0.75, region.y, region.h) }, to: { x: cx, y: at(0.25, region.y, region.h) } };
    case 'up': return { from: { x: cx, y: at(0.25, region.y, region.h) }, to: { x: cx, y: at(0.75, region.y, region.h) } };
    case 'right': return { from: { x: at(0.75, region.x, region.w), y: cy }, to: { x: at(0.25, region.x, region.w), y: cy } };
    case 'left': return { from: { x: at(0.25, region.x, region.w), y: cy }, to: { x: at(0.75, region.x, region.w), y: cy } };
  }
}
