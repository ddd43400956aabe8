// The memory store: one LanceDB table of verified trajectories plus a small meta table
// that records the schema version and the embedder (id, dims). This file owns opening,
// remembering (abstraction, dedupe) and recalling (hybrid search, slot mapping).
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import * as lancedb from '@lancedb/lancedb';
import { redact, secretNames } from '../tasks/secrets.js';
import { mapStrings } from '../tasks/template.js';
import { embedderFromEnv, normalizeForEmbedding, type Embedder } from './embed.js';
import { isRemote, memoryUri } from './location.js';
import { META_TABLE, SCHEMA_VERSION, TABLE, embeddingText, fromRow, metaSchema, sql, toRow, trajectorySchema, vectorOf, type Row } from './records.js';
import { abstractSteps, declaredSlots, inferSlots } from './slots.js';
import { matchTemplate, placeholderName, tokenize } from './text.js';
import type { AbstractStep, MemoryRecord, Recollection, RememberOutcome, TaskLike, TrajectoryInput } from './types.js';

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
 * Vector index settings, from bench/memory.ts on this 2-core machine (hash-v1, 384 dims):
 * a flat scan gave hybrid p95 29 ms already at 10k rows, so from 5k rows an IVF_PQ index
 * (sqrt(n) partitions, 24 sub-vectors, sample rate 64) is built: 10k -> hybrid p95 16 ms;
 * 100k -> vector-only p50 6 ms, hybrid p50 22 ms, recall@5 1.0. 48 sub-vectors with the
 * default sampling took 305 s to build at 100k, these settings 119 s. nprobes 10 with a
 * refine factor of 5 kept recall@5 at 1.0. A bitmap index on `app` serves the prefilter.
 * Hybrid recall runs the vector and full-text searches at once and fuses them here (RRF):
 * at 100k rows p95 went from 30 ms (LanceDB's hybrid query, one search after the other)
 * to 24 ms, about the slower search (full text, p95 18 ms) rather than the sum.
 */
export const VECTOR_INDEX_MIN_ROWS = 5_000;
const NPROBES = 10;
const REFINE_FACTOR = 5;

export async function openMemory(opts: OpenMemoryOptions = {}): Promise<MemoryStore> {
  const uri = opts.uri && isRemote(opts.uri) ? opts.uri : memoryUri(opts.uri, opts.env ?? process.env);
  const embedder = opts.embedder ?? (await embedderFromEnv(opts.env));
  if (!isRemote(uri)) await mkdir(uri, { recursive: true });
  // Check for others' writes before every read locally; remote stores every 5 s.
  const db = await lancedb.connect(uri, { readConsistencyInterval: isRemote(uri) ? 5 : 0 });
  const names = await db.tableNames();
  if (names.includes(META_TABLE)) {
    const meta = Object.fromEntries((await (await db.openTable(META_TABLE)).query().toArray()).map((r) => [r.key, r.value]));
    if (Number(meta.schema_version) > SCHEMA_VERSION) {
      throw new MemoryError(`memory at ${uri} has schema version ${meta.schema_version}; this cairn reads up to ${SCHEMA_VERSION}: upgrade cairn`);
    }
    if (meta.embedder !== embedder.id || Number(meta.dims) !== embedder.dims) {
      throw new MemoryError(
        `memory at ${uri} was built with embedder "${meta.embedder}" (${meta.dims} dims), but the current embedder is ` +
          `"${embedder.id}" (${embedder.dims} dims). Use the same embedder (CAIRN_EMBED_MODEL unset means hash-v1), ` +
          'or export the memory and import it into a new store, which re-embeds it.',
      );
    }
  } else {
    const meta = await db.createEmptyTable(META_TABLE, metaSchema, { mode: 'create', existOk: true });
    await meta.add([
      { key: 'schema_version', value: String(SCHEMA_VERSION) },
      { key: 'embedder', value: embedder.id },
      { key: 'dims', value: String(embedder.dims) },
    ]);
  }
  const table = names.includes(TABLE)
    ? await db.openTable(TABLE)
    : await db.createEmptyTable(TABLE, trajectorySchema(embedder.dims), { mode: 'create', existOk: true });
  if (!(await table.listIndices()).some((i) => i.columns.includes('text'))) {
    await table.createIndex('text', { config: lancedb.Index.fts() });
  }
  return new MemoryStore(uri, db, table, embedder);
}

export function appOf(task: TaskLike): string {
  if (task.app) return task.app;
  if (task.platform === 'android') return (task.start?.app ?? '').split('/')[0]!;
  const url = task.start?.url;
  if (!url) return '';
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** The goal a task is searched by: its template when it declares params, else the goal itself. */
function queryTemplate(task: TaskLike): string {
  const t = task.goal_template;
  return t && Object.keys(declaredSlots(t, task.params ?? {})).length ? t : task.goal;
}

function hasSlots(template: string): boolean {
  return tokenize(template).some((t) => placeholderName(t.text) && !placeholderName(t.text)!.startsWith('secret:'));
}

/** Steps compared for dedupe: what is done to what, not element ids, positions or screens. */
function signature(steps: AbstractStep[]): string {
  return JSON.stringify(steps.map((s) => [{ ...s.action, target: undefined }, s.target?.role, s.target?.name]));
}

function recordId(platform: string, app: string, template: string): string {
  return createHash('sha256').update(`${platform}\n${app}\n${template}`).digest('hex').slice(0, 12);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i]! * b[i]!; na += a[i]! * a[i]!; nb += b[i]! * b[i]!; }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export class MemoryStore {
  /** remember() is read-modify-write: one at a time within a process. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly uri: string, private readonly db: lancedb.Connection, readonly table: lancedb.Table, readonly embedder: Embedder) {}

  /** Stores a verified trajectory, abstracted into slots; refuses one the checks did not verify. */
  remember(input: TrajectoryInput): Promise<RememberOutcome> {
    const run = this.queue.then(() => this.rememberNow(input));
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
    let template = task.goal_template ?? task.goal;
    let slots: Record<string, string>;
    if (hasSlots(template)) {
      slots = declaredSlots(template, task.params ?? {});
    } else {
      const neighbours = (await this.recall({ ...task, goal_template: task.goal, params: {} }, 5)).map((r) => r.record);
      ({ template, slots } = inferSlots(task.goal, neighbours, rawSteps));
    }
    const steps = abstractSteps(rawSteps, slots);
    const id = recordId(platform, app, template);
    const existing = await this.get(id);
    const fresh: MemoryRecord = {
      id, goal: task.goal, goal_template: template, slots, platform, app, steps, step_count: steps.length,
      provenance: { run_id: input.run_id, source: input.source, verifier: input.verifier },
      created_at: new Date().toISOString(), hits: 1,
    };
    if (!existing) {
      await this.upsert([fresh]);
      return { kind: 'added', id };
    }
    const hits = existing.hits + 1;
    if (signature(existing.steps) === signature(steps)) {
      await this.table.update({ where: `id = ${sql(id)}`, values: { hits } });
      return { kind: 'merged', id, hits };
    }
    if (steps.length < existing.step_count) {
      await this.upsert([{ ...fresh, hits }]);
      return { kind: 'replaced', id, hits, previous_steps: existing.step_count };
    }
    await this.table.update({ where: `id = ${sql(id)}`, values: { hits } });
    return { kind: 'kept', id, hits };
  }

  /** Insert or replace by id in one commit, so a reader sees the old record or the new, never neither. */
  async upsert(records: MemoryRecord[]): Promise<void> {
    if (!records.length) return;
    const vectors = await this.embedder.embed(records.map((r) => embeddingText(r.goal_template)));
    const rows = records.map((r, i) => toRow(r, vectors[i]!));
    await this.table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows);
  }

  /** Appends records that are known to be new (bulk loads). */
  async add(records: MemoryRecord[], vectors?: Float32Array[]): Promise<void> {
    if (!records.length) return;
    const vs = vectors ?? (await this.embedder.embed(records.map((r) => embeddingText(r.goal_template))));
    await this.table.add(records.map((r, i) => toRow(r, vs[i]!)));
  }

  /** Top-k verified trajectories for a task, filtered by its platform and app, each with its slot mapping. */
  async recall(task: TaskLike, k: number, opts: { mode?: RecallMode } = {}): Promise<Recollection[]> {
    if (!Number.isInteger(k) || k < 1) throw new MemoryError(`recall: k must be a whole number >= 1, got ${k}`);
    const mode = opts.mode ?? 'hybrid';
    const text = queryTemplate(task);
    const where = this.filterFor(task);
    const [vector] = mode === 'fts' ? [undefined] : await this.embedder.embed([embeddingText(text)]);
    const fts = normalizeForEmbedding(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const wide = Math.max(k * 2, 10);
    const filtered = <Q extends { where(w: string): Q }>(q: Q): Q => (where ? q.where(where) : q);
    const vectorQuery = () => filtered(this.table.query().nearestTo(vector!).distanceType('cosine').nprobes(NPROBES).refineFactor(REFINE_FACTOR));
    let rows: Row[];
    if (mode === 'fts') {
      if (!fts) return [];
      rows = (await filtered(this.table.query().fullTextSearch(fts)).limit(k).toArray()) as Row[];
    } else if (mode === 'hybrid' && fts) {
      // Both searches at once, fused here by RRF: about the slower of the two, not their sum.
      const [byVector, byText] = await Promise.all([
        vectorQuery().limit(wide).toArray() as Promise<Row[]>,
        filtered(this.table.query().fullTextSearch(fts)).limit(wide).toArray() as Promise<Row[]>,
      ]);
      rows = fuseByRank([byVector, byText]);
    } else {
      rows = (await vectorQuery().limit(k).toArray()) as Row[];
    }
    return rows.slice(0, k).map((row) => {
      const record = fromRow(row);
      const score = Number(row._relevance_score ?? (row._distance !== undefined ? 1 - Number(row._distance) : row._score ?? 0));
      return { record, score, similarity: vector ? cosine(vector, vectorOf(row)) : 0, ...mapSlots(record, task) };
    });
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
    let q = this.table.query().select(['id', 'goal', 'goal_template', 'slots', 'platform', 'app', 'steps', 'step_count', 'run_id', 'source', 'verifier', 'created_at', 'hits']);
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
    if (rows >= VECTOR_INDEX_MIN_ROWS && !indices.some((i) => i.columns.includes('app'))) {
      await this.table.createIndex('app', { config: lancedb.Index.bitmap() });
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

/** Reciprocal rank fusion (k = 60, as LanceDB's RRFReranker): a row's score sums 1/(60 + rank) over the lists it is in. */
function fuseByRank(lists: Row[][]): Row[] {
  const fused = new Map<string, Row>();
  for (const list of lists) {
    list.forEach((row, rank) => {
      const id = String(row.id);
      const seen = fused.get(id);
      const score = Number(seen?._relevance_score ?? 0) + 1 / (60 + rank + 1);
      fused.set(id, { ...(seen ?? row), _relevance_score: score } as Row);
    });
  }
  return [...fused.values()].sort((a, b) => Number(b._relevance_score) - Number(a._relevance_score));
}
