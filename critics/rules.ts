// The rule critic's rules, one small function each, in the order they run (cheapest and
// most basic first). A rule returns nothing when the action passes it.
import { originOf } from '../common/url.js';
import { describeAction, dropOf, formatElement, PLATFORM_SUPPORT, refusal, secretNames, supports, targetOf, type Action, type ActionType, type UIElement } from '../contract/index.js';
import { irreversibleMatch } from './irreversible.js';
import { normalizePlace, placeOf, receivingPlace, startPlace } from './origins.js';
import { elementById, onScreen, pointsOf, resolveTarget } from './landing.js';
import type { Decision, VetContext } from './types.js';

export const RULE_NAMES = [
  'platform', 'target_exists', 'point_on_screen', 'target_visible', 'target_enabled',
  'editable', 'select_option', 'origin', 'secret_origin', 'loop', 'irreversible',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export interface RuleSettings {
  /** Extra places (origins, URLs, app packages) navigation may go to. */
  allowed: readonly string[];
  /** Per secret name, the places it may be typed on; unlisted secrets: the task's start place only. */
  secretOrigins: Readonly<Record<string, readonly string[]>>;
  irreversiblePatterns: readonly RegExp[];
  /** The n-th identical action on an identical screen is a loop (default 3). */
  loopLimit: number;
}

export interface RuleInput {
  ctx: VetContext;
  action: Action;
  /** The element the action acts on (by id, or under its point), when on this screen. */
  element: UIElement | undefined;
  settings: RuleSettings;
}

export interface RuleOutcome {
  decision: Decision;
  reason: string;
  suggestion?: Action | string;
  /** With approve: a note for later critics. */
  flag?: string;
}

export type Rule = (input: RuleInput) => RuleOutcome | undefined;

const EDITABLE_ROLES = new Set(['textbox', 'searchbox', 'combobox']);
/** Actions that press on their target as a click does. */
const PRESSES = new Set<ActionType>(['click', 'double_click', 'long_press']);
const TOGGLES = new Set(['checkbox', 'radio', 'switch', 'tab', 'option', 'menuitemcheckbox', 'menuitemradio']);

export const RULES: Record<RuleName, Rule> = {
  platform: ({ ctx, action }) => {
    const platform = ctx.obs.platform;
    if (!supports(PLATFORM_SUPPORT[platform], action)) return revise(refusal(platform, action));
    if (action.type === 'open' && action.url === undefined && action.app === undefined) return revise('open needs a url or an app');
    return undefined;
  },

  target_exists: ({ ctx, action }) => {
    const missing = [targetOf(action), dropOf(action)].find((t) => t && 'element' in t && !elementById(ctx.obs, t.element));
    if (!missing || !('element' in missing)) return undefined;
    const n = ctx.obs.elements.length;
    return revise(`there is no element [${missing.element}] on this screen (ids are ${n ? `0..${n - 1}` : 'none: the screen lists no elements'})`);
  },

  point_on_screen: ({ ctx, action }) => {
    const { width, height } = ctx.obs.screen;
    const off = pointsOf(action).find(({ p }) => !onScreen(ctx.obs, p));
    if (!off) return undefined;
    return revise(`the ${off.label} (${off.p.x},${off.p.y}) is off the screen, which is ${width}x${height}`);
  },

  // On the web an element below the fold (visible=false, with a box) is fine: the driver
  // scrolls it into view before acting. An element with no box cannot be acted on anywhere.
  target_visible: ({ ctx, action, element }) => {
    const t = targetOf(action);
    if (!element || !t || !('element' in t) || element.state.visible) return undefined;
    const hasBox = element.bbox.w > 0 && element.bbox.h > 0;
    if (ctx.obs.platform === 'web' && hasBox) return undefined;
    return revise(`${formatElement(element)} is not visible: scroll it into view first`, { type: 'scroll', direction: 'down' });
  },

  target_enabled: ({ element }) =>
    element && !element.state.enabled ? revise(`${formatElement(element)} is disabled: it cannot be acted on now`) : undefined,

  editable: ({ ctx, action, element }) => {
    if (action.type !== 'type') return undefined;
    if (!action.target) {
      return ctx.obs.elements.some((e) => e.state.focused) ? undefined : revise('type has no target and nothing on this screen has focus: name the field');
    }
    if (!element) return undefined; // a point on nothing listed: the driver clicks it and types into what takes focus
    if (element.attrs.options !== undefined) return revise(`${formatElement(element)} is a list of options: use select, not type`);
    const editable = element.state.editable ?? EDITABLE_ROLES.has(element.role);
    return editable ? undefined : revise(`${formatElement(element)} is not a text field: type goes into a textbox`);
  },

  select_option: ({ action, element }) => {
    if (action.type !== 'select' || !element) return undefined;
    const options = element.attrs.options?.split('\n');
    if (!options) return revise(`${formatElement(element)} is not a <select>: click it, then click the option`);
    const want = action.option.trim().toLowerCase();
    if (options.some((o) => o.trim().toLowerCase() === want)) return undefined;
    return revise(`[${element.id}] has no option ${JSON.stringify(action.option)}; its options are ${options.map((o) => JSON.stringify(o)).join(', ')}`);
  },

  origin: ({ ctx, action, element, settings }) => {
    const allowed = allowedPlaces(ctx, settings);
    const platform = ctx.obs.platform;
    if (action.type === 'open') {
      const place = action.url !== undefined ? originOf(action.url, ctx.obs.location) : action.app?.split('/')[0];
      if (place === undefined || allowed.has(place)) return undefined;
      return block(`${describeAction(action)} leaves the allowed ${platform === 'web' ? 'origins' : 'apps'} (${[...allowed].join(', ')})`);
    }
    if (!PRESSES.has(action.type) || !element?.attrs.href) return undefined;
    const place = originOf(element.attrs.href, ctx.obs.location);
    if (place === undefined || allowed.has(place)) return undefined;
    return block(`${formatElement(element)} links to ${place}, which is not an allowed origin (${[...allowed].join(', ')})`);
  },

  secret_origin: ({ ctx, action, element, settings }) => {
    if (action.type !== 'type') return undefined;
    // The frame that receives the text decides: a cross-origin iframe on an allowed page is foreign.
    const here = receivingPlace(ctx.obs.platform, ctx.obs.location, element);
    for (const name of secretNames(action.text)) {
      const listed = settings.secretOrigins[name];
      const places = new Set(listed ? listed.map(normalizePlace) : [startPlace(ctx.task)].filter((p): p is string => !!p));
      if (here === undefined || !places.has(here)) {
        return block(`the secret ${name} may only be typed on ${[...places].join(', ') || 'no place'}, and this screen is ${here ?? ctx.obs.location}`);
      }
    }
    return undefined;
  },

  loop: ({ ctx, action, settings }) => {
    const key = canonical(action);
    const same = ctx.history
      .map((h, index) => ({ h, index }))
      .filter(({ h }) => h.digest === ctx.obs.digest && canonical(h.action) === key);
    if (same.length + 1 < settings.loopLimit) return undefined;
    const steps = same.map(({ h, index }) => `step ${index + 1} (${h.result.ok ? 'ran' : 'failed'})`).join(', ');
    return revise(`${describeAction(action)} was already done on this same screen at ${steps}, and the screen did not change: try something else`);
  },

  irreversible: ({ ctx, action, element: acted, settings }) => {
    // A drag does what its drop target says (onto "Trash"); a key is judged only on a named element (Enter in a field).
    const element = action.type === 'drag' ? resolveTarget(ctx.obs, action.to) : acted;
    const judged = PRESSES.has(action.type) || action.type === 'drag'
      || (action.type === 'type' && action.submit === true) || (action.type === 'key' && action.target !== undefined);
    // A toggle is undone by toggling it again, whatever its label says.
    if (!judged || !element || TOGGLES.has(element.role)) return undefined;
    const hit = irreversibleMatch(element, settings.irreversiblePatterns);
    if (!hit) return undefined;
    const what = `${describeAction(action)} on ${formatElement(element)} looks irreversible (${JSON.stringify(hit.text)} matches ${hit.pattern})`;
    if (ctx.task.allow_irreversible) return { decision: 'approve', reason: `${what}; the task allows it`, flag: `irreversible: ${what}` };
    return { decision: 'confirm', reason: what };
  },
};

function allowedPlaces(ctx: VetContext, settings: RuleSettings): Set<string> {
  const places = [startPlace(ctx.task), placeOf(ctx.obs.platform, ctx.obs.location), ...settings.allowed.map(normalizePlace)];
  return new Set(places.filter((p): p is string => !!p));
}

const revise = (reason: string, suggestion?: Action | string): RuleOutcome => ({ decision: 'revise', reason, ...(suggestion ? { suggestion } : {}) });
const block = (reason: string): RuleOutcome => ({ decision: 'block', reason });

/** The action as text with sorted keys, so equal actions compare equal. */
function canonical(a: Action): string {
  return JSON.stringify(a, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))) : v);
}

