// What a run spends as it goes, over all its episodes (those a resumed run kept included),
// and the limits that stop it cleanly: once --max-cost or --max-model-calls is reached no
// new episode starts and the episodes in flight stop at their next step. A signal stops it
// the same way. The stop is said in summary.json.
import { costOf, type RunPrices } from './prices.js';
import type { SpendingMeter, Spender } from './tally.js';
import type { Usage } from './types.js';

export interface RunLimits {
  /** USD; needs prices. */
  maxCostUsd?: number;
  maxModelCalls?: number;
}

/** Why a run stopped before its episodes were all run. */
export interface RunStop {
  by: 'max-cost' | 'max-model-calls' | 'signal';
  reason: string;
}

/** A limit that cannot work is refused before the run starts. */
export function checkLimits(prices: RunPrices | undefined, limits: RunLimits = {}): void {
  if (limits.maxCostUsd !== undefined && !prices) throw new Error('--max-cost needs prices: set CAIRN_PRICE_INPUT and CAIRN_PRICE_OUTPUT (USD per million tokens) or give --prices FILE');
}

export class RunBudget {
  modelCalls: number;
  costUsd: number;
  stop?: RunStop;
  /** Episodes the stop ended at their next step. */
  private cutShort = 0;

  /** `before`: the episodes a resumed run kept (they count); `onStop`: told once, when the run stops. */
  constructor(readonly prices: RunPrices | undefined, private readonly limits: RunLimits = {}, before: { model_calls: number; cost_usd?: number }[] = [],
    private readonly onStop?: (stop: RunStop) => void) {
    this.modelCalls = before.reduce((n, r) => n + r.model_calls, 0);
    this.costUsd = before.reduce((n, r) => n + (r.cost_usd ?? 0), 0);
    this.check();
  }

  /** A meter for one episode: it adds to the run as the episode spends and says when to stop. */
  meter(): SpendingMeter {
    const run = this;
    let cost = 0;
    return {
      add(spent: { model_calls: number; usage: Usage }, by: Spender) {
        const price = run.prices?.[by];
        const more = price ? costOf(spent.usage, price) : 0;
        cost += more;
        run.modelCalls += spent.model_calls;
        run.costUsd += more;
        run.check();
      },
      stopReason() {
        if (run.stop) run.cutShort++;
        return run.stop?.reason;
      },
      get costUsd() { return run.prices ? roundUsd(cost) : undefined; },
    };
  }

  /** Stops the run (the first stop is the one said). */
  halt(stop: RunStop): void {
    if (this.stop) return;
    this.stop = stop;
    this.onStop?.(stop);
  }

  /**
   * The stop as the summary says it, if it took effect: a signal always; a limit when episodes
   * were left unrun or cut short (a limit reached by the last step of the last episode stopped nothing).
   */
  stopped(notRun: number): (RunStop & { not_run: number; cut_short: number }) | undefined {
    if (!this.stop || (this.stop.by !== 'signal' && !notRun && !this.cutShort)) return undefined;
    return { ...this.stop, not_run: notRun, cut_short: this.cutShort };
  }

  private check(): void {
    const { maxCostUsd, maxModelCalls } = this.limits;
    if (maxModelCalls !== undefined && this.modelCalls >= maxModelCalls) {
      this.halt({ by: 'max-model-calls', reason: `the run made ${this.modelCalls} model calls (--max-model-calls ${maxModelCalls})` });
    }
    if (maxCostUsd !== undefined && this.costUsd >= maxCostUsd) {
      this.halt({ by: 'max-cost', reason: `the run spent $${roundUsd(this.costUsd)} (--max-cost ${maxCostUsd})` });
    }
  }
}

export const roundUsd = (x: number) => Math.round(x * 1e6) / 1e6;
