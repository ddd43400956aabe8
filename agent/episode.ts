// One episode, as in DESIGN.md, in named phases:
//   start -> choose -> prepare -> steps -> judge
// and, when a replay loses its trail, hand over -> (prepare from a restart) -> steps.
// It never throws for what goes wrong inside the episode: a setup failure, a policy error or
// a dead driver ends it as `errored` with the reason.
import { CriticError, type InterventionCounts, type Pipeline } from '../critics/index.js';
import { isTerminal, summarizeScreen, type Action, type ActResult, type Driver, type Observation, type ResolvedTask } from '../contract/index.js';
import type { CheckRecord } from '../tasks/checks.js';
import { applyGoalFrom } from '../tasks/goal-from.js';
import { answerSource } from './replay/answer.js';
import { Screen } from './screen.js';
import { Tally, type SpendingMeter } from './tally.js';
import type { EpisodeTrace } from './trace.js';
import {
  LostTrail, PolicyError,
  type Handover, type Policy, type PolicyChoice, type PolicySource, type PrepareStats, type StepContext, type StepRecord, type Tokens,
} from './types.js';
import { proposeVetted, tryVetter } from './vetting.js';

export type EpisodeStatus = 'success' | 'failed' | 'errored';

export interface EpisodeResult {
  instance: string;
  task_id: string;
  seed: number;
  episode: number;
  status: EpisodeStatus;
  reason: string;
  steps: number;
  /** Actions the driver ran: the steps', and all it ran off them (search's tries and replays of a path, a lost replay's steps). */
  driver_actions: number;
  answer?: string;
  model_calls: number;
  tokens: Tokens;
  /** What the model calls cost, when the run has prices (agent/prices.ts). */
  cost_usd?: number;
  wall_ms: number;
  /** observe_ms + act_ms per step: cairn's own cost, no model time. */
  step_overhead_ms: number[];
  /** Where the wall time went: starting the task, preparing (choosing the policy, recalling, searching), the steps, verifying. */
  phases_ms: { start: number; prepare: number; steps: number; verify: number };
  /** Every verdict, approvals included: critic -> decision -> rule -> n. */
  interventions?: InterventionCounts;
  /** The policy chosen for the episode (auto picks one per task); `handover` says who finished it. */
  policy: string;
  /** Prompt tokens the memory guidance added per model call (an estimate). */
  guidance_tokens?: number;
  /** The chosen policy lost its trail and another finished the episode. */
  handed_over?: boolean;
  handover?: Handover;
  /** The memory record replayed, if any. */
  recalled?: PolicyChoice['recalled'];
  prepare?: PrepareStats;
}

export interface EpisodeOptions {
  task: ResolvedTask;
  episode: number;
  driver: Driver;
  /** The policy (with its fallback), or where to get one once the goal is known (after goal_from is read). */
  policy: Policy | PolicyChoice | PolicySource;
  screenshots: boolean;
  trace?: EpisodeTrace;
  /** Vet every proposal before it runs (the rule critic, maybe a model critic). */
  critics?: Pipeline;
  /** Proposals a step may have sent back for revision (default 2). */
  maxRevisions?: number;
  /**
   * The task's start cannot be restored for real (a test's live page, whose server state the
   * tries change): when the policy's preparation found a path and the checks hold where it
   * ended, that path as it ran is the trajectory, instead of a replay of it from a restart
   * (which would add a contact twice, or find the contact it deletes already gone).
   */
  keepFound?: boolean;
  /** Called once the episode is judged, with the steps it took (memory remembers successes). */
  onFinish?: (task: ResolvedTask, result: EpisodeResult, history: StepRecord[]) => Promise<void>;
  /** Hears what the episode spends as it spends it (the run's cost and limits); when it says stop, the episode ends at its next step. */
  meter?: SpendingMeter;
}

export function runEpisode(opts: EpisodeOptions): Promise<EpisodeResult> {
  return new Episode(opts).run();
}

/** How long a policy with readiness() may wait for its screen each step before it proposes anyway. */
const READY_WAIT_MS = 3_000;
const now = () => performance.now();
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Ends the episode from inside a phase. */
class Ended extends Error {
  constructor(readonly status: EpisodeStatus, reason: string) {
    super(reason);
  }
}

class Episode {
  private task: ResolvedTask;
  private readonly screen: Screen;
  private readonly tally: Tally;
  private readonly phases = { start: 0, prepare: 0, steps: 0, verify: 0 };
  private readonly started = now();
  private readonly deadline: number;
  private choice?: PolicyChoice;
  private policy?: Policy;
  private history: StepRecord[] = [];
  /** Steps taken before a handover restarted the task: in the trace, not in the trajectory. */
  private abandoned: StepRecord[] = [];
  private stepIndex = 0;
  private answer?: string;
  private prepared?: PrepareStats;
  private handover?: Handover;
  private checks: CheckRecord[] = [];

  constructor(private readonly opts: EpisodeOptions) {
    this.task = opts.task;
    this.tally = new Tally(opts.meter);
    this.screen = new Screen(opts.driver, opts.task);
    this.deadline = Date.now() + opts.task.budget.timeout_s * 1000;
  }

  async run(): Promise<EpisodeResult> {
    let stop: string | undefined;
    try {
      await this.start();
      await this.choose();
      await this.prepare(this.policy!);
      stop = await this.steps();
    } catch (e) {
      if (!(e instanceof LostTrail && this.choice?.fallback)) return this.end(e);
      try {
        stop = await this.handOver(e, this.choice.fallback);
      } catch (e2) {
        return this.end(e2);
      }
    }
    return this.judge(stop);
  }

  /** Opens the task (setup included) and reads a goal the page writes. */
  private async start(): Promise<void> {
    // Light: a replaying policy waits for its own screens; choose() settles for the others.
    await this.timed('start', () => this.screen.start(this.task, 'light'));
    if (this.task.goal_from) {
      await this.screen.settle();
      this.task = applyGoalFrom(this.task, await this.screen.read(this.task.goal_from));
    }
  }

  /** The policy for this goal (recalled from memory, or given), and its fallback. */
  private async choose(): Promise<void> {
    const p = this.opts.policy;
    this.choice = 'make' in p ? await this.timed('prepare', () => p.make(this.task)) : 'propose' in p ? { policy: p } : p;
    this.policy = this.choice.policy;
    if (this.policy.settle !== 'light' && !this.task.goal_from) await this.timed('start', () => this.screen.settle());
  }

  /** The policy's work before the loop (search searches), then a fresh start for the steps. */
  private async prepare(policy: Policy): Promise<void> {
    if (!policy.prepare) return;
    const task = this.task;
    const vet = tryVetter(this.opts.critics, this.tally, this.deadline);
    let live: StepRecord[] = []; // the tries since the last restart that ran (keepFound)
    this.prepared = await this.timed('prepare', () => policy.prepare!({
      task, deadline: this.deadline,
      observe: () => this.screen.observe(),
      verify: async (answer) => (await this.screen.verify(task, answer)).ok,
      restart: () => {
        live = [];
        return this.screen.start(task);
      },
      act: async (action, on) => {
        const blocked = await vet(task, action, on);
        if (blocked) return { ok: false, error: blocked, act_ms: 0 };
        this.tally.offTrailActions++;
        const result = await this.screen.act(action, on);
        if (this.opts.keepFound && result.ok) {
          live.push({ ...stepOn(live.length, on, action, `found by ${policy.name}`, result), timings: { observe_ms: 0, propose_ms: 0, act_ms: round(result.act_ms) } });
        }
        return result;
      },
    }));
    if (this.opts.keepFound && this.prepared.found && (await this.keep(live))) return;
    await this.timed('start', () => this.screen.start(task, policy.settle ?? 'full'));
  }

  /** keepFound: the path the preparation ran stays the trajectory when the checks hold where it ended. */
  private async keep(path: StepRecord[]): Promise<boolean> {
    if (!path.length || !(await this.screen.verify(this.task)).ok) return false;
    this.tally.offTrailActions -= path.length;
    this.history = path;
    this.stepIndex = path.length;
    for (const step of path) await this.opts.trace?.step(step);
    return true;
  }

  /**
   * Observe, propose (vetted), act and record until the policy says done or answers, or the
   * budget is spent; returns why it stopped. `max_steps` counts actions: a closing done or
   * answer is free.
   */
  private async steps(): Promise<string | undefined> {
    const t = now();
    try {
      const max = this.task.budget.max_steps;
      for (let acted = 0; acted <= max;) {
        if (Date.now() > this.deadline) return this.timedOut();
        const halt = this.opts.meter?.stopReason();
        if (halt) throw new Ended('errored', `stopped: ${halt}`);
        const step = await this.step(max - acted);
        if (step === 'timeout') return this.timedOut();
        if (step === 'spent') return undefined; // the budget was spent and the policy had more to do
        const { action, result } = step;
        if (!result.ok || !isTerminal(action)) {
          acted++;
          continue;
        }
        if (action.type === 'answer') {
          this.answer = action.text;
          return 'answered';
        }
        if (action.type === 'done') return action.status === 'success' ? 'agent said done' : `agent said infeasible${action.reason ? `: ${action.reason}` : ''}`;
      }
      return undefined;
    } finally {
      this.phases.steps += now() - t;
    }
  }

  /**
   * One step; `spent` when the budget is spent and the policy proposed more than a closing
   * done or answer, `timeout` when the episode's time ran out before the step could act.
   */
  private async step(remaining: number): Promise<StepRecord | 'spent' | 'timeout'> {
    const policy = this.policy!;
    const t0 = now();
    const obs = await this.look(policy, remaining);
    const t1 = now();
    const ctx: StepContext = { task: this.task, obs, history: this.history, remaining, deadline: this.deadline };
    const spentBefore = this.tally.mark();
    const vetted = await proposeVetted(policy, ctx, this.opts.critics, this.tally, this.opts.maxRevisions).catch((e: unknown) => {
      if (e instanceof PolicyError && e.kind === 'timeout') return 'timeout' as const;
      if (e instanceof PolicyError || e instanceof CriticError) throw e;
      throw new Ended('errored', `policy ${policy.name} failed: ${(e as Error).message}`);
    });
    const t2 = now();
    if (vetted === 'timeout' || Date.now() > this.deadline) return 'timeout';
    if (vetted.outcome === 'exhausted') throw new Ended('failed', vetted.reason!);
    const action = vetted.proposal.action;
    if (remaining <= 0 && !isTerminal(action)) return 'spent';

    const result: ActResult = vetted.outcome === 'block'
      ? { ok: false, error: vetted.reason, act_ms: 0 }
      : isTerminal(action)
        ? this.close(action, obs)
        : await this.screen.act(action, obs, policy.settle ?? 'full');
    const step: StepRecord = {
      ...stepOn(this.stepIndex++, obs, action, vetted.proposal.thought, result),
      ...(vetted.verdicts.length ? { verdicts: vetted.verdicts } : {}),
      ...this.tally.since(spentBefore),
      timings: { observe_ms: round(t1 - t0), propose_ms: round(t2 - t1 - vetted.vet_ms), vet_ms: vetted.vet_ms, act_ms: round(result.act_ms) },
    };
    this.history.push(step);
    await this.opts.trace?.step(step, obs.screenshot, obs.screen);
    return step;
  }

  /** The screen to propose on: like a Playwright locator, wait (bounded) for the one the policy expects. */
  private async look(policy: Policy, remaining: number): Promise<Observation> {
    try {
      const seen = () => this.screen.observe(this.opts.screenshots || policy.wantsScreenshot === true);
      let obs = await seen();
      if (!policy.readiness) return obs;
      const ready = (o: Observation) => policy.readiness!({ task: this.task, obs: o, history: this.history, remaining });
      const until = Math.min(this.deadline, Date.now() + READY_WAIT_MS);
      for (let need = ready(obs); need !== 'ready'; need = need === 'wait' && Date.now() < until ? ready(obs) : 'ready') {
        await this.screen.settle();
        obs = await seen();
      }
      return obs;
    } catch (e) {
      throw new Ended('errored', `observe failed: ${(e as Error).message}`);
    }
  }

  /**
   * The chosen policy lost its trail: the fallback goes on from this screen, or, when it
   * prepares (search), from a restart, with the lost steps kept in the trace only.
   */
  private async handOver(lost: LostTrail, to: Policy): Promise<string | undefined> {
    const restarted = to.prepare !== undefined;
    this.handover = { from: this.policy!.name, to: to.name, at_step: lost.step, why: this.screen.redact(lost.message), restarted };
    this.policy = to;
    if (restarted) {
      this.tally.offTrailActions += this.history.filter((h) => !isTerminal(h.action)).length;
      this.abandoned = this.history;
      this.history = [];
      await this.timed('start', () => this.screen.start(this.task));
      await this.prepare(to);
    } else if (to.settle !== 'light') {
      await this.screen.settle();
    }
    return this.steps();
  }

  /**
   * The task's checks. After light settles they run like Playwright's expect: at once, and
   * once more on a settled screen if one failed; a check that something is absent could
   * hold on a screen still being drawn, so it waits for the settled one.
   */
  private async judge(stop: string | undefined): Promise<EpisodeResult> {
    const t = now();
    try {
      const run = () => this.screen.verify(this.task, this.answer);
      let verdict;
      if (this.policy!.settle !== 'light') verdict = await run();
      else if (this.task.checks.some((c) => c.kind === 'element' && !c.present)) verdict = await this.screen.settle().then(run);
      else {
        verdict = await run();
        if (!verdict.ok) verdict = await this.screen.settle().then(run);
      }
      this.phases.verify += now() - t;
      this.checks = verdict.checks;
      if (verdict.ok) return this.finish('success', stop ?? 'checks hold');
      const failed = verdict.checks.filter((c) => !c.ok).map((c) => c.evidence).join('; ');
      return this.finish('failed', `${stop ?? `step budget (${this.task.budget.max_steps}) spent`}; checks failed: ${failed}`);
    } catch (e) {
      this.phases.verify += now() - t;
      return this.finish('errored', `verify failed: ${(e as Error).message}`);
    }
  }

  /** An error out of a phase as the episode's end: a policy that ran out of ideas failed the task; anything else broke it. */
  private end(e: unknown): Promise<EpisodeResult> {
    if (e instanceof Ended) return this.finish(e.status, e.message);
    if (e instanceof PolicyError) return this.finish(e.kind === 'exhausted' ? 'failed' : 'errored', e.message);
    if (e instanceof CriticError) return this.finish('errored', e.message);
    return this.finish('errored', `setup: ${(e as Error).message}`);
  }

  private async finish(status: EpisodeStatus, reason: string): Promise<EpisodeResult> {
    const { task, tally, history, phases } = this;
    const result: EpisodeResult = {
      instance: task.instance, task_id: task.id, seed: task.seed, episode: this.opts.episode, status,
      reason: this.screen.redact(reason), steps: history.length, answer: this.answer, ...tally.totals(),
      driver_actions: history.filter((h) => !isTerminal(h.action)).length + tally.offTrailActions,
      wall_ms: Math.round(now() - this.started),
      step_overhead_ms: history.map((s) => s.timings.observe_ms + s.timings.act_ms),
      phases_ms: { start: round(phases.start), prepare: round(phases.prepare), steps: round(phases.steps), verify: round(phases.verify) },
      policy: this.choice?.policy.name ?? ('policy' in this.opts.policy ? this.opts.policy.policy.name : this.opts.policy.name),
      ...(this.opts.critics ? { interventions: tally.interventions() } : {}),
      ...(this.choice?.guidance_tokens ? { guidance_tokens: this.choice.guidance_tokens } : {}),
      ...(this.handover ? { handed_over: true, handover: this.handover } : {}),
      ...(this.choice?.recalled ? { recalled: this.choice.recalled } : {}),
      prepare: this.prepared,
    };
    await this.opts.trace?.finish(task, result, history, this.checks, this.abandoned);
    await this.opts.onFinish?.(task, result, history);
    return result;
  }

  private async timed<T>(phase: 'start' | 'prepare' | 'steps' | 'verify', work: () => Promise<T>): Promise<T> {
    const t = now();
    try {
      return await work();
    } finally {
      this.phases[phase] += now() - t;
    }
  }

  /** A closing done or answer: it runs nowhere, but may not carry a secret; an answer's step records where it was read (replay reads it there again). */
  private close(action: Action, obs: Observation): ActResult {
    const refused = this.screen.refusal(action, obs);
    if (refused) return { ok: false, error: refused, act_ms: 0 };
    const target = action.type === 'answer' ? answerSource(action.text, obs, this.task) : undefined;
    return { ok: true, act_ms: 0, ...(target ? { target } : {}) };
  }

  private timedOut(): string {
    return `timeout: the time budget (timeout_s: ${this.task.budget.timeout_s}) ran out`;
  }
}

/** What a step record says of the screen it acted on and what it did there. */
function stepOn(index: number, obs: Observation, action: Action, thought: string | undefined, result: ActResult): Omit<StepRecord, 'timings'> {
  return { index, location: obs.location, digest: obs.digest, screen: summarizeScreen(obs), action, thought, result };
}
