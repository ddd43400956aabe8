// What an episode spent and what its critics said, counted in one place: the steps, the
// policy's preparation (search's tries) and a handover all add to the same tally.
import { countInterventions, type InterventionCounts, type Verdict } from '../critics/index.js';
import type { Usage } from './types.js';

export class Tally {
  modelCalls = 0;
  readonly usage: Usage = { prompt_tokens: 0, completion_tokens: 0 };
  readonly verdicts: Verdict[] = [];
  /** Actions the driver ran outside the recorded steps (search's tries, a lost replay's steps). */
  offTrailActions = 0;

  add(spent: { model_calls?: number; usage?: Usage; verdicts?: Verdict[] }): void {
    this.modelCalls += spent.model_calls ?? 0;
    this.usage.prompt_tokens += spent.usage?.prompt_tokens ?? 0;
    this.usage.completion_tokens += spent.usage?.completion_tokens ?? 0;
    if (spent.verdicts) this.verdicts.push(...spent.verdicts);
  }

  interventions(): InterventionCounts {
    return countInterventions(this.verdicts);
  }
}
