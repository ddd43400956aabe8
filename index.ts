// cairn as a library (`import { runSuite, loadSuite, openMemory } from 'cairn'`): the suite
// runner and its policies, the suite loader, the memory, the critics, and the drivers with the
// contracts they share, and the HTML report over a run directory.
export { runSuite, type RunOptions, type RunOutcome, type MemoryMode } from './agent/run.js';
export { runEpisode, type EpisodeResult, type EpisodeOptions, type EpisodeStatus } from './agent/episode.js';
export type { Policy, PolicySource, PolicyChoice, Proposal, StepContext, StepRecord, EpisodeHandle, PrepareStats, Tokens } from './agent/types.js';
export * from './agent/policies.js';
export * from './tasks/index.js';
export * from './memory/index.js';
export {
  createPipeline, createRuleCritic, createModelCritic, createCriticChat, criticModelConfig, CriticError,
  type Pipeline, type PipelineOptions, type Critic, type Verdict, type VetContext,
} from './critics/index.js';
export * from './drivers/web/index.js';
// The contract's types; of its values, those a caller of the runner needs (secrets).
export type * from './contract/index.js';
export { redact, revealSecrets, SecretError, secretNames, withSecrets } from './contract/index.js';
export { DEMO_SUITE } from './tasks/bundled.js';
export { buildReport, mergedSummary, readRun, reportRun, type RunRecord } from './report/index.js';
