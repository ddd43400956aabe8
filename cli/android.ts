// The Android side of the CLI: `cairn observe --platform android` (a saved page source or a
// live device) and the drivers `cairn run --platform android` hands its workers.
import { readFile } from 'node:fs/promises';
import { formatElements, type Observation } from '../contract/index.js';
import { AndroidDriver, androidDriverPool, androidObservation, startLocalAppium, type Capabilities } from '../drivers/android/index.js';

export interface ObserveAndroidOptions {
  /** A saved page source (uiautomator dump or Appium's getPageSource). */
  fromXml?: string;
  /** An Appium server URL (or `local`): observe the device's current screen. */
  appium?: string;
  udid?: string;
  json?: boolean;
  /** The current activity, for the location line of a saved source. */
  activity?: string;
  capabilities?: Capabilities;
}

/** The element list as a model sees it (location line first), or with `json` the UIElement array. */
export async function observeAndroid(o: ObserveAndroidOptions): Promise<string> {
  if ((o.fromXml === undefined) === (o.appium === undefined)) {
    throw new Error('observe --platform android needs exactly one of --from-xml FILE or --appium URL');
  }
  const obs = o.fromXml !== undefined ? await fromFile(o.fromXml, o.activity) : await fromDevice(o);
  if (o.json) return JSON.stringify(obs.elements, null, 2);
  return `${obs.location}\n${obs.elements.length ? formatElements(obs.elements) : '(no elements found)'}`;
}

async function fromFile(file: string, activity: string | undefined): Promise<Observation> {
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the page source ${file}: ${(e as Error).message}`);
  }
  try {
    return androidObservation(xml, activity ? { activity } : {});
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

async function fromDevice(o: ObserveAndroidOptions): Promise<Observation> {
  const local = o.appium === 'local' ? await startLocalAppium() : undefined;
  const driver = new AndroidDriver({
    appium: local?.url ?? o.appium!,
    ...(o.udid ? { udid: o.udid } : {}),
    ...(o.capabilities ? { capabilities: o.capabilities } : {}),
    ...(local ? { onClose: () => local.close() } : {}),
  });
  try {
    await driver.start({ platform: 'android', setup: [] });
    return await driver.observe({ screenshot: false });
  } finally {
    await driver.close();
  }
}

export interface MakeAndroidDriversOptions {
  /** Appium URL(s), comma-separated, or `local`. Default http://127.0.0.1:4723. */
  appium?: string;
  /** UDIDs and/or Appium URLs, one device per worker. */
  devices?: string[];
  workers: number;
  capabilities?: Capabilities;
}

/** The runner's drivers: as many as there are devices, never more than `workers`. */
export function makeAndroidDrivers(o: MakeAndroidDriversOptions): Promise<AndroidDriver[]> {
  return androidDriverPool({
    workers: o.workers,
    ...(o.appium !== undefined ? { appium: o.appium } : {}),
    ...(o.devices ? { devices: o.devices } : {}),
    ...(o.capabilities ? { capabilities: o.capabilities } : {}),
  });
}
