// The critic pipeline a run uses: the rule critic always (unless turned off for an
// ablation), then the model critic when a mode asks for it. Cheapest first.
import {
  createCriticChat, createModelCritic, createPipeline, createRuleCritic, criticModelConfig,
  type IrreversiblePolicy, type ModelCriticMode, type Pipeline,
} from '../critics/index.js';

export interface CriticFlags {
  /** false: no critics at all (ablation). */
  critics?: boolean;
  modelCritic?: ModelCriticMode;
  irreversible?: IrreversiblePolicy;
  /** Origins (web) or packages (android) navigation may reach, besides the task's own. */
  allowed?: string[];
}

/** Fails at once when a model critic is asked for and none is configured. */
export function criticsFor(flags: CriticFlags): (() => Pipeline) | undefined {
  if (flags.critics === false) return undefined;
  const mode = flags.modelCritic ?? 'off';
  const chat = mode === 'off' ? undefined : createCriticChat(criticModelConfig(process.env));
  return () => createPipeline(
    [createRuleCritic({ allowed: flags.allowed }), ...(chat ? [createModelCritic({ mode, chat })] : [])],
    { irreversible: flags.irreversible },
  );
}
