// A task instance as the runner and the critics see it: params drawn, templates
// filled, URLs absolute (tasks/ builds it from a suite). Secrets stay as `{{secret:NAME}}`
// placeholders here; they are filled at the last moment, just before an action runs, and
// never written anywhere.
import type { Platform, PlatformCheck, StartSpec } from './driver.js';

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
