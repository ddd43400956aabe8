export { loadSuite, parseSuite, SuiteError } from './load.js';
export { instances, resolveTask } from './resolve.js';
export { applyGoalFrom } from './goal-from.js';
export { serveSuite, type ServedSuite } from './site.js';
export { verify, judgeAnswer, type Verdict, type CheckRecord } from './checks.js';
export { revealSecrets, withSecrets, redact, secretNames, SecretError } from './secrets.js';
export type { ResolvedTask, Suite, Check, Budget, LocalSite } from './types.js';
