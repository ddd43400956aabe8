// Creating a memory is safe when several processes open the same fresh directory at once,
// and a memory a kill (or an older cairn) left damaged opens again, or is repaired by
// `cairn memory doctor`, and can always be exported.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../memory/quiet-lancedb.js'; // before LanceDB loads: its warnings stay quiet, as in cairn
import * as lancedb from '@lancedb/lancedb';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerMemoryCommands } from '../cli/memory.js';
import { hashEmbedder, hashEmbedding, openMemory, type Embedder, type MemoryStore } from '../memory/index.js';
import { META_TABLE, metaSchema } from '../memory/records.js';
import { addContact, contactTask, scratchMemory, trajectory } from './memory-helpers.js';
import { spawnCairn } from './cli-runner.js';

const { dir, open, defer } = scratchMemory();
const MEMORY = fileURLToPath(new URL('../dist/memory/index.js', import.meta.url));

/** A node process that opens the memory once the clock reaches `at` (so all start together) and remembers one trajectory. */
const OPENER = `
const [memory, uri, at, goal] = process.argv.slice(1);
const { openMemory, hashEmbedder } = await import(memory);
while (Date.now() < Number(at)) await new Promise((r) => setTimeout(r, 1));
try {
  const s = await openMemory({ uri, embedder: hashEmbedder() });
  const step = { action: { type: 'done', status: 'success' }, result: { ok: true }, location: 'http://127.0.0.1:9/', screen: 'Home' };
  await s.remember({ task: { goal, platform: 'web', start: { url: 'http://127.0.0.1:9/' } }, steps: [step], verified: true, verifier: 'checks: js', run_id: 'r', source: 'run' });
  s.close();
} catch (e) {
  console.error(e.message);
  process.exit(2);
}`;

function runNode(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function metaRows(uri: string): Promise<Record<string, unknown>[]> {
  const db = await lancedb.connect(uri);
  try {
    const t = await db.openTable(META_TABLE);
    return await t.query().toArray();
  } finally {
    db.close();
  }
}

/** What an older cairn killed between creating the meta table and filling it left: the table, empty. */
async function emptyMeta(uri: string): Promise<void> {
  const db = await lancedb.connect(uri);
  await db.createEmptyTable(META_TABLE, metaSchema, { mode: 'overwrite' });
  db.close();
}

async function withRecords(uri: string, embedder?: Embedder): Promise<string[]> {
  const s = await openMemory({ uri, embedder: embedder ?? hashEmbedder() });
  try {
    const ids: string[] = [];
    for (const [name, phone] of [['Ada Lovelace', '555-1000'], ['Alan Turing', '555-2000']] as const) {
      ids.push((await s.remember({ ...trajectory('', addContact(name, phone)), task: { ...contactTask(name, phone), id: `add-${phone}` } })).id);
    }
    return ids;
  } finally {
    s.close();
  }
}

async function memoryCli(uri: string, ...args: string[]): Promise<{ out: string; exit: number }> {
  const lines: string[] = [];
  let exit = 0;
  const program = new Command().exitOverride();
  registerMemoryCommands(program, (l) => lines.push(l), (code) => (exit = code));
  await program.parseAsync(['memory', '--memory', uri, ...args], { from: 'user' });
  return { out: lines.join('\n'), exit };
}

describe('processes opening one fresh memory at once', () => {
  it('all succeed, each does its work, and the memory holds one set of metadata', async () => {
    const goals = ['Open the settings page', 'Archive every read message', 'Print the monthly invoice'];
    for (let round = 0; round < 3; round++) {
      const uri = join(await dir(), 'memory');
      const at = String(Date.now() + 2_500);
      const runs = await Promise.all(goals.map((g) => runNode(['--input-type=module', '-e', OPENER, MEMORY, uri, at, g])));
      expect(runs.map((r) => r.stderr.trim())).toEqual(['', '', '']);
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
      expect((await metaRows(uri)).map((r) => r.key).sort()).toEqual(['dims', 'embedder', 'schema_version']);
      const s = await open(uri);
      expect((await s.list()).map((r) => r.goal).sort()).toEqual([...goals].sort());
      expect((await s.table.listIndices()).some((i) => i.columns.includes('text'))).toBe(true);
    }
  }, 120_000);
});

describe('a memory a kill left behind', () => {
  it('whose metadata table is empty and holds no record: opens, recording the current embedder', async () => {
    const uri = await dir();
    await mkdir(uri, { recursive: true });
    await emptyMeta(uri);
    const s = await open(uri);
    expect(await s.count()).toBe(0);
    expect(Object.fromEntries((await metaRows(uri)).map((r) => [r.key, r.value]))).toEqual({ schema_version: '2', embedder: 'hash-v1', dims: '384' });
  });

  it('whose metadata is lost but whose records were embedded by the current embedder: opens with them (re-derived), recall works', async () => {
    const uri = await dir();
    const ids = await withRecords(uri);
    await emptyMeta(uri);
    const s = await open(uri);
    expect((await s.list()).map((r) => r.id).sort()).toEqual([...ids].sort());
    const [hit] = await s.recall({ ...contactTask('Grace Hopper', '555-3000'), id: 'add-555-1000' }, 1);
    expect(hit!.record.id).toBe(ids[0]);
    expect((await metaRows(uri))).toHaveLength(3);
  });

  it('whose records another embedder made: refused, naming doctor and export; export still works; doctor says what is wrong and exits 1', async () => {
    const uri = await dir();
    // Same dims, other vectors: only re-embedding shows they are not hash-v1's.
    const other: Embedder = { id: 'other-v1', dims: 384, embed: async (texts) => texts.map((t) => hashEmbedding(`other ${t.split('').reverse().join('')}`)) };
    const ids = await withRecords(uri, other);
    await emptyMeta(uri);
    await expect(openMemory({ uri, embedder: hashEmbedder() })).rejects.toThrow(/has lost its metadata .* 2 trajectories were not embedded by the current embedder "hash-v1".*cairn memory export.*cairn memory doctor/s);

    const file = join(await dir(), 'rescued.jsonl');
    expect((await memoryCli(uri, 'export', file)).out).toBe(`exported 2 trajectories to ${file}`);
    expect((await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).id).sort()).toEqual([...ids].sort());

    const doctor = await memoryCli(uri, 'doctor');
    expect(doctor.out).toMatch(/damaged +metadata: incomplete \(0 of 3 entries.*not embedded by the current embedder "hash-v1"/);
    expect(doctor.out).toMatch(/ok +trajectories: 2 records/);
    expect(doctor.out).toMatch(/1 problem left$/);
    expect(doctor.exit).toBe(1);
    // The embedder that made them opens it: its vectors re-derive the metadata.
    const s = await openMemory({ uri, embedder: other });
    defer(async () => s.close());
    expect(await s.count()).toBe(2);
  });

  it('doctor repairs lost metadata, duplicated metadata and a missing full-text index; --dry-run only reports', async () => {
    const uri = await dir();
    await withRecords(uri);
    await emptyMeta(uri);
    const dry = await memoryCli(uri, 'doctor', '--dry-run');
    expect(dry.out).toMatch(/repairable +metadata: incomplete .*recorded embedder hash-v1 \(384 dims\), as the stored vectors are its/);
    expect(dry.exit).toBe(1);
    expect(await metaRows(uri)).toHaveLength(0);

    const fixed = await memoryCli(uri, 'doctor', uri);
    expect(fixed.out).toMatch(/repaired +metadata/);
    expect(fixed.out).toMatch(/healthy$/);
    expect(fixed.exit).toBe(0);
    expect(await metaRows(uri)).toHaveLength(3);

    // An older cairn's concurrent first opens each wrote the metadata; a kill before the index was built.
    const db = await lancedb.connect(uri);
    const meta = await db.openTable(META_TABLE);
    await meta.add(await meta.query().toArray());
    const table = await db.openTable('trajectories');
    await table.dropIndex('text_idx');
    db.close();
    const again = await memoryCli(uri, 'doctor');
    expect(again.out).toMatch(/repaired +metadata: schema 2, embedder hash-v1 \(384 dims\), written 2 times over/);
    expect(again.out).toMatch(/repaired +full-text index: missing: built/);
    expect(again.exit).toBe(0);
    expect(await metaRows(uri)).toHaveLength(3);
    expect((await memoryCli(uri, 'doctor')).out).not.toMatch(/repaired/);
  });

  it('with a table a kill left half-made (a folder, no committed version): opens', async () => {
    const uri = await dir();
    await mkdir(join(uri, 'trajectories.lance', 'data'), { recursive: true });
    await mkdir(join(uri, `${META_TABLE}.lance`, '_versions'), { recursive: true });
    const s = await open(uri);
    expect(await s.count()).toBe(0);
    await s.remember({ ...trajectory('', addContact('Ada Lovelace', '555-1000')), task: contactTask('Ada Lovelace', '555-1000') });
    expect(await s.count()).toBe(1);
  });

  it('killed with SIGKILL while creating it, at any moment: the memory opens afterwards', async () => {
    for (const ms of [400, 700, 1_000, 1_300, 1_600]) {
      const uri = join(await dir(), 'memory');
      const { child, ended } = spawnCairn(['memory', '--memory', uri, 'stats']);
      await new Promise((r) => setTimeout(r, ms));
      child.kill('SIGKILL');
      await ended;
      let s: MemoryStore | undefined;
      try {
        s = await openMemory({ uri, embedder: hashEmbedder() });
        expect(await s.count()).toBe(0);
      } finally {
        s?.close();
      }
    }
  }, 60_000);
});
