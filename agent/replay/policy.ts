// The replay policy: follows a recalled trajectory step by step with no model call,
// re-grounding each recorded target on the live screen (agent/replayer.ts). When a step
// cannot be grounded, a replayed step failed or a critic sent one back, it throws LostTrail
// saying where: the runner hands over to the episode's fallback, or ends the episode.
import { describeAction, retarget, summarizeScreen, type Observation, type UIElement } from '../../contract/index.js';
import type { AbstractStep, Recollection } from '../../memory/index.js';
import { stepLine } from '../../memory/guidance.js'; // not index.js: that loads LanceDB
import { instantiate } from '../../memory/instantiate.js';
import { aim, alternatives, GROUND_THRESHOLD, type Aimed } from '../replayer.js';
import { LostTrail, PolicyError, type Policy, type Proposal, type Readiness, type StepContext } from '../types.js';
import { readAnswer } from './answer.js';

export interface ReplayOptions {
  recollection: Recollection;
  /** Least ground() score a live element needs to stand for a recorded target. */
  threshold?: number;
}

export interface ReplayPolicy extends Policy {
  /** Recorded steps replayed so far. */
  readonly replayed: number;
}

export function createReplayPolicy(opts: ReplayOptions): ReplayPolicy {
  const { recollection } = opts;
  const threshold = opts.threshold ?? GROUND_THRESHOLD;
  // The recorded steps as they read for this task: slots filled, list steps once per item.
  const steps = instantiate(recollection.record, recollection.slots);
  if (!steps) throw new PolicyError(`the remembered "${recollection.record.goal_template}" cannot be filled for this goal`, 'exhausted');
  let cursor = 0;
  const lose = (why: string): never => {
    throw new LostTrail(`replay of "${recollection.record.goal_template}" lost the trail at step ${cursor + 1} of ${steps.length}${why}`, cursor);
  };

  const current = (): AbstractStep | undefined => steps[cursor];
  // A click on a pattern-named target (`Tab #{{*}}`) that several elements fit: when the next
  // step's target is not there, it was another of them (the tab that holds the link).
  let branch: { at: number; tried: Set<string> } | undefined;
  const seenAs = (e: UIElement) => `${e.role} ${e.name}`;
  const untried = (obs: Observation): UIElement | undefined => {
    if (!branch || cursor !== branch.at + 1) return undefined;
    return alternatives(steps[branch.at]!, obs, threshold).find((e) => !branch!.tried.has(seenAs(e)));
  };
  // readiness() and propose() aim the same step on the same screen: once is enough.
  let aimed: { obs: Observation; cursor: number; hit: Aimed } | undefined;
  const aimOn = (obs: Observation, step: AbstractStep) => {
    if (aimed?.obs !== obs || aimed.cursor !== cursor) aimed = { obs, cursor, hit: aim(step, obs, threshold) };
    return aimed.hit;
  };

  return {
    name: 'replay',
    settle: 'light',
    get replayed() { return cursor; },
    // The next step's element on the screen, and the screen changed where the recording shows
    // the last step changed it: ready; else wait for it. Answers are read on a settled screen.
    readiness(ctx: StepContext): Readiness {
      const step = current();
      const last = ctx.history.at(-1);
      if (last && !last.result.ok) return 'settle';
      if (!step) return 'ready'; // done: the runner judges, settling first if a check fails
      const expectedChange = cursor > 0 && steps[cursor - 1]!.screen !== steps[cursor]!.screen;
      if (expectedChange && last && summarizeScreen(ctx.obs) === last.screen) return 'wait';
      if (step.action.type === 'answer') return 'settle';
      if (!step.target || aimOn(ctx.obs, step).ok) return 'ready';
      return untried(ctx.obs) ? 'settle' : 'wait';
    },
    async propose(ctx: StepContext): Promise<Proposal> {
      if (ctx.critique) lose(`: a critic sent it back (${ctx.critique})`);
      const last = ctx.history.at(-1);
      if (cursor > 0 && last && !last.result.ok) lose(`: ${describeAction(last.action)} failed (${last.result.error ?? 'no reason given'})`);
      const step = current();
      if (!step) return { action: { type: 'done', status: 'success', reason: 'replayed every recorded step' }, model_calls: 0 };
      const n = `${cursor + 1}/${steps.length}`;
      const line = stepLine(step, {});
      // An answer recorded with the element it was read from is read again from the live screen.
      if (step.action.type === 'answer' && step.target) {
        const source = readAnswer(step.target, ctx.obs);
        if (!source) lose(`: no ${step.target.role} where the answer was read before`);
        cursor++;
        return { action: { type: 'answer', text: source!.value || source!.name }, thought: `replay step ${n}: the answer read from [${source!.id}]`, model_calls: 0 };
      }
      const hit = aimOn(ctx.obs, step);
      if (!hit.ok) {
        const other = untried(ctx.obs);
        if (!other) return lose(` (${line}): ${hit.why}`);
        branch!.tried.add(seenAs(other));
        cursor = branch!.at + 1;
        return { action: retarget(steps[branch!.at]!.action, other), thought: `replay step ${branch!.at + 1}/${steps.length} again: ${JSON.stringify(step.target?.name)} is not here, so the pattern meant another element -> [${other.id}]`, model_calls: 0 };
      }
      const others = alternatives(step, ctx.obs, threshold);
      if (others.length > 1 && hit.element) branch = { at: cursor, tried: new Set([seenAs(hit.element)]) };
      cursor++;
      const to = hit.element ? ` -> [${hit.element.id}] (match ${hit.score!.toFixed(2)})` : '';
      return { action: hit.action, thought: `replay step ${n}: ${line}${to}`, model_calls: 0 };
    },
  };
}
