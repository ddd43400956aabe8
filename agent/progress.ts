// What a person watching a run sees while it goes. `live`, at an interactive terminal: one
// line redrawn in place (done/total, ok/failed/errored, time left, the episodes in flight and
// their step), failed and errored episodes printed above it as they end. `lines`, in CI or
// when output is piped or logged: one plain line per finished episode. `quiet`: neither;
// lines that say something once (the start, a stop, the summary) are printed in every mode.
import { stripVTControlCharacters, styleText } from 'node:util';
import { inCi } from '../common/ci.js';
import { episodeLine } from './console.js';
import type { EpisodeResult } from './episode.js';

export type ProgressMode = 'live' | 'lines' | 'quiet';

/** `live` only where a person watches: stdout and stderr both terminals, and not CI. */
export function progressMode(o: { quiet?: boolean }, env: NodeJS.ProcessEnv = process.env, streams: { out: { isTTY?: boolean }; err: { isTTY?: boolean } } = { out: process.stdout, err: process.stderr }): ProgressMode {
  if (o.quiet) return 'quiet';
  return !inCi(env) && streams.out.isTTY && streams.err.isTTY ? 'live' : 'lines';
}

/** Step redraws at most this often; an episode's start or end always redraws. */
const REDRAW_MS = 100;

export class Progress {
  private readonly counts = { success: 0, failed: 0, errored: 0 };
  private readonly running = new Map<string, { label: string; step: number }>();
  private readonly started = Date.now();
  private doneHere = 0;
  private drawnAt = 0;
  private shown = false;
  /** finish() was called: the line is left as it is and not drawn again. */
  private closed = false;
  private readonly color: boolean;

  /**
   * `total`: the run's episodes, `done` of them already finished (a resumed run's). The live
   * line goes to `stream` (stderr), the lines that stay through `log`.
   */
  constructor(readonly mode: ProgressMode, private readonly total: number, private readonly log: (line: string) => void,
    private done = 0, private readonly stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env) {
    this.color = mode === 'live' && !env.NO_COLOR;
  }

  /** A line that stays (the start, a warning, a stop, the summary): printed above the live line. */
  say(line: string): void {
    this.clear();
    this.log(line);
    this.draw();
  }

  begin(key: string, label: string): void {
    this.running.set(key, { label, step: 0 });
    this.draw();
  }

  /** The episode `key` has recorded its `step`-th step. */
  step(key: string, step: number): void {
    const ep = this.running.get(key);
    if (!ep) return;
    ep.step = step;
    if (Date.now() - this.drawnAt >= REDRAW_MS) this.draw();
  }

  end(key: string, r: EpisodeResult): void {
    this.running.delete(key);
    this.done++;
    this.doneHere++;
    this.counts[r.status]++;
    if (this.mode === 'lines' || (this.mode === 'live' && r.status !== 'success')) this.say(episodeLine(r));
    else this.draw();
  }

  /** The live line's last state stays on screen; what is printed next goes below it. */
  finish(): void {
    if (this.mode !== 'live' || this.closed) return;
    this.draw();
    this.stream.write('\n');
    this.shown = false;
    this.closed = true;
  }

  /** The live line, as drawn: counts first, then the episodes in flight, cut to the terminal's width. */
  line(width = this.stream.columns || 80): string {
    const paint = (style: Parameters<typeof styleText>[0], text: string) => (this.color ? styleText(style, text) : text);
    const { success, failed, errored } = this.counts;
    const elapsed = Date.now() - this.started;
    const left = this.doneHere && this.done < this.total ? `, ~${duration((elapsed / this.doneHere) * (this.total - this.done))} left` : '';
    const head = [
      paint('bold', `cairn ${this.done}/${this.total}`),
      paint('green', `ok ${success}`),
      paint(failed ? 'red' : 'dim', `failed ${failed}`),
      paint(errored ? 'yellow' : 'dim', `errored ${errored}`),
      `${duration(elapsed)}${left}`,
    ].join(' · ');
    const flying = [...this.running.values()].map((e) => (e.step ? `${e.label} step ${e.step}` : e.label)).join(', ');
    const plain = stripVTControlCharacters(head);
    if (plain.length > width - 1) return `${plain.slice(0, Math.max(0, width - 2))}…`;
    const room = width - 1 - plain.length;
    const tail = flying ? ` · running ${flying}` : '';
    return head + (tail.length <= room ? tail : room > 1 ? `${tail.slice(0, room - 1)}…` : '');
  }

  private draw(): void {
    // Not while a question reads the terminal (critics asking about an irreversible action).
    if (this.mode !== 'live' || this.closed || process.stdin.readableFlowing) return;
    this.stream.write(`\r\x1b[2K${this.line()}`);
    this.shown = true;
    this.drawnAt = Date.now();
  }

  private clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}

/** 42s, 3m05s, 1h02m. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
