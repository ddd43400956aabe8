// The one replayer: a recorded step aimed at a live screen (its target found again by its
// descriptor, since ids do not survive across screens), and a recorded path played through
// an episode's handle. The replay policy aims step by step; search plays its found paths
// after each restart; critic-eval walks verified trajectories.
import { dropOf, ground, matchScore, retarget, targetOf, WILDCARD, type Action, type ActResult, type Observation, type TargetDescriptor, type UIElement } from '../contract/index.js';

export interface RecordedStep { action: Action; target?: TargetDescriptor; to?: TargetDescriptor }

/** Least ground() score a live element needs to stand for a recorded target. */
export const GROUND_THRESHOLD = 0.6;

export type Aimed =
  | { ok: true; action: Action; element?: UIElement; score?: number }
  | { ok: false; why: string };

/** The recorded action pointed at this screen's elements (a drag's both ends); a step without an element target as it is. */
export function aim(step: RecordedStep, obs: Observation, threshold = GROUND_THRESHOLD): Aimed {
  let action = step.action;
  const drop = dropOf(action);
  if (step.to && drop && 'element' in drop) {
    const hit = ground(step.to, obs.elements, threshold);
    if (!hit) return { ok: false, why: `the drop target: ${notFound(step.to, obs, threshold)}` };
    action = retarget(action, hit.element, 'to');
  }
  const t = targetOf(action);
  if (!step.target || !t || !('element' in t)) return { ok: true, action };
  const hit = ground(step.target, obs.elements, threshold);
  if (!hit) return { ok: false, why: notFound(step.target, obs, threshold) };
  return { ok: true, action: retarget(action, hit.element), element: hit.element, score: hit.score };
}

/**
 * Every element a pattern-named target (`Section #{{*}}`) could stand for, best first: memory
 * knows such a target only by what its instances shared, so any of them may be the one.
 * Empty for a target named in full.
 */
export function alternatives(step: RecordedStep, obs: Observation, threshold = GROUND_THRESHOLD): UIElement[] {
  const d = step.target;
  if (!d || !d.name.includes(WILDCARD) || step.action.type !== 'click') return [];
  return obs.elements.map((e) => ({ e, s: matchScore(d, e) })).filter((x) => x.s >= threshold).sort((a, b) => b.s - a.s).map((x) => x.e);
}

function notFound(d: TargetDescriptor, obs: Observation, threshold: number): string {
  const best = obs.elements.map((e) => ({ e, s: matchScore(d, e) })).sort((a, b) => b.s - a.s)[0];
  const nearest = best && best.s > 0 ? `; nearest ${best.e.role} ${JSON.stringify(best.e.name)} scored ${best.s.toFixed(2)}` : '';
  return `no element matched ${d.role} ${JSON.stringify(d.name)} at or above ${threshold}${nearest}`;
}

/** What playing a path needs: an episode's handle fits. */
export interface Stage {
  observe(): Promise<Observation>;
  act(action: Action, on: Observation): Promise<ActResult>;
}

export type Played = { ok: true; obs: Observation } | { ok: false; at: number; why: string; obs: Observation };

/** Plays steps [from, to) from the screen `obs`; answers and `done` are not acted. */
export async function play(stage: Stage, steps: readonly RecordedStep[], obs: Observation, from = 0, to = steps.length): Promise<Played> {
  let here = obs;
  for (let i = from; i < to; i++) {
    const step = steps[i]!;
    if (step.action.type === 'answer' || step.action.type === 'done') continue;
    const aimed = aim(step, here);
    if (!aimed.ok) return { ok: false, at: i, why: aimed.why, obs: here };
    const r = await stage.act(aimed.action, here);
    if (!r.ok) return { ok: false, at: i, why: `step ${i + 1} failed (${r.error ?? 'no reason given'})`, obs: here };
    here = await stage.observe();
  }
  return { ok: true, obs: here };
}
