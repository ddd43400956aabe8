// Scope and standing: records of the same suite task come first, what works before what
// fails; failures count beside hits; a run whose start state already held the answer does not
// replace a trajectory that sets it. And the store opens tables and files of schema 1.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Int32, Schema, Utf8 } from 'apache-arrow';
import { afterEach, expect, test } from 'vitest';
import { ground } from '../contract/index.js';
import { exportMemory, hashEmbedder, importMemory, instantiate, openMemory, SCHEMA_VERSION, type MemoryStore } from '../memory/index.js';
import { metaSchema } from '../memory/records.js';
import { click, done, target, trajectory, scratchMemory } from './memory-helpers.js';

const { dir, open } = scratchMemory();

const URL = 'http://127.0.0.1:9/page/';
const choose = (color: string, steps = [click(target('radio', color)), click(target('button', 'Submit')), done()], id?: string) => ({
  ...trajectory('', steps),
  task: { ...(id ? { id } : {}), goal: `Select ${color} and click Submit.`, goal_template: 'Select {{color}} and click Submit.', params: { color }, platform: 'web' as const, start: { url: URL } },
});
const submitOnly = [click(target('button', 'Submit')), done()];

test('a run whose start state held the answer (fewer steps) does not replace a trajectory that sets it', async () => {
  const s = await open();
  const first = await s.remember(choose('Blue'));
  expect(await s.remember(choose('Green', submitOnly))).toEqual({ kind: 'kept', id: first.id, hits: 2 });
  await s.remember(choose('Red'));
  expect(await s.remember(choose('Teal', submitOnly))).toMatchObject({ kind: 'kept', hits: 4 });
  const rec = (await s.get(first.id))!;
  expect(rec.steps.map((x) => x.target?.name)).toEqual(['{{color}}', 'Submit', undefined]);
  expect(rec.instances.map((i) => i.declared?.slots.color)).toEqual(['Blue', 'Red']);
});

test('a record that loses the trail as often as it works gives way to a run that worked, though longer', async () => {
  const s = await open();
  const first = await s.remember(choose('Blue'));
  await s.recordFailure(first.id);
  expect(await s.get(first.id)).toMatchObject({ hits: 1, failures: 1 });
  const longer = [click(target('link', 'Colors')), click(target('radio', 'Red')), click(target('button', 'Submit')), done()];
  expect(await s.remember(choose('Red', longer))).toEqual({ kind: 'replaced', id: first.id, hits: 2, previous_steps: 3 });
  expect(await s.get(first.id)).toMatchObject({ step_count: 4, failures: 0 });
});

test('recall puts the same task\'s records first, then what works; a radio record does not ground on checkboxes', async () => {
  const s = await open();
  // Two tasks of one app with the same template: records of their own.
  const radios = await s.remember(choose('fzzqo', undefined, 'click-option'));
  await s.remember(choose('NYYyS82', undefined, 'click-option'));
  const boxes = await s.remember(choose('abc', [click(target('checkbox', 'abc')), click(target('button', 'Submit')), done()], 'click-checkboxes'));
  expect(radios.id).not.toBe(boxes.id);
  expect(await s.count()).toBe(2);
  const task = (id?: string) => ({ ...choose('qwe', undefined, id).task });
  expect((await s.recall(task('click-checkboxes'), 2)).map((r) => r.record.task_id)).toEqual(['click-checkboxes', 'click-option']);
  expect((await s.recall(task('click-option'), 2)).map((r) => r.record.task_id)).toEqual(['click-option', 'click-checkboxes']);
  // With no task named: what works first. The radio record has more hits, until it fails more.
  expect((await s.recall(task(), 2))[0]!.record.id).toBe(radios.id);
  for (let i = 0; i < 3; i++) await s.recordFailure(radios.id);
  expect((await s.recall(task(), 2))[0]!.record.id).toBe(boxes.id);
  // A recalled record of the other task names a radio: nothing grounds on a page of checkboxes.
  const [other] = (await s.recall(task('click-checkboxes'), 2)).slice(1);
  const steps = instantiate(other!.record, other!.slots)!;
  const page = [{ id: 1, role: 'checkbox', name: 'qwe', bbox: { x: 10, y: 10, w: 20, h: 20 }, state: { enabled: true, visible: true }, attrs: {} }];
  expect(steps[0]!.target).toMatchObject({ role: 'radio', name: 'qwe' });
  expect(ground(steps[0]!.target!, page)).toBeUndefined();
});

/** The trajectories table as schema 1 wrote it. */
function schemaV1(dims: number): Schema {
  const text = (name: string) => new Field(name, new Utf8(), false);
  return new Schema([
    text('id'), text('goal'), text('goal_template'), text('slots'), text('platform'), text('app'), text('steps'),
    new Field('step_count', new Int32(), false), text('run_id'), text('source'), text('verifier'), text('created_at'),
    new Field('hits', new Int32(), false), text('text'),
    new Field('vector', new FixedSizeList(dims, new Field('item', new Float32(), true)), false),
  ]);
}

test('a table written by schema 1 opens: new columns take their defaults, and its record aligns with new runs', async () => {
  const uri = await dir();
  const embedder = hashEmbedder();
  const db = await lancedb.connect(uri);
  const meta = await db.createEmptyTable('cairn_meta', metaSchema);
  await meta.add([{ key: 'schema_version', value: '1' }, { key: 'embedder', value: embedder.id }, { key: 'dims', value: String(embedder.dims) }]);
  const old = await db.createEmptyTable('trajectories', schemaV1(embedder.dims));
  const template = 'Select {{color}} and click Submit.';
  const steps = [
    { action: { type: 'click', target: { element: 1 } }, target: target('radio', '{{color}}'), screen: 'Form' },
    { action: { type: 'click', target: { element: 2 } }, target: target('button', 'Submit'), screen: 'Form' },
    { action: { type: 'done', status: 'success' }, screen: 'Form' },
  ];
  const [vector] = await embedder.embed([template]);
  await old.add([{
    id: 'old-1', goal: 'Select Blue and click Submit.', goal_template: template, slots: JSON.stringify({ color: 'Blue' }), platform: 'web',
    app: 'http://127.0.0.1:9', steps: JSON.stringify(steps), step_count: 3, run_id: 'r0', source: 'run', verifier: 'checks: js',
    created_at: '2024-01-01T00:00:00.000Z', hits: 2, text: template, vector: Array.from(vector!),
  }]);
  old.close();
  meta.close();
  db.close();

  const s = await open(uri);
  const rec = (await s.get('old-1'))!;
  expect(rec).toMatchObject({ hits: 2, failures: 0, task_id: '' });
  expect(rec.instances).toEqual([{ goal: 'Select Blue and click Submit.', declared: { template, slots: { color: 'Blue' } }, steps: [
    { ...steps[0], target: target('radio', 'Blue') }, steps[1], steps[2],
  ] }]);
  await s.recordFailure('old-1');
  expect(await s.remember(choose('Red'))).toMatchObject({ kind: 'merged', hits: 3 });
  expect((await s.list()).map((r) => [r.failures, r.instances.length])).toEqual([[1, 2]]);
  s.close();
  const db2 = await lancedb.connect(uri);
  const version = (await (await db2.openTable('cairn_meta')).query().toArray()).find((r) => r.key === 'schema_version')!.value;
  expect(Number(version)).toBe(SCHEMA_VERSION);
  db2.close();
});

test('export carries failures, task ids and instances; a file of schema 1 still imports', async () => {
  const s = await open();
  const { id } = await s.remember(choose('Blue', undefined, 'pick'));
  await s.remember(choose('Red', undefined, 'pick'));
  await s.recordFailure(id);
  const file = join(await dir(), 'memory.jsonl');
  await exportMemory(s, file);
  const t = await open();
  expect(await importMemory(t, file)).toMatchObject({ added: 1 });
  expect(await t.get(id)).toMatchObject({ failures: 1, task_id: 'pick', hits: 2 });
  expect((await t.get(id))!.instances).toHaveLength(2);

  const line = JSON.parse((await readFile(file, 'utf8')).trim()) as Record<string, unknown>;
  delete line.failures;
  delete line.task_id;
  delete line.instances;
  const oldFile = join(await dir(), 'old.jsonl');
  await writeFile(oldFile, JSON.stringify({ ...line, id: 'from-v1', goal_template: 'Choose {{color}} and click Submit.', goal: 'Choose Blue and click Submit.' }) + '\n');
  const u = await open();
  expect(await importMemory(u, oldFile)).toMatchObject({ added: 1 });
  const imported = (await u.get('from-v1'))!;
  expect(imported).toMatchObject({ failures: 0, task_id: '' });
  expect(imported.instances).toEqual([expect.objectContaining({ goal: 'Choose Blue and click Submit.' })]);
  expect(imported.instances[0]!.steps[0]!.target!.name).toBe('Blue');
});
