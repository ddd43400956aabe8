// The replay policy: follows a recalled trajectory step by step with no model call,
// re-grounding each recorded target on the live screen by its descriptor. When a step
// cannot be grounded (or a replayed step failed), it hands over to the fallback policy for
// the rest of the episode, or, with none, ends the episode saying where the trail was lost.
import { describeAction } from '../../drivers/action.js';
import { summarizeScreen } from '../../drivers/elements.js';
import type { Observation, TargetDescriptor } from '../../drivers/types.js';
import { stepLine, type AbstractStep, type Recollection } from '../../memory/index.js';
import { fillDeep } from '../../tasks/template.js';
import { ground, matchScore, retarget } from '../../drivers/ground.js';
import { readAnswer } from './answer.js';
import { PolicyError, type Policy, type Proposal, type Readiness, type StepContext } from '../types.js';

export interface ReplayOptions {
  recollection: Recollection;
  fallback?: Policy;
  /** Least ground() score a live element needs to stand for a recorded target (default 0.6). */
  threshold?: number;
}

export interface ReplayPolicy extends Policy {
  /** The fallback took over. */
  readonly handedOver: boolean;
  /** Why replay stopped following the trail, when it did. */
  readonly lostTrail: string | undefined;
  /** Recorded steps replayed so far. */
  readonly replayed: number;
}

export function createReplayPolicy(opts: ReplayOptions): ReplayPolicy {
  const { recollection, fallback } = opts;
  const threshold = opts.threshold ?? 0.6;
  const steps = recollection.record.steps;
  let cursor = 0;
  let lost: string | undefined;

  const handOver = async (ctx: StepContext, why: string): Promise<Proposal> => {
    lost = why;
    if (!fallback) throw new PolicyError(`replay of "${recollection.record.goal_template}" ${why}; no fallback policy to hand over to`, 'exhausted');
    return fallback.propose(ctx);
  };

  /** The recorded steps as they read for this task (slots filled). */
  const filled: AbstractStep[] = steps.map((s) => fillDeep(s, recollection.slots));
  const current = (): AbstractStep | undefined => filled[cursor];
  // readiness() and propose() ground the same step on the same screen: once is enough.
  let grounded: { obs: Observation; cursor: number; hit: ReturnType<typeof ground> } | undefined;
  const groundOn = (obs: Observation, target: TargetDescriptor) => {
    if (grounded?.obs !== obs || grounded.cursor !== cursor) grounded = { obs, cursor, hit: ground(target, obs.elements, threshold) };
    return grounded.hit;
  };

  return {
    name: 'replay',
    get handedOver() { return lost !== undefined && fallback !== undefined; },
    get lostTrail() { return lost; },
    get replayed() { return cursor; },
    // The next step's element on the screen, and the screen changed where the recording shows
    // the last step changed it: ready; else wait for it. Answers are read, and the fallback
    // works, on a settled screen.
    readiness(ctx: StepContext): Readiness {
      const step = current();
      const last = ctx.history.at(-1);
      if (lost !== undefined || (last && !last.result.ok)) return 'settle';
      if (!step) return 'ready'; // done: the runner judges, settling first if a check fails
      const expectedChange = cursor > 0 && steps[cursor - 1]!.screen !== steps[cursor]!.screen;
      if (expectedChange && last && summarizeScreen(ctx.obs) === last.screen) return 'wait';
      if (step.action.type === 'answer') return 'settle';
      return !step.target || groundOn(ctx.obs, step.target) ? 'ready' : 'wait';
    },
    async propose(ctx: StepContext): Promise<Proposal> {
      if (lost !== undefined) return handOver(ctx, lost);
      if (ctx.critique) return handOver(ctx, `lost the trail at step ${cursor} of ${steps.length}: a critic sent it back (${ctx.critique})`);
      const last = ctx.history.at(-1);
      if (cursor > 0 && last && !last.result.ok) {
        return handOver(ctx, `lost the trail at step ${cursor} of ${steps.length}: ${describeAction(last.action)} failed (${last.result.error ?? 'no reason given'})`);
      }
      const recorded = steps[cursor];
      const step = current();
      if (!recorded || !step) return { action: { type: 'done', status: 'success', reason: 'replayed every recorded step' }, model_calls: 0 };
      const n = cursor + 1;
      // An answer recorded with the element it was read from is read again from the live screen.
      if (step.action.type === 'answer' && step.target) {
        const source = readAnswer(step.target, ctx.obs);
        if (!source) return handOver(ctx, `lost the trail at step ${n} of ${steps.length}: no ${step.target.role} where the answer was read before`);
        cursor++;
        return { action: { type: 'answer', text: source.value || source.name }, thought: `replay step ${n}/${steps.length}: the answer read from [${source.id}]`, model_calls: 0 };
      }
      if (step.action.type === 'answer' && /\{\{(?!secret:)[^}]+\}\}/.test(recorded.action.type === 'answer' ? recorded.action.text : '')) {
        return handOver(ctx, `lost the trail at step ${n} of ${steps.length}: the recorded answer has an unfilled slot`);
      }
      const target = 'target' in step.action ? step.action.target : undefined;
      if (!step.target || !target || !('element' in target)) {
        cursor++;
        return { action: step.action, thought: `replay step ${n}/${steps.length}: ${stepLine(recorded, recollection.slots)}`, model_calls: 0 };
      }
      const found = groundOn(ctx.obs, step.target);
      if (!found) return handOver(ctx, `lost the trail at step ${n} of ${steps.length} (${stepLine(recorded, recollection.slots)}): ${notFound(step.target, ctx, threshold)}`);
      cursor++;
      return {
        action: retarget(step.action, found.element),
        thought: `replay step ${n}/${steps.length}: ${stepLine(recorded, recollection.slots)} -> [${found.element.id}] (match ${found.score.toFixed(2)})`,
        model_calls: 0,
      };
    },
  };
}

function notFound(d: TargetDescriptor, ctx: StepContext, threshold: number): string {
  const best = ctx.obs.elements.map((e) => ({ e, s: matchScore(d, e) })).sort((a, b) => b.s - a.s)[0];
  const nearest = best && best.s > 0 ? `; nearest ${best.e.role} ${JSON.stringify(best.e.name)} scored ${best.s.toFixed(2)}` : '';
  return `no element matched ${d.role} ${JSON.stringify(d.name)} at or above ${threshold}${nearest}`;
}

/**
 * The recollection to replay for a task, if one fits: every slot mapped, the goal vectors at
 * least `minSimilarity` alike, and the task of the same shape (the same template, or the
 * stored template filled with the mapped slots reads as the new goal). The shape test is the
 * real gate; 0.6 only keeps out a match by chance (hash-v1 puts a free-form goal with two
 * names about 0.7 from its own template, a different task about 0.1).
 */
export function chooseRecollection(recollections: Recollection[], task: { goal: string; goal_template?: string }, minSimilarity = 0.6): Recollection | undefined {
  return recollections.find((r) => {
    if (r.missing.length || !r.record.steps.length) return false;
    const sameTemplate = task.goal_template !== undefined && task.goal_template === r.record.goal_template;
    const goalFits = fillTemplate(r.record.goal_template, r.slots).toLowerCase() === task.goal.trim().toLowerCase();
    return r.similarity >= minSimilarity && (sameTemplate || goalFits);
  });
}

function fillTemplate(template: string, slots: Record<string, string>): string {
  return fillDeep(template, slots).trim();
}
