import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Action, Observation, UIElement } from '../contract/index.js';
import { WebDriver, launchBrowser } from '../drivers/web/index.js';
import { serveFixtures, type FixtureServer } from './fixtures/web/serve.js';

let server: FixtureServer;
let driver: WebDriver;
let startUrl: string;

beforeAll(async () => {
  server = await serveFixtures();
  driver = await WebDriver.launch();
  startUrl = `${server.url}/actions.html`;
});

afterAll(async () => {
  await driver?.close();
  await server?.close();
});

beforeEach(async () => {
  await driver.start({ platform: 'web', url: startUrl, setup: [] });
});

async function look(): Promise<Observation> {
  return driver.observe({ screenshot: false });
}

function named(obs: Observation, name: string): UIElement {
  const found = obs.elements.find((e) => e.name === name);
  if (!found) throw new Error(`no element named ${name}`);
  return found;
}

/** Observes, finds the element by name, runs the action made for it. */
async function actOn(name: string, make: (id: number) => Action) {
  const obs = await look();
  return driver.act(make(named(obs, name).id), obs);
}

/** A page value as text: strings as they are, others as JSON, nothing as ''. */
const read = async (expr: string): Promise<string> => {
  const value = await driver.read(expr);
  return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
};

describe('settling', () => {
  test('an action waits for the requests it started to be answered, even in light mode', async () => {
    for (const settle of ['full', 'light'] as const) {
      await driver.start({ platform: 'web', url: startUrl, setup: [] });
      const obs = await look();
      const result = await driver.act({ type: 'click', target: { element: named(obs, 'Fetch slowly').id } }, obs, { settle });
      expect(result.ok).toBe(true);
      expect(await read('window.answered'), settle).toBe('true');
    }
  });
});

describe('click and long_press', () => {
  test('click by element id hits that element and reports its descriptor', async () => {
    const result = await actOn('Add one', (id) => ({ type: 'click', target: { element: id } }));
    expect(result.ok).toBe(true);
    expect(result.target).toMatchObject({ role: 'button', name: 'Add one', attrs: { id: 'inc' } });
    expect(result.act_ms).toBeGreaterThanOrEqual(0);
    expect(await read('count.textContent')).toBe('1');
  });

  test('click by point', async () => {
    const obs = await look();
    const { bbox } = named(obs, 'Add one');
    const result = await driver.act({ type: 'click', target: { point: { x: bbox.x + 5, y: bbox.y + 5 } } }, obs);
    expect(result.ok).toBe(true);
    expect(result.target).toBeUndefined();
    expect(await read('count.textContent')).toBe('1');
  });

  test('click on a checkbox toggles it', async () => {
    await actOn('Agree', (id) => ({ type: 'click', target: { element: id } }));
    expect(named(await look(), 'Agree').state.checked).toBe(true);
  });

  test('long_press holds the button down for the given time', async () => {
    const result = await actOn('Pad', (id) => ({ type: 'long_press', target: { element: id }, ms: 400 }));
    expect(result.ok).toBe(true);
    expect(Number(await read('release.held'))).toBeGreaterThanOrEqual(350);
  });

  test('the page settles after an action: late DOM changes and navigations are waited for', async () => {
    await actOn('Load later', (id) => ({ type: 'click', target: { element: id } }));
    expect((await look()).elements.some((e) => e.name === 'Arrived later')).toBe(true);
    await actOn('Go to page two', (id) => ({ type: 'click', target: { element: id } }));
    const obs = await look();
    expect(obs.location).toBe(`${server.url}/page2.html`);
    expect(obs.title).toBe('Page two');
  });

  test('a tab the page opens becomes the current page', async () => {
    await actOn('Open in a new tab', (id) => ({ type: 'click', target: { element: id } }));
    const obs = await look();
    expect(obs.title).toBe('Page two');
    expect(obs.elements.map((e) => e.name)).toContain('Second page');
  });

  test('dialogs are accepted', async () => {
    await actOn('Ask', (id) => ({ type: 'click', target: { element: id } }));
    expect(await read('String(window.confirmed)')).toBe('true');
  });
});

describe('type and select', () => {
  test('type appends by default', async () => {
    await actOn('Field', (id) => ({ type: 'type', target: { element: id }, text: 'def' }));
    expect(await read('field.value')).toBe('abcdef');
  });

  test('type with clear replaces; submit presses Enter', async () => {
    const result = await actOn('Field', (id) => ({ type: 'type', target: { element: id }, text: 'xyz', clear: true, submit: true }));
    expect(result.ok).toBe(true);
    expect(await read('field.value')).toBe('xyz');
    expect(await read('window.submitted')).toBe('xyz');
    expect(await read('keys.at(-1)')).toBe('Enter');
  });

  test('type with clear replaces the text of number fields, text areas and editable blocks, with input events', async () => {
    for (const [name, expr, text] of [['Quantity', 'qty.value', '7'], ['Notes', 'notes.value', 'new line'], ['Bio', 'bio.textContent', 'new bio']]) {
      const result = await actOn(name!, (id) => ({ type: 'type', target: { element: id }, text: text!, clear: true }));
      expect(result.ok, name).toBe(true);
      expect(await read(expr!)).toBe(text);
    }
    expect(Number(await read('inputs'))).toBeGreaterThanOrEqual(3);
    await actOn('Notes', (id) => ({ type: 'type', target: { element: id }, text: '', clear: true }));
    expect(await read('notes.value')).toBe('');
  });

  test('type into a date input sets the whole date', async () => {
    const result = await actOn('Due date', (id) => ({ type: 'type', target: { element: id }, text: '2026-11-26' }));
    expect(result.ok).toBe(true);
    expect(await read('due.value')).toBe('2026-11-26');
  });

  test('a date typed as people write it goes into a date input in the form the input takes', async () => {
    for (const [written, value] of [['05/20/2010', '2010-05-20'], ['March 4, 2031', '2031-03-04']]) {
      const result = await actOn('Due date', (id) => ({ type: 'type', target: { element: id }, text: written! }));
      expect(result.ok).toBe(true);
      expect(await read('due.value')).toBe(value);
    }
  });

  test('type without a target goes to the focused element', async () => {
    await read('field.focus()');
    const result = await driver.act({ type: 'type', text: '!' }, await look());
    expect(result.ok).toBe(true);
    expect(await read('field.value')).toBe('abc!');
  });

  test('type without a target and nothing focused fails', async () => {
    const result = await driver.act({ type: 'type', text: 'lost' }, await look());
    expect(result.ok).toBe(false);
    expect(result.error).toContain('no element has focus');
  });

  test('type into a read-only field or a checkbox fails, saying why', async () => {
    const locked = await actOn('Locked', (id) => ({ type: 'type', target: { element: id }, text: 'x' }));
    expect(locked).toMatchObject({ ok: false });
    expect(locked.error).toContain('read-only');
    const box = await actOn('Agree', (id) => ({ type: 'type', target: { element: id }, text: 'x' }));
    expect(box.error).toContain('checkbox');
    expect(await read('locked.value')).toBe('fixed');
  });

  test('select by label, by value, and loosely by label', async () => {
    await actOn('Size', (id) => ({ type: 'select', target: { element: id }, option: 'Large' }));
    expect(await read('size.value')).toBe('l');
    await actOn('Size', (id) => ({ type: 'select', target: { element: id }, option: 'm' }));
    expect(await read('size.value')).toBe('m');
    await actOn('Size', (id) => ({ type: 'select', target: { element: id }, option: ' small ' }));
    expect(named(await look(), 'Size').value).toBe('Small');
  });

  test('a missing option fails and lists the options', async () => {
    const result = await actOn('Size', (id) => ({ type: 'select', target: { element: id }, option: 'Huge' }));
    expect(result.ok).toBe(false);
    expect(result.error).toContain('"Small", "Medium", "Large"');
  });

  test('select on something that is not a <select> fails', async () => {
    const result = await actOn('Add one', (id) => ({ type: 'select', target: { element: id }, option: 'x' }));
    expect(result.ok).toBe(false);
    expect(result.error).toContain('not a <select>');
  });
});

describe('scroll and swipe', () => {
  test('scroll down moves the window to reveal what is below, up brings it back', async () => {
    const obs = await look();
    expect(named(obs, 'Bottom line').state.visible).toBe(false);
    expect((await driver.act({ type: 'scroll', direction: 'down' }, obs)).ok).toBe(true);
    const y = Number(await read('scrollY'));
    expect(y).toBeGreaterThanOrEqual(600); // ~80% of an 800px viewport
    expect(y).toBeLessThanOrEqual(660);
    await driver.act({ type: 'scroll', direction: 'up' }, await look());
    expect(await read('scrollY')).toBe('0');
  });

  test('scroll up at the top moves nothing and says so', async () => {
    const result = await driver.act({ type: 'scroll', direction: 'up' }, await look());
    expect(result.ok).toBe(false);
    expect(result.error).toContain('moved nothing');
  });

  test('scroll with a target scrolls that box, not the window', async () => {
    const down = await actOn('Box', (id) => ({ type: 'scroll', direction: 'down', target: { element: id } }));
    expect(down.ok).toBe(true);
    expect(Number(await read('box.scrollTop'))).toBeGreaterThan(50);
    await actOn('Box', (id) => ({ type: 'scroll', direction: 'right', target: { element: id } }));
    expect(Number(await read('box.scrollLeft'))).toBeGreaterThan(50);
    expect(await read('scrollY')).toBe('0');
  });

  test('scroll at a point scrolls the box under it', async () => {
    const obs = await look();
    const { bbox } = named(obs, 'Box');
    await driver.act({ type: 'scroll', direction: 'down', target: { point: { x: bbox.x + 20, y: bbox.y + 20 } } }, obs);
    expect(Number(await read('box.scrollTop'))).toBeGreaterThan(50);
  });

  test('swipe drags the mouse from one point to another', async () => {
    const obs = await look();
    const { bbox } = named(obs, 'Pad');
    const from = { x: bbox.x + 10, y: bbox.y + 10 };
    const to = { x: bbox.x + 300, y: bbox.y + 150 };
    expect((await driver.act({ type: 'swipe', from, to, ms: 100 }, obs)).ok).toBe(true);
    expect(JSON.parse(await read('press'))).toMatchObject(from);
    expect(JSON.parse(await read('release'))).toMatchObject(to);
  });
});

describe('keys and navigation', () => {
  test('key presses Playwright key names and common aliases', async () => {
    const obs = await look();
    for (const key of ['Tab', 'ArrowDown', 'Escape', 'esc', 'Backspace']) {
      expect((await driver.act({ type: 'key', key }, obs)).ok).toBe(true);
    }
    expect(JSON.parse(await read('keys'))).toEqual(['Tab', 'ArrowDown', 'Escape', 'Escape', 'Backspace']);
  });

  test('an unknown key fails with a hint', async () => {
    const result = await driver.act({ type: 'key', key: 'Warp' }, await look());
    expect(result.ok).toBe(false);
    expect(result.error).toContain('Playwright key name');
  });

  test('open resolves against the page, back returns, home goes to the start url', async () => {
    expect((await driver.act({ type: 'open', url: 'page2.html' }, await look())).ok).toBe(true);
    expect((await look()).title).toBe('Page two');
    expect((await driver.act({ type: 'back' }, await look())).ok).toBe(true);
    expect((await look()).location).toBe(startUrl);
    await driver.act({ type: 'open', url: `${server.url}/page2.html?from=test` }, await look());
    expect((await driver.act({ type: 'home' }, await look())).ok).toBe(true);
    expect((await look()).location).toBe(startUrl);
  });

  test('back with no history fails', async () => {
    const result = await driver.act({ type: 'back' }, await look());
    expect(result).toMatchObject({ ok: false, error: 'there is no page to go back to' });
  });

  test('open an app is an error on the web', async () => {
    const result = await driver.act({ type: 'open', app: 'com.example' }, await look());
    expect(result.ok).toBe(false);
    expect(result.error).toContain('not possible on the web');
  });

  test('wait, answer and done succeed without touching the page', async () => {
    const obs = await look();
    for (const action of [
      { type: 'wait', ms: 20 },
      { type: 'answer', text: '42' },
      { type: 'done', status: 'success' },
    ] as Action[]) {
      expect((await driver.act(action, obs)).ok).toBe(true);
    }
    expect((await look()).digest).toBe(obs.digest);
  });
});

describe('failing actions are reported, not thrown', () => {
  test('an id that is not in the observation', async () => {
    const obs = await look();
    const result = await driver.act({ type: 'click', target: { element: 999 } }, obs);
    expect(result.ok).toBe(false);
    expect(result.error).toContain('[999] is not in the observation');
  });

  test('an element that left the page', async () => {
    const obs = await look();
    await read(`document.getElementById('inc').remove()`);
    const result = await driver.act({ type: 'click', target: { element: named(obs, 'Add one').id } }, obs);
    expect(result.ok).toBe(false);
    expect(result.error).toContain('no longer on the page');
  });

  test('a disabled element is refused', async () => {
    await read(`document.getElementById('inc').disabled = true`);
    const result = await actOn('Add one', (id) => ({ type: 'click', target: { element: id } }));
    expect(result.ok).toBe(false);
    expect(result.error).toContain('disabled');
  });

  test('a point off the screen', async () => {
    const result = await driver.act({ type: 'click', target: { point: { x: 5000, y: 10 } } }, await look());
    expect(result.ok).toBe(false);
    expect(result.error).toContain('outside the screen');
  });

  test('an observation from an earlier page', async () => {
    const old = await look();
    await driver.act({ type: 'open', url: 'page2.html' }, old);
    await look();
    const result = await driver.act({ type: 'click', target: { element: named(old, 'Add one').id } }, old);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/no longer on the page|not made on this page/);
  });
});

describe('checks and read', () => {
  test('url equals, contains, matches', async () => {
    expect(await driver.check({ kind: 'url', equals: startUrl })).toMatchObject({ ok: true });
    expect(await driver.check({ kind: 'url', contains: 'actions' })).toMatchObject({ ok: true });
    expect(await driver.check({ kind: 'url', matches: '/actions\\.html$' })).toMatchObject({ ok: true });
    const miss = await driver.check({ kind: 'url', matches: 'page2' });
    expect(miss.ok).toBe(false);
    expect(miss.evidence).toContain(startUrl);
    expect((await driver.check({ kind: 'url', matches: '(' })).evidence).toContain('not a valid regular expression');
  });

  test('element present and absent by role, name and text', async () => {
    expect(await driver.check({ kind: 'element', present: true, role: 'BUTTON', name: '  add   ONE ' })).toMatchObject({ ok: true });
    expect(await driver.check({ kind: 'element', present: true, text: 'arrived' })).toMatchObject({ ok: false });
    expect(await driver.check({ kind: 'element', present: false, text: 'arrived' })).toMatchObject({ ok: true });
    expect(await driver.check({ kind: 'element', present: true, role: 'textbox', text: 'ABC' })).toMatchObject({ ok: true });
    const absent = await driver.check({ kind: 'element', present: false, role: 'button', name: 'Add one' });
    expect(absent.ok).toBe(false);
    expect(absent.evidence).toContain('button "Add one"');
  });

  test('js checks: truthy, falsy, async, function body, thrown error', async () => {
    expect(await driver.check({ kind: 'js', expression: 'document.title' })).toEqual({ ok: true, evidence: '"Actions fixture"' });
    expect(await driver.check({ kind: 'js', expression: 'count.textContent === "5"' })).toEqual({ ok: false, evidence: 'js `count.textContent === "5"` returned false' });
    // A long expression is shortened to one line; the value it gave is shown as it is.
    const long = `document.title\n  === ${JSON.stringify('x'.repeat(200))} || null`;
    expect((await driver.check({ kind: 'js', expression: long })).evidence).toMatch(/^js `document\.title === "x{80,}…` returned null$/);
    const later = 'await new Promise((r) => setTimeout(() => r({ n: 42 }), 20))';
    expect(await driver.check({ kind: 'js', expression: later })).toEqual({ ok: true, evidence: '{"n":42}' });
    expect(await driver.check({ kind: 'js', expression: 'const a = 2; return a * 2' })).toEqual({ ok: true, evidence: '4' });
    const thrown = await driver.check({ kind: 'js', expression: 'missingThing.value' });
    expect(thrown.ok).toBe(false);
    expect(thrown.evidence).toContain('missingThing is not defined');
  });

  test('read returns the value as JSON gives it (goal_from may return { goal, params })', async () => {
    expect(await driver.read('document.title')).toBe('Actions fixture');
    expect(await driver.read('({ goal: "Go", params: { n: 2 } })')).toEqual({ goal: 'Go', params: { n: 2 } });
    expect(await driver.read('null')).toBeNull();
    expect(await driver.read('undefined')).toBeUndefined();
    await expect(driver.read('nope.nope')).rejects.toThrow(/nope is not defined/);
  });
});

describe('start', () => {
  test('each start opens a fresh context: cookies and storage are gone', async () => {
    await read(`document.cookie = 'seen=1'; localStorage.setItem('k', 'v')`);
    expect(await read('document.cookie')).toBe('seen=1');
    await driver.start({ platform: 'web', url: startUrl, setup: [] });
    expect(await read('document.cookie')).toBe('');
    expect(await read(`String(localStorage.getItem('k'))`)).toBe('null');
  });

  test('the next context is opened ahead from the second start on, not after the first', async () => {
    const browser = await launchBrowser();
    try {
      const fresh = new WebDriver(browser);
      await fresh.start({ platform: 'web', url: startUrl, setup: [] });
      expect(browser.contexts()).toHaveLength(1);
      await fresh.start({ platform: 'web', url: startUrl, setup: [] });
      await expect.poll(() => browser.contexts().length).toBe(2);
      await fresh.close();
      expect(browser.contexts()).toHaveLength(0);
    } finally {
      await browser.close();
    }
  });

  test('setup steps run in order: goto (relative), js, action, wait_ms', async () => {
    await driver.start({
      platform: 'web',
      url: `${server.url}/page2.html`,
      setup: [
        { goto: 'actions.html' },
        { js: `field.value = 'from setup'; field.focus()` },
        { action: { type: 'type', text: '+' } },
        { wait_ms: 10 },
      ],
    });
    expect((await look()).location).toBe(startUrl);
    expect(await read('field.value')).toBe('from setup+');
  });

  test('a failing setup step throws, naming the step', async () => {
    const failing = driver.start({ platform: 'web', url: startUrl, setup: [{ wait_ms: 1 }, { js: `throw new Error('boom')` }] });
    await expect(failing).rejects.toThrow(/setup\[1\] \(js\) failed: .*boom/);
    const badAction = driver.start({ platform: 'web', url: startUrl, setup: [{ action: { type: 'click', target: { element: 500 } } }] });
    await expect(badAction).rejects.toThrow(/setup\[0\] \(action\) failed: click \[500\]/);
  });

  test('an unreachable start url is a clear error', async () => {
    const closed = await serveFixtures();
    await closed.close();
    await expect(driver.start({ platform: 'web', url: `${closed.url}/actions.html`, setup: [] }))
      .rejects.toThrow(`could not open the start url ${closed.url}/actions.html: net::ERR_CONNECTION_REFUSED`);
  });

  test('a task without a url, or for android, is refused', async () => {
    await expect(driver.start({ platform: 'web', setup: [] })).rejects.toThrow('needs a start url');
    await expect(driver.start({ platform: 'android', app: 'x', setup: [] })).rejects.toThrow('cannot start a android task');
  });
});
