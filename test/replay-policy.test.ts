import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runEpisode } from '../agent/episode.js';
import { createLlmPolicy } from '../agent/llm/index.js';
import { makePolicy } from '../agent/policies.js';
import { chooseRecollection, createReplayPolicy } from '../agent/replay/index.js';
import { EpisodeTrace } from '../agent/trace.js';
import type { Policy, StepRecord } from '../agent/types.js';
import type { Action, ResolvedTask } from '../contract/index.js';
import { WebDriver } from '../drivers/web/index.js';
import { hashEmbedder, openMemory, renderGuidance, type MemoryStore, type Recollection } from '../memory/index.js';
import { tempDir } from './memory-helpers.js';
import { startModelStub } from './model-stub.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'replay');
let server: Server;
let base = '';
let driver: WebDriver;
let store: MemoryStore;
let dir: { dir: string; remove(): Promise<void> };

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const name = (req.url ?? '/').replace(/^\/+/, '').split('?')[0]!;
    if (!/^[a-z-]+\.html$/.test(name)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(await readFile(join(FIXTURES, name)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  driver = await WebDriver.launch();
  dir = await tempDir();
  store = await openMemory({ uri: join(dir.dir, 'memory'), embedder: hashEmbedder() });
  await record();
}, 60_000);

afterAll(async () => {
  store?.close();
  await driver?.close();
  await new Promise((r) => server?.close(r));
  await dir?.remove();
});

function task(page: string, name: string, phone: string): ResolvedTask {
  return {
    id: 'add-contact', seed: 1, instance: 'add-contact#1',
    goal: `Add a contact named ${name} with phone ${phone}.`, goal_template: 'Add a contact named {{name}} with phone {{phone}}.',
    params: { name, phone }, platform: 'web',
    start: { platform: 'web', url: `${base}/${page}`, setup: [] },
    checks: [{ kind: 'js', expression: `document.getElementById('out').textContent === 'Saved ${name} ${phone}'` }],
    budget: { max_steps: 8, timeout_s: 60 }, tags: [], allow_irreversible: false, at: 'test',
  };
}

/** Plays fixed steps, finding each target by role and name: stands in for whatever first solved the task. */
function scripted(steps: [string, string, (id: number) => Action][]): Policy {
  let i = 0;
  return {
    name: 'scripted',
    async propose(ctx) {
      const s = steps[i++];
      if (!s) return { action: { type: 'done', status: 'success' } };
      const e = ctx.obs.elements.find((x) => x.role === s[0] && x.name === s[1]);
      if (!e) throw new Error(`scripted: no ${s[0]} "${s[1]}" on ${ctx.obs.location}`);
      return { action: s[2](e.id) };
    },
  };
}

async function record(): Promise<void> {
  const t = task('form-a.html', 'Ada Lovelace', '555-1000');
  const trace = await EpisodeTrace.create(join(dir.dir, 'trace'));
  const result = await runEpisode({
    task: t, episode: 0, driver, screenshots: false, trace,
    policy: scripted([
      ['textbox', 'Name', (id) => ({ type: 'type', target: { element: id }, text: 'Ada Lovelace' })],
      ['textbox', 'Phone', (id) => ({ type: 'type', target: { element: id }, text: '555-1000' })],
      ['button', 'Save', (id) => ({ type: 'click', target: { element: id } })],
    ]),
  });
  expect(result.reason).toBe('agent said done');
  expect(result.status).toBe('success');
  const { steps } = JSON.parse(await readFile(join(dir.dir, 'trace', 'trace.json'), 'utf8')) as { steps: StepRecord[] };
  const out = await store.remember({ task: t, steps, verified: result.status === 'success', verifier: 'checks: js', run_id: 'rec', source: 'run' });
  expect(out.kind).toBe('added');
}

async function recallFor(t: ResolvedTask): Promise<Recollection> {
  const found = await store.recall({ ...t, app: new URL(base).origin }, 3);
  const chosen = chooseRecollection(found, t);
  expect(chosen).toBeDefined();
  return chosen!;
}

test('replay re-grounds every step on a page whose ids, order and layout changed, with no model call', async () => {
  const t = task('form-b.html', 'Bruno Costa', '555-2000');
  const rec = await recallFor(t);
  expect(rec.slots).toEqual({ name: 'Bruno Costa', phone: '555-2000' });
  const policy = createReplayPolicy({ recollection: rec });
  expect(policy.name).toBe('replay');
  const result = await runEpisode({ task: t, episode: 0, driver, policy, screenshots: false });
  expect(result.reason).toBe('agent said done');
  expect(result.status).toBe('success');
  expect(result.model_calls).toBe(0);
  expect(result.handed_over).toBeUndefined();
  expect(policy.replayed).toBe(4);
});

test('replay waits for an element the page renders late, as a Playwright locator does', async () => {
  const t = task('form-d.html', 'Dana Scully', '555-5000');
  const policy = createReplayPolicy({ recollection: await recallFor(t) });
  const result = await runEpisode({ task: t, episode: 0, driver, policy, screenshots: false });
  expect(result.reason).toBe('agent said done');
  expect(result.status).toBe('success');
  expect(policy.replayed).toBe(4);
});

test('a step that cannot be grounded ends the episode saying where the trail was lost', async () => {
  const t = task('form-c.html', 'Chen Wu', '555-3000');
  const policy = createReplayPolicy({ recollection: await recallFor(t) });
  const result = await runEpisode({ task: t, episode: 0, driver, policy, screenshots: false });
  expect(result.status).toBe('failed');
  expect(result.reason).toMatch(/lost the trail at step 3 of 4 \(click button "Save"\): no element matched button "Save" at or above 0\.6; nearest button "Submit"/);
  expect(result.handed_over).toBeUndefined();
});

test('with no model, auto hands a lost replay over to search from a restart; the trace keeps the lost steps', async () => {
  const t = task('form-c.html', 'Chen Wu', '555-3000');
  const auto = makePolicy('auto', {}, store);
  const trace = await EpisodeTrace.create(join(dir.dir, 'handover-trace'));
  const result = await runEpisode({ task: { ...t, app: new URL(base).origin }, episode: 0, driver, policy: auto, screenshots: false, trace });
  expect(result).toMatchObject({ status: 'success', reason: 'agent said done' });
  expect(result.policy).toBe('replay');
  expect(result.handover).toMatchObject({ from: 'replay', to: 'search', at_step: 2, restarted: true });
  expect(result.handover!.why).toMatch(/lost the trail at step 3 of 4 \(click button "Save"\)/);
  expect(result.recalled?.id).toMatch(/^[0-9a-f]{12}$/);
  expect(result.model_calls).toBe(0);
  const written = JSON.parse(await readFile(join(dir.dir, 'handover-trace', 'trace.json'), 'utf8')) as { steps: StepRecord[]; abandoned: StepRecord[] };
  // The two replayed steps before the trail was lost are kept apart from the search's clean path.
  expect(written.abandoned.map((s) => s.action.type)).toEqual(['type', 'type']);
  expect(written.steps.filter((s) => s.action.type === 'click')).toHaveLength(1);
  expect(result.steps).toBe(written.steps.length);
  expect(result.driver_actions).toBeGreaterThan(written.steps.length + 2);
});

test('when grounding fails, the model takes over with the memory as guidance', async () => {
  const t = task('form-c.html', 'Chen Wu', '555-3000');
  const stub = await startModelStub((req) => {
    const user: string = req.body.messages[1].content;
    if (user.includes('Saved Chen Wu')) return '{"thought": "saved", "action": {"type": "done", "status": "success"}}';
    const id = /\[(\d+)\] button "Submit"/.exec(user)?.[1];
    return `{"thought": "Submit is the new Save", "action": {"type": "click", "target": {"element": ${id}}}}`;
  });
  try {
    const rec = await recallFor(t);
    const fallback = createLlmPolicy({
      config: { model: 'stub-model', baseURL: stub.url, apiKey: 'none', vision: false, maxRetries: 0, timeoutMs: 5000 },
      guidance: () => renderGuidance([rec], t).text,
    });
    const policy = createReplayPolicy({ recollection: rec });
    const result = await runEpisode({ task: t, episode: 0, driver, policy: { policy, fallback }, screenshots: false });
    expect(result.status).toBe('success');
    expect(result.handover).toMatchObject({ from: 'replay', to: 'llm', at_step: 2, restarted: false });
    expect(result.handover!.why).toMatch(/step 3 of 4/);
    expect(result.model_calls).toBe(2);
    expect(stub.failures).toEqual([]);
    const first: string = stub.chats()[0]!.body.messages[1].content;
    expect(first).toContain('Similar tasks done before');
    expect(first).toContain('1. Goal: Add a contact named Chen Wu with phone 555-3000.');
    expect(first).toContain('- type textbox "Name" "Chen Wu"');
    expect(first).toContain('- click button "Save"');
    // The two replayed steps are in the history the model sees.
    expect(first).toContain('1. type [');
    expect(first).toContain('"Chen Wu" -> ok');
  } finally {
    await stub.close();
  }
});

test('an answer is read again by its label on a redesigned page, where its offset from the name no longer fits', async () => {
  const lookup = (page: string, name: string, phone: string): ResolvedTask => ({
    ...task(page, name, phone), id: 'phone-lookup', instance: 'phone-lookup#1',
    goal: `What is the phone number of ${name}?`, goal_template: 'What is the phone number of {{name}}?',
    start: { platform: 'web', url: `${base}/${page}?name=${encodeURIComponent(name)}&phone=${phone}`, setup: [] },
    checks: [{ kind: 'answer', equals: phone }],
  });
  const first = lookup('detail-a.html', 'Ada Lovelace', '555-1000');
  const trace = await EpisodeTrace.create(join(dir.dir, 'lookup-trace'));
  const recorded = await runEpisode({
    task: first, episode: 0, driver, screenshots: false, trace,
    policy: scripted([['text', '555-1000', () => ({ type: 'answer', text: '555-1000' })]]),
  });
  expect(recorded.status).toBe('success');
  const { steps } = JSON.parse(await readFile(join(dir.dir, 'lookup-trace', 'trace.json'), 'utf8')) as { steps: StepRecord[] };
  expect(steps[0]!.result.target?.attrs).toMatchObject({ label: 'Phone', anchor_name: 'Ada Lovelace' });
  await store.remember({ task: first, steps, verified: true, verifier: 'checks: answer', run_id: 'rec', source: 'run' });

  const next = lookup('detail-b.html', 'Grace Hopper', '555-2222');
  const [found] = await store.recall({ ...next, app: new URL(base).origin }, 1);
  const policy = createReplayPolicy({ recollection: chooseRecollection([found!], next)! });
  const result = await runEpisode({ task: next, episode: 0, driver, policy, screenshots: false });
  expect(result.answer).toBe('555-2222');
  expect(result.status).toBe('success');
});

test('a pattern-named tab that several tabs fit: replay tries the others until the next step\'s link shows', async () => {
  const tabs = (link: string, tab: number, seed: number): ResolvedTask => ({
    ...task('tabs.html', 'x', 'y'), id: 'find-link', seed, instance: `find-link#${seed}`, params: {},
    goal: `Switch between the tabs to find and click on the link "${link}".`, goal_template: `Switch between the tabs to find and click on the link "${link}".`,
    start: { platform: 'web', url: `${base}/tabs.html?link=${link}&tab=${tab}`, setup: [] },
    checks: [{ kind: 'js', expression: `document.getElementById('out').textContent === 'clicked ${link}'` }],
  });
  for (const [link, tab, seed] of [['Lorem', 2, 1], ['Ipsum', 3, 2]] as const) {
    const t = tabs(link, tab, seed);
    const trace = await EpisodeTrace.create(join(dir.dir, `tabs-${seed}`));
    const done = await runEpisode({
      task: t, episode: 0, driver, screenshots: false, trace,
      policy: scripted([
        ['tab', `Tab #${tab}`, (id) => ({ type: 'click', target: { element: id } })],
        ['link', link, (id) => ({ type: 'click', target: { element: id } })],
      ]),
    });
    expect(done.status).toBe('success');
    const { steps } = JSON.parse(await readFile(join(dir.dir, `tabs-${seed}`, 'trace.json'), 'utf8')) as { steps: StepRecord[] };
    await store.remember({ task: { ...t, app: new URL(base).origin }, steps, verified: true, verifier: 'checks: js', run_id: 'rec', source: 'run' });
  }
  // The link is in the first tab now: the remembered tabs were the second and the third.
  const next = tabs('Dolor', 1, 3);
  const rec = await recallFor(next);
  expect(rec.record.steps.map((s) => s.target?.name)).toEqual(['Tab #{{*}}', '{{slot1}}', undefined]);
  const policy = createReplayPolicy({ recollection: rec });
  const trace = await EpisodeTrace.create(join(dir.dir, 'tabs-3'));
  const result = await runEpisode({ task: next, episode: 0, driver, policy, screenshots: false, trace });
  expect(result).toMatchObject({ status: 'success', reason: 'agent said done', model_calls: 0 });
  const { steps } = JSON.parse(await readFile(join(dir.dir, 'tabs-3', 'trace.json'), 'utf8')) as { steps: StepRecord[] };
  const clicked = steps.filter((s) => s.action.type === 'click').map((s) => s.result.target?.name);
  // The remembered tabs sat where the second and third are: one of those is tried first.
  expect(clicked[0]).toMatch(/^Tab #[23]$/);
  expect(clicked.slice(-2)).toEqual(['Tab #1', 'Dolor']);
  expect(new Set(clicked.slice(0, -1)).size).toBe(clicked.length - 1);
});

test('chooseRecollection wants every slot mapped and a goal of the same shape', async () => {
  const [hit] = await store.recall({ goal: 'Add a contact named Dalia Berg', platform: 'web', app: new URL(base).origin }, 1);
  expect(hit!.missing).toEqual(['name', 'phone']);
  expect(chooseRecollection([hit!], { goal: 'Add a contact named Dalia Berg' })).toBeUndefined();
  const [free] = await store.recall({ goal: 'Add a contact named Dalia Berg with phone 555-4000.', platform: 'web', app: new URL(base).origin }, 1);
  expect(free!.slots).toEqual({ name: 'Dalia Berg', phone: '555-4000' });
  expect(chooseRecollection([free!], { goal: 'Add a contact named Dalia Berg with phone 555-4000.' })).toBe(free);
});
