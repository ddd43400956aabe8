// The memory store: one LanceDB table of verified trajectories plus a small meta table
// that records the schema version and the embedder (id, dims). This file owns opening (the
// tables themselves: tables.ts), remembering (abstraction, dedupe) and recalling (hybrid
// search, slot mapping).
import './quiet-lancedb.js';
import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import * as lancedb from '@lancedb/lancedb';
import { originOf } from '../common/url.js';
import { redact, secretNames } from '../tasks/secrets.js';
import { mapStrings } from '../tasks/template.js';
import { generalise } from './align.js';
import { alignRecords, mergeRecords, recordId } from './dedupe.js';
import { embedderFromEnv, type Embedder } from './embed.js';
import { connectMemory, isRemote, memoryUri } from './location.js';
import { cosine, fuseByRank, rankForTask } from './rank.js';
import { RECORD_COLUMNS, SCHEMA_VERSION, embeddingText, fromRow, ftsQuery, sql, toRow, vectorOf, type Row } from './records.js';
import { checkEmbedder, ensureTextIndex, metaIsWhole, readMeta, trajectoryTable, upgrade, writeMeta } from './tables.js';
import { concreteSteps, declaredSlots, inferSlots } from './slots.js';
import { matchTemplate, placeholderName, tokenize } from './text.js';
import type { Instance, MemoryRecord, Recollection, RememberOutcome, TaskLike, TrajectoryInput } from './types.js';

export class MemoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryError';
  }
}

export type RecallMode = 'hybrid' | 'vector' | 'fts';

export interface OpenMemoryOptions {
  /** A directory or LanceDB URI; default from CAIRN_MEMORY or `.cairn/memory` (see location.ts). */
  uri?: string;
  /** Default from the environment (see embedderFromEnv). */
  embedder?: Embedder;
  env?: NodeJS.ProcessEnv;
}

/**
 * Index settings, from bench/memory.ts on this 2-core machine (hash-v1, 384 dims): a flat
 * scan gave hybrid p95 29 ms already at 10k rows, so from 5k rows an IVF_PQ index (sqrt(n)
 * partitions, 24 sub-vectors, sample rate 64) is built; 48 sub-vectors with the default
 * sampling took 305 s to build at 100k, these settings 119 s. nprobes 10 with a refine factor
 * of 5 keep recall@5 at 1.0 (5 or 20 probes, refine 1 to 10 changed no latency).
 * Bitmap indices on `app` and `platform` serve the prefilter of both searches. Without the one
 * on `platform` each search scanned that column: at 100k hybrid p50/p95 were 18/27 ms (vector
 * p50 10, full text 14); with it 12/17 ms (vector 6, full text 6), recall@1 0.9 and recall@5
 * 1.0 as before. Dropping `slot` from the full-text query (see ftsQuery) saves about 1 ms more.
 * Hybrid recall runs both searches at once and fuses them here (RRF). Tried without gain:
 * prewarming the indices, reading fewer columns, 5 instead of 10 candidates per search.
 * Latency on this shared machine swings with the other work on it (p95 of the same build
 * measured from 17 to 31 ms under a load average of 8); p50 is the steadier figure.
 */
export const VECTOR_INDEX_MIN_ROWS = 5_000;
const NPROBES = 10;
const REFINE_FACTOR = 5;

export async function openMemory(opts: OpenMemoryOptions = {}): Promise<MemoryStore> {
  const uri = opts.uri && isRemote(opts.uri) ? opts.uri : memoryUri(opts.uri, opts.env ?? process.env);
  const embedder = opts.embedder ?? (await embedderFromEnv(opts.env));
  if (!isRemote(uri)) await mkdir(uri, { recursive: true });
  const db = await connectMemory(uri, opts.env ?? process.env);
  // Safe when other processes open the same fresh memory at once, and after a kill (tables.ts);
  // a commit another process made first is read again, as LanceDB asks.
  for (let attempt = 1; ; attempt++) {
    try {
      return await openTables(uri, db, embedder);
    } catch (e) {
      if (attempt >= OPEN_TRIES || !/retryable commit conflict|preempted/i.test((e as Error).message)) throw e;
      await sleep(20 + Math.random() * 80 * attempt);
    }
  }
}

const OPEN_TRIES = 5;

async function openTables(uri: string, db: lancedb.Connection, embedder: Embedder): Promise<MemoryStore> {
  const meta = await readMeta(db);
  if (Number(meta?.schema_version) > SCHEMA_VERSION) {
    throw new MemoryError(`memory at ${uri} has schema version ${meta!.schema_version}; this cairn reads up to ${SCHEMA_VERSION}: upgrade cairn`);
  }
  const check = await checkEmbedder(db, meta, embedder);
  if (!check.ok) throw new MemoryError(`memory at ${uri} ${check.problem}${metaIsWhole(meta) ? '' : ' `cairn memory doctor` says more.'}`);
  if (!metaIsWhole(meta)) {
    await writeMeta(db, embedder, meta ? 'overwrite' : 'create');
    // A concurrent first open may have created it first, maybe with another embedder: what it wrote stands.
    const written = await checkEmbedder(db, await readMeta(db), embedder);
    if (!written.ok) throw new MemoryError(`memory at ${uri} ${written.problem}`);
  }
  const table = await trajectoryTable(db, embedder.dims);
  await upgrade(db, table);
  await ensureTextIndex(table);
  return new MemoryStore(uri, db, table, embedder);
}

export function appOf(task: TaskLike): string {
  if (task.app) return task.app;
  if (task.platform === 'android') return (task.start?.app ?? '').split('/')[0]!;
  const url = task.start?.url;
  if (!url) return '';
  return originOf(url) ?? url;
}

/** The goal a task is searched by: its template when it declares params, else the goal itself. */
function queryTemplate(task: TaskLike): string {
  const t = task.goal_template;
  return t && Object.keys(declaredSlots(t, task.params ?? {})).length ? t : task.goal;
}

function hasSlots(template: string): boolean {
  return tokenize(template).some((t) => placeholderName(t.text) && !placeholderName(t.text)!.startsWith('secret:'));
}

export type Outcomes = Record<RememberOutcome['kind'], number>;


export class MemoryStore {
  /** remember() is read-modify-write: one at a time within a process. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly uri: string, private readonly db: lancedb.Connection, readonly table: lancedb.Table, readonly embedder: Embedder) {}

  /** Stores a verified trajectory, abstracted into slots; refuses one the checks did not verify. */
  remember(input: TrajectoryInput): Promise<RememberOutcome> {
    return this.inTurn(() => this.rememberNow(input));
  }

  /**
   * Folds records in by the dedupe rule (dedupe.ts), as remember() does for a run: a record
   * matches a stored one (or an earlier one of the batch) by id, or by platform, app and
   * template. Returns how many were added, merged, replaced or kept.
   */
  absorb(records: MemoryRecord[]): Promise<Outcomes> {
    return this.inTurn(() => this.absorbNow(records));
  }

  private inTurn<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async rememberNow(input: TrajectoryInput): Promise<RememberOutcome> {
    if (input.verified !== true) {
      throw new MemoryError(`refused to remember "${input.task.goal}": only trajectories verified by the task's checks are stored (verified=${String(input.verified)})`);
    }
    // Placeholders stay; a secret's value that leaked into any text is put back as its placeholder.
    const names = secretNames(JSON.stringify(input));
    const clean = mapStrings({ task: input.task, steps: input.steps }, (s) => redact(s, names));
    const { task, steps: rawSteps } = clean;
    const platform = input.task.platform;
    const app = appOf(task);
    const template = task.goal_template ?? task.goal;
    const declared = hasSlots(template) ? { template, slots: declaredSlots(template, task.params ?? {}) } : undefined;
    const instance: Instance = { goal: task.goal, ...(declared ? { declared } : {}), steps: concreteSteps(rawSteps) };
    let neighbours: MemoryRecord[] = [];
    let hint: string | undefined;
    if (!declared) {
      neighbours = (await this.recall({ ...task, goal_template: task.goal, params: {} }, 5)).map((r) => r.record);
      hint = inferSlots(task.goal, neighbours, rawSteps).template;
    }
    const g = generalise([instance], hint) ?? generalise([instance])!;
    const fresh: MemoryRecord = {
      id: recordId(platform, app, g.template, task.id), goal: task.goal, goal_template: g.template, slots: g.slots, platform, app, steps: g.steps, step_count: g.steps.length,
      provenance: { run_id: input.run_id, source: input.source, verifier: input.verifier },
      created_at: new Date().toISOString(), hits: 1, failures: 0, task_id: task.id ?? '', instances: [instance],
    };
    const stored = (await this.get(fresh.id)) ?? (await this.ofTemplate(fresh));
    let { record, outcome } = stored ? mergeRecords(stored, fresh) : { record: fresh, outcome: { kind: 'added', id: fresh.id } as RememberOutcome };
    if (outcome.kind === 'kept') {
      await this.table.update({ where: `id = ${sql(record.id)}`, values: { hits: record.hits } });
      return outcome;
    }
    // Other records of this task or of a similar goal that this run shows to be instances of the
    // same template join it, oldest first.
    const others = [...(task.id ? (await this.taskRows({ ...task, id: task.id }, 20)).map(fromRow) : []), ...neighbours]
      .filter((c, i, all) => c.id !== record.id && c.platform === platform && c.app === app && all.findIndex((x) => x.id === c.id) === i)
      .sort((a, b) => a.created_at.localeCompare(b.created_at));
    const absorbed: string[] = [];
    for (const c of others) {
      const [earlier, later] = c.created_at <= record.created_at ? [c, record] : [record, c];
      const joined = alignRecords(earlier, later);
      if (!joined) continue;
      record = { ...joined, id: record.id };
      absorbed.push(c.id);
    }
    const id = recordId(platform, app, record.goal_template, record.task_id);
    const holder = id !== record.id && !absorbed.includes(id) ? await this.get(id) : undefined;
    const drop = [...absorbed, record.id].filter((x) => x !== id);
    record = holder ? mergeRecords(holder, record).record : { ...record, id };
    outcome = absorbed.length || holder ? { kind: 'merged', id, hits: record.hits } : { ...outcome, id };
    await this.upsert([record], drop);
    return outcome;
  }

  /** A record of the same platform, app, template and task kept under another id (imported, or from an older cairn). */
  private async ofTemplate(r: MemoryRecord): Promise<MemoryRecord | undefined> {
    const where = `platform = ${sql(r.platform)} AND app = ${sql(r.app)} AND goal_template = ${sql(r.goal_template)} AND task_id = ${sql(r.task_id)}`;
    const [row] = await this.table.query().where(where).select(RECORD_COLUMNS).limit(1).toArray();
    return row ? fromRow(row as Row) : undefined;
  }

  /** Rows of the task's records (its suite task id, on its platform and app). */
  private taskRows(task: TaskLike & { id: string }, limit: number): Promise<Row[]> {
    return this.table.query().where([this.filterFor(task), `task_id = ${sql(task.id)}`].filter(Boolean).join(' AND ')).limit(limit).toArray() as Promise<Row[]>;
  }

  /** A replay of the record lost the trail: it loses standing in recall (and in dedupe, see dedupe.ts). */
  recordFailure(id: string): Promise<void> {
    return this.inTurn(async () => {
      await this.table.update({ where: `id = ${sql(id)}`, valuesSql: { failures: 'CAST(COALESCE(failures, 0) + 1 AS INT)' } });
    });
  }

  private async absorbNow(records: MemoryRecord[]): Promise<Outcomes> {
    const counts: Outcomes = { added: 0, merged: 0, replaced: 0, kept: 0 };
    const byId = new Map<string, MemoryRecord>();
    const byTemplate = new Map<string, MemoryRecord>();
    const hold = (r: MemoryRecord) => { byId.set(r.id, r); byTemplate.set(recordId(r.platform, r.app, r.goal_template, r.task_id), r); };
    (await this.storedLike(records)).forEach(hold);
    const changed = new Map<string, MemoryRecord>();
    for (const r of records) {
      const stored = byId.get(r.id) ?? byTemplate.get(recordId(r.platform, r.app, r.goal_template, r.task_id));
      const { record, outcome } = stored ? mergeRecords(stored, r) : { record: r, outcome: { kind: 'added' as const } };
      counts[outcome.kind]++;
      hold(record);
      changed.set(record.id, record);
    }
    await this.upsert([...changed.values()]);
    return counts;
  }

  /** Stored records with the ids or templates of the given ones. */
  private async storedLike(records: MemoryRecord[]): Promise<MemoryRecord[]> {
    const out: MemoryRecord[] = [];
    for (let i = 0; i < records.length; i += 500) {
      const chunk = records.slice(i, i + 500);
      const list = (xs: string[]) => [...new Set(xs)].map(sql).join(', ');
      const where = `id IN (${list(chunk.map((r) => r.id))}) OR goal_template IN (${list(chunk.map((r) => r.goal_template))})`;
      out.push(...((await this.table.query().where(where).select(RECORD_COLUMNS).toArray()) as Row[]).map(fromRow));
    }
    return out;
  }

  /**
   * Insert or replace by id, and delete the `drop` ids, in one commit: a reader sees the old
   * records or the new, never neither.
   */
  async upsert(records: MemoryRecord[], drop: string[] = []): Promise<void> {
    if (!records.length) return;
    const vectors = await this.embedder.embed(records.map((r) => embeddingText(r.goal_template)));
    const rows = records.map((r, i) => toRow(r, vectors[i]!));
    const merge = this.table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll();
    await (drop.length ? merge.whenNotMatchedBySourceDelete({ where: `id IN (${drop.map(sql).join(', ')})` }) : merge).execute(rows);
  }

  /** Appends records that are known to be new (bulk loads). */
  async add(records: MemoryRecord[], vectors?: Float32Array[]): Promise<void> {
    if (!records.length) return;
    const vs = vectors ?? (await this.embedder.embed(records.map((r) => embeddingText(r.goal_template))));
    await this.table.add(records.map((r, i) => toRow(r, vs[i]!)));
  }

  /**
   * Top-k verified trajectories for a task, filtered by its platform and app, each with its slot
   * mapping. Records of the same suite task come first, then records that fit the goal (its shape,
   * and instantiate() fills them) by standing (what works first), then the rest by relevance.
   */
  async recall(task: TaskLike, k: number, opts: { mode?: RecallMode } = {}): Promise<Recollection[]> {
    if (!Number.isInteger(k) || k < 1) throw new MemoryError(`recall: k must be a whole number >= 1, got ${k}`);
    const mode = opts.mode ?? 'hybrid';
    const text = queryTemplate(task);
    const where = this.filterFor(task);
    const [vector] = mode === 'fts' ? [undefined] : await this.embedder.embed([embeddingText(text)]);
    const fts = ftsQuery(text);
    const wide = Math.max(k * 2, 10);
    const filtered = <Q extends { where(w: string): Q }>(q: Q): Q => (where ? q.where(where) : q);
    const vectorQuery = () => filtered(this.table.query().nearestTo(vector!).distanceType('cosine').nprobes(NPROBES).refineFactor(REFINE_FACTOR));
    // The task's own records, fetched alongside the searches: they come first even when neither ranks them.
    const own = task.id ? this.taskRows({ ...task, id: task.id }, wide) : Promise.resolve([]);
    own.catch(() => undefined); // awaited below; when a search throws first, its failure must not go unhandled
    let rows: Row[];
    if (mode === 'fts') {
      rows = fts ? ((await filtered(this.table.query().fullTextSearch(fts)).limit(wide).toArray()) as Row[]) : [];
    } else if (mode === 'hybrid' && fts) {
      // Both searches at once, fused here by RRF: about the slower of the two, not their sum.
      const [byVector, byText] = await Promise.all([
        vectorQuery().limit(wide).toArray() as Promise<Row[]>,
        filtered(this.table.query().fullTextSearch(fts)).limit(wide).toArray() as Promise<Row[]>,
      ]);
      rows = fuseByRank([byVector, byText]);
    } else {
      rows = (await vectorQuery().limit(wide).toArray()) as Row[];
    }
    const seen = new Set(rows.map((r) => String(r.id)));
    rows = [...rows, ...(await own).filter((r) => !seen.has(String(r.id)))];
    const recollections = rows.map((row): Recollection => {
      const record = fromRow(row);
      const score = Number(row._relevance_score ?? (row._distance !== undefined ? 1 - Number(row._distance) : row._score ?? 0));
      return { record, score, similarity: vector ? cosine(vector, vectorOf(row)) : 0, ...mapSlots(record, task) };
    });
    return rankForTask(recollections, task).slice(0, k);
  }

  private filterFor(task: TaskLike): string | undefined {
    const parts: string[] = [];
    if (task.platform) parts.push(`platform = ${sql(task.platform)}`);
    const app = appOf(task);
    if (app) parts.push(`app = ${sql(app)}`);
    return parts.length ? parts.join(' AND ') : undefined;
  }

  async get(id: string): Promise<MemoryRecord | undefined> {
    const [row] = await this.table.query().where(`id = ${sql(id)}`).limit(1).toArray();
    return row ? fromRow(row as Row) : undefined;
  }

  async list(opts: { app?: string; platform?: string; limit?: number } = {}): Promise<MemoryRecord[]> {
    const parts = [opts.app ? `app = ${sql(opts.app)}` : '', opts.platform ? `platform = ${sql(opts.platform)}` : ''].filter(Boolean);
    let q = this.table.query().select(RECORD_COLUMNS);
    if (parts.length) q = q.where(parts.join(' AND '));
    if (opts.limit) q = q.limit(opts.limit);
    const rows = (await q.toArray()) as Row[];
    return rows.map(fromRow).sort((a, b) => b.created_at.localeCompare(a.created_at));
  }

  async count(filter?: string): Promise<number> {
    return this.table.countRows(filter);
  }

  /** Deletes by age, app or id (all given conditions must hold); returns how many went. */
  async prune(opts: { olderThanDays?: number; app?: string; id?: string; now?: Date }): Promise<number> {
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
    const n = await this.table.countRows(where);
    if (n) await this.table.delete(where);
    return n;
  }

  /** Creates the vector index once the table is large enough, and folds new rows into the indices. */
  async reindex(): Promise<void> {
    const rows = await this.table.countRows();
    const indices = await this.table.listIndices();
    if (rows >= VECTOR_INDEX_MIN_ROWS && !indices.some((i) => i.columns.includes('vector'))) {
      await this.table.createIndex('vector', {
        config: lancedb.Index.ivfPq({ distanceType: 'cosine', numPartitions: Math.round(Math.sqrt(rows)), numSubVectors: this.embedder.dims / 16, sampleRate: 64, maxIterations: 20 }),
      });
    }
    for (const column of ['app', 'platform']) {
      if (rows >= VECTOR_INDEX_MIN_ROWS && !indices.some((i) => i.columns.includes(column))) {
        await this.table.createIndex(column, { config: lancedb.Index.bitmap() });
      }
    }
    await this.table.optimize();
  }

  async stats(): Promise<{ uri: string; records: number; hits: number; by_app: Record<string, number>; embedder: string; dims: number; schema_version: number; indices: string[] }> {
    const rows = await this.table.query().select(['app', 'platform', 'hits']).toArray();
    const byApp: Record<string, number> = {};
    let hits = 0;
    for (const r of rows) {
      const key = `${r.platform} ${r.app}`;
      byApp[key] = (byApp[key] ?? 0) + 1;
      hits += Number(r.hits);
    }
    const indices = (await this.table.listIndices()).map((i) => `${i.columns.join(',')}: ${i.indexType}`);
    return { uri: this.uri, records: rows.length, hits, by_app: byApp, embedder: this.embedder.id, dims: this.embedder.dims, schema_version: SCHEMA_VERSION, indices };
  }

  close(): void {
    this.table.close();
    this.db.close();
  }
}

/** Template slot -> the new task's value: by declared param name, else by aligning the goal with the template. */
export function mapSlots(record: Pick<MemoryRecord, 'goal_template' | 'slots'>, task: TaskLike): { slots: Record<string, string>; missing: string[] } {
  const names = [...new Set([...Object.keys(record.slots), ...tokenize(record.goal_template).map((t) => placeholderName(t.text)).filter((n): n is string => !!n && !n.startsWith('secret:'))])];
  const aligned = matchTemplate(record.goal_template, task.goal) ?? {};
  const slots: Record<string, string> = {};
  const missing: string[] = [];
  for (const n of names) {
    const v = task.params?.[n] ?? aligned[n];
    if (v === undefined) missing.push(n);
    else slots[n] = v;
  }
  return { slots, missing };
}
