// `cairn memory doctor`: what is wrong with a memory on disk, and the repairs that are safe:
// lost or duplicated metadata (re-derived from the stored vectors, see tables.ts), a table a
// kill left half-made, a missing full-text index, columns of an older schema. Records that
// cannot be read are reported, never deleted. readRecords() reads a memory that cannot be
// opened (for export): it needs no embedder and changes nothing.
import './quiet-lancedb.js';
import { stat } from 'node:fs/promises';
import * as lancedb from '@lancedb/lancedb';
import type { Embedder } from './embed.js';
import { connectMemory, isRemote } from './location.js';
import { RECORD_COLUMNS, SCHEMA_VERSION, TABLE, UPGRADE_COLUMNS, fromRow, vectorOf, type Row } from './records.js';
import { checkEmbedder, ensureTextIndex, hasTextIndex, metaIsWhole, openIfWhole, readMeta, trajectoryTable, upgrade, writeMeta, type Meta } from './tables.js';
import { MemoryError, type MemoryRecord } from './types.js';

/** `repairable`: what a repair would fix (a dry run); `damaged`: what no repair fixes. */
export type FindingState = 'ok' | 'repaired' | 'repairable' | 'damaged';
export interface Finding { part: 'metadata' | 'trajectories' | 'records' | 'full-text index'; state: FindingState; text: string }
export interface DoctorReport { uri: string; findings: Finding[]; healthy: boolean }

export async function doctorMemory(uri: string, o: { embedder: Embedder; repair?: boolean }): Promise<DoctorReport> {
  const repair = o.repair ?? true;
  const findings: Finding[] = [];
  const db = await connect(uri);
  try {
    const fix = async (part: Finding['part'], text: string, f: () => Promise<unknown>) => {
      if (repair) await f();
      findings.push({ part, state: repair ? 'repaired' : 'repairable', text });
    };
    const meta = await readMeta(db);
    await metadata(db, meta, o.embedder, findings, fix);
    const whole = await readMeta(db);
    const dims = metaIsWhole(whole) ? whole.dims : undefined;
    let table = await openIfWhole(db, TABLE);
    if (!table) {
      const halfMade = (await db.tableNames()).includes(TABLE);
      if (dims === undefined) {
        findings.push({ part: 'trajectories', state: 'damaged', text: `${halfMade ? 'a table a kill left half-made' : 'no table'}; it is created once the metadata is whole` });
        return done(uri, findings);
      }
      await fix('trajectories', halfMade ? 'a table a kill left half-made: created anew (it held no committed record)' : 'no table: created (empty)', async () => {
        table = await trajectoryTable(db, dims);
      });
      if (!table) return done(uri, findings);
    }
    const t: lancedb.Table = table;
    try {
      await trajectories(db, t, dims, findings, fix);
    } finally {
      t.close();
    }
    return done(uri, findings);
  } finally {
    db.close();
  }
}

type Fix = (part: Finding['part'], text: string, f: () => Promise<unknown>) => Promise<void>;

async function metadata(db: lancedb.Connection, meta: Meta | undefined, embedder: Embedder, findings: Finding[], fix: Fix): Promise<void> {
  if (meta && Number(meta.schema_version) > SCHEMA_VERSION) {
    findings.push({ part: 'metadata', state: 'damaged', text: `schema version ${meta.schema_version}; this cairn reads up to ${SCHEMA_VERSION}: upgrade cairn` });
    return;
  }
  if (metaIsWhole(meta)) {
    const check = await checkEmbedder(db, meta, embedder);
    const recorded = `schema ${meta.schema_version}, embedder ${meta.embedder} (${meta.dims} dims)`;
    if (!check.ok) findings.push({ part: 'metadata', state: 'damaged', text: `${recorded}: this memory ${check.problem}` });
    else if (meta.rows > 3) await fix('metadata', `${recorded}, written ${meta.rows / 3} times over (concurrent first opens of an older cairn): kept once`, () => writeMeta(db, { id: meta.embedder, dims: meta.dims }, 'overwrite', meta.schema_version));
    else findings.push({ part: 'metadata', state: 'ok', text: recorded });
    return;
  }
  const lost = meta ? `incomplete (${meta.rows} of 3 entries: a kill while the memory was created?)` : 'missing';
  const check = await checkEmbedder(db, meta, embedder);
  if (!check.ok) {
    findings.push({ part: 'metadata', state: 'damaged', text: `${lost}: this memory ${check.problem}` });
    return;
  }
  const why = check.how === 're-derived' ? 'the stored vectors are its' : 'no record is stored yet';
  await fix('metadata', `${lost}: recorded embedder ${embedder.id} (${embedder.dims} dims), as ${why}`, () => writeMeta(db, embedder, meta ? 'overwrite' : 'create'));
}

async function trajectories(db: lancedb.Connection, table: lancedb.Table, dims: number | undefined, findings: Finding[], fix: Fix): Promise<void> {
  const rows = await table.countRows();
  const [first] = (await table.query().select(['vector']).limit(1).toArray()) as Row[];
  const stored = first ? vectorOf(first).length : undefined;
  if (stored !== undefined && dims !== undefined && stored !== dims) {
    findings.push({ part: 'trajectories', state: 'damaged', text: `${rows} records with ${stored}-dim vectors, but the metadata says ${dims}: export them and import into a new memory` });
  } else {
    findings.push({ part: 'trajectories', state: 'ok', text: `${rows} records` });
  }
  const have = new Set((await table.schema()).fields.map((f) => f.name));
  const old = UPGRADE_COLUMNS.filter((c) => !have.has(c.name)).map((c) => c.name);
  if (old.length && dims !== undefined) await fix('trajectories', `columns of schema ${SCHEMA_VERSION} missing (${old.join(', ')}): added`, () => upgrade(db, table));
  const { unreadable } = await readRows(table);
  findings.push(unreadable.length
    ? { part: 'records', state: 'damaged', text: `${unreadable.length} cannot be read (${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ', ...' : ''}): export skips them; \`cairn memory prune --id ID\` removes one` }
    : { part: 'records', state: 'ok', text: 'all readable' });
  if (await hasTextIndex(table)) findings.push({ part: 'full-text index', state: 'ok', text: 'present' });
  else await fix('full-text index', 'missing: built', () => ensureTextIndex(table));
}

function done(uri: string, findings: Finding[]): DoctorReport {
  return { uri, findings, healthy: findings.every((f) => f.state === 'ok' || f.state === 'repaired') };
}

/** Every readable record of a memory, without opening it as a store: no embedder, no writes. */
export async function readRecords(uri: string): Promise<{ records: MemoryRecord[]; unreadable: string[] }> {
  const db = await connect(uri);
  try {
    const table = await openIfWhole(db, TABLE);
    if (!table) return { records: [], unreadable: [] };
    try {
      return await readRows(table);
    } finally {
      table.close();
    }
  } finally {
    db.close();
  }
}

async function readRows(table: lancedb.Table): Promise<{ records: MemoryRecord[]; unreadable: string[] }> {
  const records: MemoryRecord[] = [];
  const unreadable: string[] = [];
  // Only the columns this table has: one of an older schema lacks some (fromRow fills them in).
  const have = new Set((await table.schema()).fields.map((f) => f.name));
  for (const row of (await table.query().select(RECORD_COLUMNS.filter((c) => have.has(c))).toArray()) as Row[]) {
    try {
      records.push(fromRow(row));
    } catch {
      unreadable.push(String(row.id));
    }
  }
  return { records: records.sort((a, b) => b.created_at.localeCompare(a.created_at)), unreadable };
}

async function connect(uri: string): Promise<lancedb.Connection> {
  if (!isRemote(uri)) {
    const found = await stat(uri).catch(() => undefined);
    if (!found?.isDirectory()) throw new MemoryError(`no memory at ${uri}`);
  }
  return connectMemory(uri);
}
