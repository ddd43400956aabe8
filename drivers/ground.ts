// Re-grounding: find on a live screen the element a recorded step acted on, by its
// descriptor (role, name, key attrs, position), since ids do not survive across screens.
// A recorded name or attr may hold `{{*}}` (memory's wildcard: a part that varied between
// remembered instances): it matches any non-empty text there, and the rest must agree. The
// role must always be equal: a checkbox is not a radio.
import type { Action } from './action.js';
import type { TargetDescriptor, UIElement } from './types.js';

const KEY_ATTRS = ['id', 'resource-id', 'name', 'href', 'placeholder', 'type'] as const;
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

/** An icon-only control goes by its glyph in people's words ("the x") and by what it does in its accessible name. */
const GLYPHS: Record<string, string> = { x: 'close', '×': 'close', '✕': 'close', '✖': 'close', '✗': 'close' };
const plain = (s: string) => {
  const t = s.trim().toLowerCase();
  return GLYPHS[t] ?? t;
};

/** Two names for one control: the same in any case, or a glyph and what it does ("x" and "Close"). */
export const sameName = (a: string, b: string) => plain(a) === plain(b);

function nameScore(recorded: string, live: string): number {
  if (recorded === live) return 0.6;
  if (sameName(recorded, live)) return 0.5;
  return recorded.includes(WILDCARD) && textMatches(recorded, live) ? 0.5 : 0;
}

/** A score in [0, 1]: 1 when role, name and key attrs all agree. */
export function matchScore(d: TargetDescriptor, e: UIElement): number {
  if (d.role !== e.role) return 0;
  let score = nameScore(d.name, e.name);
  const keys = KEY_ATTRS.filter((k) => d.attrs[k] !== undefined);
  const agree = keys.filter((k) => textMatches(d.attrs[k]!, e.attrs[k])).length;
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
