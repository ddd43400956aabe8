// Cairn suites over a folder of TodoMVC builds (each a subfolder with index.html; the files
// stay where they are: the suite serves the folder). One suite per build, the same eight
// tasks in each, with no markup named anywhere: setup types the starting todos into the
// field whose placeholder says "What needs to be done?" and presses Enter, as a person
// would; checks read what a person sees (the visible text and checkbox of each list row,
// open shadow roots included, and the route in the URL). Every build's suite has the same
// app identity, so memory recorded on one build is recalled on another.
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

/** Memory's identity of the app, whatever the build. */
export const TODOMVC_APP = 'todomvc';

// Plain phrases, four disjoint lists; "Buy milk" and "Pay the rent" are there on purpose:
// a row's text must not make its checkbox an irreversible action.
const OTHERS = ['Buy milk|Walk the dog', 'Pay the rent', 'Call the bank|Water the plants|Clean the garage', 'Read the news|Buy milk',
  'Walk the dog|Pay the rent|Water the plants', 'Book a dentist visit'];
const ITEMS = ['Feed the cat', 'Fix the sink', 'Mow the lawn', 'Bake a cake', 'Wash the car', 'Plan the trip'];
const NEW = ['Renew the passport', 'Sort the mail', 'Paint the fence', 'Return the books'];
const NEW2 = ['Visit grandma', 'Charge the camera', 'Change the bulbs', 'Defrost the fridge'];

/**
 * The rows of the list as a person sees them, in a function declaration checks and setup
 * share: every visible list item (innermost) holding a checkbox, with its visible text
 * (buttons and fields left out) and whether it is ticked. Walks open shadow roots and slots.
 */
const SEEN = `function seen() {
  const kids = (n) => {
    if (n.shadowRoot) return Array.from(n.shadowRoot.childNodes);
    if (n.localName === 'slot') { const a = n.assignedNodes({ flatten: true }); if (a.length) return a; }
    return Array.from(n.childNodes);
  };
  const elements = (root) => { const out = []; const walk = (n) => { if (n.nodeType === 1) out.push(n); kids(n).forEach(walk); }; walk(root); return out; };
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
  const textShown = (t) => { const r = document.createRange(); r.selectNodeContents(t); return r.getClientRects().length > 0 && !!t.parentElement && getComputedStyle(t.parentElement).visibility === 'visible'; };
  const isItem = (el) => el.localName === 'li' || el.getAttribute('role') === 'listitem';
  const isBox = (el) => (el.localName === 'input' && el.type === 'checkbox') || el.getAttribute('role') === 'checkbox';
  const skipped = (el) => el.localName === 'button' || el.getAttribute('role') === 'button' || ['input', 'textarea', 'select', 'script', 'style', 'template'].includes(el.localName);
  const textOf = (n) => n.nodeType === 3 ? (textShown(n) ? n.data : '') : n.nodeType !== 1 || skipped(n) ? '' : ' ' + kids(n).map(textOf).join('') + ' ';
  const rows = elements(document.documentElement)
    .filter((el) => isItem(el) && visible(el) && !elements(el).some((d) => d !== el && isItem(d)))
    .map((li) => ({ li, box: elements(li).find(isBox) }))
    .filter((r) => r.box)
    .map((r) => ({ text: textOf(r.li).replace(/\\s+/g, ' ').trim(), done: r.box.localName === 'input' ? r.box.checked : r.box.getAttribute('aria-checked') === 'true', box: r.box }));
  return { rows, field: elements(document.documentElement).find((el) => el.localName === 'input' && el.placeholder === 'What needs to be done?') };
}`;

/** The starting todos: {{others}} with {{item}} put in at {{at}} (2-4 todos). */
const START = `const start = '{{others}}'.split('|');
start.splice({{at}}, 0, '{{item}}');`;

/** Types each starting todo into the field and presses Enter (events a person's keys send); waits for its row each time. */
const ADD_START = `${START}
const until = async (what, test) => {
  for (let i = 0; i < 100; i++) { const v = test(); if (v) return v; await new Promise((r) => setTimeout(r, 50)); }
  throw new Error('setup: ' + what + ' did not show within 5 s');
};
const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
for (const [n, title] of start.entries()) {
  const field = await until('the field "What needs to be done?"', () => seen().field);
  field.focus();
  setValue.call(field, title);
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  for (const type of ['keydown', 'keypress', 'keyup']) {
    const e = new KeyboardEvent(type, { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true, composed: true });
    Object.defineProperty(e, 'keyCode', { get: () => 13 });
    Object.defineProperty(e, 'which', { get: () => 13 });
    field.dispatchEvent(e);
  }
  await until('the todo "' + title + '" after Enter', () => seen().rows.length === n + 1);
}`;

/** Ticks {{item}}'s checkbox (a click, as a person's) and waits for it to show ticked. */
const COMPLETE_ITEM = `
seen().rows.find((r) => r.text === '{{item}}').box.click();
await until('"{{item}}" ticked', () => seen().rows.some((r) => r.text === '{{item}}' && r.done));`;

const ALL_VIEW = "!/(active|completed)$/.test(location.hash || location.pathname)";

interface TaskDef {
  goal: string;
  /** JS: the rows [text, ticked] a person should see after, from `start`. */
  want: string;
  /** JS: what the route must say. */
  route?: string;
  params?: Record<string, unknown>;
  /** Setup ticks {{item}} after adding the starting todos. */
  itemDone?: boolean;
  allow_irreversible?: boolean;
}

const TASKS: Record<string, TaskDef> = {
  'add-todo': { goal: 'Add the todo {{new}}.', want: "start.concat('{{new}}').map((t) => [t, false])", params: { new: { gen: 'choice', from: NEW } } },
  'add-two': {
    goal: 'Add two todos: {{new}} and {{new2}}.', want: "start.concat('{{new}}', '{{new2}}').map((t) => [t, false])",
    params: { new: { gen: 'choice', from: NEW }, new2: { gen: 'choice', from: NEW2 } },
  },
  'complete-one': { goal: 'Mark the todo {{item}} as completed.', want: "start.map((t) => [t, t === '{{item}}'])" },
  'delete-one': { goal: 'Delete the todo {{item}}.', want: "start.filter((t) => t !== '{{item}}').map((t) => [t, false])", allow_irreversible: true },
  'rename-one': {
    goal: 'Rename the todo {{item}} to {{new}}.', want: "start.map((t) => [t === '{{item}}' ? '{{new}}' : t, false])",
    params: { new: { gen: 'choice', from: NEW } },
  },
  'clear-completed': { goal: 'Clear the completed todos.', want: "start.filter((t) => t !== '{{item}}').map((t) => [t, false])", itemDone: true },
  'show-active': {
    goal: 'Show only the active todos.', want: "start.filter((t) => t !== '{{item}}').map((t) => [t, false])",
    route: "/active$/.test(location.hash || location.pathname)", itemDone: true,
  },
  'complete-all': { goal: 'Mark all todos as complete.', want: 'start.map((t) => [t, true])' },
};

export const TODOMVC_TASKS = Object.keys(TASKS);

export interface TodomvcSuiteOptions {
  /** Only these tasks. */
  tasks?: string[];
  seeds?: string;
  budget?: { max_steps: number; timeout_s: number };
}

/** The builds of the folder: its subfolders holding an index.html, sorted. */
export async function todomvcBuilds(folder: string): Promise<string[]> {
  const root = resolve(folder);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`${folder}: expected a folder of TodoMVC builds (subfolders with index.html); there is no folder ${root}`);
  const builds: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isDirectory() && (await stat(join(root, entry.name, 'index.html')).catch(() => undefined))?.isFile()) builds.push(entry.name);
  }
  if (!builds.length) throw new Error(`${root} holds no build: expected subfolders with an index.html (e.g. react/index.html)`);
  return builds.sort();
}

function taskSpec(id: string, t: TaskDef) {
  const check = `${START}
const want = ${t.want};
const rows = seen().rows.map((r) => [r.text, r.done]);
return JSON.stringify(rows.sort()) === JSON.stringify(want.sort()) && ${t.route ?? ALL_VIEW};
${SEEN}`;
  return {
    id,
    goal: t.goal,
    params: {
      others: { gen: 'choice', from: OTHERS },
      item: { gen: 'choice', from: ITEMS },
      at: { gen: 'int', min: 0, max: 3 },
      ...t.params,
    },
    start: { url: 'index.html' },
    setup: [
      { js: 'localStorage.clear(); sessionStorage.clear();' },
      { goto: 'index.html' },
      { js: `${ADD_START}${t.itemDone ? COMPLETE_ITEM : ''}\n${SEEN}` },
    ],
    checks: [{ js: check }],
    ...(t.allow_irreversible ? { allow_irreversible: true } : {}),
  };
}

export function todomvcSuiteText(buildDir: string, opts: TodomvcSuiteOptions = {}): string {
  const unknown = (opts.tasks ?? []).filter((t) => !(t in TASKS));
  if (unknown.length) throw new Error(`no task ${unknown.map((u) => `"${u}"`).join(', ')}; tasks: ${TODOMVC_TASKS.join(', ')}`);
  const chosen = opts.tasks?.length ? TODOMVC_TASKS.filter((t) => opts.tasks!.includes(t)) : TODOMVC_TASKS;
  const dir = resolve(buildDir);
  const build = dir.split(/[\\/]/).at(-1)!;
  const suite = {
    name: `todomvc-${build.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`,
    description: `TodoMVC build "${build}" served from ${dir}; checks read the list rows a person sees`,
    base_url: dir,
    app: TODOMVC_APP,
    seeds: opts.seeds ?? '1..3',
    defaults: { budget: opts.budget ?? { max_steps: 8, timeout_s: 90 }, tags: ['todomvc'] },
    tasks: chosen.map((id) => taskSpec(id, TASKS[id]!)),
  };
  return `# Written by bench/todomvc.ts. Rerun with: npx cairn run <this file> --policy search --seeds 1..3\n${stringify(suite, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** Writes one suite per build into `outDir` (made if missing): `todomvc-<build>.yaml`. */
export async function writeTodomvcSuites(folder: string, outDir: string, opts: TodomvcSuiteOptions & { builds?: string[] } = {}): Promise<{ build: string; file: string }[]> {
  const all = await todomvcBuilds(folder);
  const unknown = (opts.builds ?? []).filter((b) => !all.includes(b));
  if (unknown.length) throw new Error(`no build ${unknown.map((u) => `"${u}"`).join(', ')} in ${resolve(folder)}; builds: ${all.join(', ')}`);
  const builds = opts.builds?.length ? opts.builds : all;
  await mkdir(outDir, { recursive: true });
  const written: { build: string; file: string }[] = [];
  for (const build of builds) {
    const file = join(outDir, `todomvc-${build}.yaml`);
    await writeFile(file, todomvcSuiteText(join(resolve(folder), build), opts));
    written.push({ build, file });
  }
  return written;
}
