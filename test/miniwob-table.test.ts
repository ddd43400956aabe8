// The MiniWoB++ bench's table: rates per phase, what replay drove to the end, handovers.
import { describe, expect, it } from 'vitest';
import type { EpisodeResult } from '../agent/episode.js';
import { formatBenchTable, tabulate } from '../bench/miniwob-table.js';

const result = (task_id: string, status: EpisodeResult['status'], extra: Partial<EpisodeResult> = {}): EpisodeResult => ({
  instance: `${task_id}#1`, task_id, seed: 1, episode: 1, status, reason: '', steps: 2, driver_actions: 2, model_calls: 0,
  tokens: { prompt: 0, completion: 0 }, wall_ms: 1500, step_overhead_ms: [], phases_ms: { start: 0, prepare: 0, steps: 0, verify: 0 },
  policy: 'search', ...extra,
});

describe('the bench table', () => {
  const rows = tabulate(['a', 'b'], {
    search: [result('a', 'success'), result('a', 'failed'), result('b', 'success')],
    explore: [result('a', 'success'), result('b', 'errored')],
    auto: [
      result('a', 'success', { policy: 'replay' }),
      result('a', 'success', { policy: 'replay', handed_over: true, model_calls: 3 }),
      result('b', 'failed', { policy: 'search' }),
    ],
  });

  it('counts per task and overall: success rates, replay to the end, handovers, model calls, wall time', () => {
    expect(rows.map((r) => r.task)).toEqual(['a', 'b', 'overall']);
    expect(rows[0]).toMatchObject({
      search: { succeeded: 1, episodes: 2 }, explore: { succeeded: 1, episodes: 1 }, auto: { succeeded: 2, episodes: 2 },
      replay_to_end: 1, handovers: 1, model_calls: 3, wall_s: { search: 3, explore: 1.5, auto: 3 },
    });
    expect(rows[2]).toMatchObject({ search: { succeeded: 2, episodes: 3 }, auto: { succeeded: 2, episodes: 3 }, replay_to_end: 1, handovers: 1 });
  });

  it('prints one aligned row per task', () => {
    const lines = formatBenchTable(rows).split('\n');
    expect(lines[0]).toMatch(/^\| task +\| search SR +\| explore SR +\| auto SR +\| replay to end +\| handovers +\| model calls +\| wall s/);
    expect(lines[2]).toMatch(/^\| a +\| 1\/2 50% +\| 1\/1 100% +\| 2\/2 100% +\| 1\/2 +\| 1 +\| 3 +\| 3 \/ 1\.5 \/ 3 +\|$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
