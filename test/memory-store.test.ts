import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { exportMemory, hashEmbedder, importMemory, openAiEmbedder, openMemory, renderGuidance, type MemoryStore } from '../memory/index.js';
import { addContact, click, contactTask, done, target, trajectory, type, scratchMemory } from './memory-helpers.js';
import { startModelStub } from './model-stub.js';

const { dir, open, defer } = scratchMemory();
const remember = (s: MemoryStore, name: string, phone: string, url = 'http://127.0.0.1:9/contacts/') =>
  s.remember({ ...trajectory('', addContact(name, phone)), task: { ...contactTask(name, phone), start: { url } } });

async function filesUnder(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

test('records persist across reopen, and recall filters by platform and app', async () => {
  const uri = await dir();
  const a = await open(uri);
  await remember(a, 'Ada Lovelace', '555-1000');
  await remember(a, 'Ada Lovelace', '555-1000', 'http://127.0.0.1:7777/contacts/');
  await a.remember({ ...trajectory('Open the settings', [click(target('link', 'Settings')), done()]), task: { goal: 'Open the settings', platform: 'android', start: { app: 'com.example.contacts/.Main' } } });
  a.close();
  const b = await open(uri);
  expect(await b.count()).toBe(3);
  const hits = await b.recall(contactTask('Bruno Costa', '555-2000'), 5);
  expect(hits).toHaveLength(1);
  expect(hits[0]!.record.app).toBe('http://127.0.0.1:9');
  expect(hits[0]!.slots).toEqual({ name: 'Bruno Costa', phone: '555-2000' });
  expect(hits[0]!.similarity).toBeCloseTo(1, 5);
  const android = await b.recall({ goal: 'Open the settings please', platform: 'android', start: { app: 'com.example.contacts/.Other' } }, 5);
  expect(android.map((r) => r.record.app)).toEqual(['com.example.contacts']);
  expect(await b.recall({ goal: 'Open the settings', platform: 'android', start: { app: 'org.other' } }, 5)).toEqual([]);
});

test('the same template and steps merge with a hit count; a shorter trajectory replaces a longer one', async () => {
  const s = await open(await dir());
  const first = await remember(s, 'Ada Lovelace', '555-1000');
  expect(first.kind).toBe('added');
  expect(await remember(s, 'Chen Wu', '555-3000')).toEqual({ kind: 'merged', id: first.id, hits: 2 });
  const detour = addContact('Omar Haddad', '555-4000', [click(target('link', 'Help')), click(target('link', 'Back'))]);
  expect(await s.remember({ ...trajectory('', detour), task: contactTask('Omar Haddad', '555-4000') })).toEqual({ kind: 'kept', id: first.id, hits: 3 });
  const short = [type(target('textbox', 'Quick add'), 'Vera Ito'), type(target('textbox', 'Quick phone'), '555-5000'), done()];
  expect(await s.remember({ ...trajectory('', short), task: contactTask('Vera Ito', '555-5000') }))
    .toEqual({ kind: 'replaced', id: first.id, hits: 4, previous_steps: 5 });
  expect(await s.count()).toBe(1);
  const rec = (await s.get(first.id))!;
  expect(rec.step_count).toBe(3);
  expect(rec.steps[0]!.target!.name).toBe('Quick add');
});

test('unverified trajectories are refused', async () => {
  const s = await open(await dir());
  await expect(s.remember(trajectory('Add a contact', addContact('A B', '1'), { verified: false }))).rejects.toThrow(/only trajectories verified by the task's checks/);
  expect(await s.count()).toBe(0);
});

test('opening a store with another embedder is a clear error', async () => {
  const uri = await dir();
  (await open(uri)).close();
  const stub = await startModelStub([]);
  defer(() => stub.close());
  const other = await openAiEmbedder({ model: 'embed-small', baseURL: stub.url, apiKey: 'none' });
  expect(other.dims).toBe(64);
  await expect(openMemory({ uri, embedder: other })).rejects.toThrow(/built with embedder "hash-v1" \(384 dims\), but the current embedder is "openai:embed-small" \(64 dims\)/);
  await expect(openMemory({ uri, embedder: hashEmbedder(128) })).rejects.toThrow(/hash-v1-128/);
});

test('a store on an OpenAI-compatible embedder remembers and recalls through /embeddings', async () => {
  const stub = await startModelStub([]);
  defer(() => stub.close());
  const s = await open(await dir(), await openAiEmbedder({ model: 'embed-small', baseURL: stub.url, apiKey: 'none' }));
  await remember(s, 'Ada Lovelace', '555-1000');
  const [hit] = await s.recall(contactTask('Bruno Costa', '555-2000'), 3);
  expect(hit!.slots.name).toBe('Bruno Costa');
  const embeds = stub.requests.filter((r) => r.path.endsWith('/embeddings'));
  expect(embeds.map((r) => r.body.input)).toContainEqual(['Add a contact named {{name}} with phone {{phone}}.']);
});

test('a reader during writes sees a consistent table: whole records, never fewer than before', async () => {
  const uri = await dir();
  const writer = await open(uri);
  const reader = await open(uri);
  const names = ['Ada', 'Bruno', 'Chen', 'Dalia', 'Emeka', 'Freya', 'Goran', 'Hana'];
  let writing = true;
  const writes = (async () => {
    for (const [i, n] of names.entries()) {
      // The steps never use the name, so each goal stays a record of its own.
      await writer.remember({ ...trajectory('', addContact('Same Person', '555-0000')), task: { goal: `Task ${n} number ${i}`, platform: 'web', start: { url: 'http://h/' } } });
    }
    writing = false;
  })();
  let seen = 0;
  let reads = 0;
  while (writing || reads === 0) {
    const records = await reader.list();
    expect(records.length).toBeGreaterThanOrEqual(seen);
    for (const r of records) expect(r.steps).toHaveLength(r.step_count);
    seen = records.length;
    reads++;
  }
  await writes;
  expect((await reader.list()).length).toBe(names.length);
});

test('a {{secret:...}} stays a placeholder: its value is nowhere under the table directory', async () => {
  const uri = await dir();
  const s = await open(uri);
  const secret = 'hunter2-Zq9-unique';
  process.env.CAIRN_TEST_PW = secret;
  defer(async () => { delete process.env.CAIRN_TEST_PW; });
  const steps = [
    type(target('textbox', 'User'), 'ada'),
    type(target('textbox', 'Password', { type: 'password' }), '{{secret:CAIRN_TEST_PW}}'),
    // A screen summary that echoed the secret is redacted back to the placeholder.
    click(target('button', 'Sign in'), `Welcome ${secret}`),
    done(),
  ];
  const out = await s.remember({ ...trajectory('Sign in as ada with password {{secret:CAIRN_TEST_PW}}', steps) });
  const rec = (await s.get(out.id))!;
  expect(rec.steps[1]!.action).toMatchObject({ text: '{{secret:CAIRN_TEST_PW}}' });
  expect(rec.steps[2]!.screen).toBe('Welcome {{secret:CAIRN_TEST_PW}}');
  await s.reindex();
  const files = await filesUnder(uri);
  expect(files.length).toBeGreaterThan(3);
  let placeholderSeen = false;
  for (const f of files) {
    const bytes = await readFile(f);
    expect(bytes.includes(Buffer.from(secret)), f).toBe(false);
    placeholderSeen ||= bytes.includes(Buffer.from('{{secret:CAIRN_TEST_PW}}'));
  }
  expect(placeholderSeen).toBe(true);
});

test('export then import into an empty store gives the same recall results', async () => {
  const s = await open(await dir());
  await remember(s, 'Ada Lovelace', '555-1000');
  await s.remember(trajectory('Delete the contact Bob Marley', [click(target('link', 'Bob Marley')), click(target('button', 'Delete')), done()]));
  await s.remember(trajectory('Open the settings page', [click(target('link', 'Settings')), done()]));
  const file = join(await dir(), 'memory.jsonl');
  expect(await exportMemory(s, file)).toBe(3);
  const t = await open(await dir());
  expect(await importMemory(t, file)).toEqual({ added: 3, merged: 0, replaced: 0, kept: 0 });
  // Importing the same records again folds them in as remember() would: the same records, more hits.
  expect(await importMemory(t, file)).toEqual({ added: 0, merged: 3, replaced: 0, kept: 0 });
  expect((await t.list()).map((r) => r.hits)).toEqual([2, 2, 2]);
  for (const task of [contactTask('Zoe Sato', '555-9'), { goal: 'Delete the contact Ada Lovelace', platform: 'web' as const, start: { url: 'http://127.0.0.1:9/' } }]) {
    const before = await s.recall(task, 3);
    const after = await t.recall(task, 3);
    expect(after.map((r) => [r.record.id, r.record.steps, r.slots])).toEqual(before.map((r) => [r.record.id, r.record.steps, r.slots]));
  }
  expect((await t.list()).every((r) => r.provenance.source === 'import')).toBe(true);
});

test('import names the line and field of a bad record', async () => {
  const s = await open(await dir());
  const file = join(await dir(), 'bad.jsonl');
  await (await import('node:fs/promises')).writeFile(file, '{"id":"x","goal":"g"}\n');
  await expect(importMemory(s, file)).rejects.toThrow(/bad\.jsonl:1: not a memory record: goal_template/);
});

test('guidance renders the recalled steps with the new task\'s values, and its token estimate', async () => {
  const s = await open(await dir());
  await remember(s, 'Ada Lovelace', '555-1000');
  const task = contactTask('Bruno Costa', '555-2000');
  const g = renderGuidance(await s.recall(task, 2), task);
  expect(g.text).toBe([
    '1. Goal: Add a contact named Bruno Costa with phone 555-2000.',
    '   - click link "New contact"',
    '   - type textbox "Name" "Bruno Costa"',
    '   - type textbox "Phone" "555-2000"',
    '   - click button "Save"',
    '   - done success',
  ].join('\n'));
  expect(g.tokens).toBe(Math.ceil(g.text.length / 4));
});
