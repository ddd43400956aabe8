// The MiniWoB++ bench's table: per task and overall, success rates of search, explore and
// auto, how auto's episodes went (replay drove them to the end, or handed over), model
// calls and wall time.
import type { EpisodeResult } from '../agent/episode.js';

export type Phase = 'search' | 'explore' | 'auto';

export interface BenchRow {
  task: string;
  search: Rate;
  explore: Rate;
  auto: Rate;
  /** Auto episodes replay drove to the end (no handover). */
  replay_to_end: number;
  handovers: number;
  /** Over all three phases. */
  model_calls: number;
  /** Summed episode wall time of each phase, seconds. */
  wall_s: Record<Phase, number>;
}

export interface Rate { succeeded: number; episodes: number }

export function tabulate(ids: string[], results: Record<Phase, EpisodeResult[]>): BenchRow[] {
  const row = (task: string, pick: (r: EpisodeResult) => boolean): BenchRow => {
    const of = (phase: Phase) => results[phase].filter(pick);
    const rate = (phase: Phase): Rate => ({ succeeded: of(phase).filter((r) => r.status === 'success').length, episodes: of(phase).length });
    const wall = (phase: Phase) => Math.round(of(phase).reduce((s, r) => s + r.wall_ms, 0) / 100) / 10;
    return {
      task, search: rate('search'), explore: rate('explore'), auto: rate('auto'),
      replay_to_end: of('auto').filter((r) => r.policy === 'replay' && !r.handed_over).length,
      handovers: of('auto').filter((r) => r.handed_over).length,
      model_calls: (['search', 'explore', 'auto'] as const).reduce((s, p) => s + of(p).reduce((n, r) => n + r.model_calls, 0), 0),
      wall_s: { search: wall('search'), explore: wall('explore'), auto: wall('auto') },
    };
  };
  return [...ids.map((id) => row(id, (r) => r.task_id === id)), row('overall', () => true)];
}

export function formatBenchTable(rows: BenchRow[]): string {
  const rate = (r: Rate) => (r.episodes ? `${r.succeeded}/${r.episodes} ${Math.round((100 * r.succeeded) / r.episodes)}%` : '-');
  const header = ['task', 'search SR', 'explore SR', 'auto SR', 'replay to end', 'handovers', 'model calls', 'wall s (search/explore/auto)'];
  const lines = rows.map((r) => [
    r.task, rate(r.search), rate(r.explore), rate(r.auto), `${r.replay_to_end}/${r.auto.episodes}`, String(r.handovers),
    String(r.model_calls), `${r.wall_s.search} / ${r.wall_s.explore} / ${r.wall_s.auto}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}
