// The critic contract. Critics see what the runner sees before an action runs and say
// whether it may run. These types are structural on purpose: critics/ imports nothing of
// agent/, and agent's StepContext and Proposal fit VetContext and ProposalLike as they are.
import type { Action, Observation, ResolvedTask } from '../contract/index.js';

/**
 * approve: run it. revise: the policy should propose something else (with the critique).
 * block: this must not run; the step fails. confirm: it may run only if the run's
 * irreversible-action policy (or the person at the terminal) says so; the pipeline asks.
 */
export type Decision = 'approve' | 'revise' | 'block' | 'confirm';

/** A critic that cannot work at all (its endpoint refused the credentials): no step can be vetted. */
export class CriticError extends Error {
  /** `spent`: the model requests it took to find out, so they are counted. */
  constructor(message: string, public spent?: { model_calls: number; usage?: CriticUsage }) {
    super(message);
    this.name = 'CriticError';
  }
}

export interface CriticUsage { prompt_tokens: number; completion_tokens: number; cached_tokens?: number }

export interface Verdict {
  decision: Decision;
  /** Which critic said it: `rules`, `model`, `confirm`. */
  critic: string;
  /** A short kind for counting: the rule's name, `correct`/`incorrect`, `unparsed` ... */
  rule: string;
  reason: string;
  /** What to do instead: an action, or words. */
  suggestion?: Action | string;
  /** Something worth a look that did not change the decision (e.g. an unparsable model reply). */
  warning?: string;
  /** Notes for the critics after this one (model critic in `risky` mode runs on flagged steps). */
  flags?: string[];
  usage?: CriticUsage;
  model_calls?: number;
}

export interface HistoryEntry {
  action: Action;
  digest: string;
  location: string;
  result: { ok: boolean };
}

export interface VetContext {
  task: ResolvedTask;
  obs: Observation;
  history: readonly HistoryEntry[];
  /** When the episode's time runs out (ms since the epoch): a model critic's calls end by then. */
  deadline?: number;
}

export interface ProposalLike {
  action: Action;
  thought?: string;
  /** The policy itself is unsure: a model critic in `risky` mode looks at it. */
  uncertain?: boolean;
}

/** What earlier critics in the pipeline left for later ones. */
export interface CriticNotes {
  flagged: readonly string[];
}

export interface Critic {
  readonly name: string;
  vet(ctx: VetContext, proposal: ProposalLike, notes: CriticNotes): Promise<Verdict>;
}
