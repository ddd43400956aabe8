// The Android driver's pure parts: key names, app references, capabilities, gesture paths,
// XPath building, package matching, device lists, how drivers are paired with devices, and
// the example suite.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchingPackages, parsePackageList } from '../drivers/android/apps.js';
import { parseApp, sessionCapabilities } from '../drivers/android/capabilities.js';
import { androidDriverPool, parseDevices } from '../drivers/android/devices.js';
import { connectionOf } from '../drivers/android/driver.js';
import { scrollPath } from '../drivers/android/pointer-sequences.js';
import { keycodeOf } from '../drivers/android/keys.js';
import { literal, xpathOf } from '../drivers/android/locate.js';
import type { UIElement } from '../contract/index.js';
import { loadSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';

describe('keycodeOf', () => {
  it.each([
    ['Enter', 66], ['return', 66], ['Back', 4], ['Home', 3], ['Delete', 67], ['Backspace', 67], ['Tab', 61],
    ['Escape', 111], ['esc', 111], ['ArrowDown', 20], ['up', 19], ['KEYCODE_ENTER', 66], ['keycode_dpad_left', 21],
    ['Page Up', 92], ['66', 66], ['ForwardDelete', 112],
  ])('%s -> %i', (key, code) => {
    expect(keycodeOf(key)).toBe(code);
  });

  it('knows no made-up key', () => {
    expect(keycodeOf('Hyper')).toBeUndefined();
  });
});

describe('parseApp', () => {
  it('reads package/activity, a package, or a label', () => {
    expect(parseApp('com.android.settings/.Settings')).toEqual({ kind: 'component', pkg: 'com.android.settings', activity: '.Settings' });
    expect(parseApp(' com.google.android.contacts ')).toEqual({ kind: 'package', pkg: 'com.google.android.contacts' });
    expect(parseApp('Simple Calendar Pro')).toEqual({ kind: 'label', label: 'Simple Calendar Pro' });
  });

  it('says what a bad one should look like', () => {
    expect(() => parseApp('com.x/')).toThrow('Android app "com.x/" is not package/activity (e.g. com.android.settings/.Settings)');
    expect(() => parseApp('  ')).toThrow(/is empty/);
  });
});

describe('sessionCapabilities', () => {
  it('asks for UiAutomator2 on the given device, launching the task app, with user capabilities on top', () => {
    const caps = sessionCapabilities({
      udid: 'emulator-5554',
      app: parseApp('com.android.settings/.Settings'),
      user: { 'appium:noReset': false, 'appium:platformVersion': '14' },
    });
    expect(caps).toEqual({
      platformName: 'Android', 'appium:automationName': 'UiAutomator2', 'appium:noReset': false,
      'appium:newCommandTimeout': 600, 'appium:udid': 'emulator-5554', 'appium:appPackage': 'com.android.settings',
      'appium:appActivity': '.Settings', 'appium:appWaitActivity': '*', 'appium:platformVersion': '14',
    });
  });

  it('launches nothing for a label (resolved on the device later) or no app', () => {
    expect(sessionCapabilities({ app: parseApp('Contacts') })).not.toHaveProperty('appium:appPackage');
    expect(Object.keys(sessionCapabilities({}))).toEqual(['platformName', 'appium:automationName', 'appium:noReset', 'appium:newCommandTimeout']);
  });
});

describe('scrollPath', () => {
  const region = { x: 0, y: 400, w: 1000, h: 800 };
  it('moves the finger against the direction the content should reveal', () => {
    expect(scrollPath(region, 'down')).toEqual({ from: { x: 500, y: 1000 }, to: { x: 500, y: 600 } });
    expect(scrollPath(region, 'up')).toEqual({ from: { x: 500, y: 600 }, to: { x: 500, y: 1000 } });
    expect(scrollPath(region, 'right')).toEqual({ from: { x: 750, y: 800 }, to: { x: 250, y: 800 } });
    expect(scrollPath(region, 'left')).toEqual({ from: { x: 250, y: 800 }, to: { x: 750, y: 800 } });
  });
});

describe('xpathOf', () => {
  const el = (attrs: Record<string, string>, bbox = { x: 40, y: 260, w: 1000, h: 120 }): UIElement =>
    ({ id: 0, role: 'textbox', name: 'Name', bbox, state: { enabled: true, visible: true }, attrs });

  it('finds a node by its bounds, resource-id and class suffix', () => {
    expect(xpathOf(el({ 'resource-id': 'app:id/name', class: 'EditText' }))).toBe(
      '//*[@bounds="[40,260][1040,380]" and @resource-id="app:id/name" and substring(@class, string-length(@class) - 7) = "EditText"]',
    );
  });

  it('never matches everything when nothing identifies the node', () => {
    expect(xpathOf(el({}, { x: 0, y: 0, w: 0, h: 0 }))).toBe('//*[false()]');
  });

  it('quotes any text as an XPath 1.0 literal', () => {
    expect(literal('plain')).toBe('"plain"');
    expect(literal('say "hi"')).toBe(`'say "hi"'`);
    expect(literal(`it's "x"`)).toBe(`concat("it's ", '"', "x", '"', "")`);
  });
});

describe('package matching for app labels', () => {
  const installed = parsePackageList('package:com.android.settings\npackage:com.simplemobiletools.calendar.pro\npackage:org.tasks\npackage:com.android.calendar\n');

  it('reads pm list packages', () => {
    expect(installed).toEqual(['com.android.settings', 'com.simplemobiletools.calendar.pro', 'org.tasks', 'com.android.calendar']);
  });

  it('keeps packages holding every word, the one ending in the label first', () => {
    expect(matchingPackages('tasks', installed)).toEqual(['org.tasks']);
    expect(matchingPackages('Simple Calendar Pro', installed)).toEqual(['com.simplemobiletools.calendar.pro']);
    expect(matchingPackages('calendar', installed)).toEqual(['com.android.calendar']);
    expect(matchingPackages('Markor', installed)).toEqual([]);
  });
});

describe('parseDevices', () => {
  it('reads UDIDs and Appium URLs', () => {
    expect(parseDevices('emulator-5554, http://a:4723 ,192.168.1.9:5555')).toEqual([
      { udid: 'emulator-5554' }, { appium: 'http://a:4723' }, { udid: '192.168.1.9:5555' },
    ]);
  });

  it('names the bad entry', () => {
    expect(() => parseDevices('emulator-5554,,x')).toThrow(/has an empty entry/);
    expect(() => parseDevices('my phone')).toThrow('device "my phone" is neither an Appium URL (http://host:port) nor a device UDID (e.g. emulator-5554)');
    expect(() => parseDevices('http://')).toThrow(/is not a URL/);
  });
});

describe('androidDriverPool', () => {
  const endpoints = async (o: Parameters<typeof androidDriverPool>[0]) => (await androidDriverPool(o)).map((d) => d.endpoint);

  it('gives one driver per UDID, on the servers in turn, never more than the workers', async () => {
    expect(await endpoints({ appium: 'http://h:4723', devices: ['emulator-5554,emulator-5556'], workers: 4 })).toEqual([
      'http://h:4723 (emulator-5554)', 'http://h:4723 (emulator-5556)',
    ]);
    expect(await endpoints({ devices: ['emulator-5554', 'emulator-5556', 'emulator-5558'], workers: 2 })).toEqual([
      'http://127.0.0.1:4723 (emulator-5554)', 'http://127.0.0.1:4723 (emulator-5556)',
    ]);
    expect(await endpoints({ appium: 'http://a:4723,http://b:4723', devices: ['e1,e2,e3'], workers: 3 })).toEqual([
      'http://a:4723 (e1)', 'http://b:4723 (e2)', 'http://a:4723 (e3)',
    ]);
  });

  it('gives one driver per listed server, or `workers` drivers on a single server (a grid or farm)', async () => {
    expect(await endpoints({ appium: 'http://a:4723,http://b:4723', workers: 5 })).toEqual(['http://a:4723', 'http://b:4723']);
    expect(await endpoints({ appium: 'https://hub.farm.example/wd/hub', workers: 3 })).toHaveLength(3);
  });

  it('refuses UDIDs given as servers and a worker count below one', async () => {
    await expect(androidDriverPool({ appium: 'emulator-5554', workers: 1 })).rejects.toThrow(/--appium takes Appium URLs/);
    await expect(androidDriverPool({ workers: 0 })).rejects.toThrow('workers must be 1 or more, got 0');
  });
});

describe('connectionOf', () => {
  it('splits a farm URL with credentials into WebdriverIO options', () => {
    expect(connectionOf('https://me:s%40cret@hub.example.com/wd/hub')).toEqual({
      protocol: 'https', hostname: 'hub.example.com', port: 443, path: '/wd/hub', user: 'me', key: 's@cret',
    });
    expect(connectionOf('http://127.0.0.1:4723')).toEqual({ protocol: 'http', hostname: '127.0.0.1', port: 4723, path: '/' });
  });
});

describe('the example suite tasks/suites/android-emulator.yaml', () => {
  it('loads, and every instance starts an Android app with checks the driver can run', async () => {
    const suite = await loadSuite(fileURLToPath(new URL('../tasks/suites/android-emulator.yaml', import.meta.url)));
    const all = instances(suite);
    expect(all).toHaveLength(15);
    for (const t of all) {
      expect(t.platform).toBe('android');
      expect(() => parseApp(t.start.app!)).not.toThrow();
      expect(t.checks.every((c) => c.kind !== 'js')).toBe(true);
    }
    const add = all.find((t) => t.instance === 'contacts-add#2')!;
    expect(add.goal).toBe(`Create a new contact named ${add.params.first} ${add.params.last} with phone number ${add.params.phone}, and save it.`);
    expect(add.checks[0]).toMatchObject({ kind: 'shell', matches: `${add.params.first} ${add.params.last}.*${add.params.phone}` });
    expect(add.checks[1]).toMatchObject({ kind: 'element', present: true, text: `${add.params.first} ${add.params.last}` });
  });
});
