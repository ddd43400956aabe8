// The run report: static HTML over a run directory's files (or several shard runs merged).
export { buildReport, mergedSummary, reportRun } from './build.js';
export { readRun, type RunRecord } from './read.js';
