// What the search knows of a screen's fields beyond their accessible names: a key that tells
// unnamed fields apart and stays the same on later screens of the page, the words that label
// a field (its name, else the text just left of or above it, its placeholder and html
// name/id), and the steppers of a spin button (its up and down arrows).
import type { UIElement } from '../../contract/index.js';

/**
 * Each element's key: its name, else its html id/name/placeholder, else its place among the
 * elements of its role with neither (one pass over the screen): enough to tell "the 2nd unnamed
 * textbox" from the 1st.
 */
export function elementKeys(all: readonly UIElement[]): Map<UIElement, string> {
  const places = new Map<string, number>();
  return new Map(all.map((e) => {
    // The same button on each row of a list is told apart by its row.
    const own = e.attrs.id || e.attrs.name || e.attrs.placeholder || (e.attrs.row && `row ${e.attrs.row}`);
    if (e.name) return [e, own ? `${e.role} ${e.name} ${own}` : `${e.role} ${e.name}`];
    if (own) return [e, `${e.role} #${own}`];
    const place = places.get(e.role) ?? 0;
    places.set(e.role, place + 1);
    return [e, `${e.role} @${place}`];
  }));
}

const TEXTUAL = new Set(['text', 'cell', 'heading']);

/** A text just left of the field on its row, else just above it: how a label without `for` reads. */
function nearbyLabel(e: UIElement, all: readonly UIElement[]): string {
  const b = e.bbox;
  const mid = b.y + b.h / 2;
  let best: { text: string; d: number } | undefined;
  for (const o of all) {
    if (!TEXTUAL.has(o.role) || !o.name || o.name.length > 60) continue;
    const ob = o.bbox;
    const leftOf = ob.x + ob.w <= b.x + 4 && Math.abs(ob.y + ob.h / 2 - mid) <= Math.max(b.h, ob.h) / 2 && b.x - (ob.x + ob.w) < 200;
    const above = ob.y + ob.h <= b.y + 4 && b.y - (ob.y + ob.h) < 30 && ob.x < b.x + b.w && ob.x + ob.w > b.x - 20;
    if (!leftOf && !above) continue;
    const d = leftOf ? b.x - (ob.x + ob.w) : 2 * (b.y - (ob.y + ob.h)) + 10;
    if (!best || d < best.d) best = { text: o.name, d };
  }
  return best?.text ?? '';
}

/** The words that may say what goes in a field: its name, else the text beside it and its html attributes. */
export function fieldLabel(e: UIElement, all: readonly UIElement[]): string {
  if (e.name) return e.name;
  return [nearbyLabel(e, all), e.attrs.placeholder, e.attrs.name, e.attrs.id].filter(Boolean).join(' ').replace(/[_-]/g, ' ');
}

const UP_NAMES = /^(?:[+▲△⏶↑]|(?:increase|increment|up|more|plus)\b)/i;
const DOWN_NAMES = /^(?:[-−–▼▽⏷↓]|(?:decrease|decrement|down|less|minus)\b)/i;

/**
 * The buttons that step a spin button's value: named ones (+, "Increase") or unnamed arrows
 * that touch the field. Two unnamed ones stacked on each other are up (top) and down; side
 * by side, the right one goes up.
 */
export function steppers(field: UIElement, all: readonly UIElement[]): { up?: UIElement; down?: UIElement } {
  const f = field.bbox;
  const near = all.filter((o) => {
    if (o.role !== 'button' || !o.state.enabled) return false;
    const b = o.bbox;
    const rowOverlap = b.y < f.y + f.h + 4 && b.y + b.h > f.y - 4;
    const gap = Math.max(b.x - (f.x + f.w), f.x - (b.x + b.w), 0);
    return rowOverlap && gap <= 40 && b.h <= f.h * 2 + 8;
  });
  let up = near.find((o) => UP_NAMES.test(o.name.trim()));
  let down = near.find((o) => DOWN_NAMES.test(o.name.trim()));
  const unnamed = near.filter((o) => !o.name.trim());
  if ((!up || !down) && unnamed.length === 2) {
    const [a, b] = unnamed as [UIElement, UIElement];
    const stacked = Math.abs(a.bbox.y - b.bbox.y) > Math.abs(a.bbox.x - b.bbox.x);
    const [first, second] = stacked ? (a.bbox.y < b.bbox.y ? [a, b] : [b, a]) : a.bbox.x > b.bbox.x ? [a, b] : [b, a];
    up ??= first;
    down ??= second;
  }
  return { up, down };
}
