import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebDriver } from '../drivers/web/index.js';
import type { Observation, UIElement } from '../contract/index.js';
import { serveFixtures, type FixtureServer } from './fixtures/web/serve.js';

let server: FixtureServer;
let driver: WebDriver;
let obs: Observation;

beforeAll(async () => {
  server = await serveFixtures();
  driver = await WebDriver.launch();
  await driver.start({ platform: 'web', url: `${server.url}/observe.html`, setup: [] });
  const started = performance.now();
  obs = await driver.observe();
  console.log(`observe with screenshot: ${Math.round(performance.now() - started)} ms, ${obs.elements.length} elements`);
});

afterAll(async () => {
  await driver?.close();
  await server?.close();
});

function byName(name: string): UIElement {
  const found = obs.elements.find((e) => e.name === name);
  if (!found) throw new Error(`no element named ${name}: ${obs.elements.map((e) => e.name).join(' | ')}`);
  return found;
}

describe('observation frame', () => {
  test('describes the page: location, title, screen, PNG screenshot', () => {
    expect(obs.platform).toBe('web');
    expect(obs.location).toBe(`${server.url}/observe.html`);
    expect(obs.title).toBe('Observe fixture');
    expect(obs.screen).toEqual({ width: 1280, height: 800 });
    expect(obs.screenshot?.subarray(1, 4).toString()).toBe('PNG');
  });

  test('ids run 0..n-1 in document order', () => {
    expect(obs.elements.map((e) => e.id)).toEqual(obs.elements.map((_, i) => i));
    const order = ['Account settings', 'Full name', 'Colour', 'Shadow button', 'Frame button', 'Far below'];
    const ids = order.map((n) => byName(n).id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  test('screenshot: false skips the picture', async () => {
    const quick = await driver.observe({ screenshot: false });
    expect(quick.screenshot).toBeUndefined();
    expect(quick.elements.length).toBe(obs.elements.length);
  });
});

describe('roles, names and values', () => {
  test.each([
    ['Account settings', 'heading'],
    ['Change your details below.', 'text'],
    ['Full name', 'textbox'],
    ['Email address', 'textbox'],
    ['Password', 'textbox'],
    ['Remember me', 'checkbox'],
    ['Free plan', 'radio'],
    ['Age', 'spinbutton'],
    ['Search', 'searchbox'],
    ['About you', 'textbox'],
    ['Colour', 'combobox'],
    ['Save', 'button'],
    ['Send', 'button'],
    ['Next page', 'link'],
    ['Custom action', 'button'],
    ['Clickable div', 'button'],
    ['Tea', 'cell'],
    ['First item', 'text'],
  ])('%s is a %s', (name, role) => {
    expect(byName(name).role).toBe(role);
  });

  test('names come from label for, wrapping label, aria-labelledby, placeholder, title, value', () => {
    expect(byName('Full name').attrs.id).toBe('name');
    expect(byName('Remember me').attrs.id).toBe('remember');
    expect(obs.elements.find((e) => e.attrs.id === 'qty')?.name).toBe('Quantity');
    expect(byName('Email address').attrs.placeholder).toBe('Email address');
    expect(byName('Age').attrs.id).toBe('age');
    expect(byName('Send').attrs.type).toBe('submit');
  });

  test('values of fields, select options, link href as written', () => {
    expect(byName('Full name').value).toBe('Bob');
    expect(byName('Age').value).toBe('42');
    expect(byName('About you').value).toBe('Hi there');
    const select = byName('Colour');
    expect(select.value).toBe('Green');
    expect(select.attrs.options).toBe('Red\nGreen\nBlue');
    expect(byName('Next page').attrs.href).toBe('next.html?x=1');
    expect(byName('Full name').attrs.name).toBe('name');
  });

  test('a password value is never reported, only that the field is filled', () => {
    const pw = byName('Password');
    expect(pw.value).toBe('••••••');
    expect(pw.state.password).toBe(true);
    expect(JSON.stringify(obs.elements)).not.toContain('hunter2');
  });

  test('a label that names an input is not repeated as text', () => {
    expect(obs.elements.filter((e) => e.name === 'Full name').map((e) => e.role)).toEqual(['textbox']);
  });
});

describe('states', () => {
  test('disabled, checked, focused, editable', () => {
    expect(byName('Save').state.enabled).toBe(false);
    expect(byName('Send').state.enabled).toBe(true);
    expect(byName('Remember me').state.checked).toBe(true);
    expect(byName('Free plan').state.checked).toBe(false);
    expect(byName('Full name').state.focused).toBe(true);
    expect(byName('Email address').state.focused).toBeUndefined();
    expect(byName('Full name').state.editable).toBe(true);
    expect(byName('Locked').state.editable).toBe(false);
    expect(byName('Save').state.editable).toBeUndefined();
  });

  test('invisible things are skipped; things below the fold are kept as not visible', () => {
    const names = obs.elements.map((e) => e.name);
    for (const hidden of ['Hidden by display', 'Hidden by visibility', 'Zero size', 'Hidden button']) {
      expect(names).not.toContain(hidden);
    }
    const far = byName('Far below');
    expect(far.state.visible).toBe(false);
    expect(far.bbox.y).toBeGreaterThan(obs.screen.height);
  });

  test('visible elements have boxes inside the viewport', () => {
    const visible = obs.elements.filter((e) => e.state.visible);
    expect(visible.length).toBeGreaterThan(20);
    for (const e of visible) {
      expect(e.bbox.w, e.name).toBeGreaterThan(0);
      expect(e.bbox.h, e.name).toBeGreaterThan(0);
      expect(e.bbox.x + e.bbox.w, e.name).toBeGreaterThan(0);
      expect(e.bbox.x, e.name).toBeLessThan(obs.screen.width);
      expect(e.bbox.y, e.name).toBeLessThan(obs.screen.height);
    }
  });
});

describe('shadow DOM and iframes', () => {
  test('open shadow roots are walked', () => {
    expect(byName('Shadow button').role).toBe('button');
    expect(byName('Shadow text').role).toBe('text');
  });

  test('same-origin iframe content is present, offset by the iframe position', () => {
    // iframe at left 700 / top 100 with a 5px border; the frame's body has a 10px margin
    const text = byName('Inside the frame');
    expect(text.bbox.x).toBe(715);
    expect(text.bbox.y).toBeGreaterThanOrEqual(115);
    const button = byName('Frame button');
    expect(button.bbox.x).toBe(715);
    expect(button.bbox.y).toBeGreaterThan(text.bbox.y);
    expect(button.state.visible).toBe(true);
  });

  test('clicking an element inside the iframe reaches the frame document', async () => {
    const fresh = await driver.observe({ screenshot: false });
    const button = fresh.elements.find((e) => e.name === 'Frame button')!;
    const result = await driver.act({ type: 'click', target: { element: button.id } }, fresh);
    expect(result).toMatchObject({ ok: true });
    expect(await driver.read(`document.querySelector('iframe').contentDocument.title`)).toBe('frame clicked');
  });
});

describe('digest', () => {
  test('equal screens give equal digests; a change gives another', async () => {
    const again = await driver.observe({ screenshot: false });
    const once = await driver.observe({ screenshot: false });
    expect(again.digest).toBe(once.digest);
    await driver.read(`document.getElementById('remember').click()`);
    const changed = await driver.observe({ screenshot: false });
    expect(changed.digest).not.toBe(once.digest);
    expect(changed.elements.find((e) => e.name === 'Remember me')?.state.checked).toBe(false);
  });
});

describe('cross-origin iframes', () => {
  test('are observed and acted on too (localhost vs 127.0.0.1 are different origins)', async () => {
    const cross = `${server.url.replace('127.0.0.1', 'localhost')}/frame.html`;
    const addFrame = `const f = document.createElement('iframe');
      f.src = ${JSON.stringify(cross)};
      f.style = 'position: absolute; left: 300px; top: 200px; border: 0';
      document.body.append(f);
      await new Promise((resolve) => { f.onload = resolve; });`;
    await driver.start({ platform: 'web', url: `${server.url}/page2.html`, setup: [{ js: addFrame }] });
    const page = await driver.observe({ screenshot: false });
    const button = page.elements.find((e) => e.name === 'Frame button');
    expect(button?.bbox.x).toBe(310);
    expect(button?.bbox.y).toBeGreaterThan(200);
    const result = await driver.act({ type: 'click', target: { element: button!.id } }, page);
    expect(result.ok).toBe(true);
    const after = await driver.observe({ screenshot: false });
    expect(after.elements.map((e) => e.name)).toContain('Frame clicked');
  });
});
