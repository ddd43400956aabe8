// What an episode spent and what its critics said, counted in one place: the steps, the
// policy's preparation (search's tries) and a handover all add to the same tally. A call
// that fails counts too: its error says what it had spent. A meter, when the run gives one,
// hears of each spending as it happens (the run's cost and its limits).
import { addUsage } from '../common/usage.js';
import { countInterventions, CriticError, type InterventionCounts, type Verdict } from '../critics/index.js';
import { PolicyError, type Tokens, type Usage } from './types.js';

interface Spending { model_calls?: number; usage?: Usage; verdicts?: Verdict[] }

/** Who spent: the policy's model, or the critics' (a model critic). They may be priced differently. */
export type Spender = 'policy' | 'critic';

/** The run's ear on one episode's spending (agent/budget.ts). */
export interface SpendingMeter {
  add(spent: { model_calls: number; usage: Usage }, by: Spender): void;
  /** Why the episode must stop at its next step (the run reached a limit or was interrupted), else undefined. */
  stopReason(): string | undefined;
  /** What the episode's calls cost in USD, when the run has prices. */
  readonly costUsd: number | undefined;
}

/** A point in the tally, to tell what a step spent. */
export interface TallyMark { calls: number; usage: Usage }

export class Tally {
  modelCalls = 0;
  readonly usage: Usage = { prompt_tokens: 0, completion_tokens: 0 };
  readonly verdicts: Verdict[] = [];
  /** Actions the driver ran outside the recorded steps (search's tries, a lost replay's steps). */
  offTrailActions = 0;

  constructor(private readonly meter?: SpendingMeter) {}

  /** A vetting's outcome carries the verdicts: what it spent is the critics'. */
  add(spent: Spending, by: Spender = spent.verdicts ? 'critic' : 'policy'): void {
    const calls = spent.model_calls ?? 0;
    this.modelCalls += calls;
    addUsage(this.usage, spent.usage);
    if (spent.verdicts) this.verdicts.push(...spent.verdicts);
    if (calls) this.meter?.add({ model_calls: calls, usage: spent.usage ?? { prompt_tokens: 0, completion_tokens: 0 } }, by);
  }

  /** Runs a call that spends (a proposal, a vetting) and adds what it spent, whether it succeeds or throws. */
  async count<T extends Spending>(call: () => Promise<T>): Promise<T> {
    try {
      const spent = await call();
      this.add(spent);
      return spent;
    } catch (e) {
      if (e instanceof PolicyError && e.spent) this.add(e.spent, 'policy');
      if (e instanceof CriticError && e.spent) this.add(e.spent, 'critic');
      throw e;
    }
  }

  mark(): TallyMark {
    return { calls: this.modelCalls, usage: { ...this.usage } };
  }

  /** What was spent since `mark`, as a step records it: nothing when no model was called. */
  since(mark: TallyMark): { model_calls?: number; tokens?: Tokens } {
    const calls = this.modelCalls - mark.calls;
    if (!calls) return {};
    const u = this.usage, m = mark.usage;
    return {
      model_calls: calls,
      tokens: tokensOf({ prompt_tokens: u.prompt_tokens - m.prompt_tokens, completion_tokens: u.completion_tokens - m.completion_tokens, cached_tokens: (u.cached_tokens ?? 0) - (m.cached_tokens ?? 0) }),
    };
  }

  /** The episode's spending as its result records it; `cost_usd` when the run has prices. */
  totals(): { model_calls: number; tokens: Tokens; cost_usd?: number } {
    const cost = this.meter?.costUsd;
    return { model_calls: this.modelCalls, tokens: tokensOf(this.usage), ...(cost !== undefined ? { cost_usd: cost } : {}) };
  }

  interventions(): InterventionCounts {
    return countInterventions(this.verdicts);
  }
}

export function tokensOf(u: Usage): Tokens {
  return { prompt: u.prompt_tokens, completion: u.completion_tokens, ...(u.cached_tokens ? { cached: u.cached_tokens } : {}) };
}
