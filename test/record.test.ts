// Teaching by showing: the recorder in a real (headless) Chromium, driven by Playwright input
// as the person; what it remembers replays a new seed's instance with no model and no search.
// Typed secrets stay placeholders; a password that is no declared secret is refused.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { recordTask } from '../cli/record.js';
import { exportMemory, openMemory, type MemoryStore } from '../memory/index.js';
import { DEFAULT_PASSWORD } from '../tasks/apps/seed.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { loadSuite } from '../tasks/load.js';

let dir: string;
let store: MemoryStore;
const quiet = () => {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-record-'));
  store = await openMemory({ uri: join(dir, 'memory') });
});
afterAll(() => store?.close());

describe('cairn record', () => {
  it('records what the person does with cairn\'s descriptors, remembers it as a demonstration, and replays another seed from it', async () => {
    const suite = await loadSuite(DEMO_SUITE);
    const rec = await recordTask({
      suite, task: 'contacts-add', seed: 1, memory: store, headless: true, log: quiet,
      person: async (page, task) => {
        await page.getByRole('link', { name: 'Add contact' }).click();
        await page.getByLabel('Name').fill(task.params.name!);
        await page.getByLabel('Phone').pressSequentially(task.params.phone!);
        await page.getByRole('button', { name: 'Save contact' }).click();
        await page.getByRole('heading', { name: task.params.name! }).waitFor();
      },
    });
    expect(rec.reason).toBeUndefined();
    expect(rec.ok).toBe(true);
    expect(rec.steps.map((s) => [s.action.type, s.result.target?.role, s.result.target?.name])).toEqual([
      ['click', 'link', 'Add contact'], ['type', 'textbox', 'Name'], ['type', 'textbox', 'Phone'], ['click', 'button', 'Save contact'],
    ]);
    expect(rec.steps[1]!.result.target).toMatchObject({ attrs: { id: 'contact-name' }, bbox: { w: expect.any(Number) } });
    expect(rec.remembered?.kind).toBe('added');
    const [record] = await store.list();
    expect(record).toMatchObject({ goal_template: 'Add a contact named {{name}} with phone {{phone}}.', task_id: 'contacts-add', provenance: { source: 'demonstration' } });

    const replay = await runSuite({
      screenshots: false, suite, policy: makePolicy('replay', {}, store), ids: ['contacts-add'], seeds: [7], out: join(dir, 'replay'), log: quiet,
      memory: { store, source: 'run', mode: 'read' },
    });
    expect(replay.results.map((r) => [r.status, r.policy, r.model_calls, r.handed_over ?? false])).toEqual([['success', 'replay', 0, false]]);
  }, 120_000);

  it('says the checks failed and remembers nothing when the person stops short', async () => {
    const before = await store.count();
    const rec = await recordTask({
      suite: await loadSuite(DEMO_SUITE), task: 'contacts-add', seed: 2, memory: store, headless: true, log: quiet,
      person: async (page) => { await page.getByRole('link', { name: 'Add contact' }).click(); },
    });
    expect(rec.ok).toBe(false);
    expect(rec.reason).toMatch(/^checks failed: /);
    expect(rec.steps).toHaveLength(1);
    expect(await store.count()).toBe(before);
  }, 60_000);
});

describe('secrets typed by the person', () => {
  let file: string;
  beforeAll(async () => {
    file = join(dir, 'passwords.yaml');
    const verify = (pw: string) => `(await (await fetch('/settings/api/verify-password', { method: 'POST', body: JSON.stringify({ password: '${pw}' }) })).json()).ok`;
    await writeFile(file, `name: passwords
base_url: practice
tasks:
  - id: change-password
    goal: "Change the password from {{secret:CAIRN_TEST_OLD_PW}} to {{new_password}}."
    params: { new_password: { gen: choice, from: [lanternfish42, overcast-pines] } }
    start: { url: /settings/password }
    checks: [{ js: "${verify('{{new_password}}')}" }]
  - id: change-password-undeclared
    goal: "Change the password to {{new_password}}."
    params: { new_password: lanternfish42 }
    start: { url: /settings/password }
    checks: [{ js: "${verify('{{new_password}}')}" }]
`);
  });

  const changePassword = (old: string) => async (page: import('playwright-core').Page, task: { params: Record<string, string> }) => {
    await page.getByLabel('Current password').fill(old);
    await page.getByLabel('New password', { exact: true }).fill(task.params.new_password!);
    await page.getByLabel('Confirm new password').fill(task.params.new_password!);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').waitFor();
  };

  it('keeps a typed value that equals a declared secret as its placeholder, in memory and in what it returns', async () => {
    process.env.CAIRN_TEST_OLD_PW = DEFAULT_PASSWORD;
    const memory = await openMemory({ uri: join(dir, 'secret-memory') });
    try {
      const rec = await recordTask({ suite: await loadSuite(file), task: 'change-password', seed: 1, memory, headless: true, log: quiet, person: changePassword(DEFAULT_PASSWORD) });
      expect(rec.reason).toBeUndefined();
      expect(rec.steps[0]!.action).toMatchObject({ type: 'type', text: '{{secret:CAIRN_TEST_OLD_PW}}' });
      await exportMemory(memory, join(dir, 'secret.jsonl'));
      const exported = await readFile(join(dir, 'secret.jsonl'), 'utf8');
      expect(exported).toContain('{{secret:CAIRN_TEST_OLD_PW}}');
      expect(exported).not.toContain(DEFAULT_PASSWORD);
      expect(JSON.stringify(rec)).not.toContain(DEFAULT_PASSWORD);
      // The placeholder is filled in again when the record is replayed for another new password.
      const replay = await runSuite({ screenshots: false, suite: await loadSuite(file), policy: makePolicy('replay', {}, memory), ids: ['change-password'], seeds: [2], out: join(dir, 'secret-replay'), log: quiet });
      expect(replay.results.map((r) => [r.status, r.policy])).toEqual([['success', 'replay']]);
    } finally {
      memory.close();
      delete process.env.CAIRN_TEST_OLD_PW;
    }
  }, 60_000);

  it('refuses a typed password that is no declared secret, and remembers nothing', async () => {
    const before = await store.count();
    const rec = await recordTask({ suite: await loadSuite(file), task: 'change-password-undeclared', memory: store, headless: true, log: quiet, person: changePassword(DEFAULT_PASSWORD) });
    expect(rec.ok).toBe(false);
    expect(rec.reason).toMatch(/a password was typed into "Current password" that is no secret the task declares: name it in the task as \{\{secret:NAME\}\}/);
    expect(JSON.stringify(rec)).not.toContain(DEFAULT_PASSWORD);
    expect(await store.count()).toBe(before);
  }, 60_000);
});
