// Waiting, bounded, until a page has settled after an action: a navigation the action
// started has reached domcontentloaded, then the DOM has been quiet for a moment.
// Best effort by construction: it never throws, and it never waits past its cap.
import type { Frame, Page, Request } from 'playwright-core';

export const SETTLE_CAP_MS = 2_000;
const DOM_QUIET_MS = 60;

export async function runSettled(page: Page, action: () => Promise<void>, capMs = SETTLE_CAP_MS): Promise<void> {
  let navigationRequested = false;
  let committed!: () => void;
  const navigationCommitted = new Promise<void>((resolve) => { committed = resolve; });
  const onRequest = (r: Request) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigationRequested = true;
  };
  const onNavigated = (f: Frame) => { if (f === page.mainFrame()) committed(); };
  page.on('request', onRequest);
  page.on('framenavigated', onNavigated);
  try {
    await action();
    const deadline = Date.now() + capMs;
    const left = () => Math.max(0, deadline - Date.now());
    // Playwright's click returns after a navigation it caused has started, so a request seen
    // by now means a page load to wait for; otherwise wait for the DOM to go quiet.
    if (!navigationRequested) await domQuiet(page, left());
    if (!navigationRequested) return;
    await Promise.race([navigationCommitted, sleep(left())]);
    await page.waitForLoadState('domcontentloaded', { timeout: Math.max(1, left()) }).catch(() => undefined);
    await domQuiet(page, left());
  } finally {
    page.off('request', onRequest);
    page.off('framenavigated', onNavigated);
  }
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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
