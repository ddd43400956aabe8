// The order of recalled records: records of the same suite task first, then those that fit
// the goal (its shape, and instantiate() fills them): one that succeeded on this very goal
// first (a literal record beats a template that may not know how this value is shown), then by
// standing (what works first); then the rest by relevance (rank fusion of the two searches).
import { fill } from '../contract/index.js';
import { instantiate } from './instantiate.js';
import type { Row } from './records.js';
import type { Recollection, TaskLike } from './types.js';

/** Relevance-ordered recollections in the order recall returns them. */
export function rankForTask(recollections: Recollection[], task: TaskLike): Recollection[] {
  const ranked = recollections.map((rec, rank) => ({
    rec, rank,
    sameTask: task.id !== undefined && rec.record.task_id === task.id,
    fits: fitsTask(rec, task),
    seen: rec.record.instances.some((i) => same(i.goal, task.goal)),
    standing: standing(rec.record),
  }));
  ranked.sort((a, b) => Number(b.sameTask) - Number(a.sameTask) || Number(b.fits) - Number(a.fits)
    || (a.fits && b.fits ? Number(b.seen) - Number(a.seen) || b.standing - a.standing : 0) || a.rank - b.rank);
  return ranked.map((r) => r.rec);
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** How often a record worked, smoothed: a new record stands at 2/3, one that failed as often as it worked at 1/2. */
export function standing(r: { hits: number; failures: number }): number {
  return (r.hits + 1) / (r.hits + r.failures + 2);
}

/** The record has the goal's shape (its template, or filled it reads as the goal) and fills for its values. */
export function fitsTask(r: Recollection, task: Pick<TaskLike, 'goal' | 'goal_template'>): boolean {
  if (r.missing.length) return false;
  const shape = task.goal_template === r.record.goal_template || fill(r.record.goal_template, r.slots).trim().toLowerCase() === task.goal.trim().toLowerCase();
  return shape && instantiate(r.record, r.slots) !== undefined;
}

/** Reciprocal rank fusion (k = 60, as LanceDB's RRFReranker): a row's score sums 1/(60 + rank) over the lists it is in. */
export function fuseByRank(lists: Row[][]): Row[] {
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

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i]! * b[i]!; na += a[i]! * a[i]!; nb += b[i]! * b[i]!; }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
