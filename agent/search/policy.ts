// The search policy: offline, verifier-guided, no model. prepare() explores action
// sequences from the task's start state depth-first, best candidates first, skipping
// screens already seen, restarting the task to backtrack; it stops at the first sequence
// the task's checks confirm. It deepens by blind clicks (ones nothing in the goal points
// at): first paths with none, then one, then any, so a goal in the user's words
// ("stop the weekly summary emails") finds the short way through a menu it does not name
// before it wanders. propose() then plays that sequence back on a clean start,
// re-grounding each target, so the episode's trajectory is the clean sequence alone.
import type { Action, Observation, ResolvedTask, TargetDescriptor } from '../../contract/index.js';
import { judgeAnswer } from '../../tasks/checks.js';
import { aim, play } from '../replayer.js';
import { PolicyError, type EpisodeHandle, type Policy, type PrepareStats, type Proposal, type StepContext } from '../types.js';
import { answerCandidates, candidates, nextTyped, type Typed } from './candidates.js';

export interface SearchOptions {
  /** Actions executed while searching, at most. */
  maxExpansions?: number;
  /** Candidates tried per screen, best first. */
  branching?: number;
  /** Seconds the search may take (it also stops at the episode's deadline). */
  timeoutS?: number;
  /**
   * Then leave out, one at a time, each step the checks do not need, on a fresh start each
   * (a replay per step). Explore sets it, so memory keeps the short way.
   */
  shorten?: boolean;
}

interface PlanStep { action: Action; target?: TargetDescriptor; to?: TargetDescriptor }

/** Blind clicks a path may take, round by round. */
const BLIND_ROUNDS = [0, 1, Infinity];

export function createSearchPolicy(opts: SearchOptions = {}): Policy {
  let plan: PlanStep[] | undefined;
  let why = '';
  return {
    name: 'search',
    async prepare(ep: EpisodeHandle): Promise<PrepareStats> {
      const s = new Search(ep, opts);
      plan = await s.run();
      if (plan && opts.shorten) plan = await s.shorten(plan);
      why = s.note();
      return { expansions: s.expansions, found: plan !== undefined, note: why };
    },
    async propose(ctx: StepContext): Promise<Proposal> {
      if (!plan) throw new PolicyError(`search found no sequence: ${why}`, 'exhausted');
      const step = plan[ctx.history.length];
      if (!step) return { action: { type: 'done', status: 'success' }, thought: 'the found sequence is complete' };
      const aimed = aim(step, ctx.obs);
      if (!aimed.ok) throw new PolicyError(`search plan lost its trail on ${ctx.obs.location}: ${aimed.why}`, 'exhausted');
      return { action: aimed.action, thought: 'found by search' };
    },
  };
}

class Search {
  expansions = 0;
  private seen = new Set<string>();
  /** This round left out a blind click for want of budget. */
  private pruned = false;
  private live: PlanStep[] = [];
  private found?: PlanStep[];
  private shortened?: number;
  private stopped = '';
  private readonly maxExpansions: number;
  private readonly branching: number;
  private readonly until: number;
  private readonly task: ResolvedTask;
  private readonly asksAnswer: boolean;

  constructor(private ep: EpisodeHandle, opts: SearchOptions) {
    this.task = ep.task;
    this.asksAnswer = ep.task.checks.some((c) => c.kind === 'answer');
    this.maxExpansions = opts.maxExpansions ?? 400;
    this.branching = opts.branching ?? 8;
    // Leave a quarter of the episode's time for playing the found sequence back.
    this.until = Date.now() + Math.min((opts.timeoutS ?? 120) * 1000, 0.75 * (ep.deadline - Date.now()));
  }

  note(): string {
    if (!this.found) return this.stopped || `no sequence within ${this.task.budget.max_steps} steps`;
    const shortened = this.shortened !== undefined ? `, shortened to ${this.shortened}` : '';
    return `found ${this.found.length} steps after ${this.expansions} expansions${shortened}`;
  }

  async run(): Promise<PlanStep[] | undefined> {
    const obs = await this.ep.observe();
    for (const blind of BLIND_ROUNDS) {
      this.seen = new Set([obs.digest]);
      this.pruned = false;
      await this.dfs([], obs, { fields: new Set(), values: new Set(), toggled: new Set() }, blind);
      // A round that never met its limit has seen all there is to see.
      if (this.exhausted() || !this.pruned) break;
    }
    return this.found;
  }

  private exhausted(): boolean {
    if (this.found) return true;
    if (this.expansions >= this.maxExpansions) this.stopped = `expansion budget (${this.maxExpansions}) spent`;
    else if (Date.now() > this.until) this.stopped = 'search time spent';
    return this.stopped !== '';
  }

  private async dfs(path: PlanStep[], obs: Observation, typed: Typed, blind: number): Promise<void> {
    if (await this.solved(path, obs)) return;
    // The final step of an answer task is the answer itself, which needs a step of its own.
    const reserve = this.asksAnswer ? 1 : 0;
    if (path.length + reserve >= this.task.budget.max_steps) return;
    for (const c of candidates(obs, this.task, typed).slice(0, this.branching)) {
      if (this.exhausted()) return;
      if (c.blind && blind === 0) {
        this.pruned = true;
        continue;
      }
      const here = await this.reach(path, obs);
      if (!here) return;
      const result = await this.ep.act(c.action, here);
      this.expansions++;
      const step: PlanStep = { action: c.action, target: c.target, ...(c.to ? { to: c.to } : {}) };
      this.live = [...path, step];
      if (!result.ok) continue;
      const next = await this.ep.observe();
      const unchanged = next.digest === obs.digest;
      // A click the goal points at may change state the screen does not show ("click ONE, then
      // TWO"): go on from the same screen, each such click once (Typed.pressed).
      const silent = unchanged && c.action.type === 'click' && !c.blind;
      if (this.seen.has(next.digest) && !silent) {
        // A screen seen before may hide a new state (a form saved just as it showed): judge it, do not expand it.
        if (!this.asksAnswer) await this.solved(this.live, next);
        continue;
      }
      this.seen.add(next.digest);
      const typedNext = nextTyped(typed, c, next.location === obs.location, unchanged);
      await this.dfs(this.live, next, typedNext, c.blind ? blind - 1 : blind);
    }
  }

  /** True when the checks hold here, with an answer read off the screen for questions. */
  private async solved(path: PlanStep[], obs: Observation): Promise<boolean> {
    const answerChecks = this.task.checks.filter((c) => c.kind === 'answer');
    if (answerChecks.length === 0) {
      if (!(await this.ep.verify())) return false;
      this.found = path;
      return true;
    }
    for (const text of answerCandidates(obs)) {
      if (!answerChecks.every((c) => judgeAnswer(c, text).ok)) continue;
      if (await this.ep.verify(text)) {
        this.found = [...path, { action: { type: 'answer', text } }];
        return true;
      }
    }
    return false;
  }

  /** The found sequence without the steps the checks hold without; an answer stays last, read off the screen as before. */
  async shorten(plan: PlanStep[]): Promise<PlanStep[]> {
    const last = plan.at(-1);
    const answer = last?.action.type === 'answer' ? last.action.text : undefined;
    let kept = answer === undefined ? plan : plan.slice(0, -1);
    // Without its last step a sequence is a prefix the search already judged unsolved.
    for (let i = 0; i < kept.length - 1 && Date.now() < this.until;) {
      const trial = kept.filter((_, j) => j !== i);
      const end = await this.play(trial);
      const holds = end !== undefined && (answer === undefined || answerCandidates(end).includes(answer)) && (await this.ep.verify(answer));
      if (holds) kept = trial;
      else i++;
    }
    const shorter = answer === undefined ? kept : [...kept, last!];
    if (shorter.length < plan.length) this.shortened = shorter.length;
    return shorter;
  }

  /** The live screen at the end of `path`: as it is when the browser is there, else restart and replay. */
  private async reach(path: PlanStep[], obs: Observation): Promise<Observation | undefined> {
    if (this.live.length === path.length && this.live.every((s, i) => s === path[i])) return obs;
    const here = await this.play(path);
    return here?.digest === obs.digest ? here : undefined;
  }

  /** Restarts and plays `path`, re-grounding each target; the screen it ends on, or undefined when a step fails. */
  private async play(path: PlanStep[]): Promise<Observation | undefined> {
    await this.ep.restart();
    this.live = [];
    const played = await play(this.ep, path, await this.ep.observe());
    if (!played.ok) return undefined;
    this.live = [...path];
    return played.obs;
  }
}
