// What a Playwright project says to cairn (`use: { cairn: {...} }` in playwright.config), and
// the environment it falls back on, checked once per worker: a bad value names the option or
// variable and what was expected.
import { randomBytes } from 'node:crypto';
import { RunMemory } from '../agent/run-memory.js';
import type { MemoryMode } from '../agent/run.js';
import { memoryUri, openMemory } from '../memory/index.js';
import type { ModelCriticMode } from '../critics/index.js';

export interface CairnOptions {
  /** The memory: a directory or LanceDB URI; false for none. Default: CAIRN_MEMORY, else `.cairn/memory`. */
  memory?: string | false;
  /** `read` replays but never writes (CI against a shared memory). Default: CAIRN_MEMORY_MODE, else read-write. */
  memoryMode?: MemoryMode;
  /** The app's identity in memory, so records survive a new port or host. Default: the page's origin. */
  app?: string;
  /** A model for steps memory cannot replay (else CAIRN_MODEL; OPENAI_API_KEY, OPENAI_BASE_URL as for `cairn run`). */
  model?: string;
  baseUrl?: string;
  vision?: boolean;
  /** The model critic (CAIRN_CRITIC_MODEL): off (default), risky steps, or always. The rule critic always runs. */
  modelCritic?: ModelCriticMode;
  /** Origins navigation may reach besides the page's own. */
  allowed?: string[];
  /** Actions per step, at most (default 15). */
  maxSteps?: number;
  /** Seconds per step, search and model calls included (default 120): keep the test's timeout above it. */
  timeoutS?: number;
  /** How long `done` may take to hold while search tries a path (default 500 ms); the final verdict waits as the assertion itself says. */
  probeMs?: number;
  /** Save a screenshot per action beside the step's trace and attach them to the report. */
  screenshots?: boolean;
}

export const MEMORY_MODES = ['read-write', 'read'] as const;

export interface Settings extends Required<Pick<CairnOptions, 'maxSteps' | 'timeoutS' | 'probeMs' | 'screenshots' | 'allowed'>> {
  options: CairnOptions;
  memoryUri?: string;
  memoryMode: MemoryMode;
}

export function settings(options: CairnOptions = {}, env: NodeJS.ProcessEnv = process.env): Settings {
  const mode = options.memoryMode ?? (env.CAIRN_MEMORY_MODE?.trim() || 'read-write');
  if (!(MEMORY_MODES as readonly string[]).includes(mode)) {
    const where = options.memoryMode ? 'the cairn option memoryMode' : 'CAIRN_MEMORY_MODE';
    throw new Error(`${where} is "${mode}"; expected one of: ${MEMORY_MODES.join(', ')} (memory: false turns memory off)`);
  }
  const number = (name: 'maxSteps' | 'timeoutS' | 'probeMs', fallback: number) => {
    const v = options[name] ?? fallback;
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new Error(`the cairn option ${name} is ${JSON.stringify(v)}; expected a number > 0`);
    return v;
  };
  return {
    options,
    memoryMode: mode as MemoryMode,
    ...(options.memory === false ? {} : { memoryUri: memoryUri(options.memory || undefined, env) }),
    maxSteps: Math.round(number('maxSteps', 15)),
    timeoutS: number('timeoutS', 120),
    probeMs: number('probeMs', 500),
    screenshots: options.screenshots ?? false,
    allowed: options.allowed ?? [],
  };
}

/**
 * One worker's cairn: its settings, its memory (opened at the first step that needs it, and
 * set aside for the rest of the worker when it cannot be opened or fails, as in a run) and the
 * run id its steps are remembered under. close() folds what was written into the indices.
 */
export class CairnSession {
  readonly runId: string;
  private memory?: Promise<RunMemory | undefined>;
  private wrote = false;

  constructor(readonly settings: Settings, worker = 0) {
    this.runId = `playwright-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-w${worker}-${randomBytes(2).toString('hex')}`;
  }

  store(): Promise<RunMemory | undefined> {
    const uri = this.settings.memoryUri;
    if (uri === undefined) return Promise.resolve(undefined);
    this.memory ??= RunMemory.open(uri, () => openMemory({ uri })).then((m) => {
      m.onUnavailable((reason) => console.error(`cairn: memory unavailable (${reason}); steps go on without memory`));
      return m;
    });
    return this.memory;
  }

  /** A step wrote to memory: close() reindexes. */
  wroteMemory(): void {
    this.wrote = true;
  }

  async close(): Promise<void> {
    const memory = await this.memory;
    if (!memory) return;
    if (this.wrote && this.settings.memoryMode !== 'read') await memory.reindex();
    memory.close();
  }
}
