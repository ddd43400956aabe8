// What memory takes in and gives back, and the error it gives. Memory knows nothing of the
// runner: its inputs are structural (a runner StepRecord and a ResolvedTask fit them), its
// outputs plain data.
import type { Action, Platform, TargetDescriptor } from '../contract/index.js';

/** One executed step, as the runner records it (agent's StepRecord fits). */
export interface StepLike {
  action: Action;
  result: { ok: boolean; target?: TargetDescriptor; to?: TargetDescriptor };
  location: string;
  /** One line about the screen the action ran on. */
  screen: string;
}

/** What memory needs of a task (a ResolvedTask fits). `app` overrides the app taken from start. */
export interface TaskLike {
  /** The suite's task id: records of the same task are recalled first. */
  id?: string;
  goal: string;
  goal_template?: string;
  params?: Record<string, string>;
  platform?: Platform;
  start?: { url?: string; app?: string };
  app?: string;
}

/** demonstration: a person showed it (`cairn record`, `cairn memory import --demo`). */
export type Source = 'explore' | 'run' | 'import' | 'demonstration';

export interface TrajectoryInput {
  task: TaskLike & { platform: Platform };
  steps: StepLike[];
  /** The task's checks held. Anything else is refused. */
  verified: boolean;
  /** What verified it, e.g. `checks: js, element`. */
  verifier: string;
  run_id: string;
  source: Source;
}

/**
 * A step with slot values replaced by `{{slot}}` placeholders; ids are dropped, descriptors kept.
 * A target name (or key attr) may hold `{{*}}`: a part that varied between instances and that
 * the goal does not give; ground() matches the rest.
 */
export interface AbstractStep {
  action: Action;
  target?: TargetDescriptor;
  /** A drag's drop target. */
  to?: TargetDescriptor;
  screen: string;
  /** A list step: done once for each item of this slot's value, the slot standing for the item. */
  each?: string;
  /**
   * What this step does varied between instances in a way the goal does not explain (another
   * row, another name): it replays only for the slot values of an instance that was seen.
   */
  pinned?: true;
}

/** One verified success as it ran (values, not placeholders), kept so later ones can be aligned with it. */
export interface Instance {
  goal: string;
  /** The task's own template and param values, when it declared params. */
  declared?: { template: string; slots: Record<string, string> };
  /** The successful steps, concrete. */
  steps: AbstractStep[];
}

export interface MemoryRecord {
  id: string;
  goal: string;
  goal_template: string;
  /** Slot name -> the value it had in the stored run. */
  slots: Record<string, string>;
  platform: Platform;
  app: string;
  steps: AbstractStep[];
  step_count: number;
  provenance: { run_id: string; source: Source; verifier: string };
  created_at: string;
  hits: number;
  /** Replays of this record that lost the trail. */
  failures: number;
  /** The suite's task id of the runs it holds ('' when none was given). */
  task_id: string;
  /** The successes it was generalised from, oldest first (a bounded number). */
  instances: Instance[];
}

export interface Recollection {
  record: MemoryRecord;
  /** Rank-fusion score (RRF) of the hybrid search; comparable only within one recall. */
  score: number;
  /** Cosine similarity of the query and the record's goal vectors, in [-1, 1] (0 in FTS-only mode). */
  similarity: number;
  /** Template slot -> the new task's value. */
  slots: Record<string, string>;
  /** Template slots the new task gives no value for. */
  missing: string[];
}

export type RememberOutcome =
  | { kind: 'added'; id: string }
  | { kind: 'merged'; id: string; hits: number }
  | { kind: 'replaced'; id: string; hits: number; previous_steps: number }
  | { kind: 'kept'; id: string; hits: number };

/** What the memory refuses or cannot do, in words for a person (a bad argument, a memory of another schema or embedder). */
export class MemoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryError';
  }
}
