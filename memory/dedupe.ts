// The dedupe rule, shared by remember() and import: one record per platform, app and goal
// template (and suite task, when named). A run that aligns with the record (align.ts: same shape of goal and steps, what
// varies explained by slots or wildcards) joins it as one more instance, and hits add up; a
// run that repeats an instance only adds its hit. A run of another shape is weighed against
// the record by evidence:
// - it must use every slot the record's steps use: a run whose start state already held part of
//   the answer (an option pre-selected) skips the steps that set it, and must not stand for
//   instances that need them;
// - then a record that has lost the trail at least as often as it worked gives way to a run
//   that worked, and otherwise the shorter trajectory wins.
// The stored record's id stays.
import { createHash } from 'node:crypto';
import { generalise } from './align.js';
import type { AbstractStep, Instance, MemoryRecord, RememberOutcome } from './types.js';

/** Successes kept per record for alignment: the first and the latest. */
const MAX_INSTANCES = 8;

/** One record per platform, app and template, and per suite task when one is named (tasks of one app may share a template). */
export function recordId(platform: string, app: string, template: string, taskId = ''): string {
  return createHash('sha256').update(`${platform}\n${app}\n${template}${taskId ? `\n${taskId}` : ''}`).digest('hex').slice(0, 12);
}

/** What an instance did, to what: not positions or screens. */
function instanceKey(i: Instance): string {
  return JSON.stringify([i.goal.trim().toLowerCase(), i.steps.map((s) => [{ ...s.action, target: undefined, to: undefined }, s.target?.role, s.target?.name, s.target?.attrs, s.to?.role, s.to?.name])]);
}

/** `b`'s instances after `a`'s, without repeats, bounded to the first and the latest. */
function joinInstances(a: Instance[], b: Instance[]): Instance[] {
  const seen = new Set(a.map(instanceKey));
  const all = [...a, ...b.filter((i) => !seen.has(instanceKey(i)))];
  return all.length <= MAX_INSTANCES ? all : [all[0]!, ...all.slice(all.length - MAX_INSTANCES + 1)];
}

/** `later` joined to `earlier` as more instances of one template, or undefined when they do not align. */
export function alignRecords(earlier: MemoryRecord, later: MemoryRecord): MemoryRecord | undefined {
  if (earlier.task_id && later.task_id && earlier.task_id !== later.task_id) return undefined;
  const instances = joinInstances(earlier.instances, later.instances);
  const g = generalise(instances, earlier.goal_template);
  if (!g) return undefined;
  return {
    ...earlier, goal_template: g.template, slots: g.slots, steps: g.steps, step_count: g.steps.length, instances,
    hits: earlier.hits + later.hits, failures: earlier.failures + later.failures, task_id: earlier.task_id || later.task_id,
  };
}

/** The slots a trajectory's steps use. */
function slotsUsed(steps: AbstractStep[]): Set<string> {
  const text = JSON.stringify(steps.map(({ action, target, each }) => [action, target?.name, target?.attrs, each]));
  return new Set([...text.matchAll(/\{\{(?!\*\}\}|secret:)([^}]+)\}\}/g)].map((m) => m[1]!.trim()));
}

/** The incoming trajectory should stand for the template instead of the stored one (see the rules at the top). */
function replaces(stored: MemoryRecord, incoming: MemoryRecord): boolean {
  const uses = slotsUsed(incoming.steps);
  if ([...slotsUsed(stored.steps)].some((s) => !uses.has(s))) return false;
  if (stored.failures > 0 && stored.failures >= stored.hits) return true;
  return incoming.step_count < stored.step_count;
}

/** `incoming` folded into `stored`: the record to keep and what became of the incoming run. */
export function mergeRecords(stored: MemoryRecord, incoming: MemoryRecord): { record: MemoryRecord; outcome: RememberOutcome } {
  const id = stored.id;
  const hits = stored.hits + incoming.hits;
  const aligned = alignRecords(stored, incoming);
  if (aligned) return { record: { ...aligned, id }, outcome: { kind: 'merged', id, hits } };
  if (replaces(stored, incoming)) {
    return { record: { ...incoming, id, hits, task_id: stored.task_id || incoming.task_id }, outcome: { kind: 'replaced', id, hits, previous_steps: stored.step_count } };
  }
  return { record: { ...stored, hits }, outcome: { kind: 'kept', id, hits } };
}
