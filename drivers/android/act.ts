// Executing one Action on an Android screen. Every failure comes back as { ok: false, error }
// in words a model can act on; nothing here throws to the caller. What touches the device goes
// through `Device` (driver.ts implements it over an Appium session), so this file is only the
// meaning of each action.
//
// Semantics worth knowing:
// - click, double_click (two taps) and long_press touch the centre of the target's bounds (or
//   the point), as a finger. drag holds the first target as a long press does, then moves to
//   the second and lets go (what reorderable lists and home screens need). hover and select
//   are refused, as ANDROID_SUPPORT (contract/platforms.ts) declares.
// - type: a field that is not focused is tapped first (so the keyboard and Enter go to it);
//   the text is appended to the field's value like a user typing, `clear: true` replaces it.
//   A password field's value cannot be read, so typing into it always replaces. No target = the
//   focused field. `submit` presses Enter (keycode 66) after.
// - scroll: `direction` is where the content moves to reveal (pointer-sequences.ts); the region is the
//   target, else the largest scrollable element on screen, else the middle of the screen.
// - key takes the names in keys.ts (with a target: tapped first, so the key goes to it);
//   back is the system Back; home the Home key.
// - open: `app` is package/activity, a package or a label (apps.ts); `url` a deep link.
import { setTimeout as sleep } from 'node:timers/promises';
import { ANDROID_SUPPORT, byType, describeTarget, isTerminal, refusal, supports, targetOf, type Action, type ActResult, type BBox, type Observation, type PerAction, type Supported, type Target, type UIElement } from '../../contract/index.js';
import { ActionError, centerOf, elementIn, show } from '../targets.js';
import { appiumReason, fatalKind, isUnsupported } from './appium-errors.js';
import { doubleTap, drag, press, scrollPath, tap, DRAG_MS, LONG_PRESS_MS, SCROLL_MS, SWIPE_MS, type Point, type PointerSequence } from './pointer-sequences.js';
import { keycodeOf, knownKeyNames, KEYCODES } from './keys.js';

/** What an action may do to the device. Errors it throws are shown to the model as they are. */
export interface Device {
  perform(sequences: PointerSequence[]): Promise<void>;
  pressKey(keycode: number): Promise<void>;
  back(): Promise<void>;
  /** Replaces the text of the field `el` (found on the live screen by its bounds and class). */
  setText(el: UIElement, text: string): Promise<void>;
  openApp(app: string): Promise<void>;
  openUrl(url: string): Promise<void>;
  /** The focused text field on the live screen, if any. */
  focusedField(): Promise<UIElement | undefined>;
}

interface Run { device: Device; on: Observation }

type Handlers = PerAction<Promise<void>, Run, Supported<typeof ANDROID_SUPPORT>>;

const ENTER = KEYCODES.enter!;
const HOME = KEYCODES.home!;

const HANDLERS = {
  click: async (a, r) => {
    if ('point' in a.target) return r.device.perform(tap(pointIn(r.on, a.target.point)));
    const el = usable(r.on, a.target.element);
    await r.device.perform(tap(centerOf(el)));
  },
  double_click: async (a, r) => {
    await r.device.perform(doubleTap(pointOf(r.on, a.target)));
  },
  drag: async (a, r) => {
    await r.device.perform(drag(pointOf(r.on, a.target), pointOf(r.on, a.to), DRAG_MS, LONG_PRESS_MS));
  },
  long_press: async (a, r) => {
    await r.device.perform(press(pointOf(r.on, a.target), a.ms ?? LONG_PRESS_MS));
  },
  type: async (a, r) => {
    let field: UIElement | undefined;
    if (a.target && 'element' in a.target) field = usable(r.on, a.target.element);
    else if (a.target) {
      await r.device.perform(tap(pointIn(r.on, a.target.point)));
      field = await r.device.focusedField();
    } else field = r.on.elements.find((e) => e.state.focused && isTextField(e)) ?? (await r.device.focusedField());
    if (!field) throw new ActionError('cannot type: no text field has focus; give the text field as target');
    if (!isTextField(field)) throw new ActionError(`cannot type into ${show(field)}: it is not a text field`);
    if (!field.state.focused) await r.device.perform(tap(centerOf(field)));
    await r.device.setText(field, (a.clear ? '' : currentText(field)) + a.text);
    if (a.submit) await r.device.pressKey(ENTER);
  },
  scroll: async (a, r) => {
    let region: BBox;
    if (!a.target) region = scrollRegion(r.on);
    else if ('point' in a.target) region = scrollRegion(r.on, pointIn(r.on, a.target.point));
    else region = usable(r.on, a.target.element).bbox;
    const { from, to } = scrollPath(region, a.direction);
    await r.device.perform(drag(from, to, SCROLL_MS));
  },
  swipe: async (a, r) => {
    await r.device.perform(drag(pointIn(r.on, a.from), pointIn(r.on, a.to), a.ms ?? SWIPE_MS));
  },
  key: async (a, r) => {
    const code = keycodeOf(a.key);
    if (code === undefined) throw new ActionError(`unknown key ${JSON.stringify(a.key)}; use one of ${knownKeyNames()}`);
    if (a.target) await r.device.perform(tap(pointOf(r.on, a.target)));
    await r.device.pressKey(code);
  },
  back: async (_a, r) => { await r.device.back(); },
  home: async (_a, r) => { await r.device.pressKey(HOME); },
  open: async (a, r) => {
    if (a.app !== undefined) return r.device.openApp(a.app);
    if (a.url !== undefined) return r.device.openUrl(a.url);
    throw new ActionError('open needs an app (package, package/activity or app name) or a url (a deep link)');
  },
  wait: async (a) => { await sleep(a.ms); },
  answer: async () => undefined,
  done: async () => undefined,
} satisfies Handlers;

export async function perform(device: Device, on: Observation, action: Action): Promise<ActResult> {
  const started = performance.now();
  const result: ActResult = { ok: true, act_ms: 0 };
  try {
    const target = targetOf(action);
    if (target && 'element' in target) result.target = describeTarget(elementIn(on, target.element));
    if (action.type === 'drag' && 'element' in action.to) result.to = describeTarget(elementIn(on, action.to.element));
    if (!supports(ANDROID_SUPPORT, action)) throw new ActionError(refusal('android', action));
    if (!isTerminal(action)) await byType(HANDLERS, action, { device, on });
  } catch (e) {
    result.ok = false;
    result.error = explain(e, action);
  }
  result.act_ms = Math.round(performance.now() - started);
  return result;
}

function explain(e: unknown, action: Action): string {
  if (e instanceof ActionError || fatalKind(e)) return (e as Error).message;
  if (isUnsupported(e)) return `${action.type} failed: the Appium driver of this session does not support it (${appiumReason(e)})`;
  return `${action.type} failed: ${appiumReason(e)}`;
}

/** An element a finger can reach: on screen and enabled. */
function usable(on: Observation, id: number): UIElement {
  const el = elementIn(on, id);
  if (!el.state.visible || el.bbox.w <= 0 || el.bbox.h <= 0) throw new ActionError(`${show(el)} is off screen; scroll to it first`);
  if (!el.state.enabled) throw new ActionError(`${show(el)} is disabled`);
  return el;
}

/** Where a finger goes for a target: a point as given, an element's centre. */
function pointOf(on: Observation, t: Target): Point {
  return 'point' in t ? pointIn(on, t.point) : centerOf(usable(on, t.element));
}

function pointIn(on: Observation, p: Point): Point {
  const { width, height } = on.screen;
  if (p.x < 0 || p.y < 0 || p.x >= width || p.y >= height) {
    throw new ActionError(`point (${p.x},${p.y}) is outside the screen (${width}x${height})`);
  }
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

function isTextField(e: UIElement): boolean {
  return e.role === 'textbox' || e.state.editable === true;
}

/** The text a user would be adding to: not the hint an empty field shows, not a password's dots. */
function currentText(field: UIElement): string {
  const value = field.value ?? '';
  if (field.state.password || value === field.attrs.hint) return '';
  return value;
}

/** The scrollable element under `at` (or the largest one), else the middle 70% of the screen. */
function scrollRegion(on: Observation, at?: Point): BBox {
  const scrollers = on.elements.filter((e) => (e.state.scrollable || e.role === 'list') && e.state.visible && e.bbox.w > 0 && e.bbox.h > 0);
  const holding = at ? scrollers.filter((e) => contains(e.bbox, at)) : scrollers;
  const area = (b: BBox) => b.w * b.h;
  const pick = at
    ? holding.sort((a, b) => area(a.bbox) - area(b.bbox))[0]
    : holding.sort((a, b) => area(b.bbox) - area(a.bbox))[0];
  if (pick) return pick.bbox;
  const { width, height } = on.screen;
  return { x: 0, y: Math.round(height * 0.15), w: width, h: Math.round(height * 0.7) };
}

function contains(b: BBox, p: Point): boolean {
  return p.x >= b.x && p.x < b.x + b.w && p.y >= b.y && p.y < b.y + b.h;
}

