// The Android driver against a real Appium 3 server running Appium's fake driver
// (test/appium-server.ts). The fake serves a fixed page source (a "New contact" screen) that
// never changes after an action, so what is checked here is what reached the server: the
// fake's log of W3C pointer actions and the values of its text fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AndroidDriver } from '../drivers/android/driver.js';
import { freePort } from '../drivers/android/appium.js';
import type { Observation } from '../contract/index.js';
import { startFakeAppium, type FakeAppium } from './appium-server.js';

const APP = 'com.example.contacts/.NewContactActivity';
const NAME_FIELD = '//*[@resource-id="com.example.contacts:id/name"]';
const PHONE_FIELD = '//*[@resource-id="com.example.contacts:id/phone"]';

let server: FakeAppium;
let driver: AndroidDriver;
let sessionId: string;
let obs: Observation;

beforeAll(async () => {
  server = await startFakeAppium();
  driver = new AndroidDriver({ appium: server.url, capabilities: server.capabilities });
  await driver.start({ platform: 'android', app: APP, setup: [] });
  [sessionId] = await server.sessions() as [string];
  obs = await driver.observe();
});

afterAll(async () => {
  await driver?.close();
  await server?.close();
});

const id = (role: string, name: string) => {
  const el = obs.elements.find((e) => e.role === role && e.name === name);
  if (!el) throw new Error(`no ${role} "${name}" in ${obs.elements.map((e) => `${e.role} "${e.name}"`).join(', ')}`);
  return el.id;
};

/** The last pointer sequence the fake received. */
async function lastGesture() {
  const log = await server.actionLog(sessionId);
  return log.at(-1)![0]!.actions;
}

describe('a session on the fake driver', () => {
  it('opens one session and observes the fixture screen as a compact element list', async () => {
    expect(await server.sessions()).toEqual([sessionId]);
    expect(obs.platform).toBe('android');
    expect(obs.screen).toEqual({ width: 1080, height: 2400 });
    // the fake cannot tell the current activity: the location is the source's package
    expect(obs.location).toBe('com.example.contacts');
    const lines = obs.elements.map((e) => `${e.role} "${e.name}"${e.value ? ` = ${e.value}` : ''}`);
    expect(lines).toEqual([
      'button "Navigate up"', 'text "New contact"', 'text "Name"', 'textbox "Name"', 'textbox "Phone" = 555-0100',
      'switch "Favourite"', 'button "Save"', 'list "list"', 'button "Alice Smith"', 'button "Bob Jones"',
    ]);
    expect(obs.elements[id('textbox', 'Name')]!.state.focused).toBe(true);
  });

  it('takes a PNG screenshot and gives equal digests for the unchanged screen', async () => {
    expect(obs.screenshot!.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const again = await driver.observe({ screenshot: false });
    expect(again.screenshot).toBeUndefined();
    expect(again.digest).toBe(obs.digest);
  });

  it('clicks an element at the centre of its bounds and records its descriptor', async () => {
    const r = await driver.act({ type: 'click', target: { element: id('button', 'Save') } }, obs);
    expect(r).toMatchObject({ ok: true, target: { role: 'button', name: 'Save', bbox: { x: 700, y: 720, w: 340, h: 120 } } });
    const gesture = await lastGesture();
    expect(gesture[0]).toMatchObject({ type: 'pointerMove', x: 870, y: 780 });
    expect(gesture.map((a) => a.type)).toEqual(['pointerMove', 'pointerDown', 'pause', 'pointerUp']);
  });

  it('clicks and long-presses a point; refuses points off the screen and unknown ids', async () => {
    expect((await driver.act({ type: 'click', target: { point: { x: 10, y: 20 } } }, obs)).ok).toBe(true);
    expect((await lastGesture())[0]).toMatchObject({ x: 10, y: 20 });
    expect((await driver.act({ type: 'long_press', target: { point: { x: 30, y: 40 } }, ms: 1200 }, obs)).ok).toBe(true);
    expect((await lastGesture())[2]).toEqual({ type: 'pause', duration: 1200 });
    const off = await driver.act({ type: 'click', target: { point: { x: 5000, y: 10 } } }, obs);
    expect(off).toMatchObject({ ok: false, error: 'point (5000,10) is outside the screen (1080x2400)' });
    const missing = await driver.act({ type: 'click', target: { element: 99 } }, obs);
    expect(missing).toMatchObject({ ok: false, error: 'element [99] is not in the observation (it has ids 0..9)' });
  });

  it('types after the current value, replaces it with clear, and types into the focused field without a target', async () => {
    const phone = id('textbox', 'Phone');
    expect((await driver.act({ type: 'type', target: { element: phone }, text: ' ext 7' }, obs)).ok).toBe(true);
    expect(await server.valueAt(sessionId, PHONE_FIELD)).toBe('555-0100 ext 7');
    // the phone field was not focused: it was tapped first, like a user would
    expect((await lastGesture())[0]).toMatchObject({ x: 540, y: 480 });
    expect((await driver.act({ type: 'type', target: { element: phone }, text: '555-0199', clear: true }, obs)).ok).toBe(true);
    expect(await server.valueAt(sessionId, PHONE_FIELD)).toBe('555-0199');
    expect((await driver.act({ type: 'type', text: 'Ann Lee' }, obs)).ok).toBe(true);
    expect(await server.valueAt(sessionId, NAME_FIELD)).toBe('Ann Lee');
  });

  it('double-taps an element as two quick taps, drags one element onto another holding first, refuses hover', async () => {
    expect((await driver.act({ type: 'double_click', target: { element: id('button', 'Save') } }, obs)).ok).toBe(true);
    const twice = await lastGesture();
    expect(twice.map((a) => a.type)).toEqual(['pointerMove', 'pointerDown', 'pause', 'pointerUp', 'pause', 'pointerMove', 'pointerDown', 'pause', 'pointerUp']);
    expect(twice[5]).toMatchObject({ x: 870, y: 780 });
    const r = await driver.act({ type: 'drag', target: { element: id('button', 'Alice Smith') }, to: { element: id('button', 'Save') } }, obs);
    expect(r).toMatchObject({ ok: true, target: { name: 'Alice Smith' }, to: { name: 'Save' } });
    const drag = await lastGesture();
    // held as a long press picks an item up, then moved to the drop target's centre
    expect(drag[2]).toEqual({ type: 'pause', duration: 800 });
    expect(drag[3]).toMatchObject({ type: 'pointerMove', x: 870, y: 780 });
    const hover = await driver.act({ type: 'hover', target: { element: id('button', 'Save') } }, obs);
    expect(hover).toMatchObject({ ok: false, error: 'hover is not possible on Android: a touch screen has no hover; click or long_press instead' });
  });

  it('refuses to type into what is not a text field', async () => {
    const r = await driver.act({ type: 'type', target: { element: id('button', 'Save') }, text: 'x' }, obs);
    expect(r).toMatchObject({ ok: false, error: 'cannot type into [6] button "Save": it is not a text field' });
  });

  it('scrolls with DESIGN.md semantics: scroll down moves the finger up inside the list', async () => {
    expect((await driver.act({ type: 'scroll', direction: 'down' }, obs)).ok).toBe(true);
    const down = await lastGesture();
    // the list is [0,900][1080,2400]: from 75% of its height to 25%
    expect(down[0]).toMatchObject({ type: 'pointerMove', x: 540, y: 2025 });
    expect(down[3]).toMatchObject({ type: 'pointerMove', x: 540, y: 1275 });
    await driver.act({ type: 'scroll', direction: 'up' }, obs);
    const up = await lastGesture();
    expect((up[0]!.y as number) < (up[3]!.y as number)).toBe(true);
    await driver.act({ type: 'scroll', direction: 'right', target: { element: id('button', 'Alice Smith') } }, obs);
    const right = await lastGesture();
    expect((right[0]!.x as number) > (right[3]!.x as number)).toBe(true);
    expect(right[0]!.y).toBe(980);
  });

  it('swipes from one point to another in the given time', async () => {
    expect((await driver.act({ type: 'swipe', from: { x: 100, y: 2000 }, to: { x: 100, y: 500 }, ms: 400 }, obs)).ok).toBe(true);
    const g = await lastGesture();
    expect(g[0]).toMatchObject({ x: 100, y: 2000 });
    expect(g[3]).toMatchObject({ type: 'pointerMove', duration: 400, x: 100, y: 500 });
  });

  it('reports what the fake driver lacks (back, key presses) as failed actions, not exceptions', async () => {
    const back = await driver.act({ type: 'back' }, obs);
    expect(back.ok).toBe(false);
    expect(back.error).toMatch(/^back failed: the Appium driver of this session does not support it/);
    const enter = await driver.act({ type: 'key', key: 'Enter' }, obs);
    expect(enter.error).toMatch(/^key failed: .*does not support it.*mobile: pressKey/);
    const submit = await driver.act({ type: 'type', target: { element: id('textbox', 'Name') }, text: 'Bo', clear: true, submit: true }, obs);
    expect(submit.ok).toBe(false); // the text went in, the Enter key could not
    expect(await server.valueAt(sessionId, NAME_FIELD)).toBe('Bo');
  });

  it('fails actions that cannot be done on Android with a reason, without touching the device', async () => {
    const before = (await server.actionLog(sessionId)).length;
    expect(await driver.act({ type: 'key', key: 'Hyper' }, obs)).toMatchObject({ ok: false, error: expect.stringMatching(/^unknown key "Hyper"; use one of Enter, Back/) });
    expect(await driver.act({ type: 'select', target: { element: 3 }, option: 'a' }, obs)).toMatchObject({ ok: false, error: expect.stringMatching(/^select is not possible on Android: Android has no HTML <select>; click the dropdown/) });
    expect(await driver.act({ type: 'open' }, obs)).toMatchObject({ ok: false, error: expect.stringMatching(/^open needs an app/) });
    expect(await driver.act({ type: 'open', app: 'com.example/' }, obs)).toMatchObject({ ok: false, error: expect.stringMatching(/is not package\/activity/) });
    expect((await server.actionLog(sessionId)).length).toBe(before);
  });

  it('checks elements on the live screen and the location, and refuses js checks', async () => {
    expect(await driver.check({ kind: 'element', present: true, role: 'button', name: 'save' })).toMatchObject({ ok: true, evidence: expect.stringContaining('button "Save"') });
    expect(await driver.check({ kind: 'element', present: false, text: 'Delete' })).toMatchObject({ ok: true });
    const missing = await driver.check({ kind: 'element', present: true, name: 'Carol' });
    expect(missing).toEqual({ ok: false, evidence: 'no element with name="Carol" among 10 on com.example.contacts' });
    expect(await driver.check({ kind: 'url', equals: 'com.example.contacts' })).toMatchObject({ ok: true });
    expect((await driver.check({ kind: 'url', contains: 'settings' })).ok).toBe(false);
    expect(await driver.check({ kind: 'js', expression: '1' })).toMatchObject({ ok: false, evidence: expect.stringMatching(/web only/) });
  });

  it('says why adb shell (read, goal_from) cannot run on this session', async () => {
    await expect(driver.read('getprop ro.product.model')).rejects.toThrow(/adb shell needs the UiAutomator2 driver; this session's driver has no mobile: shell/);
  });

  it('refuses web-only setup steps before touching the device', async () => {
    await expect(driver.start({ platform: 'android', setup: [{ js: 'localStorage.clear()' }] })).rejects.toThrow('setup[0] (js): js setup steps run on the web only');
    await expect(driver.start({ platform: 'android', setup: [{ wait_ms: 1 }, { goto: '/x' }] })).rejects.toThrow(/^setup\[1\] \(goto\)/);
    await expect(driver.start({ platform: 'web', url: 'http://x', setup: [] })).rejects.toThrow('the Android driver cannot start a web task');
  });
});

describe('a session that ends or a server that is not there', () => {
  it('fails every call with a clear error after its session is deleted, and start() opens a new one', async () => {
    const d = new AndroidDriver({ appium: server.url, capabilities: server.capabilities });
    try {
      await d.start({ platform: 'android', setup: [] });
      const seen = await d.observe({ screenshot: false });
      const before = await server.sessions();
      const mine = before.find((s) => s !== sessionId)!;
      await server.deleteSession(mine);

      const r = await d.act({ type: 'click', target: { element: 0 } }, seen);
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/^the Appium session ended \(.*session is either terminated or not started.*\); the next task start opens a new one$/);
      // once gone, later calls fail at once with the same reason
      expect(await d.act({ type: 'back' }, seen)).toMatchObject({ ok: false, error: r.error });
      await expect(d.observe()).rejects.toThrow(r.error!);

      await d.start({ platform: 'android', setup: [] });
      const now = await server.sessions();
      expect(now).not.toContain(mine);
      expect(now).toHaveLength(2);
      expect((await d.observe({ screenshot: false })).elements).toHaveLength(10);
    } finally {
      await d.close();
    }
    expect(await server.sessions()).toEqual([sessionId]);
  });

  it('says the server cannot be reached, and act returns ok=false before any session', async () => {
    const port = await freePort();
    const d = new AndroidDriver({ appium: `http://127.0.0.1:${port}` });
    const r = await d.act({ type: 'back' }, { platform: 'android', screen: { width: 1, height: 1 }, location: '', elements: [], digest: '' });
    expect(r).toMatchObject({ ok: false, error: 'the Android driver has no Appium session: call start() first' });
    await expect(d.start({ platform: 'android', app: APP, setup: [] })).rejects.toThrow(
      new RegExp(`^could not reach the Appium server at http://127\\.0\\.0\\.1:${port} \\(.*\\); start one`),
    );
    await d.close();
    await expect(d.observe()).rejects.toThrow('the Android driver is closed');
  });

  it('rejects an Appium address that is not an http URL', () => {
    expect(() => new AndroidDriver({ appium: 'localhost:4723' })).toThrow(/must be an http\(s\) URL/);
    expect(() => new AndroidDriver({ appium: 'not a url' })).toThrow(/is not a URL; expected http:\/\/host:port/);
  });
});
