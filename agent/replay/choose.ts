// Which recalled trajectory, if any, to replay for a task. Recall already orders records of
// the same suite task first, then those that fit, by standing (memory/rank.ts). A record fits
// when every slot is mapped, the task has its shape and the record fills for its values;
// another task's record on the same app thus replays only when its template reads as this
// goal, and each of its steps must still ground on an element of its recorded role.
import type { Recollection } from '../../memory/index.js';
import { fitsTask } from '../../memory/rank.js'; // not index.js: that loads LanceDB

export interface ChoosingTask { goal: string; goal_template?: string }

/**
 * The shape test is the real gate. A template of few words besides its slots (`Open
 * {{slot1}}`) fits many goals by chance, so its goal vectors must also be at least
 * `minSimilarity` alike (hash-v1 puts a free-form goal with two names about 0.7 from its own
 * template, a different task about 0.1); one that reads as the goal word for word needs not.
 */
export function chooseRecollection(recollections: Recollection[], task: ChoosingTask, minSimilarity = 0.6): Recollection | undefined {
  return recollections.find((r) => r.record.steps.length > 0 && (r.similarity >= minSimilarity || literalWords(r.record.goal_template) >= 3) && fitsTask(r, task));
}

const literalWords = (template: string) => template.replace(/\{\{[^}]*\}\}/g, ' ').split(/[^\p{L}\p{N}]+/u).filter(Boolean).length;
