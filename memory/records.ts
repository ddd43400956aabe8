// The table's columns and the conversion between rows and MemoryRecords. Nested parts
// (steps, slots, instances) are JSON text columns: they are read whole, never filtered on.
// Schema 2 added task_id, failures and instances; a table of schema 1 gains them on open
// (see UPGRADE_COLUMNS), its records reading as one instance each.
import { Field, FixedSizeList, Float32, Int32, Schema, Utf8 } from 'apache-arrow';
import { normalizeForEmbedding } from './embed.js';
import { fillDeep } from '../contract/index.js';
import { slotNames } from './instantiate.js';
import type { Instance, MemoryRecord } from './types.js';

export const SCHEMA_VERSION = 2;
export const TABLE = 'trajectories';
export const META_TABLE = 'cairn_meta';

export function trajectorySchema(dims: number): Schema {
  const text = (name: string) => new Field(name, new Utf8(), false);
  return new Schema([
    text('id'), text('goal'), text('goal_template'), text('slots'), text('platform'), text('app'), text('steps'),
    new Field('step_count', new Int32(), false),
    text('run_id'), text('source'), text('verifier'), text('created_at'),
    new Field('hits', new Int32(), false),
    text('text'),
    new Field('failures', new Int32(), true), new Field('task_id', new Utf8(), true), new Field('instances', new Utf8(), true),
    new Field('vector', new FixedSizeList(dims, new Field('item', new Float32(), true)), false),
  ]);
}

/** Columns schema 2 added, with the value old rows take (SQL): LanceDB's addColumns. */
export const UPGRADE_COLUMNS = [
  { name: 'failures', valueSql: 'CAST(0 AS INT)' },
  { name: 'task_id', valueSql: "''" },
  { name: 'instances', valueSql: "'[]'" },
];

export const metaSchema = new Schema([new Field('key', new Utf8(), false), new Field('value', new Utf8(), false)]);

export type Row = Record<string, unknown>;

/** The columns a MemoryRecord is read from (not the vector, not the search text). */
export const RECORD_COLUMNS = ['id', 'goal', 'goal_template', 'slots', 'platform', 'app', 'steps', 'step_count', 'run_id', 'source', 'verifier', 'created_at', 'hits', 'failures', 'task_id', 'instances'];

/** What the full-text index sees: the goal template and the screens passed through. */
export function searchText(r: Pick<MemoryRecord, 'goal_template' | 'steps'>): string {
  const screens = [...new Set(r.steps.map((s) => s.screen))];
  return [normalizeForEmbedding(r.goal_template), ...screens].join('\n');
}

/**
 * The full-text query for a goal: its words, without `slot` (what placeholders, quoted values
 * and numbers normalise to). Nearly every record has it, so it ranks nothing and only makes the
 * search walk the longest posting list.
 */
export function ftsQuery(goal: string): string {
  return (normalizeForEmbedding(goal).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w !== 'slot').join(' ');
}

/** The text a record's vector is made from; a query is embedded from the same kind of text. */
export function embeddingText(goalTemplate: string): string {
  return goalTemplate;
}

export function toRow(r: MemoryRecord, vector: Float32Array): Row {
  return {
    id: r.id, goal: r.goal, goal_template: r.goal_template, slots: JSON.stringify(r.slots), platform: r.platform, app: r.app,
    steps: JSON.stringify(r.steps), step_count: r.step_count, run_id: r.provenance.run_id, source: r.provenance.source,
    verifier: r.provenance.verifier, created_at: r.created_at, hits: r.hits, text: searchText(r),
    failures: r.failures, task_id: r.task_id, instances: JSON.stringify(r.instances), vector: Array.from(vector),
  };
}

export function fromRow(row: Row): MemoryRecord {
  const s = (k: string) => String(row[k]);
  const base = {
    id: s('id'), goal: s('goal'), goal_template: s('goal_template'), slots: JSON.parse(s('slots')),
    platform: s('platform') as MemoryRecord['platform'], app: s('app'), steps: JSON.parse(s('steps')),
    step_count: Number(row.step_count), provenance: { run_id: s('run_id'), source: s('source') as MemoryRecord['provenance']['source'], verifier: s('verifier') },
    created_at: s('created_at'), hits: Number(row.hits),
  };
  const instances = JSON.parse(String(row.instances ?? '[]')) as Instance[];
  return { ...base, failures: Number(row.failures ?? 0), task_id: String(row.task_id ?? ''), instances: instances.length ? instances : [instanceOf(base)] };
}

/** A record kept before instances were: the one success its goal, slots and steps describe. */
export function instanceOf(r: Pick<MemoryRecord, 'goal' | 'goal_template' | 'slots' | 'steps'>): Instance {
  const declared = slotNames(r).length ? { declared: { template: r.goal_template, slots: r.slots } } : {};
  return { goal: r.goal, ...declared, steps: fillDeep(r.steps, r.slots) };
}

export function vectorOf(row: Row): Float32Array {
  const v = row.vector as ArrayLike<number> | { toArray(): ArrayLike<number> };
  return Float32Array.from('toArray' in v ? v.toArray() : v);
}

/** A SQL string literal. */
export function sql(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
