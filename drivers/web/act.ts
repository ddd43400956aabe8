// Executing one Action on a page. Every failure comes back as { ok: false, error } in
// words a model can act on; nothing here throws to the caller. Each screen-touching action
// is followed by a bounded wait for the page to settle (settle.ts).
//
// Semantics worth knowing:
// - click: a trusted mouse click at the element's centre when its box held still for a
//   frame and it is topmost there; otherwise Playwright's click with its actionability checks.
// - type: appends to the field's text (caret moved to the end); `clear: true` replaces it.
//   The text goes in as one input, as Playwright's fill does, not key by key: use `key` for
//   keystrokes. Date/time/colour inputs are always replaced (they cannot take partial
//   text). No target = the focused element. `submit` presses Enter after.
// - select: chooses an option of a <select>; in a multi-select list it joins those chosen.
// - scroll: `direction` is where the content moves to reveal (`down` shows what is below);
//   ~80% of the scroller's size. A scroll that moves nothing fails, saying so.
// - long_press holds 800 ms unless `ms` says otherwise; swipe takes 300 ms, drag 400 ms.
// - click, double_click, hover and drag reach an element shown only while its row is hovered
//   by hovering the row first. key with a target focuses that element, then presses.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ElementHandle, Frame, Page } from 'playwright-core';
import { firstLine, messageOf } from '../../common/errors.js';
import { byType, describeTarget, isTerminal, refusal, supports, targetOf, WEB_SUPPORT, type Action, type ActResult, type Observation, type PerAction, type SettleDepth, type Supported, type Target, type UIElement } from '../../contract/index.js';
import { calendarForms } from '../../common/dates.js';
import { parseUrl } from '../../common/url.js';
import { ActionError, elementIn, show } from '../targets.js';
import { clickProbe, deepFocus, hoverHost, isDisabled, prepareTyping, scrollToward, selectOptions } from './inpage-act.js';
import type { ElementRef } from './observe.js';
import { runSettled } from './settle.js';

const ACTION_TIMEOUT_MS = 3_000;
const NAVIGATION_TIMEOUT_MS = 15_000;
const LONG_PRESS_MS = 800;
const SWIPE_MS = 300;
const DRAG_MS = 400;
/** Inputs whose value is a whole (a date, a colour): typing replaces it. */
const REPLACE_ONLY_TYPES = new Set(['date', 'time', 'datetime-local', 'month', 'week', 'color']);
const KEY_ALIASES: Record<string, string> = {
  esc: 'Escape', return: 'Enter', del: 'Delete', space: ' ', up: 'ArrowUp', down: 'ArrowDown',
  left: 'ArrowLeft', right: 'ArrowRight', pgup: 'PageUp', pgdn: 'PageDown',
};

export interface ActContext {
  page: Page;
  /** Where `home` goes: the episode's start URL. */
  startUrl: string;
  on: Observation;
  /** The DOM nodes behind `on`'s ids; undefined when `on` was not observed by this driver. */
  refs: ElementRef[] | undefined;
}

interface Located { el: UIElement; handle: ElementHandle<Element>; frame: Frame }

interface Run {
  c: ActContext;
  locate(id: number): Promise<Located>;
  /** The focused element; an ActionError when nothing has focus. */
  focused(): Promise<ElementHandle<Element>>;
}

type Handlers = PerAction<Promise<void>, Run, Supported<typeof WEB_SUPPORT>>;

const HANDLERS = {
  click: async (a, r) => {
    const at = await aimAt(r, a.target);
    if (at.point) await r.c.page.mouse.click(...at.point);
    else await at.handle.click({ timeout: ACTION_TIMEOUT_MS });
  },
  double_click: async (a, r) => {
    const at = await aimAt(r, a.target);
    if (at.point) await r.c.page.mouse.dblclick(...at.point);
    else await at.handle.dblclick({ timeout: ACTION_TIMEOUT_MS });
  },
  hover: async (a, r) => {
    const at = await aimAt(r, a.target);
    if (at.point) await r.c.page.mouse.move(...at.point);
    else await at.handle.hover({ timeout: ACTION_TIMEOUT_MS });
  },
  drag: async (a, r) => {
    const [fx, fy] = await pagePointOf(r, a.target);
    const [tx, ty] = await pagePointOf(r, a.to);
    await moveHeld(r.c.page, [fx, fy], [tx, ty], DRAG_MS);
  },
  long_press: async (a, r) => {
    const [x, y] = await pagePointOf(r, a.target);
    const mouse = r.c.page.mouse;
    await mouse.move(x, y);
    await mouse.down();
    await sleep(a.ms ?? LONG_PRESS_MS);
    await mouse.up();
  },
  type: async (a, r) => {
    const { page } = r.c;
    let field: ElementHandle<Element>;
    let label = 'the focused element';
    if (a.target && 'element' in a.target) {
      const located = await r.locate(a.target.element);
      field = located.handle;
      label = show(located.el);
    } else {
      if (a.target) await page.mouse.click(...pointIn(r.c.on, a.target.point));
      field = await r.focused();
    }
    await typeInto(page, field, label, a);
    if (a.submit) await page.keyboard.press('Enter');
  },
  select: async (a, r) => {
    if ('point' in a.target) throw new ActionError('select needs an element id as target (a <select> from the element list), not a point');
    const { el, handle } = await r.locate(a.target.element);
    const probe = await handle.evaluate(selectOptions);
    if (!probe.isSelect) {
      throw new ActionError(`${show(el)} is not a <select>; for a custom list, click it and then click the option`);
    }
    const index = optionIndex(probe.options, a.option);
    if (index < 0) {
      const labels = probe.options.map((o) => JSON.stringify(o.label)).join(', ');
      throw new ActionError(`[${el.id}] has no option ${JSON.stringify(a.option)}; its options are ${labels}`);
    }
    // In a list that holds several choices, the option joins those already chosen.
    const chosen = probe.multiple ? probe.options.flatMap((o, i) => (o.selected && i !== index ? [{ index: i }] : [])) : [];
    await handle.selectOption([...chosen, { index }], { timeout: ACTION_TIMEOUT_MS });
  },
  scroll: async (a, r) => {
    let moved: boolean;
    if (!a.target) moved = await r.c.page.evaluate(scrollToward, { direction: a.direction });
    else if ('point' in a.target) {
      const [x, y] = pointIn(r.c.on, a.target.point);
      moved = await r.c.page.evaluate(scrollToward, { direction: a.direction, point: { x, y } });
    } else {
      const { handle, frame } = await r.locate(a.target.element);
      moved = await frame.evaluate(scrollToward, { direction: a.direction, el: handle });
    }
    if (!moved) throw new ActionError(`scroll ${a.direction} moved nothing: there is no more content that way`);
  },
  swipe: async (a, r) => {
    await moveHeld(r.c.page, pointIn(r.c.on, a.from), pointIn(r.c.on, a.to), a.ms ?? SWIPE_MS);
  },
  key: async (a, r) => {
    if (a.target && 'element' in a.target) {
      const { el, handle } = await r.locate(a.target.element);
      if (await handle.evaluate(isDisabled)) throw new ActionError(`${show(el)} is disabled`);
      await handle.focus();
    } else if (a.target) await r.c.page.mouse.click(...pointIn(r.c.on, a.target.point));
    await r.c.page.keyboard.press(KEY_ALIASES[a.key.toLowerCase()] ?? a.key);
  },
  back: async (_a, r) => {
    const { page } = r.c;
    const before = page.url();
    const response = await page.goBack({ waitUntil: 'domcontentloaded', timeout: NAVIGATION_TIMEOUT_MS });
    // goBack answers null both when there is no history and for same-document history entries
    const nowhere = !response && page.url() === before;
    // the blank page a new tab starts on is not a page of the task
    const leftTask = page.url() === 'about:blank' && before !== 'about:blank';
    if (leftTask) await page.goForward({ waitUntil: 'domcontentloaded', timeout: NAVIGATION_TIMEOUT_MS });
    if (nowhere || leftTask) throw new ActionError('there is no page to go back to');
  },
  home: async (_a, r) => {
    await r.c.page.goto(r.c.startUrl, { waitUntil: 'domcontentloaded', timeout: NAVIGATION_TIMEOUT_MS });
  },
  open: async (a, r) => {
    if (a.url === undefined) throw new ActionError('open needs a url');
    const { page } = r.c;
    const url = parseUrl(a.url, page.url());
    if (!url) throw new ActionError(`open: ${JSON.stringify(a.url)} is not a URL`);
    await page.goto(url.href, { waitUntil: 'domcontentloaded', timeout: NAVIGATION_TIMEOUT_MS });
  },
  wait: async (a) => { await sleep(a.ms); },
  answer: async () => undefined,
  done: async () => undefined,
} satisfies Handlers;

export async function perform(c: ActContext, action: Action, depth: SettleDepth = 'full'): Promise<ActResult> {
  const started = performance.now();
  const handles: ElementHandle[] = [];
  const run: Run = {
    c,
    locate: async (id) => {
      const found = await locate(c, id);
      handles.push(found.handle);
      return found;
    },
    focused: async () => {
      const found = await c.page.evaluateHandle(deepFocus);
      const handle = found.asElement();
      if (!handle) {
        await found.dispose();
        throw new ActionError('cannot type: no element has focus; give the text field as target');
      }
      handles.push(handle);
      return handle;
    },
  };
  const result: ActResult = { ok: true, act_ms: 0 };
  try {
    const target = targetOf(action);
    if (target && 'element' in target) result.target = describeTarget(elementIn(c.on, target.element));
    if (action.type === 'drag' && 'element' in action.to) result.to = describeTarget(elementIn(c.on, action.to.element));
    if (!supports(WEB_SUPPORT, action)) throw new ActionError(refusal('web', action));
    if (isTerminal(action)) await byType(HANDLERS, action, run);
    else await runSettled(c.page, () => byType(HANDLERS, action, run), depth);
  } catch (e) {
    result.ok = false;
    result.error = explain(e, action);
  } finally {
    for (const h of handles) h.dispose().catch(() => undefined); // no need to wait for the page's answer
  }
  result.act_ms = Math.round(performance.now() - started);
  return result;
}

async function typeInto(page: Page, field: ElementHandle<Element>, label: string, a: { text: string; clear?: boolean }) {
  const replace = a.clear === true;
  const { kind, why } = await field.evaluate(prepareTyping, replace);
  if (kind === 'IFRAME' || kind === 'FRAME') {
    await page.keyboard.insertText(a.text); // the focus is inside a cross-origin frame: type where it is
    return;
  }
  if (why) throw new ActionError(`cannot type into ${label}: ${why}`);
  // A date or time typed as people write it ("05/20/2010") goes in as the input takes it.
  if (REPLACE_ONLY_TYPES.has(kind)) await field.fill(calendarForms(kind, a.text)[0] ?? a.text, { timeout: ACTION_TIMEOUT_MS });
  else if (a.text) await page.keyboard.insertText(a.text); // replaces the selection, if any
  else if (replace) await page.keyboard.press('Delete');
}

async function locate(c: ActContext, id: number): Promise<Located> {
  const el = elementIn(c.on, id);
  const ref = c.refs?.[id];
  if (!ref) throw new ActionError('that observation was not made on this page by this driver; observe again');
  const found = await ref.frame
    .evaluateHandle(([token, index]) => {
      const node = window.__cairn?.get(token)?.els[index];
      return node && node.isConnected ? node : null;
    }, [ref.token, ref.index] as const)
    .catch(() => null);
  const handle = found?.asElement();
  if (!handle) {
    await found?.dispose();
    throw new ActionError(`${show(el)} is no longer on the page (it changed since that observation); observe again`);
  }
  return { el, handle, frame: ref.frame };
}

function pointIn(on: Observation, p: { x: number; y: number }): [number, number] {
  const { width, height } = on.screen;
  if (p.x < 0 || p.y < 0 || p.x >= width || p.y >= height) {
    throw new ActionError(`point (${p.x},${p.y}) is outside the screen (${width}x${height})`);
  }
  return [p.x, p.y];
}

/**
 * Where a pointer action lands on its target: a trusted page point (a screen point, or an
 * element's visible centre in the main frame), else the element's handle, for Playwright's
 * own actionability checks. An element shown only while its row is hovered is revealed
 * first, as a person moves the mouse over the row before reaching for its button.
 */
async function aimAt(r: Run, target: Target): Promise<{ point: [number, number]; handle?: undefined } | { point?: undefined; handle: ElementHandle<Element> }> {
  if ('point' in target) return { point: pointIn(r.c.on, target.point) };
  const { el, handle, frame } = await r.locate(target.element);
  let probe = await handle.evaluate(clickProbe);
  if (probe.disabled) throw new ActionError(`${show(el)} is disabled`);
  if (probe.hidden) {
    const host = (await handle.evaluateHandle(hoverHost)).asElement();
    if (host) {
      await host.hover({ timeout: ACTION_TIMEOUT_MS }).finally(() => host.dispose());
      probe = await handle.evaluate(clickProbe);
    }
  }
  // Coordinates are the frame's own: only the main frame's are the page's.
  if (probe.point && frame === r.c.page.mainFrame()) return { point: [probe.point.x, probe.point.y] };
  return { handle };
}

/** A page point for a target: what aimAt finds, or the centre of the element's box (inside frames too). */
async function pagePointOf(r: Run, target: Target): Promise<[number, number]> {
  const at = await aimAt(r, target);
  if (at.point) return at.point;
  await at.handle.scrollIntoViewIfNeeded({ timeout: ACTION_TIMEOUT_MS });
  const box = await at.handle.boundingBox();
  if (!box) throw new ActionError(`${describeTargetOf(r, target)} is not visible`);
  return [box.x + box.width / 2, box.y + box.height / 2];
}

const describeTargetOf = (r: Run, t: Target) => ('element' in t ? show(elementIn(r.c.on, t.element)) : `point (${t.point.x},${t.point.y})`);

/** Presses at `from`, moves there to `to` in small steps (what drag-and-drop and sliders listen for), lets go. */
async function moveHeld(page: Page, [fx, fy]: [number, number], [tx, ty]: [number, number], ms: number) {
  const mouse = page.mouse;
  const steps = Math.max(2, Math.round(ms / 16));
  await mouse.move(fx, fy);
  await mouse.down();
  for (let i = 1; i <= steps; i++) {
    await mouse.move(fx + ((tx - fx) * i) / steps, fy + ((ty - fy) * i) / steps);
    await sleep(ms / steps);
  }
  await mouse.up();
}

/** Exact label, then exact value, then label ignoring case and spacing. */
function optionIndex(options: { label: string; value: string }[], wanted: string): number {
  const loose = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const byLabel = options.findIndex((o) => o.label === wanted);
  if (byLabel >= 0) return byLabel;
  const byValue = options.findIndex((o) => o.value === wanted);
  if (byValue >= 0) return byValue;
  return options.findIndex((o) => loose(o.label) === loose(wanted));
}

/** Playwright's messages carry a call log; keep the first line and the reason found in it. */
function explain(e: unknown, action: Action): string {
  if (e instanceof ActionError) return e.message;
  const message = messageOf(e);
  const first = firstLine(e).replace(/^[\w.]+: /, '');
  const hints: [RegExp, string][] = [
    [/intercepts pointer events/, 'another element covers it'],
    [/element is not enabled|element is disabled/, 'it is disabled'],
    [/element is not visible/, 'it is not visible'],
    [/not attached to the DOM|detached/, 'it left the page'],
    [/Unknown key/, 'use a Playwright key name such as Enter, Tab, Escape, ArrowDown, Control+A'],
  ];
  const why = hints.filter(([re]) => re.test(message)).map(([, hint]) => hint);
  return `${action.type} failed: ${first}${why.length ? ` (${why.join('; ')})` : ''}`;
}
