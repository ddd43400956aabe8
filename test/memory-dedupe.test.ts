import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { exportMemory, importMemory, openMemory, type MemoryRecord, type MemoryStore } from '../memory/index.js';
import { addContact, click, contactTask, done, target, tempDir, trajectory, type } from './memory-helpers.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanup) await c(); cleanup = []; });

async function dir(): Promise<string> {
  const t = await tempDir();
  cleanup.push(t.remove);
  return t.dir;
}
async function store(): Promise<MemoryStore> {
  const s = await openMemory({ uri: await dir() });
  cleanup.push(async () => s.close());
  return s;
}

const contact = (name: string, phone: string, steps = addContact(name, phone)) => ({ ...trajectory('', steps), task: contactTask(name, phone) });
const quickAdd = (name: string, phone: string) => [type(target('textbox', 'Quick add'), name), type(target('textbox', 'Quick phone'), phone), done()];

test('import folds records into stored ones as remember() does: hits add up, the shorter trajectory wins, stored ids stay', async () => {
  const ours = await store();
  const { id: contactId } = await ours.remember(contact('Ada Lovelace', '555-1000'));
  await ours.remember(contact('Bruno Costa', '555-2000'));
  const settings = await ours.remember(trajectory('Open the settings page', [click(target('link', 'Settings')), done()]));

  const theirs = await store();
  await theirs.remember(contact('Chen Wu', '555-3000', quickAdd('Chen Wu', '555-3000')));
  await theirs.remember(trajectory('Open the settings page', [click(target('link', 'Menu')), click(target('link', 'More')), click(target('link', 'Settings')), done()]));
  const deletion = await theirs.remember(trajectory('Delete the contact Bob Marley', [click(target('link', 'Bob Marley')), click(target('button', 'Delete')), done()]));
  const file = join(await dir(), 'theirs.jsonl');
  await exportMemory(theirs, file);
  // Another machine's ids need not be ours: a record also matches by platform, app and template.
  const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as MemoryRecord);
  const edited = lines.map((r) => (r.goal_template.startsWith('Add a contact') ? { ...r, id: 'id-from-elsewhere' } : r));
  edited.push({ ...edited.find((r) => r.id === deletion.id)!, id: 'copy-of-deletion', hits: 4 });
  await writeFile(file, edited.map((r) => JSON.stringify(r)).join('\n') + '\n');

  expect(await importMemory(ours, file)).toEqual({ added: 1, merged: 1, replaced: 1, kept: 1 });
  expect(await ours.count()).toBe(3);
  const added = (await ours.get(contactId))!;
  expect(added).toMatchObject({ hits: 3, step_count: 3, slots: { name: 'Chen Wu', phone: '555-3000' }, provenance: { source: 'import' } });
  expect(added.steps[0]!.target!.name).toBe('Quick add');
  expect(await ours.get(settings.id)).toMatchObject({ hits: 2, step_count: 2 });
  expect(await ours.get(deletion.id)).toMatchObject({ hits: 5, step_count: 3 });
  expect(await ours.get('id-from-elsewhere')).toBeUndefined();
  expect(await ours.get('copy-of-deletion')).toBeUndefined();
  // Later runs of the template still land on the same record.
  expect(await ours.remember(contact('Dalia Berg', '555-4000', quickAdd('Dalia Berg', '555-4000')))).toEqual({ kind: 'merged', id: contactId, hits: 4 });
});

test('a literal record joins the template a later similar goal gives; a value both goals share stays literal', async () => {
  const s = await store();
  const search = (word: string) => [click(target('link', 'Page 2')), type(target('searchbox', 'Search'), word), done()];
  const first = await s.remember(trajectory('Search for cobalt on page 2', search('cobalt')));
  expect(await s.remember(trajectory('Search for cobalt on page 2', search('cobalt')))).toEqual({ kind: 'merged', id: first.id, hits: 2 });

  const later = await s.remember(trajectory('Search for amber on page 2', search('amber')));
  expect(later).toMatchObject({ kind: 'merged', hits: 3 });
  expect(later.id).not.toBe(first.id);
  expect(await s.count()).toBe(1);
  expect(await s.get(first.id)).toBeUndefined();
  const rec = (await s.get(later.id))!;
  expect(rec).toMatchObject({ goal: 'Search for cobalt on page 2', goal_template: 'Search for {{slot1}} on page 2', slots: { slot1: 'cobalt' }, step_count: 3 });
  expect(rec.steps.map((x) => x.action.type === 'type' ? x.action.text : x.target?.name)).toEqual(['Page 2', '{{slot1}}', undefined]);
  const [hit] = await s.recall({ goal: 'Search for indigo on page 2', platform: 'web', start: { url: 'http://127.0.0.1:9/' } }, 1);
  expect(hit!.slots).toEqual({ slot1: 'indigo' });
});

test('a literal record stays as it was when its steps do not use its values, or differ once templated', async () => {
  // Its phone is in the goal but no step uses it: templating it would make a false slot.
  const vcard = await store();
  const imported = await vcard.remember(trajectory('Add a contact named Bob Marley with phone 555-1111',
    [click(target('link', 'Import vCard')), click(target('link', 'Bob Marley.vcf')), done()]));
  // Its steps take a detour: templated, they still differ from the new run's.
  const detour = await store();
  const wandered = await detour.remember(trajectory('Add a contact named Bob Marley with phone 555-1111',
    addContact('Bob Marley', '555-1111', [click(target('link', 'Help'))])));

  for (const [s, old] of [[vcard, imported], [detour, wandered]] as const) {
    const before = (await s.get(old.id))!;
    const now = await s.remember(trajectory('Add a contact named Alice Smith with phone 555-2222', addContact('Alice Smith', '555-2222')));
    expect(now.kind).toBe('added');
    expect((await s.get(now.id))!.goal_template).toBe('Add a contact named {{slot1}} with phone {{slot2}}');
    expect(await s.count()).toBe(2);
    expect(await s.get(old.id)).toEqual(before);
  }
});
