// The search policy in real Chromium on small pages of our own whose goal the page writes
// and declares no params: unquoted values into unnamed fields, a date into a date input, an
// ordinal field, a stepper that takes no typing, two clicks in order where the first shows
// nothing, focusing a field as the goal, several choices in one list.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { parseSuite } from '../tasks/index.js';

const PAGES = new URL('./fixtures/search/', import.meta.url);
const PAGE_TASKS = ['login', 'date', 'ordinal', 'spinner', 'sequence', 'focus', 'multiselect'];
/** Tasks on one list page, told by the query: Enter to add, a hover-only ×, a double click to edit, a drag. */
const LIST_TASKS = ['enter', 'remove', 'rename', 'move'];
const TASKS = [...PAGE_TASKS.map((id) => ({ id, url: `/${id}.html` })), ...LIST_TASKS.map((id) => ({ id, url: `/todo.html?task=${id}` }))];

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
    if (!/^[a-z]+\.html$/.test(name)) return void res.writeHead(404).end();
    const body = await readFile(new URL(name, PAGES)).catch(() => undefined);
    if (body) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

function suiteText(): string {
  const tasks = TASKS.map((t) => `
  - id: ${t.id}
    goal: "(read from the page)"
    goal_from: { js: "document.getElementById('goal').textContent" }
    start: { url: "${t.url}" }
    allow_irreversible: true
    checks:
      - js: "window.result === true"`).join('');
  return `name: search-widgets\nbase_url: ${base}\ndefaults:\n  budget: { max_steps: 8, timeout_s: 60 }\ntasks:${tasks}\n`;
}

describe('search reads goals as people write them', () => {
  it('solves each page and plays back the short, right sequence', async () => {
    const suite = parseSuite(suiteText(), 'search-widgets.yaml');
    const out = await mkdtemp(join(tmpdir(), 'cairn-search-'));
    const { results } = await runSuite({ screenshots: false, suite, policy: makePolicy('search', {}), seeds: [1], out, workers: 2, log: () => {} });
    expect(results.filter((r) => r.status !== 'success').map((r) => `${r.instance}: ${r.reason}`)).toEqual([]);

    const steps = async (id: string) => {
      const trace = JSON.parse(await readFile(join(out, 'episodes', `${id}-1`, '1', 'trace.json'), 'utf8'));
      return trace.steps.map((s: { action: { type: string; text?: string; option?: string }; result: { target?: { role: string; name: string } } }) =>
        [s.action.type, s.result.target?.role, s.result.target?.name, s.action.text ?? s.action.option].filter((p) => p !== undefined && p !== '').join(' '));
    };
    // The values go into the fields their neighbouring labels name (unlinked labels name them), not in page order.
    expect((await steps('login')).sort()).toEqual(['click button Login', 'done', 'type textbox Password h2Zq', 'type textbox Username kanesha']);
    expect(await steps('date')).toEqual(['type textbox 05/20/2010', 'click button Submit', 'done']);
    expect(await steps('ordinal')).toEqual(['type textbox Nathalie', 'click button Submit', 'done']);
    // 1 -> -2: three clicks on the down arrow, then Submit.
    expect(await steps('spinner')).toEqual(['click button', 'click button', 'click button', 'click button Submit', 'done']);
    expect(await steps('sequence')).toEqual(['click button ONE', 'click button TWO', 'done']);
    // What the list page needs: Enter where no button sends, the × of the named row (hidden until hover), a double click to edit, a drag.
    expect(await steps('enter')).toEqual(['type textbox What needs to be done? Buy bread', 'key textbox What needs to be done?', 'done']);
    expect(await steps('remove')).toEqual(['click button ×', 'done']);
    expect(await steps('rename')).toEqual(['double_click text Walk the dog', 'type textbox Walk the cat', 'key textbox', 'done']);
    expect(await steps('move')).toEqual(['drag text Pear', 'done']);
    expect(await steps('focus')).toEqual(['click textbox', 'done']);
    expect((await steps('multiselect')).sort()).toEqual(['click button Submit', 'done', 'select listbox Colours Blue', 'select listbox Colours Red']);
  }, 240_000);
});
