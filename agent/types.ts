// What the runner hands a policy and what a policy hands back.
import type { Action, ActResult, Observation, ResolvedTask, SettleDepth } from '../contract/index.js';
import type { Verdict } from '../critics/index.js';
import type { TokenUsage } from '../common/usage.js';

/** Tokens reported by the endpoint; `cached_tokens` (part of the prompt's) when it says. */
export type Usage = TokenUsage;

/** Tokens as episodes, steps and summaries record them; `cached` (part of `prompt`) only where the endpoint reported some. */
export interface Tokens { prompt: number; completion: number; cached?: number }

export interface StepRecord {
  index: number;
  location: string;
  digest: string;
  /** One line about the screen the action ran on (title, first heading): for memory and reports. */
  screen: string;
  action: Action;
  thought?: string;
  result: ActResult;
  /** What the critics said before the action ran (every round, revisions included). */
  verdicts?: Verdict[];
  /** What proposing and vetting this step spent, when it called a model (revisions included). */
  model_calls?: number;
  tokens?: Tokens;
  timings: { observe_ms: number; propose_ms: number; vet_ms?: number; act_ms: number };
}

export interface StepContext {
  task: ResolvedTask;
  obs: Observation;
  history: StepRecord[];
  /** Steps left in the budget, this one included. */
  remaining: number;
  /** Why the critics sent the last proposal back: the policy should propose something else. */
  critique?: string;
  /** When the episode's time runs out (ms since the epoch): model calls end by then. */
  deadline?: number;
}

export interface Proposal {
  action: Action;
  thought?: string;
  usage?: Usage;
  /** Model calls made for this proposal (retries included). */
  model_calls?: number;
}

/** What a policy may use before the loop starts (the search policy explores with it): no raw driver. */
export interface EpisodeHandle {
  task: ResolvedTask;
  /** The live screen, without a screenshot, secrets redacted. */
  observe(): Promise<Observation>;
  /** Runs the task's checks against the live screen, with an optional answer. */
  verify(answer?: string): Promise<boolean>;
  /** Starts the task afresh (setup included): the way back to the start state. */
  restart(): Promise<void>;
  /** Runs an action as the episode would: vetted by the critics first, secrets filled in at the last moment. */
  act(action: Action, on: Observation): Promise<ActResult>;
  deadline: number;
}

export interface Policy {
  readonly name: string;
  /** The policy looks at screenshots: the runner takes one every step. */
  readonly wantsScreenshot?: boolean;
  /**
   * How long the driver waits after each action (default `full`: until the screen settles).
   * `light` is for a policy with readiness(), which waits for the screens it expects itself;
   * its episode's checks then run at once, and again on a settled screen only when one fails.
   */
  readonly settle?: SettleDepth;
  /** Optional work before the loop (the search policy searches here). The runner restarts the task after. */
  prepare?(episode: EpisodeHandle): Promise<PrepareStats>;
  propose(ctx: StepContext): Promise<Proposal>;
  /**
   * Present when the policy can tell whether a screen will do for its next step (replay knows
   * the element it wants next): before each proposal the runner asks `ready` (go on with this
   * screen), `settle` (let it settle once, then look again) or `wait` (not the expected screen
   * yet: settle and look again, bounded).
   */
  readiness?(ctx: StepContext): Readiness;
}

export type Readiness = 'ready' | 'settle' | 'wait';

export interface PolicyChoice {
  policy: Policy;
  /** Who finishes the episode when the policy loses its trail (LostTrail): the model, or search from a restart. */
  fallback?: Policy;
  /** The memory record the policy replays: its standing drops when the trail is lost. */
  recalled?: { id: string; similarity: number; task_id?: string };
  /** Prompt tokens the memory guidance adds to each model call (an estimate). */
  guidance_tokens?: number;
}

/** Chooses a fresh policy for one episode, once the task's goal is known (see policies.ts). */
export interface PolicySource {
  readonly name: string;
  make(task: ResolvedTask): Promise<PolicyChoice>;
}

/** How an episode changed hands: where the replay lost its trail and who took over. */
export interface Handover { from: string; to: string; at_step: number; why: string; restarted: boolean }

export interface PrepareStats { expansions?: number; found?: boolean; note?: string }

/** What calls to a model spent: every HTTP request sent (retries included) and the tokens reported. */
export interface Spent { model_calls: number; usage: Usage }

/**
 * Thrown by a policy when the episode cannot go on (bad credentials, no plan, its time ran
 * out while the model was asked: `timeout`); the run goes on. `spent` is what the failed
 * proposal had spent, so it is counted all the same.
 */
export class PolicyError extends Error {
  constructor(message: string, readonly kind: 'auth' | 'model' | 'exhausted' | 'config' | 'timeout', public spent?: Spent) {
    super(message);
    this.name = 'PolicyError';
  }
}

/** Thrown by a policy that follows a recorded trail and lost it: the runner hands over to the fallback. */
export class LostTrail extends PolicyError {
  constructor(message: string, readonly step: number) {
    super(message, 'exhausted');
    this.name = 'LostTrail';
  }
}
