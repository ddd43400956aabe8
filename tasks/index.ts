export { loadSuite, parseSuite, SuiteError } from './load.js';
export { instances, resolveTask } from './resolve.js';
export { verify, judgeAnswer, needsAnswer, type Verdict, type CheckRecord } from './checks.js';
export { revealSecrets, redact, secretNames, SecretError } from './secrets.js';
export type { ResolvedTask, Suite, Check, Budget } from './types.js';
