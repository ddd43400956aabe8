// `cairn memory merge <src...> --into <uri>`: folds memories (directories, URIs, or export files)
// into one, by the dedupe rule that import and remember() use (dedupe.ts), re-embedding with the
// target's embedder. This is how CI shards share a memory: each remembers into its own, one step
// merges them. Safe to repeat and to run twice at once:
// - a table in the target (merged_sources) records what each source record has brought so far, by
//   its lineage (id, created_at, run id: two shards that learnt the same task are two lineages),
//   so merging the same shards again adds nothing, and a shard that has since gained hits adds only
//   those; the ledger is written after the records, so a merge killed between the two counts that
//   source's hits again next time, and loses nothing;
// - the whole read-fold-write runs under the merge lock (lock.ts), since S3-compatible servers
//   without conditional writes drop one of two concurrent commits without an error.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { Field, Int32, Schema, Utf8 } from 'apache-arrow';
import { readRecords } from './doctor.js';
import type { Embedder } from './embed.js';
import { connectMemory, isRemote, memoryUri } from './location.js';
import { withMergeLock } from './lock.js';
import { sql } from './records.js';
import { openMemory } from './open.js';
import type { Outcomes } from './remember.js';
import { openIfWhole } from './tables.js';
import { readExport } from './transfer.js';
import { MemoryError, type MemoryRecord } from './types.js';

const LEDGER = 'merged_sources';
const ledgerSchema = new Schema([new Field('lineage', new Utf8(), false), new Field('hits', new Int32(), false), new Field('failures', new Int32(), false)]);
const MERGE_TRIES = 3;

export interface MergeReport extends Outcomes {
  into: string;
  /** Records read from the sources. */
  read: number;
  /** Records whose every hit and failure an earlier merge already brought. */
  unchanged: number;
}

export interface MergeOptions {
  embedder?: Embedder;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for another merge into the same memory (default 0: refuse at once). */
  waitMs?: number;
  /** Skip the lock: merges into this memory are serialised otherwise (one CI job). */
  lock?: boolean;
}

export async function mergeMemories(sources: string[], into: string, o: MergeOptions = {}): Promise<MergeReport> {
  if (!sources.length) throw new MemoryError('merge: name at least one memory (directory or URI) or export file to merge');
  const target = memoryUri(into, {});
  const records: MemoryRecord[] = [];
  for (const src of sources) {
    const from = await readSource(src);
    if (from.uri === target) throw new MemoryError(`merge: ${src} is the memory merged into`);
    records.push(...from.records);
  }
  const run = () => foldIn(records, target, o);
  return o.lock === false ? run() : withMergeLock(target, run, { waitMs: o.waitMs ?? 0, env: o.env ?? process.env });
}

/** A memory directory or URI, or an export file. */
async function readSource(src: string): Promise<{ uri: string; records: MemoryRecord[] }> {
  const uri = memoryUri(src, {});
  if (isRemote(uri)) return { uri, records: (await readRecords(uri)).records };
  const found = await stat(uri).catch(() => undefined);
  if (!found) throw new MemoryError(`merge: ${src} does not exist; expected a memory directory, a memory URI or an export file`);
  return { uri, records: found.isFile() ? await readExport(uri) : (await readRecords(uri)).records };
}

async function foldIn(records: MemoryRecord[], target: string, o: MergeOptions): Promise<MergeReport> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await foldOnce(records, target, o);
    } catch (e) {
      // Another writer (a run remembering into the target) committed first: read again and redo.
      if (attempt >= MERGE_TRIES || !/retryable commit conflict|preempted/i.test((e as Error).message)) throw e;
    }
  }
}

async function foldOnce(records: MemoryRecord[], target: string, o: MergeOptions): Promise<MergeReport> {
  const store = await openMemory({ uri: target, ...(o.embedder ? { embedder: o.embedder } : {}), ...(o.env ? { env: o.env } : {}) });
  const db = await connectMemory(target, o.env ?? process.env);
  try {
    const ledger = await openIfWhole(db, LEDGER);
    const brought = new Map<string, { hits: number; failures: number }>();
    if (ledger) {
      const keys = [...new Set(records.map(lineage))];
      for (let i = 0; i < keys.length; i += 500) {
        const rows = await ledger.query().where(`lineage IN (${keys.slice(i, i + 500).map(sql).join(', ')})`).toArray();
        for (const r of rows) brought.set(String(r.lineage), { hits: Number(r.hits), failures: Number(r.failures) });
      }
    }
    // What each record brings that earlier merges did not.
    const fresh: MemoryRecord[] = [];
    const ledgerRows = new Map<string, { lineage: string; hits: number; failures: number }>();
    for (const r of records) {
      const key = lineage(r);
      const before = brought.get(key) ?? { hits: 0, failures: 0 };
      const hits = Math.max(r.hits - before.hits, 0);
      const failures = Math.max(r.failures - before.failures, 0);
      if (!hits && !failures) continue;
      fresh.push({ ...r, hits, failures });
      const now = { hits: Math.max(r.hits, before.hits), failures: Math.max(r.failures, before.failures) };
      brought.set(key, now);
      ledgerRows.set(key, { lineage: key, ...now });
    }
    const counts = fresh.length ? await store.absorb(fresh) : { added: 0, merged: 0, replaced: 0, kept: 0 };
    if (fresh.length) await store.reindex();
    if (ledgerRows.size) {
      const table = ledger ?? (await db.createEmptyTable(LEDGER, ledgerSchema, { mode: 'create', existOk: true }));
      await table.mergeInsert('lineage').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([...ledgerRows.values()]);
      table.close();
    } else {
      ledger?.close();
    }
    return { into: target, read: records.length, unchanged: records.length - fresh.length, ...counts };
  } finally {
    db.close();
    store.close();
  }
}

/** One record as learnt in one memory: two shards that learnt the same task have two lineages. */
function lineage(r: MemoryRecord): string {
  return createHash('sha256').update(`${r.id}\n${r.created_at}\n${r.provenance.run_id}`).digest('hex').slice(0, 24);
}
