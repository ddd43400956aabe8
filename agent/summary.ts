// The run's figures, computed from its episode results alone (so a summary can be rebuilt
// from results.jsonl after a run died).
import type { InterventionCounts } from '../critics/index.js';
import type { EpisodeResult } from './episode.js';
import type { MemoryHealth } from './run-memory.js';
import { roundUsd, type RunStop } from './budget.js';
import type { Tokens } from './types.js';

export interface RunSummary {
  run_id: string;
  suite: string;
  /** The slice of the suite this run was ("2/4"), when it was one. */
  shard?: string;
  policy: string;
  model: string | null;
  started_at: string;
  finished_at: string;
  /**
   * The run stopped before all its episodes ran: a limit (--max-cost, --max-model-calls) or a
   * signal. `not_run`: episodes that did not end; `cut_short`: episodes the stop ended at their
   * next step (errored, reason "stopped: ...").
   */
  stopped?: RunStop & { not_run: number; cut_short: number };
  episodes: number;
  succeeded: number;
  failed: number;
  errored: number;
  success_rate: number;
  /** Wilson score interval, 95%. */
  success_ci95: [number, number];
  /** Over all episodes, failed ones included. */
  mean_steps: number;
  driver_actions: number;
  model_calls: number;
  /** `cached`: prompt tokens the endpoint served from its cache, when it reported any. */
  tokens: Tokens;
  /** USD, when the run had prices (CAIRN_PRICE_INPUT/OUTPUT or --prices). */
  cost_usd?: number;
  wall_s: number;
  /** observe + act per step, model time excluded. */
  step_overhead_ms: { p50: number; p95: number };
  /** Mean per episode of where its wall time went (EpisodeResult.phases_ms). */
  mean_phases_ms: EpisodeResult['phases_ms'];
  search_expansions: number;
  /** Episodes by the policy that drove them (auto picks one per task). */
  by_policy: Record<string, number>;
  /** Replays that lost the trail and handed over (to the model, or to search from a restart). */
  handed_over: number;
  /** Handovers by who took over: `llm`, `search`. */
  handed_over_to: Record<string, number>;
  /** Estimated prompt tokens of memory guidance, summed over episodes. */
  guidance_tokens: number;
  /** Critics' verdicts, approvals included: critic -> decision -> rule -> n (absent when critics were off). */
  interventions?: InterventionCounts;
  by_task: Record<string, { episodes: number; succeeded: number; mean_steps: number }>;
  /** Whether the run had its memory, and why not (absent when it ran without one). */
  memory?: MemoryHealth;
}

export interface RunInfo {
  run_id: string; suite: string; shard?: string; policy: string; model: string | null; started_at: Date; finished_at: Date;
  memory?: MemoryHealth;
  /** Whether the run was priced: cost_usd is then given (0 for a run that called no model). */
  priced?: boolean;
  stopped?: RunSummary['stopped'];
}

function meanPhases(results: EpisodeResult[]): EpisodeResult['phases_ms'] {
  const mean = (k: keyof EpisodeResult['phases_ms']) => (results.length ? round(sum(results.map((r) => r.phases_ms[k])) / results.length, 1) : 0);
  return { start: mean('start'), prepare: mean('prepare'), steps: mean('steps'), verify: mean('verify') };
}

export function summarize(info: RunInfo, results: EpisodeResult[]): RunSummary {
  const count = (s: EpisodeResult['status']) => results.filter((r) => r.status === s).length;
  const succeeded = count('success');
  const byTask: RunSummary['by_task'] = {};
  for (const r of results) {
    const t = (byTask[r.task_id] ??= { episodes: 0, succeeded: 0, mean_steps: 0 });
    t.mean_steps = (t.mean_steps * t.episodes + r.steps) / (t.episodes + 1);
    t.episodes++;
    if (r.status === 'success') t.succeeded++;
  }
  for (const t of Object.values(byTask)) t.mean_steps = round(t.mean_steps, 2);
  const overhead = results.flatMap((r) => r.step_overhead_ms).sort((a, b) => a - b);
  return {
    run_id: info.run_id,
    suite: info.suite,
    ...(info.shard ? { shard: info.shard } : {}),
    policy: info.policy,
    model: info.model,
    started_at: info.started_at.toISOString(),
    finished_at: info.finished_at.toISOString(),
    ...(info.stopped ? { stopped: info.stopped } : {}),
    episodes: results.length,
    succeeded,
    failed: count('failed'),
    errored: count('errored'),
    success_rate: results.length ? round(succeeded / results.length, 4) : 0,
    success_ci95: wilson(succeeded, results.length),
    mean_steps: results.length ? round(sum(results.map((r) => r.steps)) / results.length, 2) : 0,
    driver_actions: sum(results.map((r) => r.driver_actions)),
    model_calls: sum(results.map((r) => r.model_calls)),
    tokens: totalTokens(results),
    ...(info.priced || results.some((r) => r.cost_usd !== undefined) ? { cost_usd: roundUsd(sum(results.map((r) => r.cost_usd ?? 0))) } : {}),
    wall_s: round((info.finished_at.getTime() - info.started_at.getTime()) / 1000, 2),
    step_overhead_ms: { p50: percentile(overhead, 0.5), p95: percentile(overhead, 0.95) },
    mean_phases_ms: meanPhases(results),
    search_expansions: sum(results.map((r) => r.prepare?.expansions ?? 0)),
    by_policy: results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.policy]: (acc[r.policy] ?? 0) + 1 }), {}),
    handed_over: results.filter((r) => r.handed_over).length,
    handed_over_to: results.reduce<Record<string, number>>((acc, r) => (r.handover ? { ...acc, [r.handover.to]: (acc[r.handover.to] ?? 0) + 1 } : acc), {}),
    guidance_tokens: sum(results.map((r) => r.guidance_tokens ?? 0)),
    ...(results.some((r) => r.interventions) ? { interventions: mergeCounts(results.map((r) => r.interventions ?? {})) } : {}),
    by_task: byTask,
    ...(info.memory ? { memory: info.memory } : {}),
  };
}

function totalTokens(results: EpisodeResult[]): Tokens {
  const cached = sum(results.map((r) => r.tokens.cached ?? 0));
  return { prompt: sum(results.map((r) => r.tokens.prompt)), completion: sum(results.map((r) => r.tokens.completion)), ...(cached ? { cached } : {}) };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!, 1);
}

function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 0];
  const z = 1.96, p = k / n, d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [round(Math.max(0, c - h), 4), round(Math.min(1, c + h), 4)];
}

function mergeCounts(all: InterventionCounts[]): InterventionCounts {
  const out: InterventionCounts = {};
  for (const counts of all) {
    for (const [critic, byDecision] of Object.entries(counts)) {
      for (const [decision, byRule] of Object.entries(byDecision)) {
        for (const [rule, n] of Object.entries(byRule ?? {})) {
          const d = ((out[critic] ??= {})[decision as keyof typeof byDecision] ??= {});
          d[rule] = (d[rule] ?? 0) + n;
        }
      }
    }
  }
  return out;
}
