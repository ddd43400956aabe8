// Critics in the loop, end to end on the practice apps with a scripted model: a revise
// sends the critique back and the next proposal differs; a loop is broken; an irreversible
// click is denied under CI; interventions are counted in the summary.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { criticsFor } from '../agent/critics.js';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { parseSuite } from '../tasks/load.js';
import { startModelStub, type ModelStub, type StubRequest } from './model-stub.js';

let stub: ModelStub | undefined;
afterEach(async () => { await stub?.close(); stub = undefined; });

const SUITE = `name: critics
base_url: practice
tasks:
  - id: add
    goal: "Add a contact named {{name}} with phone {{phone}}."
    params: { name: { gen: full_name }, phone: { gen: phone } }
    start: { url: /contacts/ }
    setup: [ { goto: "/reset?seed=1&next=/contacts/" } ]
    checks:
      - js: "(await (await fetch('/contacts/api/contacts')).json()).some(c => c.name === '{{name}}')"
    budget: { max_steps: 12 }
  - id: delete
    goal: "Delete the contact {{name}}."
    params: { name: { gen: full_name } }
    start: { url: /contacts/ }
    setup:
      - goto: "/reset?seed=1&next=/contacts/"
      - js: "await fetch('/contacts/api/contacts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '{{name}}' }) })"
      - goto: /contacts/
    checks:
      - js: "!(await (await fetch('/contacts/api/contacts')).json()).some(c => c.name === '{{name}}')"
    budget: { max_steps: 4 }
`;

const userText = (req: StubRequest): string => req.body.messages.at(-1).content as string;
const screenOf = (text: string) => text.slice(text.lastIndexOf('<screen>'), text.lastIndexOf('</screen>')).split('\n');
const idOf = (screen: string[], line: RegExp) => Number(screen.find((l) => line.test(l))!.match(/^\[(\d+)\]/)![1]);
const act = (action: object) => JSON.stringify({ thought: 'scripted', action });

function addContact(text: string) {
  const [, name, phone] = text.match(/Add a contact named (.+) with phone (555-\d{4})/)!;
  const screen = screenOf(text);
  if (screen.some((l) => l.includes(`heading ${JSON.stringify(name)}`))) return act({ type: 'done', status: 'success' });
  const field = (label: string) => screen.find((l) => l.includes(`textbox "${label}"`));
  if (!field('Name')) return act({ type: 'click', target: { element: idOf(screen, /link "Add contact"/) } });
  if (!field('Name')!.includes('value=')) return act({ type: 'type', target: { element: idOf(screen, /textbox "Name"/) }, text: name });
  if (!field('Phone')!.includes('value=')) return act({ type: 'type', target: { element: idOf(screen, /textbox "Phone"/) }, text: phone });
  return act({ type: 'click', target: { element: idOf(screen, /button "Save contact"/) } });
}

async function run(ids: string[], script: (req: StubRequest) => string) {
  stub = await startModelStub(script);
  return runSuite({
    screenshots: false, suite: parseSuite(SUITE, 'critics.yaml'), ids, log: () => {},
    policy: makePolicy('llm', { model: 'stub', baseUrl: stub.url }),
    critics: criticsFor({ irreversible: 'deny' }),
    out: await mkdtemp(join(tmpdir(), 'cairn-critics-')),
  });
}

describe('critics in the loop', () => {
  it('a model critic whose endpoint refuses the credentials ends each episode as errored, saying so, and the run goes on', async () => {
    stub = await startModelStub(() => ({ status: 401, body: { error: { message: 'invalid api key', type: 'invalid_request_error' } } }));
    const env = { CAIRN_CRITIC_MODEL: 'critic', CAIRN_CRITIC_BASE_URL: stub.url, CAIRN_CRITIC_API_KEY: 'wrong' };
    Object.assign(process.env, env);
    try {
      const { results } = await runSuite({
        screenshots: false, suite: parseSuite(SUITE, 'critics.yaml'), ids: ['add', 'delete'], log: () => {},
        policy: makePolicy('search', {}), critics: criticsFor({ irreversible: 'deny', modelCritic: 'always' }),
        out: await mkdtemp(join(tmpdir(), 'cairn-critics-')),
      });
      expect(results.map((r) => r.status)).toEqual(['errored', 'errored']);
      expect(results[0]!.reason).toMatch(/model critic's endpoint .* refused the credentials \(HTTP 401\)/);
      expect(results[0]!.reason).not.toContain('wrong');
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });

  it('what search tries while it searches is vetted too: a denied irreversible click never runs, so no plan is found', async () => {
    const { results } = await runSuite({
      // A small search space, cut shorter still: the delete the goal names is among its first tries.
      screenshots: false, suite: parseSuite(SUITE, 'critics.yaml'), ids: ['delete'], log: () => {}, maxSteps: 2,
      policy: makePolicy('search', {}, undefined, { maxExpansions: 12 }), critics: criticsFor({ irreversible: 'deny' }),
      out: await mkdtemp(join(tmpdir(), 'cairn-critics-')),
    });
    expect(results[0]!.status).toBe('failed');
    expect(results[0]!.reason).toMatch(/search found no sequence/);
    expect(results[0]!.interventions?.confirm?.block).toBeDefined();
  }, 180_000);

  it('a revise sends the critique back, and the next proposal is a different action', async () => {
    const { results, summary } = await run(['add'], (req) => {
      const text = userText(req);
      const screen = screenOf(text);
      // First: type into a link, which the rules send back.
      if (stub!.chats().length === 1) return act({ type: 'type', target: { element: idOf(screen, /link "Add contact"/) }, text: 'x' });
      return addContact(text);
    });
    expect(results.map((r) => r.status)).toEqual(['success']);
    const second = userText(stub!.chats()[1]!);
    expect(second).toMatch(/Critique of your last proposal[\s\S]*was rejected by the rules \(editable\)/);
    expect(summary.interventions?.rules?.revise?.editable).toBe(1);
    expect(results[0]!.steps).toBe(5);
  }, 120_000);

  it('the same action on the same screen a third time is revised, which breaks the loop', async () => {
    const { results, summary } = await run(['add'], (req) => {
      const text = userText(req);
      if (!text.includes('Critique of your last proposal') && !stub!.chats().some((c) => userText(c).includes('Critique'))) {
        return act({ type: 'click', target: { element: idOf(screenOf(text), /button "Search"/) } });
      }
      return addContact(text);
    });
    expect(results.map((r) => r.status)).toEqual(['success']);
    expect(summary.interventions?.rules?.revise?.loop).toBe(1);
    const critique = stub!.chats().map(userText).find((t) => t.includes('Critique'))!;
    expect(critique).toMatch(/click \[\d+\]/);
  }, 120_000);

  it('an irreversible click is denied under CI when the task does not allow it, and the episode fails with the critic\'s reason', async () => {
    const { results, summary } = await run(['delete'], (req) => {
      const text = userText(req);
      const name = text.match(/Delete the contact (.+)\./)![1]!;
      const screen = screenOf(text);
      const del = screen.find((l) => /link "Delete contact"|button "Delete contact"/.test(l));
      if (del) return act({ type: 'click', target: { element: idOf(screen, /(link|button) "Delete contact"/) } });
      return act({ type: 'click', target: { element: idOf(screen, new RegExp(`link ${JSON.stringify(name)}`)) } });
    });
    // Blocked each time, the model insists until the loop rule's revisions run out.
    expect(results[0]!.status).toBe('failed');
    expect(results[0]!.reason).toMatch(/the rules critic rejected 3 proposals in a row; last: click \[\d+\] was already done on this same screen/);
    expect(summary.interventions?.confirm?.block).toBeDefined();
    expect(stub!.chats().map(userText).some((t) => /Delete contact.*failed: blocked by the confirm critic/s.test(t))).toBe(true);
  }, 120_000);
});
