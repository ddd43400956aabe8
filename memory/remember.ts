// Remembering: a verified trajectory abstracted into a template with slots (align.ts, slots.ts)
// and folded into what is stored by the dedupe rule (dedupe.ts), joined with the records of its
// task or of similar goals it shows to be instances of the same template; absorbing: records
// from elsewhere (an import, a merge) folded in by the same rule. Secrets never reach a record.
import { mapStrings, redact, secretNames } from '../contract/index.js';
import { generalise } from './align.js';
import { alignRecords, mergeRecords, recordId } from './dedupe.js';
import { appOf, taskRows } from './recall.js';
import { RECORD_COLUMNS, embeddingText, fromRow, sql, toRow, type Row } from './records.js';
import { concreteSteps, declaredSlots, inferSlots } from './slots.js';
import type { MemoryStore } from './store.js';
import { placeholderName, tokenize } from './text.js';
import { MemoryError, type Instance, type MemoryRecord, type RememberOutcome, type TrajectoryInput } from './types.js';

export type Outcomes = Record<RememberOutcome['kind'], number>;

function hasSlots(template: string): boolean {
  return tokenize(template).some((t) => placeholderName(t.text) && !placeholderName(t.text)!.startsWith('secret:'));
}

export async function remember(store: MemoryStore, input: TrajectoryInput): Promise<RememberOutcome> {
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
    neighbours = (await store.recall({ ...task, goal_template: task.goal, params: {} }, 5)).map((r) => r.record);
    hint = inferSlots(task.goal, neighbours, rawSteps).template;
  }
  const g = generalise([instance], hint) ?? generalise([instance])!;
  const fresh: MemoryRecord = {
    id: recordId(platform, app, g.template, task.id), goal: task.goal, goal_template: g.template, slots: g.slots, platform, app, steps: g.steps, step_count: g.steps.length,
    provenance: { run_id: input.run_id, source: input.source, verifier: input.verifier },
    created_at: new Date().toISOString(), hits: 1, failures: 0, task_id: task.id ?? '', instances: [instance],
  };
  const stored = (await store.get(fresh.id)) ?? (await ofTemplate(store, fresh));
  let { record, outcome } = stored ? mergeRecords(stored, fresh) : { record: fresh, outcome: { kind: 'added', id: fresh.id } as RememberOutcome };
  if (outcome.kind === 'kept') {
    await store.table.update({ where: `id = ${sql(record.id)}`, values: { hits: record.hits } });
    return outcome;
  }
  // Other records of this task or of a similar goal that this run shows to be instances of the
  // same template join it, oldest first.
  const others = [...(task.id ? (await taskRows(store.table, { ...task, id: task.id }, 20)).map(fromRow) : []), ...neighbours]
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
  const holder = id !== record.id && !absorbed.includes(id) ? await store.get(id) : undefined;
  const drop = [...absorbed, record.id].filter((x) => x !== id);
  record = holder ? mergeRecords(holder, record).record : { ...record, id };
  outcome = absorbed.length || holder ? { kind: 'merged', id, hits: record.hits } : { ...outcome, id };
  await upsert(store, [record], drop);
  return outcome;
}

/** A record of the same platform, app, template and task kept under another id (imported, or from an older cairn). */
async function ofTemplate(store: MemoryStore, r: MemoryRecord): Promise<MemoryRecord | undefined> {
  const where = `platform = ${sql(r.platform)} AND app = ${sql(r.app)} AND goal_template = ${sql(r.goal_template)} AND task_id = ${sql(r.task_id)}`;
  const [row] = await store.table.query().where(where).select(RECORD_COLUMNS).limit(1).toArray();
  return row ? fromRow(row as Row) : undefined;
}

export async function absorb(store: MemoryStore, records: MemoryRecord[]): Promise<Outcomes> {
  const counts: Outcomes = { added: 0, merged: 0, replaced: 0, kept: 0 };
  const byId = new Map<string, MemoryRecord>();
  const byTemplate = new Map<string, MemoryRecord>();
  const hold = (r: MemoryRecord) => { byId.set(r.id, r); byTemplate.set(recordId(r.platform, r.app, r.goal_template, r.task_id), r); };
  (await storedLike(store, records)).forEach(hold);
  const changed = new Map<string, MemoryRecord>();
  for (const r of records) {
    const stored = byId.get(r.id) ?? byTemplate.get(recordId(r.platform, r.app, r.goal_template, r.task_id));
    const { record, outcome } = stored ? mergeRecords(stored, r) : { record: r, outcome: { kind: 'added' as const } };
    counts[outcome.kind]++;
    hold(record);
    changed.set(record.id, record);
  }
  await upsert(store, [...changed.values()]);
  return counts;
}

/** Stored records with the ids or templates of the given ones. */
async function storedLike(store: MemoryStore, records: MemoryRecord[]): Promise<MemoryRecord[]> {
  const out: MemoryRecord[] = [];
  for (let i = 0; i < records.length; i += 500) {
    const chunk = records.slice(i, i + 500);
    const list = (xs: string[]) => [...new Set(xs)].map(sql).join(', ');
    const where = `id IN (${list(chunk.map((r) => r.id))}) OR goal_template IN (${list(chunk.map((r) => r.goal_template))})`;
    out.push(...((await store.table.query().where(where).select(RECORD_COLUMNS).toArray()) as Row[]).map(fromRow));
  }
  return out;
}

/** A replay of the record lost the trail: it loses standing in recall (and in dedupe, see dedupe.ts). */
export async function recordFailure(store: MemoryStore, id: string): Promise<void> {
  await store.table.update({ where: `id = ${sql(id)}`, valuesSql: { failures: 'CAST(COALESCE(failures, 0) + 1 AS INT)' } });
}

/**
 * Insert or replace by id, and delete the `drop` ids, in one commit: a reader sees the old
 * records or the new, never neither.
 */
export async function upsert(store: MemoryStore, records: MemoryRecord[], drop: string[] = []): Promise<void> {
  if (!records.length) return;
  const vectors = await store.embedder.embed(records.map((r) => embeddingText(r.goal_template)));
  const rows = records.map((r, i) => toRow(r, vectors[i]!));
  const merge = store.table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll();
  await (drop.length ? merge.whenNotMatchedBySourceDelete({ where: `id IN (${drop.map(sql).join(', ')})` }) : merge).execute(rows);
}

/** Appends records that are known to be new (bulk loads). */
export async function add(store: MemoryStore, records: MemoryRecord[], vectors?: Float32Array[]): Promise<void> {
  if (!records.length) return;
  const vs = vectors ?? (await store.embedder.embed(records.map((r) => embeddingText(r.goal_template))));
  await store.table.add(records.map((r, i) => toRow(r, vs[i]!)));
}
