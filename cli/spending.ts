// What `run` and `explore` flags say about watching a run and what it may spend: the progress
// mode (--quiet; live only at an interactive terminal), the models' prices (CAIRN_PRICE_*,
// --prices FILE) and the limits that stop it cleanly (--max-cost, --max-model-calls).
// Checked before the run's modules load (a second): a bad flag is answered at once.
import { checkLimits } from '../agent/budget.js';
import { policyModelConfig, type ModelFlags } from '../agent/llm/config.js';
import { progressMode } from '../agent/progress.js';
import { runPrices } from '../agent/prices.js';
import type { RunOptions } from '../agent/run.js';

export type RunControls = Pick<RunOptions, 'progress' | 'prices' | 'limits'>;

export interface SpendingFlags { quiet?: boolean; prices?: string; maxCost?: number; maxModelCalls?: number; modelCritic?: string }

/** `policy`: the run's policy, whose model (if it calls one) is priced; the model critic's is CAIRN_CRITIC_MODEL when it is on. */
export async function runControls(o: SpendingFlags & ModelFlags, policy: string): Promise<RunControls> {
  const policyModel = policyModelConfig(policy, o)?.model;
  const critic = o.modelCritic && o.modelCritic !== 'off' ? process.env.CAIRN_CRITIC_MODEL : undefined;
  const prices = await runPrices({ file: o.prices, models: { policy: policyModel, critic } });
  const limits = { ...(o.maxCost !== undefined ? { maxCostUsd: o.maxCost } : {}), ...(o.maxModelCalls !== undefined ? { maxModelCalls: o.maxModelCalls } : {}) };
  checkLimits(prices, limits);
  return { progress: progressMode(o), ...(prices ? { prices } : {}), limits };
}
