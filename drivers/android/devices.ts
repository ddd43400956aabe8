// Devices for workers: one AndroidDriver per device, each with its own Appium session.
// A device is an Appium endpoint, a device UDID, or both (a UDID on a server). Pairing:
//   - UDIDs given: one driver per UDID, on the servers in turn (one server serves them all);
//   - no UDIDs, several servers: one driver per server (each server fronts one device);
//   - no UDIDs, one server: `workers` drivers on it (a grid or farm hands out devices).
// Never more drivers than workers. A local server (`local`) is started once and stopped when
// the last of its drivers closes.
import { startLocalAppium, type LocalAppiumOptions } from './appium.js';
import type { Capabilities } from './capabilities.js';
import { AndroidDriver, connectionOf } from './driver.js';

export interface AndroidEndpoint { appium?: string; udid?: string }

/** Appium's own default address. */
export const DEFAULT_APPIUM = 'http://127.0.0.1:4723';

const UDID = /^[\w.:\-]+$/;

/** `emulator-5554,emulator-5556` or `http://a:4723,http://b:4723` (or both mixed). */
export function parseDevices(spec: string): AndroidEndpoint[] {
  const items = spec.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) {
    throw new Error(`device list ${JSON.stringify(spec)} has an empty entry; expected UDIDs or Appium URLs separated by commas`);
  }
  return items.map((item) => {
    if (/^https?:\/\//i.test(item)) {
      connectionOf(item);
      return { appium: item };
    }
    if (!UDID.test(item)) {
      throw new Error(`device ${JSON.stringify(item)} is neither an Appium URL (http://host:port) nor a device UDID (e.g. emulator-5554)`);
    }
    return { udid: item };
  });
}

export interface AndroidPoolOptions {
  /** Comma-separated Appium URLs, or `local` to start one on 127.0.0.1. Default: Appium's 127.0.0.1:4723. */
  appium?: string;
  /** UDIDs and/or Appium URLs (each entry may itself be a comma list). */
  devices?: string[];
  workers: number;
  capabilities?: Capabilities;
  /** For `appium: local`. */
  local?: LocalAppiumOptions;
}

export async function androidDriverPool(opts: AndroidPoolOptions): Promise<AndroidDriver[]> {
  if (!(opts.workers >= 1)) throw new Error(`workers must be 1 or more, got ${opts.workers}`);
  const listed = (opts.devices ?? []).flatMap((d) => parseDevices(d));
  const udids = listed.flatMap((d) => (d.udid ? [d.udid] : []));
  const servers = listed.flatMap((d) => (d.appium ? [d.appium] : []));

  if (opts.appium?.trim() === 'local') {
    const local = await startLocalAppium(opts.local);
    const specs = build([local.url, ...servers], udids, opts);
    let open = specs.length;
    const onClose = async () => { if (--open === 0) await local.close(); };
    return specs.map((s) => new AndroidDriver({ ...s, onClose }));
  }
  if (opts.appium) servers.unshift(...parseDevices(opts.appium).map(onlyServer));
  return build(servers.length ? servers : [DEFAULT_APPIUM], udids, opts).map((s) => new AndroidDriver(s));
}

function onlyServer(e: AndroidEndpoint): string {
  if (!e.appium) throw new Error(`--appium takes Appium URLs (http://host:port) or "local", got ${JSON.stringify(e.udid)}; give device UDIDs with --device`);
  return e.appium;
}

function build(servers: string[], udids: string[], opts: AndroidPoolOptions): { appium: string; udid?: string; capabilities?: Capabilities }[] {
  const caps = opts.capabilities ? { capabilities: opts.capabilities } : {};
  if (udids.length) {
    return udids.slice(0, opts.workers).map((udid, i) => ({ appium: servers[i % servers.length]!, udid, ...caps }));
  }
  const count = servers.length === 1 ? opts.workers : Math.min(opts.workers, servers.length);
  return Array.from({ length: count }, (_, i) => ({ appium: servers[i % servers.length]!, ...caps }));
}
