// The Android Driver: one Appium session (WebdriverIO client) on one device, opened by the
// first start() and kept across tasks; start() relaunches the task's app (force-stop, then
// start) as the reset. It does not own the Appium server unless told to (onClose releases a
// local one, appium.ts). A session that dies (the server restarted, newCommandTimeout ran
// out, someone deleted it) fails every call with a clear error until the next start() opens
// a new one, so a run goes on.
import { setTimeout as sleep } from 'node:timers/promises';
import { remote } from 'webdriverio';
import { parseUrl } from '../../common/url.js';
import { describeAction, digestOf, type Action, type ActResult, type CheckResult, type Driver, type Observation, type PlatformCheck, type StartSpec, type UIElement } from '../../contract/index.js';
import { checkElement, checkText, checkUrl } from '../platform-checks.js';
import { ActionError, show } from '../targets.js';
import { perform, type Device } from './act.js';
import { parsePackageList, resolveAppLabel, type PackageSource } from './apps.js';
import { launchedBy, parseApp, sessionCapabilities, type AppRef, type Capabilities } from './capabilities.js';
import { ADB_SHELL_HINT, appiumReason, fatalKind, isInsecureRefusal, isUnsupported } from './appium-errors.js';
import type { PointerSequence } from './pointer-sequences.js';
import { xpathOf } from './locate.js';
import { parseAndroidSource } from './element-list.js';

type Client = WebdriverIO.Browser;

export interface AndroidDriverOptions {
  /** The Appium server (local, grid or device farm): http(s)://[user:key@]host:port[/path]. */
  appium: string;
  /** The device to use (`appium:udid`); unset lets the server pick one. */
  udid?: string;
  /** Merged over cairn's UiAutomator2 defaults (capabilities.ts). */
  capabilities?: Capabilities;
  /** Clear the app's data at every start (mobile: clearApp), for tasks that need a blank app. */
  clearAppData?: boolean;
  /** Run after the session is closed, e.g. to release a local Appium server. */
  onClose?: () => Promise<void>;
}

const W3C_ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
/** Creating a UiAutomator2 session may install its server APKs first: minutes, not seconds. */
const REQUEST_TIMEOUT_MS = 240_000;
const SETTLE_PAUSE_MS = 250;

export class AndroidDriver implements Driver {
  readonly platform = 'android' as const;
  private client: Client | undefined;
  /** Why the session cannot be used any more; cleared by the next session. */
  private gone: string | undefined;
  /** The package the session's capabilities launched, so the first start need not relaunch it. */
  private launched: string | undefined;
  /** getCurrentPackage/Activity failed once without a fatal error: the driver lacks them. */
  private noLocation = false;
  private closed = false;
  private readonly device: Device;

  constructor(private readonly opts: AndroidDriverOptions) {
    connectionOf(opts.appium); // a bad URL fails here, not at the first task
    this.device = this.makeDevice();
  }

  /** The Appium server URL and device this driver talks to, for logs. */
  get endpoint(): string {
    return this.opts.udid ? `${this.opts.appium} (${this.opts.udid})` : this.opts.appium;
  }

  async start(spec: StartSpec): Promise<void> {
    if (spec.platform !== 'android') throw new Error(`the Android driver cannot start a ${spec.platform} task`);
    if (this.closed) throw new Error('the Android driver is closed');
    spec.setup.forEach((step, i) => {
      if ('js' in step) throw new Error(`setup[${i}] (js): js setup steps run on the web only; on Android use action steps (open, click, type ...) and wait_ms`);
      if ('goto' in step) throw new Error(`setup[${i}] (goto): goto is for web pages; on Android use an action step {type: open, app: ...} or {type: open, url: ...} (a deep link)`);
    });
    const app = spec.app !== undefined ? parseApp(spec.app) : undefined;
    let fresh = false;
    if (!this.client || this.gone) {
      await this.dropSession();
      await this.openSession(app);
      fresh = true;
    }
    if (app) {
      const launchedNow = fresh && app.kind !== 'label' && this.launched === app.pkg && !this.opts.clearAppData;
      if (!launchedNow) {
        try {
          await this.launch(app, true);
        } catch (e) {
          throw new Error(`could not open the app ${spec.app}: ${appiumReason(e)}`);
        }
      }
    }
    for (const [i, step] of spec.setup.entries()) {
      if ('wait_ms' in step) {
        await sleep(step.wait_ms);
      } else if ('action' in step) {
        const result = await this.act(step.action, await this.observe({ screenshot: false }));
        if (!result.ok) throw new Error(`setup[${i}] (action) failed: ${describeAction(step.action)}: ${result.error}`);
      }
    }
  }

  async observe(opts: { screenshot?: boolean } = {}): Promise<Observation> {
    const c = this.session();
    const [xml, where, png] = await Promise.all([
      this.call(() => c.getPageSource()),
      this.whereNow(c),
      opts.screenshot === false ? undefined : this.call(() => c.takeScreenshot()),
    ]);
    const parsed = parseAndroidSource(xml, where.activity ? { activity: where.activity } : {});
    const location = where.pkg ? (where.activity ? `${where.pkg}/${where.activity}` : where.pkg) : parsed.location;
    return {
      platform: 'android',
      screen: parsed.screen,
      location,
      elements: parsed.elements,
      ...(png ? { screenshot: Buffer.from(png, 'base64') } : {}),
      digest: digestOf(location, parsed.elements),
    };
  }

  async act(action: Action, on: Observation): Promise<ActResult> {
    try {
      this.session();
    } catch (e) {
      return { ok: false, error: (e as Error).message, act_ms: 0 };
    }
    return perform(this.device, on, action);
  }

  /**
   * UiAutomator2 waits for the app to idle before each command, so act() has no settle depth;
   * settle() is a short pause, so that a caller waiting for a screen does not poll the device
   * back to back.
   */
  async settle(): Promise<void> {
    await sleep(SETTLE_PAUSE_MS);
  }

  async check(check: PlatformCheck): Promise<CheckResult> {
    switch (check.kind) {
      case 'url': return checkUrl(check, (await this.observe({ screenshot: false })).location);
      case 'element': return checkElement(check, await this.observe({ screenshot: false }));
      case 'js': return { ok: false, evidence: 'js checks run on the web only; on Android use shell, element, absent or url (package/activity) checks' };
      case 'shell': return checkText(`adb shell ${JSON.stringify(check.command)}:`, check, await this.shell(check.command));
    }
  }

  /** Runs an adb shell command on the device (mobile: shell); its output. */
  async shell(command: string): Promise<string> {
    const c = this.session();
    try {
      const out = await c.execute('mobile: shell', { command });
      return typeof out === 'string' ? out : JSON.stringify(out);
    } catch (e) {
      this.noteFatal(e);
      if (this.gone) throw new Error(this.gone);
      if (isInsecureRefusal(e)) throw new Error(`adb shell ${JSON.stringify(command)} was refused: ${ADB_SHELL_HINT}`);
      if (isUnsupported(e)) throw new Error(`adb shell needs the UiAutomator2 driver; this session's driver has no mobile: shell (${appiumReason(e)})`);
      throw new Error(`adb shell ${JSON.stringify(command)} failed: ${appiumReason(e)}`);
    }
  }

  /** goal_from on Android: an adb shell command's output, trailing newlines removed. */
  async read(expression: string): Promise<string> {
    return (await this.shell(expression)).replace(/\s+$/, '');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.dropSession();
    await this.opts.onClose?.();
  }

  private session(): Client {
    if (this.closed) throw new Error('the Android driver is closed');
    if (!this.client) throw new Error('the Android driver has no Appium session: call start() first');
    if (this.gone) throw new Error(this.gone);
    return this.client;
  }

  private async openSession(app: AppRef | undefined): Promise<void> {
    const capabilities = sessionCapabilities({ udid: this.opts.udid, app, user: this.opts.capabilities });
    try {
      this.client = await remote({
        ...connectionOf(this.opts.appium),
        capabilities: capabilities as WebdriverIO.Capabilities,
        logLevel: 'silent',
        connectionRetryCount: 1,
        connectionRetryTimeout: REQUEST_TIMEOUT_MS,
      });
    } catch (e) {
      if (fatalKind(e) === 'server') {
        throw new Error(`could not reach the Appium server at ${this.opts.appium} (${appiumReason(e)}); start one (\`appium\`, or --appium local) or check the URL`);
      }
      throw new Error(`Appium at ${this.opts.appium} could not start a session: ${appiumReason(e)} (capabilities: ${JSON.stringify(capabilities)})`);
    }
    this.gone = undefined;
    this.noLocation = false;
    this.launched = launchedBy(capabilities);
  }

  private async dropSession(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c && !this.gone) await c.deleteSession().catch(() => undefined);
  }

  /** Starts the app; `reset` force-stops it first so it opens at its start screen. */
  private async launch(app: AppRef, reset: boolean): Promise<void> {
    const c = this.session();
    const pkg = app.kind === 'label' ? await resolveAppLabel(app.label, this.packages()) : app.pkg;
    if (this.opts.clearAppData && reset) await this.call(() => c.execute('mobile: clearApp', { appId: pkg }));
    if (app.kind === 'component') {
      await this.call(() => c.execute('mobile: startActivity', { component: `${pkg}/${app.activity}`, stop: reset, wait: true }));
      return;
    }
    if (reset) await this.call(() => c.execute('mobile: terminateApp', { appId: pkg }));
    await this.call(() => c.execute('mobile: activateApp', { appId: pkg }));
  }

  private packages(): PackageSource {
    return {
      isInstalled: async (pkg) => (await this.call(() => this.session().execute('mobile: isAppInstalled', { appId: pkg }))) === true,
      listPackages: async () => parsePackageList(await this.shell('pm list packages')),
    };
  }

  /** The foreground package and activity, when the Appium driver can tell. */
  private async whereNow(c: Client): Promise<{ pkg?: string; activity?: string }> {
    if (this.noLocation) return {};
    try {
      const [pkg, activity] = await Promise.all([c.getCurrentPackage(), c.getCurrentActivity()]);
      return { pkg: pkg || undefined, activity: activity || undefined };
    } catch (e) {
      this.noteFatal(e);
      if (this.gone) throw new Error(this.gone);
      this.noLocation = true; // not this driver's commands (the fake driver): the source's package will do
      return {};
    }
  }

  /** Runs a command; a fatal error marks the session gone and comes back as a clear message. */
  private async call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      this.noteFatal(e);
      if (this.gone) throw new Error(this.gone);
      throw e;
    }
  }

  private noteFatal(e: unknown): void {
    const kind = fatalKind(e);
    if (kind === 'session') this.gone = `the Appium session ended (${appiumReason(e)}); the next task start opens a new one`;
    if (kind === 'server') this.gone = `the Appium server at ${this.opts.appium} cannot be reached (${appiumReason(e)})`;
  }

  private makeDevice(): Device {
    const run = <T>(f: (c: Client) => Promise<T>) => this.call(() => f(this.session()));
    return {
      perform: (sequences: PointerSequence[]) => run((c) => c.performActions(sequences as never)),
      pressKey: (keycode) => run((c) => c.execute('mobile: pressKey', { keycode })).then(() => undefined),
      back: () => run((c) => c.back()),
      setText: (el, text) => run(async (c) => {
        const found = await c.findElements('xpath', xpathOf(el));
        const id = found[0] ? elementId(found[0]) : undefined;
        if (!id) throw new ActionError(`${show(el)} is no longer on the screen (it changed since that observation); observe again`);
        await c.elementClear(id);
        await c.elementSendKeys(id, text);
      }),
      openApp: async (app) => {
        const ref = (() => {
          try {
            return parseApp(app);
          } catch (e) {
            throw new ActionError((e as Error).message);
          }
        })();
        try {
          await this.launch(ref, false);
        } catch (e) {
          if (this.gone) throw e;
          const message = (e as Error).message;
          throw new ActionError(message.startsWith('open: ') ? message : `could not open ${app}: ${appiumReason(e)}`);
        }
      },
      openUrl: (url) => run((c) => c.execute('mobile: deepLink', { url })).then(() => undefined),
      focusedField: async () => {
        const xml = await run((c) => c.getPageSource());
        return parseAndroidSource(xml).elements.find(isFocusedField);
      },
    };
  }
}

function isFocusedField(e: UIElement): boolean {
  return e.state.focused === true && (e.role === 'textbox' || e.state.editable === true);
}

function elementId(ref: unknown): string | undefined {
  const r = ref as Record<string, string | undefined>;
  return r[W3C_ELEMENT] ?? r.ELEMENT;
}

/** An Appium URL -> WebdriverIO's connection options; credentials in the URL become user/key. */
export function connectionOf(url: string): { protocol: string; hostname: string; port: number; path: string; user?: string; key?: string } {
  const u = parseUrl(url);
  if (!u) throw new Error(`Appium server ${JSON.stringify(url)} is not a URL; expected http://host:port (e.g. http://127.0.0.1:4723)`);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new Error(`Appium server ${JSON.stringify(url)} must be an http(s) URL, e.g. http://127.0.0.1:4723`);
  }
  const protocol = u.protocol.slice(0, -1);
  return {
    protocol,
    hostname: u.hostname,
    port: u.port ? Number(u.port) : protocol === 'https' ? 443 : 80,
    path: u.pathname || '/',
    ...(u.username ? { user: decodeURIComponent(u.username), key: decodeURIComponent(u.password) } : {}),
  };
}

