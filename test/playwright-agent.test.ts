// The agent of cairn/playwright over a page a test owns (here a plain Playwright page, without
// the Playwright Test runner): what a failing step says (the critic that blocked it, where a
// replay lost its trail), a replay that loses its trail handing over to search, cairn check
// objects as the verifier, a question verified by an assertion and then replayed, and bad input.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../drivers/web/index.js';
import { Agent, type StepHost } from '../playwright/agent.js';
import { CairnSession, settings } from '../playwright/options.js';
import { startPracticeApps, type PracticeApps } from '../tasks/apps/server.js';
import { startModelStub, type ModelStub } from './model-stub.js';

let apps: PracticeApps;
let browser: Browser;
let dir: string;
let session: CairnSession;
let page: Page;
let agents = 0;

beforeAll(async () => {
  apps = await startPracticeApps();
  browser = await launchBrowser();
  dir = await mkdtemp(join(tmpdir(), 'cairn-agent-'));
  session = new CairnSession(settings({ memory: join(dir, 'memory'), app: 'cairn-practice', timeoutS: 60 }, {}));
});
afterAll(async () => {
  await session?.close();
  await browser?.close();
  await apps?.close();
});
beforeEach(async () => {
  // A fresh context is a fresh practice session (its cookie): the seeded data.
  page = await (await browser.newContext()).newPage();
});

/** An agent for one "test": its steps are remembered under `test`'s title. */
function agentFor(test: string, p = page): Agent {
  const made = ++agents;
  const host: StepHost = { session, id: (goal) => `${test} › ${goal}`, outputDir: (n) => join(dir, 'out', `${test}-${made}`, String(n)) };
  return new Agent(p, host);
}

async function addContact(name: string, phone = ''): Promise<void> {
  await page.goto(`${apps.url}/contacts/new`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Phone').fill(phone);
  await page.getByRole('button', { name: 'Save contact' }).click();
  await page.getByRole('heading', { name }).waitFor();
}

describe('agent.act on a given page', () => {
  it('says which action the critics blocked, and does it when the step allows irreversible actions', async () => {
    await addContact('Nadia Park');
    // Waits for the redirect as a Playwright assertion does (search probes it for 500 ms at most).
    const gone = async () => {
      await page.waitForURL(/notice=deleted/, { timeout: 5_000 });
      if (await page.getByRole('link', { name: 'Nadia Park' }).count()) throw new Error('Nadia Park is still there');
    };
    const at = page.url();
    const denied = agentFor('delete').act('Delete the contact {name}', { params: { name: 'Nadia Park' }, done: gone, maxSteps: 3, timeoutS: 10 });
    await expect(denied).rejects.toThrow(/critics stopped \d+ action[\s\S]*Delete contact[\s\S]*irreversible[\s\S]*allowIrreversible: true/);
    await expect(denied).rejects.toThrow(/trace: .*trace\.json/);

    await page.goto(at);
    const done = await agentFor('delete').act('Delete the contact {name}', { params: { name: 'Nadia Park' }, done: gone, maxSteps: 3, allowIrreversible: true });
    expect(done).toMatchObject({ policy: 'search', modelCalls: 0, remembered: 'added' });
  });

  it('does nothing when done holds already, leaving the page as the test made it, and remembers nothing', async () => {
    await page.goto(`${apps.url}/contacts/`);
    await page.getByLabel('Search contacts').fill('Ann'); // typed, not submitted: a reload would lose it
    const report = await agentFor('noop').act('Open the contacts', { done: async () => { await page.getByRole('heading', { name: 'Contacts' }).waitFor({ timeout: 1_000 }); } });
    expect(report).toMatchObject({ driverActions: 0, modelCalls: 0 });
    expect(report.remembered).toBeUndefined();
    expect(await page.getByLabel('Search contacts').inputValue()).toBe('Ann');
  });

  it('takes cairn check objects as the verifier', async () => {
    await page.goto(`${apps.url}/settings/appearance`);
    const report = await agentFor('checks').act('Set the theme to {theme}, then save the appearance', {
      params: { theme: 'Dark' },
      done: [{ kind: 'url', contains: 'notice=appearance' }, { kind: 'js', expression: "document.body.classList.contains('dark')" }],
    });
    expect(report.policy).toBe('search');
    expect(await page.locator('body').getAttribute('class')).toBe('dark');
    // The step has cairn's own report page: its episode listed, and its steps shown when opened.
    const view = await page.context().newPage();
    try {
      await view.goto(pathToFileURL(report.report).href);
      await view.getByRole('cell', { name: 'success', exact: true }).waitFor();
      expect(await view.getByRole('cell', { name: 'success', exact: true }).count()).toBe(1);
      await view.getByRole('link', { name: /#/ }).first().click();
      await view.getByText('Set the theme to Dark, then save the appearance').first().waitFor();
      await view.getByText('found by search').first().waitFor(); // the step's timeline
    } finally {
      await view.close();
    }
  });

  it('hands over to search where a replay loses its trail, and says where when nothing finishes the step', async () => {
    const goal = 'Add a contact named {name} with phone {phone}';
    const saved = (name: string) => async () => { await page.getByRole('heading', { name }).waitFor({ timeout: 2_000 }); };
    await page.goto(`${apps.url}/contacts/`);
    expect((await agentFor('handover').act(goal, { params: { name: 'Ruth Bell', phone: '555-0144' }, done: saved('Ruth Bell') })).policy).toBe('search');

    // The button the record clicks is renamed: the replay cannot ground it.
    await page.route('**/contacts/new', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace('value="Save contact"', 'value="Store contact"') });
    });
    await page.goto(`${apps.url}/contacts/`);
    const report = await agentFor('handover').act(goal, { params: { name: 'Tom Ortiz', phone: '555-0145' }, done: saved('Tom Ortiz') });
    expect(report).toMatchObject({ policy: 'replay', handedOverTo: 'search', modelCalls: 0 });

    // A field renamed and nothing that can save the form: the error says where the replay lost its trail.
    await page.unrouteAll();
    await page.route('**/contacts/new', async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('>Name</label>', '>Full name</label>').replace('value="Save contact"', 'value="Save contact" disabled');
      await route.fulfill({ response, body });
    });
    await page.goto(`${apps.url}/contacts/`);
    const lost = agentFor('handover').act(goal, { params: { name: 'Uma Shah', phone: '555-0146' }, done: saved('Uma Shah'), timeoutS: 5 });
    await expect(lost).rejects.toThrow(/the replay lost its trail at step \d: replay of "Add a contact named \{\{name\}\} with phone \{\{phone\}\}" lost the trail[\s\S]*search took over from a restart/);
  });
});

describe('agent.act with a model', () => {
  let stub: ModelStub;
  afterAll(async () => { await stub?.close(); });

  it('is solved by the model when one is configured, then replayed with no model call', async () => {
    // The model reads the element list it is sent: choose Dark, then save, then say done.
    stub = await startModelStub((req) => {
      const text = JSON.stringify(req.body.messages);
      const id = (re: RegExp) => re.exec(text)?.[1];
      if (text.includes('Appearance saved.')) return '{"type": "done", "status": "success"}';
      if (/combobox \\"Theme\\" value=\\"Dark\\"/.test(text)) return `{"type": "click", "target": {"element": ${id(/\[(\d+)\] button \\"Save appearance\\"/)}}}`;
      return `{"type": "select", "target": {"element": ${id(/\[(\d+)\] combobox \\"Theme\\"/)}}, "option": "Dark"}`;
    });
    const withModel = new CairnSession(settings({ memory: join(dir, 'llm-memory'), app: 'cairn-practice', model: 'stub-model', baseUrl: stub.url, timeoutS: 60 }, {}));
    try {
      const host = (n: number): StepHost => ({ session: withModel, id: (goal) => `llm › ${goal}`, outputDir: (k) => join(dir, 'out', `llm-${n}`, String(k)) });
      const step = { done: async () => { await page.getByRole('status').filter({ hasText: 'Appearance saved.' }).waitFor({ timeout: 2_000 }); } };
      await page.goto(`${apps.url}/settings/appearance`);
      const first = await new Agent(page, host(1)).act('Set the theme to Dark, then save the appearance', step);
      expect(stub.failures).toEqual([]);
      expect(first).toMatchObject({ policy: 'llm', modelCalls: 3, remembered: 'added' });
      const calls = stub.chats().length;

      page = await (await browser.newContext()).newPage();
      await page.goto(`${apps.url}/settings/appearance`);
      const second = await new Agent(page, host(2)).act('Set the theme to Dark, then save the appearance', step);
      expect(second).toMatchObject({ policy: 'replay', modelCalls: 0 });
      expect(stub.chats()).toHaveLength(calls);
    } finally {
      await withModel.close();
    }
  });
});

describe('agent.ask', () => {
  it('reads the answer off the page by its label when nothing verifies it, and remembers nothing', async () => {
    await addContact('Vera Lind', '555-0199');
    const memory = (await session.store())!.store!;
    const rows = await memory.count();
    expect(await agentFor('read').ask('What is the phone number of Vera Lind?')).toBe('555-0199');
    expect(await memory.count()).toBe(rows);
  });

  it('finds an answer its assertion verifies, remembers where it was read, and replays that for another contact', async () => {
    const question = 'What is the phone number of {name}?';
    const phone = (a?: string) => { if (!/^555-\d{4}$/.test(a ?? '')) throw new Error(`${a} is not a phone number`); };
    await addContact('Walt Ames', '555-0171');
    await page.goto(`${apps.url}/contacts/`);
    expect(await agentFor('ask').ask(question, { params: { name: 'Walt Ames' }, done: phone })).toBe('555-0171');

    await addContact('Xena Moss', '555-0172');
    await page.goto(`${apps.url}/contacts/`);
    const agent = agentFor('ask');
    expect(await agent.ask(question, { params: { name: 'Xena Moss' }, done: phone })).toBe('555-0172');
    expect(agent.reports[0]).toMatchObject({ policy: 'replay', modelCalls: 0 });
  });
});

describe('bad input', () => {
  it('names what is wrong', async () => {
    await page.goto(`${apps.url}/contacts/`);
    const agent = agentFor('bad');
    expect(() => agent.act('Add {name}', undefined as never)).toThrow(/give \{ done \}/);
    await expect(agent.act('Add {name}', { done: async () => {} })).rejects.toThrow(/the goal names \{name\} but params has no name/);
    await expect(agent.act('Add a contact', { done: { url: '/x' } as never })).rejects.toThrow(/done is \{"url":"\/x"\}; expected an async assertion/);
    expect(() => settings({}, { CAIRN_MEMORY_MODE: 'write' })).toThrow(/CAIRN_MEMORY_MODE is "write"; expected one of: read-write, read/);
    const blank = await (await browser.newContext()).newPage();
    await expect(agentFor('bad', blank).act('Add a contact', { done: async () => {} })).rejects.toThrow(/the page is at about:blank; open the page the step starts from first/);
  });
});
