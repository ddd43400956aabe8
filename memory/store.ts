// The memory store: one LanceDB table of verified trajectories plus a small meta table that
// records the schema version and the embedder (tables.ts), opened by open.ts. Each job is a
// file of its own: remember.ts (remembering, absorbing), recall.ts (hybrid recall fused by
// RRF), admin.ts (records, pruning, indices, stats). The store holds the table and runs the
// writes that read, modify and write one at a time.
import './quiet-lancedb.js';
import type * as lancedb from '@lancedb/lancedb';
import { getRecord, listRecords, prune, reindex, stats, type MemoryStats } from './admin.js';
import type { Embedder } from './embed.js';
import { recall, type RecallMode } from './recall.js';
import { absorb, add, recordFailure, remember, upsert, type Outcomes } from './remember.js';
import type { MemoryRecord, Recollection, RememberOutcome, TaskLike, TrajectoryInput } from './types.js';

export class MemoryStore {
  /** remember() is read-modify-write: one at a time within a process. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly uri: string, private readonly db: lancedb.Connection, readonly table: lancedb.Table, readonly embedder: Embedder) {}

  /** Stores a verified trajectory, abstracted into slots; refuses one the checks did not verify. */
  remember(input: TrajectoryInput): Promise<RememberOutcome> {
    return this.inTurn(() => remember(this, input));
  }

  /**
   * Folds records in by the dedupe rule (dedupe.ts), as remember() does for a run: a record
   * matches a stored one (or an earlier one of the batch) by id, or by platform, app and
   * template. Returns how many were added, merged, replaced or kept.
   */
  absorb(records: MemoryRecord[]): Promise<Outcomes> {
    return this.inTurn(() => absorb(this, records));
  }

  /** A replay of the record lost the trail: it loses standing in recall (and in dedupe, see dedupe.ts). */
  recordFailure(id: string): Promise<void> {
    return this.inTurn(() => recordFailure(this, id));
  }

  private inTurn<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Insert or replace by id, and delete the `drop` ids, in one commit (remember.ts). */
  upsert(records: MemoryRecord[], drop: string[] = []): Promise<void> {
    return upsert(this, records, drop);
  }

  /** Appends records that are known to be new (bulk loads). */
  add(records: MemoryRecord[], vectors?: Float32Array[]): Promise<void> {
    return add(this, records, vectors);
  }

  /** Top-k verified trajectories for a task, each with its slot mapping (recall.ts). */
  recall(task: TaskLike, k: number, opts: { mode?: RecallMode } = {}): Promise<Recollection[]> {
    return recall(this, task, k, opts);
  }

  get(id: string): Promise<MemoryRecord | undefined> {
    return getRecord(this, id);
  }

  list(opts: { app?: string; platform?: string; limit?: number } = {}): Promise<MemoryRecord[]> {
    return listRecords(this, opts);
  }

  count(filter?: string): Promise<number> {
    return this.table.countRows(filter);
  }

  /** Deletes by age, app or id (all given conditions must hold); returns how many went. */
  prune(opts: { olderThanDays?: number; app?: string; id?: string; now?: Date }): Promise<number> {
    return prune(this, opts);
  }

  /** Creates the vector index once the table is large enough, and folds new rows into the indices. */
  reindex(): Promise<void> {
    return reindex(this);
  }

  stats(): Promise<MemoryStats> {
    return stats(this);
  }

  close(): void {
    this.table.close();
    this.db.close();
  }
}
