// A task instance as the runner sees it: params drawn, templates filled, URLs absolute.
// Secrets stay as `{{secret:NAME}}` placeholders here; they are filled at the last
// moment, just before an action runs, and never written anywhere.
import type { Platform, PlatformCheck, StartSpec } from '../drivers/types.js';

export type AnswerCheck = { kind: 'answer'; equals?: string; matches?: string };
export type Check = (PlatformCheck | AnswerCheck) & { at?: string };

export interface Budget { max_steps: number; timeout_s: number }

export interface ResolvedTask {
  id: string;
  seed: number;
  /** `<id>#<seed>`: one instance of a template. */
  instance: string;
  goal: string;
  goal_template: string;
  /** Read from the screen after setup (JS expression or shell command); replaces goal. */
  goal_from?: string;
  params: Record<string, string>;
  platform: Platform;
  start: StartSpec;
  checks: Check[];
  budget: Budget;
  tags: string[];
  allow_irreversible: boolean;
  /** Where the task was declared: `suite.yaml:12`. */
  at: string;
  /** The app's identity for memory when its origin is not stable (cairn's practice apps, served on any port). */
  app?: string;
}

export interface Suite {
  name: string;
  file: string;
  /** Resolved base URL ('' when none); relative URLs in tasks resolve against it. */
  base_url: string;
  /** The suite asks for cairn's practice apps to be served (base_url is filled in at run time). */
  practice_apps: boolean;
  seeds: number[];
  /** Origins/packages navigation may reach besides each task's own. */
  allowed: string[];
  templates: TaskTemplate[];
}

/** A task as declared, before an instance is drawn. Kept opaque to everything but tasks/. */
export interface TaskTemplate {
  id: string;
  at: string;
  raw: unknown;
}
