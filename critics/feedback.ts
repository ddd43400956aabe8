// What the critics' verdicts become outside the pipeline: the critique a policy gets with a
// revise, and the intervention counts for summary.json.
import { describeAction, type Action } from '../contract/index.js';
import type { Decision, Verdict } from './types.js';

/** The text a policy gets back when its proposal was not approved. */
export function critiqueText(verdict: Verdict, action: Action): string {
  const by = verdict.critic === 'rules' ? `the rules (${verdict.rule})` : verdict.critic === 'model' ? 'the reviewing model' : `the ${verdict.critic} check (${verdict.rule})`;
  const what = verdict.decision === 'block' ? 'blocked' : 'rejected';
  const suggestion = verdict.suggestion === undefined ? ''
    : ` Suggestion: ${typeof verdict.suggestion === 'string' ? verdict.suggestion : describeAction(verdict.suggestion)}.`;
  return `Your proposed action \`${describeAction(action)}\` was ${what} by ${by}: ${verdict.reason}.${suggestion} Propose a different action.`;
}

export type InterventionCounts = Record<string, Partial<Record<Decision, Record<string, number>>>>;

/** critic -> decision -> rule -> how many, over every verdict given (approvals included). */
export function countInterventions(verdicts: Iterable<Verdict>): InterventionCounts {
  const counts: InterventionCounts = {};
  for (const v of verdicts) {
    const byDecision = (counts[v.critic] ??= {});
    const byRule = (byDecision[v.decision] ??= {});
    byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
  }
  return counts;
}
