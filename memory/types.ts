// What memory takes in and gives back. Memory knows nothing of the runner: its inputs are
// structural (a runner StepRecord and a ResolvedTask fit them), its outputs plain data.
import type { Action } from '../drivers/action.js';
import type { Platform, TargetDescriptor } from '../drivers/types.js';

/** One executed step, as the runner records it (agent's StepRecord fits). */
export interface StepLike {
  action: Action;
  result: { ok: boolean; target?: TargetDescriptor };
  location: string;
  /** One line about the screen the action ran on. */
  screen: string;
}

/** What memory needs of a task (a ResolvedTask fits). `app` overrides the app taken from start. */
export interface TaskLike {
  goal: string;
  goal_template?: string;
  params?: Record<string, string>;
  platform?: Platform;
  start?: { url?: string; app?: string };
  app?: string;
}

export type Source = 'explore' | 'run' | 'import';

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

/** A step with slot values replaced by `{{slot}}` placeholders; ids are dropped, descriptors kept. */
export interface AbstractStep {
  action: Action;
  target?: TargetDescriptor;
  screen: string;
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
