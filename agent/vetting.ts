// Propose, then let the critics vet, before anything runs: a revise sends the critique back
// to the policy for another proposal (bounded); a block or spent revisions stop the action.
import type { Pipeline, Verdict } from '../critics/index.js';
import { critiqueText } from '../critics/index.js';
import type { Action, Observation, ResolvedTask } from '../contract/index.js';
import type { Tally } from './tally.js';
import type { Policy, Proposal, StepContext } from './types.js';

export interface Vetted {
  proposal: Proposal;
  /** run: approved. block: must not run, the step fails. exhausted: revisions ran out, the episode fails. */
  outcome: 'run' | 'block' | 'exhausted';
  reason?: string;
  verdicts: Verdict[];
  vet_ms: number;
}

/** What the policy and the critics spend (model calls, tokens, verdicts) is added to `tally` as it is spent, failures included. */
export async function proposeVetted(policy: Policy, ctx: StepContext, critics: Pipeline | undefined, tally: Tally, maxRevisions = 2): Promise<Vetted> {
  let proposal = await tally.count(() => policy.propose(ctx));
  if (!critics) return { proposal, outcome: 'run', verdicts: [], vet_ms: 0 };

  const verdicts: Verdict[] = [];
  let vetMs = 0;
  for (let revision = 0; ; revision++) {
    const vet = await tally.count(() => critics.vet(ctx, proposal));
    verdicts.push(...vet.verdicts);
    vetMs += vet.vet_ms;
    const { decision, critic, reason } = vet.verdict;
    const done = (outcome: Vetted['outcome'], why?: string): Vetted =>
      ({ proposal, outcome, ...(why ? { reason: why } : {}), verdicts, vet_ms: Math.round(vetMs * 10) / 10 });
    if (decision === 'approve') return done('run');
    if (decision !== 'revise') return done('block', `blocked by the ${critic} critic: ${reason}`);
    if (revision >= maxRevisions) return done('exhausted', `the ${critic} critic rejected ${revision + 1} proposals in a row; last: ${reason}`);
    const critique = critiqueText(vet.verdict, proposal.action);
    proposal = await tally.count(() => policy.propose({ ...ctx, critique }));
  }
}

/**
 * Vets what a policy tries while preparing (search's tries run for real): no revisions, and
 * a try repeated after a restart is not asked about again. Returns why it is blocked, or ''.
 */
export function tryVetter(critics: Pipeline | undefined, tally: Tally, deadline?: number): (task: ResolvedTask, action: Action, on: Observation) => Promise<string> {
  const decided = new Map<string, string>();
  return async (task, action, on) => {
    if (!critics) return '';
    const key = `${on.digest} ${JSON.stringify(action)}`;
    let blocked = decided.get(key);
    if (blocked === undefined) {
      const vet = await tally.count(() => critics.vet({ task, obs: on, history: [], ...(deadline !== undefined ? { deadline } : {}) }, { action }));
      blocked = vet.verdict.decision === 'approve' ? '' : `blocked by the ${vet.verdict.critic} critic: ${vet.verdict.reason}`;
      decided.set(key, blocked);
    }
    return blocked;
  };
}
