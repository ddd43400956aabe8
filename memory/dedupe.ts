// The dedupe rule, shared by remember() and import: one record per platform, app and goal
// template. A second run of it adds its hits; with the same abstract steps nothing else
// changes, with other steps the shorter trajectory wins. The stored record's id stays.
import { createHash } from 'node:crypto';
import type { AbstractStep, MemoryRecord, RememberOutcome } from './types.js';

export function recordId(platform: string, app: string, template: string): string {
  return createHash('sha256').update(`${platform}\n${app}\n${template}`).digest('hex').slice(0, 12);
}

/** Steps compared for dedupe: what is done to what, not element ids, positions or screens. */
export function signature(steps: AbstractStep[]): string {
  return JSON.stringify(steps.map((s) => [{ ...s.action, target: undefined }, s.target?.role, s.target?.name]));
}

/** `incoming` folded into `stored`: the record to keep and what became of the incoming run. */
export function mergeRecords(stored: MemoryRecord, incoming: MemoryRecord): { record: MemoryRecord; outcome: RememberOutcome } {
  const id = stored.id;
  const hits = stored.hits + incoming.hits;
  if (signature(stored.steps) === signature(incoming.steps)) return { record: { ...stored, hits }, outcome: { kind: 'merged', id, hits } };
  if (incoming.step_count < stored.step_count) {
    return { record: { ...incoming, id, hits }, outcome: { kind: 'replaced', id, hits, previous_steps: stored.step_count } };
  }
  return { record: { ...stored, hits }, outcome: { kind: 'kept', id, hits } };
}
