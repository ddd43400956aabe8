// Waiting, bounded, until a page has settled after an action. Two depths:
// - full: a navigation the action started has reached domcontentloaded, the requests the
//   action started (fetch, XHR) have been answered, and the DOM has been quiet for a moment.
//   What a policy that reads the whole screen needs.
// - light: the same without the quiet moment. For a policy that says itself when the
//   screen is ready for it (replay waits for the element it clicks next, as a Playwright
//   locator does) and asks for a full settle when it is not.
// Best effort by construction: it never throws, and it never waits past its cap.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Frame, Page, Request, Response } from 'playwright-core';
import type { SettleDepth } from '../../contract/index.js';

export const SETTLE_CAP_MS = 2_000;
const DOM_QUIET_MS = 60;
/** Requests an action may start that a page waits on; long-lived streams are left out. */
const AWAITED = new Set(['document', 'fetch', 'xhr']);

export async function runSettled(page: Page, action: () => Promise<void>, depth: SettleDepth = 'full', capMs = SETTLE_CAP_MS): Promise<void> {
  const traffic = watchTraffic(page);
  try {
    await action();
    const deadline = Date.now() + capMs;
    const left = () => Math.max(0, deadline - Date.now());
    // The quiet moment (full) or a frame (light) gives the action's handlers time to start
    // their requests; Playwright's own click returns after a navigation it caused started.
    if (!traffic.navigating()) await (depth === 'full' ? domQuiet(page, left()) : nextFrame(page));
    if (traffic.navigating()) {
      await Promise.race([traffic.committed, sleep(left())]);
      await page.waitForLoadState('domcontentloaded', { timeout: Math.max(1, left()) }).catch(() => undefined);
    }
    if (await traffic.idle(left())) return;
    if (depth === 'full') await domQuiet(page, left());
  } finally {
    traffic.stop();
  }
}

interface Traffic {
  navigating(): boolean;
  committed: Promise<void>;
  /** Resolves once the requests seen have been answered (true when there were none), or at capMs. */
  idle(capMs: number): Promise<boolean>;
  stop(): void;
}

/** The main frame's navigation and the awaited requests the page makes from now on. */
function watchTraffic(page: Page): Traffic {
  let navigation = false;
  let seen = 0;
  const pending = new Set<Request>();
  let drained = () => {};
  let committed!: () => void;
  const onRequest = (r: Request) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigation = true;
    if (!AWAITED.has(r.resourceType())) return;
    seen++;
    pending.add(r);
  };
  const onDone = (r: Request) => {
    if (pending.delete(r) && pending.size === 0) drained();
  };
  // A response is the server's answer: a body the page never reads never "finishes" loading.
  const onResponse = (r: Response) => onDone(r.request());
  const onNavigated = (f: Frame) => { if (f === page.mainFrame()) committed(); };
  page.on('request', onRequest);
  page.on('response', onResponse);
  page.on('requestfailed', onDone);
  page.on('framenavigated', onNavigated);
  return {
    navigating: () => navigation,
    committed: new Promise<void>((resolve) => { committed = resolve; }),
    async idle(capMs) {
      const none = seen === 0;
      if (pending.size > 0) {
        await Promise.race([new Promise<void>((resolve) => { drained = resolve; }), sleep(capMs)]);
      }
      return none;
    },
    stop() {
      page.off('request', onRequest);
      page.off('response', onResponse);
      page.off('requestfailed', onDone);
      page.off('framenavigated', onNavigated);
    },
  };
}

/** Resolves once no DOM mutation has happened for DOM_QUIET_MS, or at capMs. */
async function domQuiet(page: Page, capMs: number): Promise<void> {
  if (capMs <= 0) return;
  await page.evaluate(({ quietMs, capMs }) => new Promise<void>((resolve) => {
    let quietTimer = setTimeout(finish, quietMs);
    const capTimer = setTimeout(finish, capMs);
    const observer = new MutationObserver(() => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(finish, quietMs);
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    function finish() {
      observer.disconnect();
      clearTimeout(quietTimer);
      clearTimeout(capTimer);
      resolve();
    }
  }), { quietMs: Math.min(DOM_QUIET_MS, capMs), capMs }).catch(() => undefined); // a navigation destroyed the context
}

/** One rendered frame (a timer stands in when the page does not render, e.g. in the background). */
async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 50);
  })).catch(() => undefined);
}

