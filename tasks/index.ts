export { loadSuite, parseSuite, SuiteError } from './load.js';
export { instances, resolveTask } from './resolve.js';
export { verify, judgeAnswer, type Verdict, type CheckRecord } from './checks.js';
export { revealSecrets, withSecrets, redact, secretNames, SecretError } from './secrets.js';
export type { ResolvedTask, Suite, Check, Budget } from './types.js';
