// Re-grounding: find on a live screen the element a recorded step acted on, by its
// descriptor (role, name, key attrs, position), since ids do not survive across screens.
// A recorded name or attr may hold `{{*}}` (memory's wildcard: a part that varied between
// remembered instances): it matches any non-empty text there, and the rest must agree. The
// role must always be equal: a checkbox is not a radio.
import type { Action } from './action.js';
import type { TargetDescriptor, UIElement } from './driver.js';

/** Attributes that say which element it is; `row` (the text of its list row) tells apart the same button on each row. */
export const KEY_ATTRS = ['id', 'resource-id', 'name', 'href', 'placeholder', 'type', 'row'] as const;
export const WILDCARD = '{{*}}';

const squash = (s: string) => s.trim().replace(/\s+/g, ' ');

const patterns = new Map<string, RegExp>();

/** `Section #{{*}}` as a regular expression: the literal parts in any case and spacing, a wildcard at least one character. */
function patternOf(text: string): RegExp {
  let re = patterns.get(text);
  if (!re) {
    const parts = squash(text).split(WILDCARD).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s*'));
    re = new RegExp(`^${parts.join('.+?')}$`, 'is');
    if (patterns.size > 500) patterns.clear();
    patterns.set(text, re);
  }
  return re;
}

/** A recorded text matches a live one: equal, or (with wildcards) the pattern matches. */
function textMatches(recorded: string, live: string | undefined): boolean {
  if (live === undefined) return false;
  return recorded === live || (recorded.includes(WILDCARD) && patternOf(recorded).test(squash(live)));
}

/**
 * An icon-only control goes by its glyph in people's words ("the x") and by what it does in
 * its accessible name: one app draws "×" where another says "Close" or "Delete item".
 */
const CROSS_GLYPHS = new Set(['x', '×', '✕', '✖', '✗']);
const CROSS_MEANS = new Set(['close', 'delete', 'remove', 'dismiss', 'clear']);
const lower = (s: string) => s.trim().toLowerCase();
const meansCross = (t: string) => CROSS_MEANS.has(t.split(/\s+/)[0] ?? '');

/** What a glyph-named control does, in words ("×": close, delete...); none for a name in words. */
export function glyphMeanings(name: string): string[] {
  return CROSS_GLYPHS.has(lower(name)) ? [...CROSS_MEANS] : [];
}

/** Two names for one control: the same in any case, or a glyph and what it does ("x" and "Close", "×" and "Delete todo"). */
export function sameName(a: string, b: string): boolean {
  const x = lower(a);
  const y = lower(b);
  if (x === y) return true;
  const crossX = CROSS_GLYPHS.has(x);
  const crossY = CROSS_GLYPHS.has(y);
  return (crossX && (crossY || meansCross(y))) || (crossY && meansCross(x));
}

function nameScore(recorded: string, live: string): number {
  if (recorded === live) return 0.6;
  if (sameName(recorded, live)) return 0.5;
  return recorded.includes(WILDCARD) && textMatches(recorded, live) ? 0.5 : 0;
}

/**
 * A field is known by its label or by the hint it shows empty: one app labels it "New todo",
 * another leaves the placeholder "What needs to be done?" as its only name.
 */
function hintScore(d: TargetDescriptor, e: UIElement): number {
  const recorded = [d.name, d.attrs.placeholder].filter((t): t is string => !!t);
  const live = [e.name, e.attrs.placeholder].filter((t): t is string => !!t);
  return recorded.some((r) => live.some((l) => textMatches(r, l) || sameName(r, l))) ? 0.45 : 0;
}

/** A score in [0, 1]: 1 when role, name and key attrs all agree. */
export function matchScore(d: TargetDescriptor, e: UIElement): number {
  if (d.role !== e.role) return 0;
  let score = nameScore(d.name, e.name) || hintScore(d, e);
  const keys = KEY_ATTRS.filter((k) => d.attrs[k] !== undefined);
  const agree = keys.filter((k) => textMatches(d.attrs[k]!, e.attrs[k])).length;
  score += keys.length ? (0.3 * agree) / keys.length : 0.3 * (score > 0 ? 1 : 0);
  const dist = Math.hypot(d.bbox.x - e.bbox.x, d.bbox.y - e.bbox.y);
  score += 0.1 / (1 + dist / 100);
  return score;
}

/**
 * The live element that best stands for `d`, at or above `threshold`. When the recorded row
 * is on none of several fitting elements, which one is meant cannot be told (the ×
 * of a row that is gone is not the × of the row beside it): none.
 */
export function ground(d: TargetDescriptor, elements: UIElement[], threshold = 0.6): { element: UIElement; score: number } | undefined {
  const fits = elements.map((element) => ({ element, score: matchScore(d, element) })).filter((f) => f.score >= threshold);
  const row = d.attrs.row;
  if (row !== undefined && fits.length > 1 && !fits.some((f) => textMatches(row, f.element.attrs.row))) return undefined;
  let best: { element: UIElement; score: number } | undefined;
  for (const f of fits) if (!best || f.score > best.score) best = f;
  return best;
}

/** The same action, its element target (or, with `end: 'to'`, a drag's drop target) pointed at the grounded element's id. */
export function retarget(action: Action, element: UIElement, end: 'target' | 'to' = 'target'): Action {
  const t = (action as Record<string, unknown>)[end];
  return t && typeof t === 'object' && 'element' in t ? ({ ...action, [end]: { element: element.id } } as Action) : action;
}
