// Propose, then let the critics vet, before anything runs: a revise sends the critique back
// to the policy for another proposal (bounded); a block or spent revisions stop the action.
import type { Pipeline, Verdict } from '../critics/index.js';
import { critiqueText } from '../critics/index.js';
import type { Action } from '../drivers/action.js';
import type { Observation } from '../drivers/types.js';
import type { ResolvedTask } from '../tasks/types.js';
import type { Tally } from './tally.js';
import type { Policy, Proposal, StepContext, Usage } from './types.js';

export interface Vetted {
  proposal: Proposal;
  /** run: approved. block: must not run, the step fails. exhausted: revisions ran out, the episode fails. */
  outcome: 'run' | 'block' | 'exhausted';
  reason?: string;
  verdicts: Verdict[];
  vet_ms: number;
  /** Policy and critic calls together. */
  model_calls: number;
  usage: Usage;
}

export async function proposeVetted(policy: Policy, ctx: StepContext, critics: Pipeline | undefined, maxRevisions = 2): Promise<Vetted> {
  const usage: Usage = { prompt_tokens: 0, completion_tokens: 0 };
  let calls = 0;
  const add = (u: { prompt_tokens: number; completion_tokens: number } | undefined, n: number | undefined) => {
    usage.prompt_tokens += u?.prompt_tokens ?? 0;
    usage.completion_tokens += u?.completion_tokens ?? 0;
    calls += n ?? 0;
  };
  let proposal = await policy.propose(ctx);
  add(proposal.usage, proposal.model_calls);
  if (!critics) return { proposal, outcome: 'run', verdicts: [], vet_ms: 0, model_calls: calls, usage };

  const verdicts: Verdict[] = [];
  let vetMs = 0;
  for (let revision = 0; ; revision++) {
    const vet = await critics.vet(ctx, proposal);
    verdicts.push(...vet.verdicts);
    vetMs += vet.vet_ms;
    add(vet.usage, vet.model_calls);
    const { decision, critic, reason } = vet.verdict;
    const done = (outcome: Vetted['outcome'], why?: string): Vetted =>
      ({ proposal, outcome, ...(why ? { reason: why } : {}), verdicts, vet_ms: Math.round(vetMs * 10) / 10, model_calls: calls, usage });
    if (decision === 'approve') return done('run');
    if (decision !== 'revise') return done('block', `blocked by the ${critic} critic: ${reason}`);
    if (revision >= maxRevisions) return done('exhausted', `the ${critic} critic rejected ${revision + 1} proposals in a row; last: ${reason}`);
    proposal = await policy.propose({ ...ctx, critique: critiqueText(vet.verdict, proposal.action) });
    add(proposal.usage, proposal.model_calls);
  }
}

/**
 * Vets what a policy tries while preparing (search's tries run for real): no revisions, and
 * a try repeated after a restart is not asked about again. Returns why it is blocked, or ''.
 */
export function tryVetter(critics: Pipeline | undefined, tally: Tally): (task: ResolvedTask, action: Action, on: Observation) => Promise<string> {
  const decided = new Map<string, string>();
  return async (task, action, on) => {
    if (!critics) return '';
    const key = `${on.digest} ${JSON.stringify(action)}`;
    let blocked = decided.get(key);
    if (blocked === undefined) {
      const vet = await critics.vet({ task, obs: on, history: [] }, { action });
      tally.add(vet);
      blocked = vet.verdict.decision === 'approve' ? '' : `blocked by the ${vet.verdict.critic} critic: ${vet.verdict.reason}`;
      decided.set(key, blocked);
    }
    return blocked;
  };
}
