// Export and import as JSONL, one MemoryRecord a line, without vectors: import embeds the
// records again with the importing store's embedder, so a memory moves between embedders.
// Files from before schema 2 (no failures, task_id or instances) still import: each record
// is then its one instance.
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ActionSchema } from '../contract/index.js';
import type { Outcomes } from './remember.js';
import type { MemoryStore } from './store.js';
import { instanceOf } from './records.js';
import { MemoryError, type MemoryRecord } from './types.js';

const BBox = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
const Target = z.object({ role: z.string(), name: z.string(), attrs: z.record(z.string(), z.string()), bbox: BBox });
const Step = z.object({ action: ActionSchema, target: Target.optional(), to: Target.optional(), screen: z.string(), each: z.string().optional(), pinned: z.literal(true).optional() });
const Instance = z.object({
  goal: z.string(),
  declared: z.object({ template: z.string(), slots: z.record(z.string(), z.string()) }).optional(),
  steps: z.array(Step),
});
const RecordSchema = z.object({
  id: z.string().min(1),
  goal: z.string(),
  goal_template: z.string(),
  slots: z.record(z.string(), z.string()),
  platform: z.enum(['web', 'android']),
  app: z.string(),
  steps: z.array(Step),
  step_count: z.number().int().nonnegative(),
  provenance: z.object({ run_id: z.string(), source: z.enum(['explore', 'run', 'import', 'demonstration']), verifier: z.string() }),
  created_at: z.string(),
  hits: z.number().int().positive(),
  failures: z.number().int().nonnegative().default(0),
  task_id: z.string().default(''),
  instances: z.array(Instance).default([]),
});

/** `store`: an open store, or what readRecords() read from one that cannot be opened. */
export async function exportMemory(store: Pick<MemoryStore, 'list'>, file: string): Promise<number> {
  const records = await store.list();
  await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''));
  return records.length;
}

/**
 * Folds the file's records into the store by the dedupe rule, as remember() would, and
 * reindexes. Returns how many records were added, merged, replaced or kept (see dedupe.ts).
 */
export async function importMemory(store: MemoryStore, file: string): Promise<Outcomes> {
  const records = (await readExport(file)).map((r) => ({ ...r, provenance: { ...r.provenance, source: 'import' as const } }));
  const counts = await store.absorb(records);
  await store.reindex();
  return counts;
}

/** The records of an export file, each with its instances (a record of before schema 2 is its one instance). */
export async function readExport(file: string): Promise<MemoryRecord[]> {
  const records: MemoryRecord[] = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw new MemoryError(`${file}:${n}: not JSON (${(e as Error).message}); expected one memory record per line`);
    }
    const parsed = RecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new MemoryError(`${file}:${n}: not a memory record: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const r = parsed.data as MemoryRecord;
    records.push({ ...r, instances: r.instances.length ? r.instances : [instanceOf(r)] });
  }
  return records;
}
