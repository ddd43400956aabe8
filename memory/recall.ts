// Recall: the top-k verified trajectories for a task, filtered by its platform and app. Hybrid
// recall runs a vector search and a full-text search at once and fuses them by rank (RRF); the
// task's own records join them, and rank.ts orders the lot for the task. Each comes with its
// slot mapping: which value of the new task fills which slot of the record.
import type * as lancedb from '@lancedb/lancedb';
import { originOf } from '../common/url.js';
import { cosine, fuseByRank, rankForTask } from './rank.js';
import { embeddingText, fromRow, ftsQuery, sql, vectorOf, type Row } from './records.js';
import { declaredSlots } from './slots.js';
import type { MemoryStore } from './store.js';
import { matchTemplate, placeholderName, tokenize } from './text.js';
import { MemoryError, type MemoryRecord, type Recollection, type TaskLike } from './types.js';

export type RecallMode = 'hybrid' | 'vector' | 'fts';

/**
 * Index settings, from bench/memory.ts on this 2-core machine (hash-v1, 384 dims): a flat
 * scan gave hybrid p95 29 ms already at 10k rows, so from 5k rows an IVF_PQ index (sqrt(n)
 * partitions, 24 sub-vectors, sample rate 64) is built (admin.ts); 48 sub-vectors with the
 * default sampling took 305 s to build at 100k, these settings 119 s. nprobes 10 with a refine
 * factor of 5 keep recall@5 at 1.0 (5 or 20 probes, refine 1 to 10 changed no latency).
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

function filterFor(task: TaskLike): string | undefined {
  const parts: string[] = [];
  if (task.platform) parts.push(`platform = ${sql(task.platform)}`);
  const app = appOf(task);
  if (app) parts.push(`app = ${sql(app)}`);
  return parts.length ? parts.join(' AND ') : undefined;
}

/** Rows of the task's records (its suite task id, on its platform and app). */
export function taskRows(table: lancedb.Table, task: TaskLike & { id: string }, limit: number): Promise<Row[]> {
  return table.query().where([filterFor(task), `task_id = ${sql(task.id)}`].filter(Boolean).join(' AND ')).limit(limit).toArray() as Promise<Row[]>;
}

/**
 * Top-k verified trajectories for a task, filtered by its platform and app, each with its slot
 * mapping. Records of the same suite task come first, then records that fit the goal (its shape,
 * and instantiate() fills them) by standing (what works first), then the rest by relevance.
 */
export async function recall(store: MemoryStore, task: TaskLike, k: number, opts: { mode?: RecallMode } = {}): Promise<Recollection[]> {
  if (!Number.isInteger(k) || k < 1) throw new MemoryError(`recall: k must be a whole number >= 1, got ${k}`);
  const { table, embedder } = store;
  const mode = opts.mode ?? 'hybrid';
  const text = queryTemplate(task);
  const where = filterFor(task);
  const [vector] = mode === 'fts' ? [undefined] : await embedder.embed([embeddingText(text)]);
  const fts = ftsQuery(text);
  const wide = Math.max(k * 2, 10);
  const filtered = <Q extends { where(w: string): Q }>(q: Q): Q => (where ? q.where(where) : q);
  const vectorQuery = () => filtered(table.query().nearestTo(vector!).distanceType('cosine').nprobes(NPROBES).refineFactor(REFINE_FACTOR));
  // The task's own records, fetched alongside the searches: they come first even when neither ranks them.
  const own = task.id ? taskRows(table, { ...task, id: task.id }, wide) : Promise.resolve([]);
  own.catch(() => undefined); // awaited below; when a search throws first, its failure must not go unhandled
  let rows: Row[];
  if (mode === 'fts') {
    rows = fts ? ((await filtered(table.query().fullTextSearch(fts)).limit(wide).toArray()) as Row[]) : [];
  } else if (mode === 'hybrid' && fts) {
    // Both searches at once, fused here by RRF: about the slower of the two, not their sum.
    const [byVector, byText] = await Promise.all([
      vectorQuery().limit(wide).toArray() as Promise<Row[]>,
      filtered(table.query().fullTextSearch(fts)).limit(wide).toArray() as Promise<Row[]>,
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
