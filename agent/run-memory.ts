// The memory as a run uses it. A memory that cannot be opened, or whose recall or remember
// throws (its files deleted, corrupted, unreadable; the object store unreachable), is set
// aside for the rest of the run, and said so once: the episodes go on as with --no-memory
// (auto falls back to the model or search) instead of each one erroring, and summary.json
// records why. The policy maker and the runner share one guard per store (RunMemory.of).
import { firstLine } from '../common/errors.js';
import type { MemoryStore, Recollection, RememberOutcome, Source, TaskLike, TrajectoryInput } from '../memory/index.js';
import type { ResolvedTask } from '../contract/index.js';
import type { EpisodeResult } from './episode.js';
import type { StepRecord } from './types.js';

export type MemoryHealth = { status: 'available' } | { status: 'unavailable'; reason: string };

export class RunMemory {
  private static readonly guards = new WeakMap<MemoryStore, RunMemory>();
  private down: string | undefined;
  private readonly listeners = new Set<(reason: string) => void>();

  private constructor(readonly store: MemoryStore | undefined, reason?: string) {
    this.down = reason;
  }

  /** Opens the memory; one that cannot be opened is an unavailable memory, not an error. */
  static async open(uri: string, open: () => Promise<MemoryStore>): Promise<RunMemory> {
    try {
      return RunMemory.of(await open());
    } catch (e) {
      return new RunMemory(undefined, `could not open the memory at ${uri}: ${firstLine(e)}`);
    }
  }

  /** The one guard of a store (made at the first call). */
  static of(memory: MemoryStore | RunMemory): RunMemory {
    if (memory instanceof RunMemory) return memory;
    let guard = RunMemory.guards.get(memory);
    if (!guard) RunMemory.guards.set(memory, (guard = new RunMemory(memory)));
    return guard;
  }

  get health(): MemoryHealth {
    return this.down === undefined ? { status: 'available' } : { status: 'unavailable', reason: this.down };
  }

  /** Told once, when the memory is set aside (at once if it already is); returns the unsubscribe. */
  onUnavailable(listener: (reason: string) => void): () => void {
    if (this.down !== undefined) listener(this.down);
    else this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Nothing once the memory is set aside. */
  async recall(task: TaskLike, k: number): Promise<Recollection[]> {
    return (await this.guarded('recall', (s) => s.recall(task, k))) ?? [];
  }

  async remember(input: TrajectoryInput): Promise<RememberOutcome | undefined> {
    return this.guarded('remember', (s) => s.remember(input));
  }

  /**
   * What memory keeps of an episode: a recalled record whose replay lost the trail loses
   * standing; a success is remembered (the trajectory that finished: search's clean path, or
   * the model's), verified by the task's checks.
   */
  async learn(task: ResolvedTask, result: EpisodeResult, steps: StepRecord[], from: { run_id: string; source: Source }): Promise<RememberOutcome | undefined> {
    if (result.handover && result.recalled) await this.recordFailure(result.recalled.id);
    if (result.status !== 'success') return undefined;
    return this.remember({
      task, steps, verified: true, run_id: from.run_id, source: from.source,
      verifier: `checks: ${[...new Set(task.checks.map((c) => c.kind))].join(', ')}`,
    });
  }

  async recordFailure(id: string): Promise<void> {
    await this.guarded('record a failed replay', (s) => s.recordFailure(id));
  }

  async reindex(): Promise<void> {
    await this.guarded('reindex', (s) => s.reindex());
  }

  close(): void {
    this.store?.close();
  }

  private async guarded<T>(what: string, work: (store: MemoryStore) => Promise<T>): Promise<T | undefined> {
    if (this.down !== undefined || !this.store) return undefined;
    try {
      return await work(this.store);
    } catch (e) {
      this.setAside(`${what} failed: ${firstLine(e)}`);
      return undefined;
    }
  }

  private setAside(reason: string): void {
    if (this.down !== undefined) return; // said once: the first failure is the reason
    this.down = reason;
    const told = [...this.listeners];
    this.listeners.clear();
    if (!told.length) console.error(`memory: unavailable (${reason}); going on without memory`);
    for (const listener of told) listener(reason);
  }
}
