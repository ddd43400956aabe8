// What an episode spent and what its critics said, counted in one place: the steps, the
// policy's preparation (search's tries) and a handover all add to the same tally. A call
// that fails counts too: its error says what it had spent.
import { countInterventions, CriticError, type InterventionCounts, type Verdict } from '../critics/index.js';
import { PolicyError, type Usage } from './types.js';

interface Spending { model_calls?: number; usage?: Usage; verdicts?: Verdict[] }

export class Tally {
  modelCalls = 0;
  readonly usage: Usage = { prompt_tokens: 0, completion_tokens: 0 };
  readonly verdicts: Verdict[] = [];
  /** Actions the driver ran outside the recorded steps (search's tries, a lost replay's steps). */
  offTrailActions = 0;

  add(spent: Spending): void {
    this.modelCalls += spent.model_calls ?? 0;
    this.usage.prompt_tokens += spent.usage?.prompt_tokens ?? 0;
    this.usage.completion_tokens += spent.usage?.completion_tokens ?? 0;
    if (spent.verdicts) this.verdicts.push(...spent.verdicts);
  }

  /** Runs a call that spends (a proposal, a vetting) and adds what it spent, whether it succeeds or throws. */
  async count<T extends Spending>(call: () => Promise<T>): Promise<T> {
    try {
      const spent = await call();
      this.add(spent);
      return spent;
    } catch (e) {
      if ((e instanceof PolicyError || e instanceof CriticError) && e.spent) this.add(e.spent);
      throw e;
    }
  }

  interventions(): InterventionCounts {
    return countInterventions(this.verdicts);
  }
}
