// A team memory on object storage: an S3-compatible server (s3rver) on 127.0.0.1, reached the way
// a user reaches S3 (s3:// URIs, AWS_* variables). Shards remember into their own memories and
// `cairn memory merge` folds them into the shared one: nothing lost, nothing counted twice, and
// two merges at once are serialised by the merge lock (s3rver ignores conditional writes, so
// LanceDB alone would drop one of two concurrent commits).
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { registerMemoryCommands } from '../cli/memory.js';
import { withMergeLock } from '../memory/lock.js';
import { hashEmbedder, mergeMemories, openMemory, type MemoryRecord } from '../memory/index.js';
import { addContact, click, contactTask, done, scratchMemory, target, tempDir, trajectory, type } from './memory-helpers.js';

const BUCKET = 'team';
let server: S3rver;
let s3dir: string;
const saved = { ...process.env };
const m = scratchMemory();

beforeAll(async () => {
  const t = await tempDir();
  stop.push(t.remove);
  s3dir = join(t.dir, 's3');
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  keepDirectories(server);
  const { port } = await server.run();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', CAIRN_EMBED_MODEL: '',
  });
});
/**
 * s3rver 3.7 removes a key's folder once a delete leaves it empty; a put into that folder at the
 * same moment (two lock contenders) then fails in a stream nobody listens to: an uncaught ENOENT
 * in this process. S3 has no folders: delete the object's files and leave the folder.
 */
function keepDirectories(s3: S3rver): void {
  const store = (s3 as unknown as { store: { getResourcePath(bucket: string, key: string, resource: string): string; deleteObject(bucket: string, key: string): Promise<void> } }).store;
  store.deleteObject = async (bucket, key) => {
    await Promise.all(['object', 'object.md5', 'metadata.json'].map((r) => rm(store.getResourcePath(bucket, key, r), { force: true })));
  };
}
const stop: (() => Promise<void>)[] = [];
afterAll(async () => {
  await server?.close();
  for (const s of stop) await s();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

async function cairn(...args: string[]): Promise<string> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerMemoryCommands(program, (l) => lines.push(l));
  await program.parseAsync(['memory', ...args], { from: 'user' });
  return lines.join('\n');
}

const settings = (run: string) => ({ ...trajectory('Open the settings', [click(target('link', 'Settings')), done()], { id: 'open-settings' }), run_id: run });
const search = (q: string, run: string) => ({
  ...trajectory('', [type(target('searchbox', 'Search'), q), done()]),
  task: { goal: `Search for ${q}`, goal_template: 'Search for {{q}}', params: { q }, platform: 'web' as const, start: { url: 'http://127.0.0.1:9/contacts/' }, id: 'search' },
  run_id: run,
});
const contact = (name: string, phone: string, run: string) => ({ ...trajectory('', addContact(name, phone)), task: { ...contactTask(name, phone), id: 'add-contact' }, run_id: run });

/** Two shards as CI leaves them: both learnt add-contact (one record id, two lineages), each one task more. */
async function shards(): Promise<[string, string]> {
  const one = await m.open();
  await one.remember(contact('Ada Lovelace', '555-1000', 'shard-1'));
  await one.remember(settings('shard-1'));
  const two = await m.open();
  await two.remember(contact('Bruno Costa', '555-2000', 'shard-2'));
  await two.remember(search('apples', 'shard-2'));
  return [one.uri, two.uri];
}

async function shared(uri: string): Promise<{ records: MemoryRecord[]; hits: number }> {
  const s = await openMemory({ uri, embedder: hashEmbedder() });
  try {
    const records = await s.list();
    return { records, hits: records.reduce((n, r) => n + r.hits, 0) };
  } finally {
    s.close();
  }
}
const byTask = (records: MemoryRecord[]) => Object.fromEntries(records.map((r) => [r.task_id, r]));

test('an s3:// memory is created, remembers, recalls and exports through the AWS_* settings', async () => {
  const uri = `s3://${BUCKET}/direct`;
  const s = await openMemory({ uri, embedder: hashEmbedder() });
  await s.remember(contact('Ada Lovelace', '555-1000', 'r1'));
  s.close();
  // A new connection reads what the first wrote: it is on the server, not in a local folder.
  const files = await readdir(s3dir, { recursive: true });
  expect(files.some((f) => f.includes('direct/trajectories.lance'))).toBe(true);
  const again = await openMemory({ uri, embedder: hashEmbedder() });
  const [found] = await again.recall({ ...contactTask('Cleo Diaz', '555-3000'), id: 'add-contact' }, 1);
  again.close();
  expect(found!.record.goal_template).toBe('Add a contact named {{name}} with phone {{phone}}.');
  expect(found!.slots).toEqual({ name: 'Cleo Diaz', phone: '555-3000' });
  // Its metadata is read back from the server: another embedder is refused.
  await expect(openMemory({ uri, embedder: hashEmbedder(64) })).rejects.toThrow(/was built with embedder "hash-v1" \(384 dims\)/);
  const file = join(await m.dir(), 'direct.jsonl');
  expect(await cairn('--memory', uri, 'export', file)).toBe(`exported 1 trajectories to ${file}`);
  expect(await cairn('--memory', uri, 'search', 'Add a contact named Cleo Diaz with phone 555-3000.')).toContain('type textbox "Name" "Cleo Diaz"');
});

test('merge folds shards into the s3 memory: nothing lost, and merging again adds nothing', async () => {
  const [one, two] = await shards();
  const into = `s3://${BUCKET}/merged`;
  // One source as a directory, one as an export file.
  const exported = join(await m.dir(), 'shard-2.jsonl');
  await cairn('--memory', two, 'export', exported);
  expect(await cairn('merge', one, exported, '--into', into))
    .toBe(`merged 4 trajectories from 2 sources into ${into}: 3 added, 1 merged into stored ones, 0 replaced a longer one, 0 already merged before`);
  let now = await shared(into);
  expect(now.records).toHaveLength(3);
  expect(now.hits).toBe(4);
  const contacts = byTask(now.records)['add-contact']!;
  expect(contacts.hits).toBe(2);
  expect(contacts.instances.map((i) => i.goal).sort()).toEqual(['Add a contact named Ada Lovelace with phone 555-1000.', 'Add a contact named Bruno Costa with phone 555-2000.']);

  expect(await cairn('merge', one, two, '--into', into)).toMatch(/: 0 added, 0 merged into stored ones, 0 replaced a longer one, 4 already merged before$/);
  now = await shared(into);
  expect(now.records).toHaveLength(3);
  expect(now.hits).toBe(4);

  // A shard that has since learnt more brings only what is new.
  const s = await openMemory({ uri: one, embedder: hashEmbedder() });
  await s.remember(contact('Dora Kim', '555-4000', 'shard-1b'));
  s.close();
  expect(await cairn('merge', one, two, '--into', into)).toMatch(/: 0 added, 1 merged into stored ones, 0 replaced a longer one, 3 already merged before$/);
  now = await shared(into);
  expect(byTask(now.records)['add-contact']!.hits).toBe(3);
  expect(now.hits).toBe(5);

  // Recall from the shared memory, as a run with --memory s3://... --memory-mode read does.
  const reader = await openMemory({ uri: into, embedder: hashEmbedder() });
  const [found] = await reader.recall({ goal: 'Search for pears', goal_template: 'Search for {{q}}', params: { q: 'pears' }, platform: 'web', start: { url: 'http://127.0.0.1:9/contacts/' }, id: 'search' }, 1);
  reader.close();
  expect(found!.record.task_id).toBe('search');
  expect(found!.slots).toEqual({ q: 'pears' });
});

test('merges into one s3 memory at once lose nothing: the lock runs them one after the other', async () => {
  const [one, two] = await shards();
  const three = await m.open();
  await three.remember(contact('Eve Park', '555-5000', 'shard-3'));
  await three.remember(search('pears', 'shard-3'));
  const into = `s3://${BUCKET}/together`;
  const reports = await Promise.all([one, two, three.uri].map((src) => mergeMemories([src], into, { embedder: hashEmbedder(), waitMs: 60_000 })));
  expect(reports.map((r) => r.read)).toEqual([2, 2, 2]);
  const now = await shared(into);
  const tasks = byTask(now.records);
  expect(now.records).toHaveLength(3);
  expect(tasks['add-contact']!.hits).toBe(3);
  expect(tasks.search!.hits).toBe(2);
  expect(now.hits).toBe(6);
  // The lock is gone afterwards.
  expect((await readdir(s3dir, { recursive: true })).filter((f) => f.includes('.merge-lock/') && !f.endsWith('.merge-lock'))).toEqual([]);
});

test('a merge while another holds the lock is refused, clearly, unless it waits; a lock a killed merge left expires', async () => {
  const [one] = await shards();
  const into = `s3://${BUCKET}/busy`;
  let release!: () => void;
  let held!: () => void;
  const heldNow = new Promise<void>((r) => { held = r; });
  const holder = withMergeLock(into, () => { held(); return new Promise<void>((r) => { release = r; }); });
  await heldNow;
  await expect(cairn('merge', one, '--into', into)).rejects.toThrow(/^another merge into s3:\/\/team\/busy is running \(lock .+\); try again when it is done, or wait for it with --wait SECONDS/);
  expect((await shared(into)).records).toHaveLength(0);
  const waiting = cairn('merge', one, '--into', into, '--wait', '60');
  setTimeout(() => release(), 300);
  await holder;
  expect(await waiting).toMatch(/: 2 added,/);

  // Local memories use the same lock; one whose heartbeat stopped long ago is ignored and removed.
  const local = join(await m.dir(), 'local');
  await mkdir(join(local, '.merge-lock'), { recursive: true });
  const dead = join(local, '.merge-lock', 'ci-7-killed');
  await writeFile(dead, 'x');
  const old = new Date(Date.now() - 10 * 60_000);
  await utimes(dead, old, old);
  expect(await cairn('merge', one, '--into', local)).toMatch(/: 2 added,/);
  expect(await readdir(join(local, '.merge-lock'))).toEqual([]);
});
