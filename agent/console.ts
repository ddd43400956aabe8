// What a person watching a run sees: a line per episode, then a table per task (progress.ts
// draws the live line on a terminal).
import type { EpisodeResult } from './episode.js';
import type { RunSummary } from './summary.js';

const MARK = { success: 'ok  ', failed: 'FAIL', errored: 'ERR ' } as const;

export function episodeLine(r: EpisodeResult): string {
  const extra = r.status === 'success' ? '' : `  ${r.reason}`;
  return `${MARK[r.status]} ${r.instance.padEnd(28)} ${String(r.steps).padStart(2)} steps ${(r.wall_ms / 1000).toFixed(1).padStart(6)}s${extra}`;
}

export function summaryTable(s: RunSummary): string {
  const rows = Object.entries(s.by_task).map(([id, t]) =>
    `${id.padEnd(28)} ${`${t.succeeded}/${t.episodes}`.padStart(7)} ${t.mean_steps.toFixed(1).padStart(10)}`);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const cached = s.tokens.cached ? ` (${s.tokens.cached} cached)` : '';
  const cost = s.cost_usd !== undefined ? `; cost $${s.cost_usd}` : '';
  return [
    `${'task'.padEnd(28)} ${'success'.padStart(7)} ${'mean steps'.padStart(10)}`,
    ...rows,
    '',
    `${s.succeeded}/${s.episodes} succeeded (${pct(s.success_rate)}, 95% CI ${pct(s.success_ci95[0])}-${pct(s.success_ci95[1])}), ` +
      `${s.failed} failed, ${s.errored} errored; mean steps ${s.mean_steps}; model calls ${s.model_calls}; ` +
      `tokens ${s.tokens.prompt}+${s.tokens.completion}${cached}${cost}; step overhead p50 ${s.step_overhead_ms.p50} ms, p95 ${s.step_overhead_ms.p95} ms; wall ${s.wall_s}s`,
    ...(s.stopped ? [stoppedLine(s.stopped)] : []),
  ].join('\n');
}

/** Why the run stopped early, as the summary table and the report say it. */
export function stoppedLine(stop: NonNullable<RunSummary['stopped']>): string {
  return `STOPPED: ${stop.reason}; ${stop.not_run} episode${stop.not_run === 1 ? '' : 's'} not run` +
    (stop.cut_short ? `, ${stop.cut_short} stopped at their next step` : '');
}
