// Looking after a memory: records by id or listed, counting, pruning, the indices (built once
// the table is large enough, recall.ts says why) and the figures `cairn memory stats` shows.
import * as lancedb from '@lancedb/lancedb';
import { VECTOR_INDEX_MIN_ROWS } from './recall.js';
import { RECORD_COLUMNS, SCHEMA_VERSION, fromRow, sql, type Row } from './records.js';
import type { MemoryStore } from './store.js';
import { MemoryError, type MemoryRecord } from './types.js';

export interface MemoryStats { uri: string; records: number; hits: number; by_app: Record<string, number>; embedder: string; dims: number; schema_version: number; indices: string[] }

export async function getRecord(store: MemoryStore, id: string): Promise<MemoryRecord | undefined> {
  const [row] = await store.table.query().where(`id = ${sql(id)}`).limit(1).toArray();
  return row ? fromRow(row as Row) : undefined;
}

export async function listRecords(store: MemoryStore, opts: { app?: string; platform?: string; limit?: number } = {}): Promise<MemoryRecord[]> {
  const parts = [opts.app ? `app = ${sql(opts.app)}` : '', opts.platform ? `platform = ${sql(opts.platform)}` : ''].filter(Boolean);
  let q = store.table.query().select(RECORD_COLUMNS);
  if (parts.length) q = q.where(parts.join(' AND '));
  if (opts.limit) q = q.limit(opts.limit);
  const rows = (await q.toArray()) as Row[];
  return rows.map(fromRow).sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** Deletes by age, app or id (all given conditions must hold); returns how many went. */
export async function prune(store: MemoryStore, opts: { olderThanDays?: number; app?: string; id?: string; now?: Date }): Promise<number> {
  const parts: string[] = [];
  if (opts.olderThanDays !== undefined) {
    if (!(opts.olderThanDays >= 0)) throw new MemoryError(`prune: --older-than must be a number of days >= 0, got ${opts.olderThanDays}`);
    const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.olderThanDays * 86_400_000).toISOString();
    parts.push(`created_at < ${sql(cutoff)}`);
  }
  if (opts.app) parts.push(`app = ${sql(opts.app)}`);
  if (opts.id) parts.push(`id = ${sql(opts.id)}`);
  if (!parts.length) throw new MemoryError('prune: say what to prune with --older-than DAYS, --app APP or --id ID');
  const where = parts.join(' AND ');
  const n = await store.table.countRows(where);
  if (n) await store.table.delete(where);
  return n;
}

/** Creates the vector index once the table is large enough, and folds new rows into the indices. */
export async function reindex(store: MemoryStore): Promise<void> {
  const { table } = store;
  const rows = await table.countRows();
  const indices = await table.listIndices();
  if (rows >= VECTOR_INDEX_MIN_ROWS && !indices.some((i) => i.columns.includes('vector'))) {
    await table.createIndex('vector', {
      config: lancedb.Index.ivfPq({ distanceType: 'cosine', numPartitions: Math.round(Math.sqrt(rows)), numSubVectors: store.embedder.dims / 16, sampleRate: 64, maxIterations: 20 }),
    });
  }
  for (const column of ['app', 'platform']) {
    if (rows >= VECTOR_INDEX_MIN_ROWS && !indices.some((i) => i.columns.includes(column))) {
      await table.createIndex(column, { config: lancedb.Index.bitmap() });
    }
  }
  await table.optimize();
}

export async function stats(store: MemoryStore): Promise<MemoryStats> {
  const rows = await store.table.query().select(['app', 'platform', 'hits']).toArray();
  const byApp: Record<string, number> = {};
  let hits = 0;
  for (const r of rows) {
    const key = `${r.platform} ${r.app}`;
    byApp[key] = (byApp[key] ?? 0) + 1;
    hits += Number(r.hits);
  }
  const indices = (await store.table.listIndices()).map((i) => `${i.columns.join(',')}: ${i.indexType}`);
  return { uri: store.uri, records: rows.length, hits, by_app: byApp, embedder: store.embedder.id, dims: store.embedder.dims, schema_version: SCHEMA_VERSION, indices };
}
