// The memory's two tables on disk, made so that processes opening a fresh memory at once,
// and a kill at any moment, leave a memory that opens:
// - each table is created in one commit, its rows included (createTable with existOk: the
//   first creator wins, the others open what it wrote; a table a kill left half-made, with no
//   committed version, is created over);
// - metadata that an older cairn killed between creating the meta table and filling it left
//   empty is re-derived: the embedder is the current one when no record is stored yet, or
//   when re-embedding stored goals gives back their stored vectors.
// doctor.ts reports on the same states, and repairs them with the same functions.
import * as lancedb from '@lancedb/lancedb';
import type { Embedder } from './embed.js';
import { cosine } from './rank.js';
import { META_TABLE, SCHEMA_VERSION, TABLE, UPGRADE_COLUMNS, embeddingText, metaSchema, trajectorySchema, vectorOf, type Row } from './records.js';

export interface Meta {
  schema_version?: number;
  embedder?: string;
  dims?: number;
  /** Rows in the table: 3 when whole; more when concurrent opens of an older cairn each wrote theirs. */
  rows: number;
}

/** What a memory's metadata and stored vectors say about the embedder that may open it. */
export type EmbedderCheck =
  | { ok: true; how: 'recorded' | 'no records yet' | 're-derived' }
  | { ok: false; problem: string };

/** The meta table's contents; undefined when there is none (or only what a kill left of one). */
export async function readMeta(db: lancedb.Connection): Promise<Meta | undefined> {
  const table = await openIfWhole(db, META_TABLE);
  if (!table) return undefined;
  try {
    const rows = await table.query().toArray();
    const value = Object.fromEntries(rows.map((r) => [String(r.key), String(r.value)]));
    const num = (k: string) => (value[k] !== undefined && Number.isFinite(Number(value[k])) ? Number(value[k]) : undefined);
    return { schema_version: num('schema_version'), embedder: value.embedder, dims: num('dims'), rows: rows.length };
  } finally {
    table.close();
  }
}

export const metaIsWhole = (m: Meta | undefined): m is Meta & { schema_version: number; embedder: string; dims: number } =>
  !!m && m.schema_version !== undefined && m.embedder !== undefined && m.dims !== undefined;

/**
 * The meta table for this embedder, in one commit. `create`: unless one exists (another
 * process's, which is then kept); `overwrite`: replaces an incomplete or duplicated one.
 */
export async function writeMeta(db: lancedb.Connection, embedder: Pick<Embedder, 'id' | 'dims'>, mode: 'create' | 'overwrite', schemaVersion = SCHEMA_VERSION): Promise<void> {
  const rows = [
    { key: 'schema_version', value: String(schemaVersion) },
    { key: 'embedder', value: embedder.id },
    { key: 'dims', value: String(embedder.dims) },
  ];
  const table = await db.createTable(META_TABLE, rows, { schema: metaSchema, ...(mode === 'create' ? { mode: 'create', existOk: true } : { mode: 'overwrite' }) });
  table.close();
}

/** Whether the current embedder may open a memory whose metadata is `meta`; re-derives it when the metadata is lost. */
export async function checkEmbedder(db: lancedb.Connection, meta: Meta | undefined, embedder: Embedder): Promise<EmbedderCheck> {
  if (metaIsWhole(meta)) {
    if (meta.embedder === embedder.id && meta.dims === embedder.dims) return { ok: true, how: 'recorded' };
    return {
      ok: false,
      problem: `was built with embedder "${meta.embedder}" (${meta.dims} dims), but the current embedder is "${embedder.id}" (${embedder.dims} dims). ` +
        'Use the same embedder (CAIRN_EMBED_MODEL unset means hash-v1), or export the memory and import it into a new store, which re-embeds it.',
    };
  }
  const table = await openIfWhole(db, TABLE);
  if (!table) return { ok: true, how: 'no records yet' };
  try {
    const stored = (await table.query().select(['goal_template', 'vector']).limit(3).toArray()) as Row[];
    if (!stored.length) return { ok: true, how: 'no records yet' };
    const lost = `has lost its metadata (a kill while it was created?), and its ${await table.countRows()} trajectories`;
    const dims = vectorOf(stored[0]!).length;
    if (dims !== embedder.dims) {
      return { ok: false, problem: `${lost} hold ${dims}-dim vectors, but the current embedder "${embedder.id}" makes ${embedder.dims}. ${REMEDY}` };
    }
    const again = await embedder.embed(stored.map((r) => embeddingText(String(r.goal_template))));
    const same = stored.every((r, i) => cosine(vectorOf(r), again[i]!) > 0.999);
    return same ? { ok: true, how: 're-derived' } : { ok: false, problem: `${lost} were not embedded by the current embedder "${embedder.id}". ${REMEDY}` };
  } finally {
    table.close();
  }
}

const REMEDY = 'Set CAIRN_EMBED_MODEL to the embedder that made them, or `cairn memory export` them and import the file into a new memory (which re-embeds).';

/**
 * The trajectory table as it is (an older schema's too: upgrade() adds its new columns), or
 * created empty when there is none (by this process or a concurrent one).
 */
export async function trajectoryTable(db: lancedb.Connection, dims: number): Promise<lancedb.Table> {
  const existing = await openIfWhole(db, TABLE);
  if (existing) return existing;
  try {
    return await db.createEmptyTable(TABLE, trajectorySchema(dims), { mode: 'create', existOk: true });
  } catch (e) {
    // Another process committed it first: theirs is the table.
    const theirs = await openIfWhole(db, TABLE);
    if (theirs) return theirs;
    throw e;
  }
}

/** A table written by an older schema gains the columns added since, with their defaults. */
export async function upgrade(db: lancedb.Connection, table: lancedb.Table): Promise<void> {
  const have = new Set((await table.schema()).fields.map((f) => f.name));
  const missing = UPGRADE_COLUMNS.filter((c) => !have.has(c.name));
  if (missing.length) await table.addColumns(missing);
  const meta = await db.openTable(META_TABLE);
  const [row] = await meta.query().where(`key = 'schema_version'`).toArray();
  if (Number(row?.value) < SCHEMA_VERSION) await meta.update({ where: `key = 'schema_version'`, values: { value: String(SCHEMA_VERSION) } });
  meta.close();
}

export async function hasTextIndex(table: lancedb.Table): Promise<boolean> {
  return (await table.listIndices()).some((i) => i.columns.includes('text'));
}

/** The full-text index; when another process opening the memory builds it first, theirs is kept. */
export async function ensureTextIndex(table: lancedb.Table): Promise<void> {
  if (await hasTextIndex(table)) return;
  try {
    await table.createIndex('text', { config: lancedb.Index.fts() });
  } catch (e) {
    if (!(await hasTextIndex(table))) throw e;
  }
}

/**
 * The table, if it exists and has a committed version (a kill while it was created leaves a folder
 * without one). Opened by name, not looked up in tableNames(): that lists folders, which some
 * S3-compatible servers (s3rver) do not report for nested keys.
 */
export async function openIfWhole(db: lancedb.Connection, name: string): Promise<lancedb.Table | undefined> {
  try {
    return await db.openTable(name);
  } catch (e) {
    if (/could not be loaded|was not found|not found/i.test((e as Error).message)) return undefined;
    throw e;
  }
}
