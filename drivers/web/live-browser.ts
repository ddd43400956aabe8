// A browser that outlives a crash: whoever launched (or connected to) a Browser keeps it
// here, and get() hands out the live one, launching or connecting anew when the last one
// disconnected (its process died, or the remote endpoint dropped the connection). Workers
// sharing it relaunch once, not once each. The episode that was running when it died ends
// with the error its driver saw; the next start() gets a new browser.
import type { Browser } from 'playwright-core';

export class LiveBrowser {
  private current: Promise<Browser> | undefined;
  private closed = false;
  /** Times a browser was launched or connected, the first included. */
  launches = 0;

  constructor(private readonly open: () => Promise<Browser>) {}

  /** The connected browser; a new one when the last disconnected. */
  async get(): Promise<Browser> {
    if (this.closed) throw new Error('the browser was closed');
    const current = this.current;
    if (current) {
      const browser = await current.catch(() => undefined);
      if (browser?.isConnected()) return browser;
      if (this.current !== current) return this.get(); // another worker is relaunching
      await browser?.close().catch(() => undefined); // reaps what is left of a killed process
    }
    this.launches++;
    const next = this.open();
    this.current = next;
    next.catch(() => { if (this.current === next) this.current = undefined; }); // the next get() tries again
    return next;
  }

  /** Whether the browser handed out last is still connected (false before the first get()). */
  async connected(): Promise<boolean> {
    const browser = await this.current?.catch(() => undefined);
    return browser?.isConnected() ?? false;
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = await this.current?.catch(() => undefined);
    this.current = undefined;
    await browser?.close().catch(() => undefined);
  }
}
