// The `agent` a Playwright test gets: act(goal, { done }) and ask(question) on the test's own
// page. Each call is one cairn episode from where the page stands (agent/goal.ts): replayed
// from memory when a record fits (no model call), else solved by the model when one is
// configured, else by search; the critics vet every action; a verified step is remembered.
// Nothing here needs @playwright/test: the fixture (index.ts) hands in what it knows of the test.
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { criticsFor } from '../agent/critics.js';
import { runGoal, type GoalOutcome } from '../agent/goal.js';
import { EpisodeTrace } from '../agent/trace.js';
import { WebDriver } from '../drivers/web/index.js';
import type { Check } from '../contract/index.js';
import { failureMessage, notingBlocks } from './failure.js';
import type { CairnSession } from './options.js';
import { stepPolicy } from './step-policy.js';
import { writeStepRun } from './step-report.js';
import { verifierChecks, type Assertion, type Done, type Probing } from './verifier.js';

export interface StepOptions {
  /** Values for the goal's `{name}` placeholders: memory keeps them as slots, so the step replays with other values. */
  params?: Record<string, string>;
  /** Actions this step may take, at most (default: the cairn option maxSteps). */
  maxSteps?: number;
  /** Seconds this step may take (default: the cairn option timeoutS). */
  timeoutS?: number;
}

export interface ActOptions extends StepOptions {
  /** The verifier: an async assertion that throws while the step is not done, or cairn check objects. */
  done: Done;
  /** The step may delete, pay, send ...: without it the critics block such actions. */
  allowIrreversible?: boolean;
}

export interface AskOptions extends StepOptions {
  /** An assertion over the answer: it makes the answer verified (search may look for it, memory keeps it). */
  done?: Assertion;
}

/** What a step did, for the test to look at. */
export interface StepReport {
  goal: string;
  /** Who solved it: replay, search, llm, read (an answer read off the page). */
  policy: string;
  /** Who finished it after the first lost its trail. */
  handedOverTo?: string;
  steps: number;
  driverActions: number;
  modelCalls: number;
  wallMs: number;
  /** What memory did with it (added, merged, replaced, kept); absent when nothing was written. */
  remembered?: string;
  answer?: string;
  /** The step's trace.json. */
  trace: string;
  /** cairn's HTML report of the step (report/index.html in its directory). */
  report: string;
}

/** What the fixture knows of the test a step runs in. */
export interface StepHost {
  session: CairnSession;
  /** The step's identity in memory (the test's title path and the goal). */
  id(goalTemplate: string): string;
  /** A fresh directory for the n-th step's trace. */
  outputDir(n: number): string;
  attach?(name: string, path: string, contentType: string): Promise<void>;
  /** A link in the test's report (cairn's report page of the step). */
  link?(name: string, url: string): Promise<void>;
  /** Runs the step as one step of the test's report. */
  step?<T>(title: string, body: () => Promise<T>): Promise<T>;
}

export class Agent {
  private count = 0;
  /** Every step this agent ran, in order. */
  readonly reports: StepReport[] = [];

  constructor(private readonly page: Page, private readonly host: StepHost) {}

  /** Does `goal` from where the page is, until `done` holds; throws saying why when it cannot. */
  act(goal: string, opts: ActOptions): Promise<StepReport> {
    if (!opts || opts.done === undefined) throw new Error(`agent.act(${JSON.stringify(goal)}): give { done }, the assertion (or cairn checks) that says the step is done`);
    return this.run('act', goal, opts);
  }

  /** The answer to `question`, from the page (and what the agent may open from it). */
  async ask(question: string, opts: AskOptions = {}): Promise<string> {
    const report = await this.run('ask', question, opts);
    return report.answer!;
  }

  private run(kind: 'act' | 'ask', goal: string, opts: StepOptions & { done?: Done; allowIrreversible?: boolean }): Promise<StepReport> {
    const what = `agent.${kind}(${JSON.stringify(goal)})`;
    const body = () => this.runStep(kind, what, goal, opts);
    return this.host.step ? this.host.step(`cairn: ${what}`, body) : body();
  }

  private async runStep(kind: 'act' | 'ask', what: string, goal: string, opts: StepOptions & { done?: Done; allowIrreversible?: boolean }): Promise<StepReport> {
    const { session } = this.host;
    const s = session.settings;
    const template = goalTemplate(goal, opts.params ?? {}, what);
    const url = this.page.url();
    if (!/^https?:/.test(url)) throw new Error(`${what}: the page is at ${url}; open the page the step starts from first (page.goto)`);
    const probing: Probing = { searching: false, ms: s.probeMs };
    const checks: Check[] = opts.done === undefined ? []
      : kind === 'ask' ? [{ kind: 'answer', matches: '\\S' }, ...verifierChecks(opts.done, probing, what)]
        : verifierChecks(opts.done, probing, what);
    const store = await session.store();
    const o = s.options;
    const policy = stepPolicy({ model: o.model, baseUrl: o.baseUrl, vision: o.vision }, store, probing, kind === 'ask' && !checks.length ? goal : undefined);
    const { pipeline, blocked } = notingBlocks(criticsFor({ irreversible: 'deny', modelCritic: o.modelCritic, allowed: s.allowed })!());
    const dir = this.host.outputDir(++this.count);
    const started = new Date();
    const trace = await EpisodeTrace.create(dir);
    const driver = WebDriver.onPage(this.page);
    let outcome: GoalOutcome;
    try {
      outcome = await runGoal({
        id: this.host.id(template), goal: template, params: opts.params, url, checks, driver, policy, critics: pipeline, trace,
        memory: store && { store, mode: s.memoryMode, run_id: session.runId },
        budget: { max_steps: opts.maxSteps ?? s.maxSteps, timeout_s: opts.timeoutS ?? s.timeoutS },
        allowIrreversible: opts.allowIrreversible, app: o.app, screenshots: s.screenshots,
      });
    } finally {
      await driver.close();
    }
    const { task, result, remembered } = outcome;
    const { report: reportPage, trace: tracePath } = await writeStepRun(dir, result, { runId: session.runId, suite: this.host.id(template), model: o.model ?? null, started });
    await this.attach(task.goal, tracePath, reportPage);
    if (remembered) session.wroteMemory();
    if (result.status !== 'success') throw new Error(failureMessage(what, result, blocked, tracePath));
    if (kind === 'ask' && result.answer === undefined) throw new Error(failureMessage(what, { ...result, reason: `no answer was given (${result.reason})` }, blocked, tracePath));
    const report: StepReport = {
      goal: task.goal, policy: result.policy, steps: result.steps, driverActions: result.driver_actions, modelCalls: result.model_calls, wallMs: result.wall_ms, trace: tracePath, report: reportPage,
      ...(result.handover ? { handedOverTo: result.handover.to } : {}),
      ...(remembered ? { remembered: remembered.kind } : {}),
      ...(result.answer !== undefined ? { answer: result.answer } : {}),
    };
    this.reports.push(report);
    return report;
  }

  /** The trace (and screenshots) in Playwright's report, and where cairn's report page of the step is. */
  private async attach(goal: string, trace: string, reportPage: string): Promise<void> {
    const attach = this.host.attach;
    if (!attach) return;
    const name = `cairn ${this.count}: ${goal}`;
    await attach(`${name} (trace)`, trace, 'application/json');
    const dir = dirname(trace);
    const shots = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
    for (const shot of shots) await attach(`${name} ${shot}`, join(dir, shot), 'image/png');
    await this.host.link?.(`${name} (cairn report)`, pathToFileURL(reportPage).href);
  }
}

/** `Add {name}` with params {name} -> `Add {{name}}`; a placeholder without a value is an error. */
export function goalTemplate(goal: string, params: Record<string, string>, what: string): string {
  const template = goal.replace(/(?<!\{)\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}(?!\})/g, (_, name: string) => `{{${name}}}`);
  for (const m of template.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) {
    if (params[m[1]!] === undefined) throw new Error(`${what}: the goal names {${m[1]}} but params has no ${m[1]}; give params: { ${m[1]}: '...' }`);
  }
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') throw new Error(`${what}: params.${name} is ${JSON.stringify(value)}; expected a string`);
  }
  return template;
}
