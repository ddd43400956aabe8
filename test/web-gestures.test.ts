// The gestures real apps need, on real Chromium: controls shown only while their row is
// hovered, controls named by what labels them on screen, double click, drag, a key on a target.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Observation, UIElement } from '../contract/index.js';
import { WebDriver } from '../drivers/web/index.js';
import { serveFixtures, type FixtureServer } from './fixtures/web/serve.js';

let server: FixtureServer;
let driver: WebDriver;

beforeAll(async () => {
  server = await serveFixtures();
  driver = await WebDriver.launch();
});

afterAll(async () => {
  await driver?.close();
  await server?.close();
});

beforeEach(async () => {
  await driver.start({ platform: 'web', url: `${server.url}/gestures.html`, setup: [] });
});

const look = (): Promise<Observation> => driver.observe({ screenshot: false });
const log = async (): Promise<string[]> => (await driver.read('window.log')) as string[];

function find(obs: Observation, pred: (e: UIElement) => boolean, what: string): UIElement {
  const found = obs.elements.find(pred);
  if (!found) throw new Error(`no ${what} in ${obs.elements.map((e) => `${e.role} ${JSON.stringify(e.name)}`).join(', ')}`);
  return found;
}

describe('what hover reveals', () => {
  test('a button shown only on its row\'s hover is listed, named by its CSS glyph, with its row', async () => {
    const obs = await look();
    const crosses = obs.elements.filter((e) => e.role === 'button' && e.name === '×');
    expect(crosses.map((e) => e.attrs)).toEqual([
      { row: 'Buy milk', shows_on: 'hover' },
      { row: 'Walk the dog', shows_on: 'hover' },
    ]);
    // Where its row is, so a screenshot's box and re-grounding by position make sense.
    expect(crosses[1]!.bbox.y).toBeGreaterThan(crosses[0]!.bbox.y);
  });

  test('clicking it hovers the row first, as a person would, and removes the right row', async () => {
    const obs = await look();
    const cross = find(obs, (e) => e.name === '×' && e.attrs.row === 'Walk the dog', 'the × of Walk the dog');
    const result = await driver.act({ type: 'click', target: { element: cross.id } }, obs);
    expect(result).toMatchObject({ ok: true, target: { name: '×', attrs: { row: 'Walk the dog' } } });
    expect(await log()).toEqual(['removed Walk the dog']);
  });

  test('inside an open shadow root too', async () => {
    const obs = await look();
    const x = find(obs, (e) => e.name === 'Delete shadow row', 'the shadow row button');
    expect(x.attrs).toMatchObject({ shows_on: 'hover', row: 'Shadow row' });
    expect((await driver.act({ type: 'click', target: { element: x.id } }, obs)).ok).toBe(true);
    expect(await log()).toEqual(['shadow removed']);
  });

  test('hover leaves the pointer on the row, and the button then shows', async () => {
    const obs = await look();
    const row = find(obs, (e) => e.role === 'text' && e.name === 'Buy milk', 'the text Buy milk');
    expect((await driver.act({ type: 'hover', target: { element: row.id } }, obs)).ok).toBe(true);
    expect(await driver.read(`getComputedStyle(document.querySelector('#todos .remove')).display`)).not.toBe('none');
  });
});

describe('names as a person gives them', () => {
  test('an unnamed checkbox is named by the text of its row; one beside an unlinked label by that label', async () => {
    const obs = await look();
    const boxes = obs.elements.filter((e) => e.role === 'checkbox').map((e) => e.name);
    expect(boxes).toEqual(['Buy milk', 'Walk the dog', 'Mark all as complete']);
  });

  test('a click region that holds controls is not one more control: its text and button stay their own', async () => {
    const obs = await look();
    expect(obs.elements.some((e) => e.name.includes('Card title') && e.name.includes('Open'))).toBe(false);
    find(obs, (e) => e.role === 'text' && e.name === 'Card title', 'the card title');
    const open = find(obs, (e) => e.role === 'button' && e.name === 'Open', 'the Open button');
    expect((await driver.act({ type: 'click', target: { element: open.id } }, obs)).ok).toBe(true);
    expect(await log()).toEqual(['open', 'card']);
  });
});

describe('double click, drag, key on a target', () => {
  test('double click opens the text for editing; a key on the field sends it', async () => {
    let obs = await look();
    const title = find(obs, (e) => e.name === 'Edit me', 'the title');
    expect((await driver.act({ type: 'double_click', target: { element: title.id } }, obs)).ok).toBe(true);
    obs = await look();
    const field = find(obs, (e) => e.role === 'textbox' && e.value === 'Edit me', 'the edit field');
    expect(field.state.focused).toBe(true);
    expect((await driver.act({ type: 'type', target: { element: field.id }, text: 'Edited', clear: true }, obs)).ok).toBe(true);
    obs = await look();
    const same = find(obs, (e) => e.role === 'textbox' && e.value === 'Edited', 'the edited field');
    expect((await driver.act({ type: 'key', key: 'Enter', target: { element: same.id } }, obs)).ok).toBe(true);
    expect(await driver.read(`document.getElementById('title').textContent`)).toBe('Edited');
  });

  test('drag from one element onto another drops it there (HTML drag and drop), and reports both ends', async () => {
    const obs = await look();
    const pear = find(obs, (e) => e.name === 'Pear', 'Pear');
    const trash = find(obs, (e) => e.name === 'Trash', 'Trash');
    const result = await driver.act({ type: 'drag', target: { element: pear.id }, to: { element: trash.id } }, obs);
    expect(result).toMatchObject({ ok: true, target: { name: 'Pear' }, to: { name: 'Trash' } });
    expect(await log()).toEqual(['dropped pear']);
  });

  test('a key with a target goes to that element, not to the one that had focus', async () => {
    let obs = await look();
    const other = find(obs, (e) => e.attrs.placeholder === 'Other field', 'the other field');
    await driver.act({ type: 'click', target: { element: other.id } }, obs);
    obs = await look();
    const keys = find(obs, (e) => e.attrs.placeholder === 'Keys here', 'the keys field');
    expect((await driver.act({ type: 'key', key: 'esc', target: { element: keys.id } }, obs)).ok).toBe(true);
    expect(await log()).toEqual(['key Escape']);
  });
});
