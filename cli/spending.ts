// What `run` and `explore` flags say about watching a run and what it may spend: the progress
// mode (--quiet; live only at an interactive terminal), the models' prices (CAIRN_PRICE_*,
// --prices FILE) and the limits that stop it cleanly (--max-cost, --max-model-calls).
import { checkLimits } from '../agent/budget.js';
import { progressMode } from '../agent/progress.js';
import { runPrices } from '../agent/prices.js';
import type { RunOptions } from '../agent/run.js';

export interface SpendingFlags { quiet?: boolean; prices?: string; maxCost?: number; maxModelCalls?: number; modelCritic?: string }

/** `policyModel`: the model the policy calls, if any; the model critic's is CAIRN_CRITIC_MODEL when it is on. */
export async function runControls(o: SpendingFlags, policyModel: string | undefined): Promise<Pick<RunOptions, 'progress' | 'prices' | 'limits'>> {
  const critic = o.modelCritic && o.modelCritic !== 'off' ? process.env.CAIRN_CRITIC_MODEL : undefined;
  const prices = await runPrices({ file: o.prices, models: { policy: policyModel, critic } });
  const limits = { ...(o.maxCost !== undefined ? { maxCostUsd: o.maxCost } : {}), ...(o.maxModelCalls !== undefined ? { maxModelCalls: o.maxModelCalls } : {}) };
  checkLimits(prices, limits);
  return { progress: progressMode(o), ...(prices ? { prices } : {}), limits };
}
