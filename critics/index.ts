// The critics' public face: the contract, the pipeline, the rule and model critics,
// the feedback helpers. critic-eval, which drives a task to measure them, lives in agent/critic-eval.
export type { Critic, CriticNotes, CriticUsage, Decision, HistoryEntry, ProposalLike, Verdict, VetContext } from './types.js';
export { CriticError } from './types.js';
export { createPipeline, askOnTerminal, type Pipeline, type PipelineOptions, type VetOutcome } from './pipeline.js';
export { createRuleCritic, type RuleCriticOptions } from './rule-critic.js';
export { RULE_NAMES, type RuleName } from './rules.js';
export { DEFAULT_IRREVERSIBLE_PATTERNS, defaultIrreversiblePolicy, irreversibleMatch, type IrreversiblePolicy } from './irreversible.js';
export { createModelCritic, type ModelCriticMode, type ModelCriticOptions } from './model-critic.js';
export {
  ChatFailure, completeChat, createCriticChat, criticModelConfig, cutReply,
  type CriticChat, type CriticChatReply, type CriticModelConfig,
} from './model.js';
export { CRITIC_SYSTEM_PROMPT, parseCriticReply, type CriticMessage } from './model-prompt.js';
export { markTarget, MARK_COLOR } from './mark.js';
export { critiqueText, countInterventions, type InterventionCounts } from './feedback.js';
export { actedElement } from './landing.js';
export { receivingPlace, startPlace } from './origins.js';
