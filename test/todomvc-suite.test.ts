// The TodoMVC bench's suite writer, over a temp folder of two small fake builds of a todo
// app (one in light DOM, one inside an open shadow root; neither is TodoMVC's markup): the
// suites load, hold the eight tasks, and in real Chromium their setup types the starting
// todos in, their checks fail before and hold after a person's solution.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TODOMVC_APP, TODOMVC_TASKS, todomvcBuilds, writeTodomvcSuites } from '../bench/todomvc-suite.js';
import { launchBrowser } from '../drivers/web/index.js';
import { evaluateJs } from '../drivers/web/js.js';
import { loadSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';
import { serveSuite } from '../tasks/site.js';
import type { ResolvedTask } from '../contract/index.js';

/** A small todo app: Enter adds, hover shows the delete button, double-click edits, hash filters. */
const fakeBuild = (shadow: boolean) => `<!doctype html><html><head><meta charset="utf-8"><title>todos</title></head>
<body><div id="app"></div><script>
const host = document.getElementById('app');
const root = ${shadow} ? host.attachShadow({ mode: 'open' }) : host;
root.innerHTML = '<style>li .x{display:none} li:hover .x{display:inline} .x::after{content:"\\u00d7"}</style>' +
  '<input class="new" placeholder="What needs to be done?"><label><input type="checkbox" class="all"> Mark all as complete</label>' +
  '<ul class="list"></ul><p><span class="left"></span> <a href="#/">All</a> <a href="#/active">Active</a> <a href="#/completed">Completed</a> ' +
  '<button class="clear">Clear completed</button></p>';
let todos = JSON.parse(localStorage.getItem('todos') || '[]');
let editing = null;
const $ = (s) => root.querySelector(s);
function save() { localStorage.setItem('todos', JSON.stringify(todos)); render(); }
function render() {
  const f = location.hash.slice(2);
  let edit;
  $('.list').replaceChildren(...todos.filter((t) => !f || (f === 'completed') === t.done).map((t) => {
    const li = document.createElement('li');
    if (editing === t) {
      edit = document.createElement('input');
      edit.value = t.title;
      edit.onkeydown = (e) => { if (e.key === 'Enter') { t.title = edit.value.trim(); editing = null; save(); } if (e.key === 'Escape') { editing = null; render(); } };
      li.append(edit);
      return li;
    }
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = t.done;
    box.onchange = () => { t.done = box.checked; save(); };
    const label = document.createElement('label');
    label.textContent = t.title;
    label.ondblclick = () => { editing = t; render(); };
    const x = document.createElement('button');
    x.className = 'x';
    x.onclick = () => { todos = todos.filter((o) => o !== t); save(); };
    li.append(box, label, x);
    return li;
  }));
  edit?.focus();
  $('.left').textContent = todos.filter((t) => !t.done).length + ' items left';
}
$('.new').addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || !e.target.value.trim()) return;
  todos.push({ title: e.target.value.trim(), done: false });
  e.target.value = '';
  save();
});
$('.all').onchange = () => { todos.forEach((t) => { t.done = $('.all').checked; }); save(); };
$('.clear').onclick = () => { todos = todos.filter((t) => !t.done); save(); };
addEventListener('hashchange', render);
render();
</script></body></html>`;

let folder: string;
let suitesDir: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cairn-todo-builds-'));
  for (const [build, shadow] of [['light', false], ['shadow', true]] as const) {
    await mkdir(join(folder, build));
    await writeFile(join(folder, build, 'index.html'), fakeBuild(shadow));
  }
  await mkdir(join(folder, 'notes')); // no index.html: not a build
  suitesDir = join(folder, 'out');
});

describe('the TodoMVC suite writer', () => {
  it('writes one suite a build, each loading with the eight tasks, the same app and no markup names', async () => {
    expect(await todomvcBuilds(folder)).toEqual(['light', 'shadow']);
    const written = await writeTodomvcSuites(folder, suitesDir);
    expect(written.map((w) => w.build)).toEqual(['light', 'shadow']);
    const [light, shadow] = await Promise.all(written.map((w) => loadSuite(w.file)));
    for (const suite of [light!, shadow!]) {
      expect(suite.templates.map((t) => t.id)).toEqual(TODOMVC_TASKS);
      expect(suite.templates).toHaveLength(8);
      expect(suite.app).toBe(TODOMVC_APP);
      expect(suite.seeds).toEqual([1, 2, 3]);
      expect(suite.local_site?.folder).toBe(join(folder, suite === light ? 'light' : 'shadow'));
    }
    const text = await readFile(written[0]!.file, 'utf8');
    expect(text).not.toMatch(/\.new-todo|\.toggle|\.destroy|querySelector/);
    // The same task and seed draw the same todos on every build.
    const goals = (s: typeof light) => instances({ ...s!, base_url: 'http://x/' }, { seeds: [1, 2] }).map((t) => t.goal);
    expect(goals(light)).toEqual(goals(shadow));
  });

  it('refuses a folder with no build, an unknown build or task, naming what there is', async () => {
    await expect(todomvcBuilds(join(folder, 'notes'))).rejects.toThrow(/holds no build: expected subfolders with an index.html/);
    await expect(todomvcBuilds(join(folder, 'missing'))).rejects.toThrow(/there is no folder/);
    await expect(writeTodomvcSuites(folder, suitesDir, { builds: ['angular'] })).rejects.toThrow(/no build "angular" in .*; builds: light, shadow/);
    await expect(writeTodomvcSuites(folder, suitesDir, { tasks: ['add-three'] })).rejects.toThrow(/no task "add-three"; tasks: add-todo, add-two/);
  });
});

/** What a person does for each task; targets found by role, text and placeholder only. */
const SOLUTIONS: Record<string, (page: Page, p: Record<string, string>) => Promise<void>> = {
  'add-todo': (page, p) => enter(page, p.new!),
  'add-two': async (page, p) => { await enter(page, p.new!); await enter(page, p.new2!); },
  'complete-one': (page, p) => row(page, p.item!).getByRole('checkbox').click(),
  'delete-one': async (page, p) => {
    await row(page, p.item!).hover();
    await row(page, p.item!).getByRole('button').click();
  },
  'rename-one': async (page, p) => {
    await page.getByText(p.item!, { exact: true }).dblclick();
    await page.keyboard.press('ControlOrMeta+A'); // the edit field has the focus
    await page.keyboard.type(p.new!);
    await page.keyboard.press('Enter');
  },
  'clear-completed': (page) => page.getByRole('button', { name: 'Clear completed' }).click(),
  'show-active': (page) => page.getByRole('link', { name: 'Active' }).click(),
  'complete-all': (page) => page.getByText('Mark all as complete').click(),
};
const enter = async (page: Page, text: string) => {
  await page.getByPlaceholder('What needs to be done?').fill(text);
  await page.getByPlaceholder('What needs to be done?').press('Enter');
};
const row = (page: Page, text: string) => page.getByRole('listitem').filter({ hasText: text });

describe('the suites on the fake builds in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser({}); });
  afterAll(async () => { await browser?.close(); });

  const checksHold = async (page: Page, task: ResolvedTask) => {
    for (const c of task.checks) if (c.kind !== 'js' || !(await evaluateJs(page, c.expression))) return false;
    return true;
  };

  // Each task once a build, on a seed of its own: the same task draws other todos on the other build.
  for (const [build, seed] of [['light', 1], ['shadow', 2]] as const) {
    it(`${build}: setup types in 2-4 todos; each check fails before and holds after a person's solution`, async () => {
      const served = await serveSuite(await loadSuite(join(suitesDir, `todomvc-${build}.yaml`)));
      try {
        for (const task of instances(served.suite, { seeds: [seed] })) {
          const context = await browser.newContext();
          const page = await context.newPage();
          await page.goto(task.start.url!);
          for (const step of task.start.setup) {
            if ('goto' in step) await page.goto(step.goto);
            else if ('js' in step) await evaluateJs(page, step.js);
          }
          const start = task.params.others!.split('|').length + 1;
          expect(await page.getByRole('listitem').filter({ has: page.getByRole('checkbox') }).count(), task.instance).toBe(start);
          expect(await checksHold(page, task), `${task.instance} before`).toBe(false);
          await SOLUTIONS[task.id]!(page, task.params);
          // The app draws the change after the event (a hashchange, a render): as the driver settles, wait for it.
          await expect.poll(() => checksHold(page, task), { message: `${task.instance} after`, timeout: 2000 }).toBe(true);
          await context.close();
        }
      } finally {
        await served.close();
      }
    }, 120_000);
  }
});
