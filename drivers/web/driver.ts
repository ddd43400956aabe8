// The web Driver. It owns one BrowserContext at a time: start() throws the old one away
// and takes a fresh one (new cookies, storage, cache), which is the reset between episodes
// and search tries. From the second start on, the next fresh context and its page are opened
// while the current one works (a new page costs ~150 ms and a renderer's start-up, ~0.3 CPU-s:
// a driver started once, as in a one-episode run, may never start again). It owns the
// Browser only when it launched it (WebDriver.launch).
// Given a LiveBrowser, start() takes a new browser when the last one died (crash, dropped
// remote connection), so one crash costs one episode, not the rest of the run.
// A tab the page opens (target=_blank, window.open) becomes the current page; when it
// closes, the latest open tab is current again. Dialogs are accepted.
// WebDriver.onPage(page) works in a page someone else owns (a Playwright Test's `page`): it
// launches nothing, start() takes that page back to the start URL, close() leaves it open.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { describeAction, type Action, type ActResult, type CheckResult, type Driver, type Observation, type PlatformCheck, type SettleOptions, type SetupStep, type StartSpec } from '../../contract/index.js';
import { perform } from './act.js';
import { launchBrowser, type LaunchOptions } from './browser.js';
import { LiveBrowser } from './live-browser.js';
import { checkElement, checkUrl } from '../platform-checks.js';
import { evaluateJs, jsResult } from './js.js';
import { snapshot, type ElementRef, type Snapshot } from './observe.js';
import { SETTLE_CAP_MS, runSettled } from './settle.js';
import { firstLine } from '../../common/errors.js';

export const VIEWPORT = { width: 1280, height: 800 } as const;
const START_TIMEOUT_MS = 30_000;
const OBSERVE_TRIES = 3;

export class WebDriver implements Driver {
  readonly platform = 'web' as const;
  private context: BrowserContext | undefined;
  private spare: Promise<Fresh> | undefined;
  private freshTaken = 0;
  private current: Page | undefined;
  private startUrl = '';
  private observed = 0;
  private readonly refsOf = new WeakMap<Observation, ElementRef[]>();
  private latest: Snapshot | undefined;
  private browser: Browser | undefined;
  private readonly live: LiveBrowser | undefined;
  /** The page of WebDriver.onPage, and whether an action ran in it since the last start(). */
  private given: { page: Page; acted: boolean; listen?: Listeners } | undefined;

  /** A LiveBrowser is relaunched (or reconnected) at the next start() after it disconnects; a Browser is not. */
  constructor(browser: Browser | LiveBrowser, private readonly ownsBrowser = false) {
    if (browser instanceof LiveBrowser) this.live = browser;
    else this.browser = browser;
  }

  /** Launches (or connects to) a browser that close() will also close, and relaunches it after a crash. */
  static async launch(opts: LaunchOptions = {}): Promise<WebDriver> {
    const live = new LiveBrowser(() => launchBrowser(opts));
    await live.get(); // no Chromium, or an endpoint that does not answer: the error is here
    return new WebDriver(live, true);
  }

  /**
   * A driver in `page`, which stays its owner's: start() opens the start URL in it, but leaves
   * the page as it is when it is there and no action ran since the last start (the state the
   * owner made); dialogs are accepted while the driver is open; close() leaves the page open.
   */
  static onPage(page: Page): WebDriver {
    const browser = page.context().browser();
    if (!browser) throw new Error('WebDriver.onPage needs a page of a launched or connected browser, not of a persistent context');
    const driver = new WebDriver(browser);
    driver.given = { page, acted: false };
    return driver;
  }

  async start(spec: StartSpec, opts: SettleOptions = {}): Promise<void> {
    if (spec.platform !== 'web') throw new Error(`the web driver cannot start a ${spec.platform} task`);
    const url = spec.url;
    if (!url) throw new Error('a web task needs a start url');
    this.latest = undefined;
    const page = this.given ? this.takeGiven() : await this.takeFresh();
    this.startUrl = url;
    const stay = this.given && !this.given.acted && page.url() === url;
    if (this.given) this.given.acted = false;
    try {
      if (!stay) await page.goto(url, { waitUntil: spec.wait_until ?? 'domcontentloaded', timeout: START_TIMEOUT_MS });
    } catch (e) {
      throw new Error(`could not open the start url ${url}: ${this.why(e)}`);
    }
    // Whether the page has settled since it last changed: an action step settles fully after
    // itself, so neither the next action nor the end of start() need wait again (a search
    // restarts often: this is most of what a restart costs besides loading the page).
    let settled = false;
    for (const [i, step] of spec.setup.entries()) {
      try {
        settled = await this.runSetupStep(step, settled, spec.wait_until);
      } catch (e) {
        throw new Error(`setup[${i}] (${Object.keys(step)[0]}) failed: ${this.why(e)}`);
      }
    }
    // Settle once, at the end: the screen the agent starts from.
    if (opts.settle !== 'light' && !settled) await this.settle();
  }

  /** A fresh context and page, the last one thrown away. */
  private async takeFresh(): Promise<Page> {
    await this.context?.close().catch(() => undefined);
    await this.liveBrowser();
    const { context, page } = await (this.spare ?? this.fresh()).catch(() => this.fresh());
    this.spare = undefined;
    if (++this.freshTaken > 1) {
      this.spare = this.fresh();
      this.spare.catch(() => undefined); // a failure shows when start() takes it
    }
    this.context = context;
    this.current = page;
    this.followTabs(context);
    return page;
  }

  /** The given page, with its tabs followed and its dialogs accepted until close(). */
  private takeGiven(): Page {
    const given = this.given!;
    const context = given.page.context();
    if (!given.listen) {
      const dialog = (d: Dialog) => { d.accept().catch(() => undefined); };
      given.listen = { page: this.followTabs(context), dialog };
      context.on('dialog', dialog);
    }
    this.context = context;
    this.current = given.page;
    return given.page;
  }

  /** A tab the page opens becomes the current page; when it closes, the latest open one is. */
  private followTabs(context: BrowserContext): (p: Page) => void {
    const onPage = (p: Page) => {
      this.current = p;
      p.on('close', () => { if (this.current === p) this.current = context.pages().at(-1); });
    };
    context.on('page', onPage);
    return onPage;
  }

  /** The browser to start in: a new one when the last disconnected (the spare page died with it). */
  private async liveBrowser(): Promise<Browser> {
    const browser = this.live ? await this.live.get() : this.browser!;
    if (browser !== this.browser) {
      this.browser = browser;
      this.spare = undefined;
      this.context = undefined;
    }
    if (!browser.isConnected()) throw new Error(this.goneMessage());
    return browser;
  }

  private async fresh(): Promise<Fresh> {
    const context = await this.browser!.newContext({ viewport: VIEWPORT });
    context.on('dialog', (d) => { d.accept().catch(() => undefined); });
    return { context, page: await context.newPage() };
  }

  /** Runs one setup step after which the page has settled (true) or may not have. */
  private async runSetupStep(step: SetupStep, settled: boolean, waitUntil: StartSpec['wait_until'] = 'domcontentloaded'): Promise<boolean> {
    const page = this.page();
    if ('goto' in step) {
      await page.goto(new URL(step.goto, page.url()).href, { waitUntil, timeout: START_TIMEOUT_MS });
      return false;
    }
    if ('js' in step) {
      // Its requests answered and its navigation loaded; the quiet DOM only where it is needed:
      // before an action step observes, and at the end of start().
      await runSettled(page, async () => { await evaluateJs(page, step.js); }, 'light');
      return false;
    }
    if ('action' in step) {
      if (!settled) await this.settle();
      const result = await this.act(step.action, await this.observe({ screenshot: false }));
      if (!result.ok) throw new Error(`${describeAction(step.action)}: ${result.error}`);
      return true;
    }
    await sleep(step.wait_ms);
    return settled;
  }

  async observe(opts: { screenshot?: boolean } = {}): Promise<Observation> {
    const page = this.page();
    const token = `o${++this.observed}`;
    for (let attempt = 1; ; attempt++) {
      try {
        const snap = await snapshot(page, token, opts.screenshot ?? true);
        this.refsOf.set(snap.observation, snap.refs);
        this.latest = snap;
        return snap.observation;
      } catch (e) {
        // A navigation under way destroys the page's JS context; wait for the new one.
        if (this.gone()) throw new Error(this.goneMessage());
        if (attempt >= OBSERVE_TRIES) throw new Error(`could not observe ${page.url()}: ${(e as Error).message}`);
        await page.waitForLoadState('domcontentloaded', { timeout: START_TIMEOUT_MS }).catch(() => undefined);
      }
    }
  }

  async act(action: Action, on: Observation, opts: SettleOptions = {}): Promise<ActResult> {
    const page = this.page();
    if (this.given) this.given.acted = true;
    // A link into a new tab: wait for the tab, which may appear only after the click returns.
    const target = 'target' in action && action.target && 'element' in action.target ? on.elements[action.target.element] : undefined;
    const tab = target?.attrs.target === '_blank' ? this.context?.waitForEvent('page', { timeout: SETTLE_CAP_MS }).catch(() => undefined) : undefined;
    const result = await perform({ page, startUrl: this.startUrl, on, refs: this.refsFor(on) }, action, opts.settle);
    if (!result.ok && this.gone()) return { ...result, error: this.goneMessage() };
    if (result.ok) await tab;
    const opened = this.current;
    if (opened && opened !== page) {
      await opened.waitForLoadState('domcontentloaded', { timeout: SETTLE_CAP_MS }).catch(() => undefined);
    }
    return result;
  }

  async settle(): Promise<void> {
    await runSettled(this.page(), async () => {});
  }

  /** The observation's own refs, or the latest's when `on` is a copy of the same screen. */
  private refsFor(on: Observation): ElementRef[] | undefined {
    const own = this.refsOf.get(on);
    if (own) return own;
    return this.latest && this.latest.observation.digest === on.digest ? this.latest.refs : undefined;
  }

  async check(check: PlatformCheck): Promise<CheckResult> {
    const page = this.page();
    switch (check.kind) {
      case 'url': return checkUrl(check, page.url());
      case 'element': return checkElement(check, await this.observe({ screenshot: false }));
      case 'shell': return { ok: false, evidence: 'shell checks run on Android only; on the web use js, url or element checks' };
      case 'js':
        try {
          return jsResult(check.expression, await evaluateJs(page, check.expression));
        } catch (e) {
          if (this.gone()) throw new Error(this.goneMessage());
          return { ok: false, evidence: `threw: ${playwrightReason(e)}` };
        }
    }
  }

  /** Evaluates a JS expression (or function body) in the page; its value as JSON gives it (undefined when none). */
  async read(expression: string): Promise<unknown> {
    try {
      return await evaluateJs(this.page(), expression);
    } catch (e) {
      throw new Error(`reading ${JSON.stringify(expression)} from the page failed: ${playwrightReason(e)}`);
    }
  }

  async close(): Promise<void> {
    if (this.given) {
      const { listen } = this.given;
      if (listen) this.context?.off('page', listen.page).off('dialog', listen.dialog);
      this.given.listen = undefined;
      this.context = undefined;
      this.current = undefined;
      return;
    }
    const spare = this.spare;
    this.spare = undefined;
    await Promise.all([
      this.context?.close(),
      spare?.then(({ context }) => context.close()),
    ].map((p) => p?.catch(() => undefined)));
    this.context = undefined;
    this.current = undefined;
    if (this.ownsBrowser) await (this.live ? this.live.close() : this.browser?.close());
  }

  /** The browser this driver works in died (its process crashed or was killed, or a remote one dropped). */
  private gone(): boolean {
    return this.browser?.isConnected() === false || this.given?.page.isClosed() === true;
  }

  private goneMessage(): string {
    return `${BROWSER_GONE}${this.live ? '; the next task start opens a new one' : ''}`;
  }

  /** An error's first line, or that the browser died when it did. */
  private why(e: unknown): string {
    return this.gone() ? this.goneMessage() : playwrightReason(e);
  }

  private page(): Page {
    if (!this.current) throw new Error('the web driver has no page: call start() first');
    return this.current;
  }
}

interface Fresh { context: BrowserContext; page: Page }
interface Listeners { page: (p: Page) => void; dialog: (d: Dialog) => void }

const BROWSER_GONE = 'the browser disconnected (its process crashed or was killed, or the remote endpoint dropped the connection)';

/** The first line of a Playwright error, without the call it names (`page.goto: `). */
function playwrightReason(e: unknown): string {
  return firstLine(e).replace(/^\w+\.\w+: /, '');
}
