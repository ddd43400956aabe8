// critic-eval's public face: measuring a critic pipeline on live, verified trajectories.
export { criticEval, formatEvalTable, offOriginFor, type CriticEvalOptions, type CriticEvalReport, type EvalSample, type KindStats, type VerifiedTrajectory } from './eval.js';
export { NEGATIVE_KINDS, STRUCTURAL_KINDS, type NegativeKind } from './negatives.js';
export type { RecordedStep } from '../replayer.js';
