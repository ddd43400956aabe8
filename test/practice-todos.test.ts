// The todos practice app: its JSON API over real HTTP, and the page as a person uses it,
// through cairn's web driver (observe, click, type with submit, key) in real Chromium, with
// Playwright directly for what a person does that those actions do not cover (hover,
// double-click).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation, UIElement } from '../contract/index.js';
import { WebDriver, launchBrowser } from '../drivers/web/index.js';
import { startPracticeApps, type PracticeApps } from '../tasks/apps/index.js';
import { SEEDED_TODOS } from '../tasks/apps/seed.js';

interface Todo { id: number; title: string; completed: boolean }

let apps: PracticeApps;
beforeAll(async () => { apps = await startPracticeApps(); });
afterAll(async () => { await apps?.close(); });

/** One cookie session by hand, as a check or a setup step reaches the API. */
async function session() {
  let cookie = '';
  const req = async (path: string, body?: unknown) => {
    const res = await fetch(apps.url + path, {
      method: body === undefined ? 'GET' : 'POST', redirect: 'manual',
      headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    cookie = res.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    return res;
  };
  await req('/reset?seed=0');
  return { req, todos: async () => (await (await req('/todos/api/todos')).json()) as Todo[] };
}

describe('todos API', () => {
  it('seeds 0-2 open todos by seed, the same for the same seed', async () => {
    const s = await session();
    const counts = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      await s.req(`/reset?seed=${seed}`);
      const first = await s.todos();
      await s.req('/todos/api/todos', { title: 'Temporary' });
      await s.req(`/reset?seed=${seed}`);
      expect(await s.todos()).toEqual(first);
      expect(first.every((t) => SEEDED_TODOS.includes(t.title) && !t.completed)).toBe(true);
      counts.add(first.length);
    }
    expect([...counts].sort()).toEqual([0, 1, 2]);
  });

  it('adds at a place, updates, toggles all, clears completed and deletes, answering the whole list', async () => {
    const s = await session();
    await s.req('/reset?seed=1');
    const seeded = (await s.todos()).map((t) => t.title);
    await s.req('/todos/api/todos', { title: 'Walk the dog' });
    const added = await s.req('/todos/api/todos', { title: '  Bake bread ', at: 0, completed: true });
    expect(added.status).toBe(201);
    const list = (await added.json()) as Todo[];
    expect(list.map((t) => t.title)).toEqual(['Bake bread', ...seeded, 'Walk the dog']);
    const bread = list[0]!;
    expect(bread.completed).toBe(true);

    await s.req(`/todos/api/todos/${bread.id}`, { title: 'Bake rye bread', completed: false });
    expect((await s.todos())[0]).toEqual({ id: bread.id, title: 'Bake rye bread', completed: false });
    await s.req('/todos/api/toggle-all', { completed: true });
    expect((await s.todos()).every((t) => t.completed)).toBe(true);
    const walk = (await s.todos()).find((t) => t.title === 'Walk the dog')!;
    await s.req(`/todos/api/todos/${walk.id}`, { completed: false });
    expect((await (await s.req('/todos/api/clear-completed', {})).json())).toEqual([{ ...walk, completed: false }]);
    expect(await (await s.req(`/todos/api/todos/${walk.id}/delete`, {})).json()).toEqual([]);
  });

  it('replace sets the exact list setup asks for, with new ids', async () => {
    const s = await session();
    await s.req('/todos/api/todos', { title: 'Walk the dog' });
    const before = await s.todos();
    const list = (await (await s.req('/todos/api/replace', [{ title: 'Bake bread', completed: true }, { title: 'Mow the lawn' }])).json()) as Todo[];
    expect(list.map((t) => [t.title, t.completed])).toEqual([['Bake bread', true], ['Mow the lawn', false]]);
    expect(list.every((t) => !before.some((b) => b.id === t.id))).toBe(true);
    expect(await s.todos()).toEqual(list);
  });

  it('refuses bad input with a 400 or 404 that says what was expected', async () => {
    const s = await session();
    const problem = async (path: string, body: unknown) => {
      const res = await s.req(path, body);
      return `${res.status} ${((await res.json()) as { error: string }).error}`;
    };
    expect(await problem('/todos/api/todos', { title: '   ' })).toMatch(/^400 "title" must be a non-empty string/);
    expect(await problem('/todos/api/todos', { title: 'x', done: true })).toMatch(/^400 unknown field done; expected some of title, completed, at/);
    expect(await problem('/todos/api/todos', { title: 'x', at: -1 })).toMatch(/^400 "at" must be a whole number/);
    expect(await problem('/todos/api/todos', ['x'])).toMatch(/^400 expected a JSON object like/);
    expect(await problem('/todos/api/todos/999', { completed: true })).toMatch(/^404 No todo with id 999/);
    expect(await problem('/todos/api/toggle-all', {})).toMatch(/^400 expected a JSON object like \{"completed": true\}/);
    expect(await problem('/todos/api/replace', { title: 'x' })).toMatch(/^400 expected a JSON array like/);
    expect(await problem('/todos/api/replace', [{ title: 'x' }, { title: 'y', due: 'today' }])).toMatch(/^400 item 1: unknown field due/);
    const [first] = (await (await s.req('/todos/api/todos', { title: 'Walk the dog' })).json()) as Todo[];
    expect(await problem(`/todos/api/todos/${first!.id}`, { completed: 'yes' })).toMatch(/^400 "completed" must be true or false/);
  });
});

describe('the todos page through the web driver', () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let driver: WebDriver;
  beforeAll(async () => {
    browser = await launchBrowser({});
    driver = new WebDriver(browser);
  });
  afterAll(async () => {
    await driver?.close();
    await browser?.close();
  });

  /** Starts on the todos page holding these todos only. */
  async function start(titles: string[], completed: string[] = []): Promise<Observation> {
    const add = titles.map((title) => ({ title, completed: completed.includes(title) }));
    await driver.start({
      platform: 'web', url: `${apps.url}/reset?seed=1`,
      setup: [
        { js: "for (const t of await (await fetch('/todos/api/todos')).json()) await fetch(`/todos/api/todos/${t.id}/delete`, { method: 'POST', body: '{}' })" },
        { js: `for (const t of ${JSON.stringify(add)}) await fetch('/todos/api/todos', { method: 'POST', body: JSON.stringify(t) })` },
        { goto: `${apps.url}/todos/` },
      ],
    });
    return driver.observe({ screenshot: false });
  }

  /** The driver's page, for what Playwright does directly and for reading the API. */
  const page = (): Page => {
    const found = browser.contexts().flatMap((c) => c.pages()).find((p) => p.url().startsWith(`${apps.url}/todos/`));
    if (!found) throw new Error('no page on /todos/');
    return found;
  };
  const todos = async () => page().evaluate(async () => (await fetch('/todos/api/todos')).json()) as Promise<Todo[]>;
  const find = (obs: Observation, role: string, name: string): UIElement => {
    const e = obs.elements.find((x) => x.role === role && x.name === name);
    if (!e) throw new Error(`no ${role} "${name}" in:\n${obs.elements.map((x) => `${x.role} "${x.name}"`).join('\n')}`);
    return e;
  };
  const act = async (obs: Observation, action: Parameters<WebDriver['act']>[0]) => {
    expect(await driver.act(action, obs)).toMatchObject({ ok: true });
    return driver.observe({ screenshot: false });
  };

  it('adds a todo with Enter in the field: there is no Add button', async () => {
    const obs = await start(['Walk the dog']);
    const field = find(obs, 'textbox', 'What needs to be done?');
    expect(field.state.focused).toBe(true);
    expect(obs.elements.filter((e) => e.role === 'button' && /add/i.test(e.name))).toEqual([]);
    const after = await act(obs, { type: 'type', target: { element: field.id }, text: 'Bake bread', submit: true });
    expect((await todos()).map((t) => t.title)).toEqual(['Walk the dog', 'Bake bread']);
    expect(find(after, 'textbox', 'What needs to be done?').value).toBe('');
    expect(find(after, 'text', 'Bake bread')).toBeDefined();
    expect(find(after, 'text', '2 items left')).toBeDefined();
  });

  it('the row checkboxes have no accessible name; ticking one completes its todo', async () => {
    const obs = await start(['Walk the dog', 'Bake bread']);
    const p = page();
    expect(await p.getByRole('checkbox').count()).toBe(3); // "Mark all as complete" and one a row
    expect(await p.getByRole('checkbox', { name: 'Bake bread' }).count()).toBe(0);
    expect(await p.getByRole('checkbox', { name: 'Mark all as complete' }).count()).toBe(1);
    // The second row's checkbox: the one beside "Bake bread" on screen.
    const text = find(obs, 'text', 'Bake bread');
    const tick = obs.elements.find((e) => e.role === 'checkbox' && Math.abs(e.bbox.y + e.bbox.h / 2 - (text.bbox.y + text.bbox.h / 2)) < 8)!;
    const after = await act(obs, { type: 'click', target: { element: tick.id } });
    expect((await todos()).map((t) => [t.title, t.completed])).toEqual([['Walk the dog', false], ['Bake bread', true]]);
    expect(find(after, 'text', '1 item left')).toBeDefined();
  });

  it('hides the × until its row is hovered; a click on it then deletes the todo', async () => {
    await start(['Walk the dog', 'Bake bread']);
    const p = page();
    const row = p.getByRole('listitem').filter({ hasText: 'Bake bread' });
    const x = row.getByRole('button', { includeHidden: true });
    expect(await x.count()).toBe(1);
    expect(await x.isVisible()).toBe(false);
    expect(await x.evaluate((b) => [b.textContent, getComputedStyle(b, '::after').content])).toEqual(['', '"×"']);
    await row.hover();
    expect(await x.isVisible()).toBe(true);
    const obs = await driver.observe({ screenshot: false });
    const shown = obs.elements.filter((e) => e.role === 'button' && e.state.visible);
    const box = await x.boundingBox();
    const target = shown.find((e) => Math.abs(e.bbox.x - box!.x) <= 1 && Math.abs(e.bbox.y - box!.y) <= 1)!;
    await act(obs, { type: 'click', target: { element: target.id } });
    expect((await todos()).map((t) => t.title)).toEqual(['Walk the dog']);
  });

  it('a double-click on a todo edits it: Enter saves, Escape cancels', async () => {
    await start(['Walk the dog', 'Bake bread']);
    const p = page();
    await p.getByText('Bake bread', { exact: true }).dblclick();
    let obs = await driver.observe({ screenshot: false });
    const edit = obs.elements.find((e) => e.role === 'textbox' && e.state.focused)!;
    expect(edit.value).toBe('Bake bread');
    expect(obs.elements.some((e) => e.role === 'text' && e.name === 'Bake bread')).toBe(false);
    obs = await act(obs, { type: 'type', text: 'Bake rye bread', clear: true, submit: true });
    expect((await todos()).map((t) => t.title)).toEqual(['Walk the dog', 'Bake rye bread']);
    expect(find(obs, 'text', 'Bake rye bread')).toBeDefined();

    await p.getByText('Walk the dog', { exact: true }).dblclick();
    obs = await driver.observe({ screenshot: false });
    obs = await act(obs, { type: 'type', text: ' later' });
    expect(obs.elements.find((e) => e.role === 'textbox' && e.state.focused)?.value).toBe('Walk the dog later');
    obs = await act(obs, { type: 'key', key: 'Escape' });
    expect(find(obs, 'text', 'Walk the dog')).toBeDefined();
    expect((await todos()).map((t) => t.title)).toEqual(['Walk the dog', 'Bake rye bread']);
  });

  it('reaches the footer in its open shadow root: the count, the hash filters and Clear completed', async () => {
    let obs = await start(['Walk the dog', 'Bake bread', 'Mow the lawn'], ['Bake bread']);
    expect(await page().evaluate(() => !!document.querySelector('todo-footer')?.shadowRoot?.querySelector('a[href="#/active"]'))).toBe(true);
    expect(find(obs, 'text', '2 items left')).toBeDefined();
    obs = await act(obs, { type: 'click', target: { element: find(obs, 'link', 'Active').id } });
    expect(obs.location).toBe(`${apps.url}/todos/#/active`);
    expect(obs.elements.filter((e) => e.role === 'text').map((e) => e.name)).toEqual(expect.arrayContaining(['Walk the dog', 'Mow the lawn']));
    expect(obs.elements.some((e) => e.name === 'Bake bread')).toBe(false);
    obs = await act(obs, { type: 'click', target: { element: find(obs, 'link', 'Completed').id } });
    expect(obs.location).toMatch(/#\/completed$/);
    expect(obs.elements.filter((e) => e.role === 'text' && /^(Walk|Bake|Mow)/.test(e.name)).map((e) => e.name)).toEqual(['Bake bread']);
    obs = await act(obs, { type: 'click', target: { element: find(obs, 'button', 'Clear completed').id } });
    expect((await todos()).map((t) => t.title)).toEqual(['Walk the dog', 'Mow the lawn']);
    expect(obs.elements.some((e) => e.role === 'button' && e.name === 'Clear completed')).toBe(false);
    obs = await act(obs, { type: 'click', target: { element: find(obs, 'link', 'All').id } });
    expect(obs.location).toMatch(/#\/$/);
  });

  it('"Mark all as complete" completes every todo, and again makes them all active', async () => {
    let obs = await start(['Walk the dog', 'Bake bread'], ['Bake bread']);
    obs = await act(obs, { type: 'click', target: { element: find(obs, 'checkbox', 'Mark all as complete').id } });
    expect((await todos()).every((t) => t.completed)).toBe(true);
    expect(find(obs, 'checkbox', 'Mark all as complete').state.checked).toBe(true);
    expect(find(obs, 'text', '0 items left')).toBeDefined();
    await act(obs, { type: 'click', target: { element: find(obs, 'checkbox', 'Mark all as complete').id } });
    expect((await todos()).some((t) => t.completed)).toBe(false);
  });
});
