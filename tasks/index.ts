export { loadSuite, parseSuite, SuiteError } from './load.js';
export { instances, resolveTask } from './resolve.js';
export { applyGoalFrom } from './goal-from.js';
export { serveSuite, type ServedSuite } from './site.js';
export { verify, judgeAnswer, type CheckVerdict, type CheckRecord } from './checks.js';
export type { Suite, LocalSite } from './types.js';
