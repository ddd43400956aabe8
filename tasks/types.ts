// A task instance as the runner sees it: params drawn, templates filled, URLs absolute.
// Secrets stay as `{{secret:NAME}}` placeholders here; they are filled at the last
// moment, just before an action runs, and never written anywhere.
import type { Platform, PlatformCheck, StartSpec } from '../drivers/types.js';

export type AnswerCheck = { kind: 'answer'; equals?: string; matches?: string };
/**
 * A library caller's own verifier (a Playwright Test step's `done`): it throws when the task
 * is not done. Never in a suite file; `label` is what traces and reports show of it.
 */
export type AssertionCheck = { kind: 'assertion'; label: string; run: (answer?: string) => Promise<unknown> };
export type Check = (PlatformCheck | AnswerCheck | AssertionCheck) & { at?: string };

export interface Budget { max_steps: number; timeout_s: number }

export interface ResolvedTask {
  id: string;
  seed: number;
  /** `<id>#<seed>`: one instance of a template. */
  instance: string;
  goal: string;
  goal_template: string;
  /** Read from the screen after setup (JS expression or shell command); applyGoalFrom() puts what it returns in place of goal. */
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
  /**
   * The app's identity for memory: records are recalled by it instead of the start URL's
   * origin, so the app on another port or host recalls them and other apps on one origin do
   * not. From the suite's or task's `app:`; a served site (practice apps, a folder) has one by default.
   */
  app?: string;
}

export interface Suite {
  name: string;
  file: string;
  /** Resolved base URL ('' when none); relative URLs in tasks resolve against it. */
  base_url: string;
  /** The suite asks for cairn's practice apps to be served (base_url is filled in at run time). */
  practice_apps: boolean;
  /** A folder to serve as the site (base_url is filled in at run time); see site.ts. */
  local_site?: LocalSite;
  /** The app identity of tasks that name none (`app:`). */
  app?: string;
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

/** `base_url: ./site` or `${VAR}`: a folder served on 127.0.0.1 for the run. */
export interface LocalSite {
  /** As written in the suite: a path, maybe naming environment variables. */
  folder: string;
  /** The suite file's directory: a relative folder is read from there. */
  relative_to: string;
  /** Where base_url is written: `suite.yaml:3`. */
  at: string;
}
