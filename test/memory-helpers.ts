// Builders for memory tests: tasks and steps shaped like the runner's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Action, TargetDescriptor } from '../contract/index.js';
import { afterEach } from 'vitest';
import { hashEmbedder, openMemory, type Embedder, type MemoryStore, type StepLike, type TrajectoryInput } from '../memory/index.js';

export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-memory-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Temp dirs and stores for a test file, closed and removed after each test (with whatever else
 * is deferred). `open()` with no uri opens a fresh store in a fresh dir.
 */
export function scratchMemory(): { dir(): Promise<string>; open(uri?: string, embedder?: Embedder): Promise<MemoryStore>; defer(c: () => Promise<void>): void } {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => { for (const c of cleanup.reverse()) await c(); cleanup = []; });
  const dir = async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    return t.dir;
  };
  const open = async (uri?: string, embedder = hashEmbedder()) => {
    const s = await openMemory({ uri: uri ?? (await dir()), embedder });
    cleanup.push(async () => s.close());
    return s;
  };
  return { dir, open, defer: (c) => cleanup.push(c) };
}

export function target(role: string, name: string, attrs: Record<string, string> = {}, y = 10): TargetDescriptor {
  return { role, name, attrs, bbox: { x: 10, y, w: 100, h: 30 } };
}

export function step(action: Action, t?: TargetDescriptor, screen = 'Contacts', ok = true): StepLike {
  return { action, result: { ok, ...(t ? { target: t } : {}) }, location: 'http://127.0.0.1:9/contacts/', screen };
}

export const click = (t: TargetDescriptor, screen?: string) => step({ type: 'click', target: { element: 1 } }, t, screen);
export const type = (t: TargetDescriptor, text: string, screen?: string) => step({ type: 'type', target: { element: 2 }, text }, t, screen);
export const done = () => step({ type: 'done', status: 'success' });

export function addContact(name: string, phone: string, extra: StepLike[] = []): StepLike[] {
  return [
    click(target('link', 'New contact')),
    ...extra,
    type(target('textbox', 'Name'), name, 'New contact'),
    type(target('textbox', 'Phone'), phone, 'New contact'),
    click(target('button', 'Save'), 'New contact'),
    done(),
  ];
}

export function trajectory(goal: string, steps: StepLike[], opts: Partial<TrajectoryInput['task']> & { verified?: boolean } = {}): TrajectoryInput {
  const { verified = true, ...task } = opts;
  return {
    task: { goal, goal_template: goal, params: {}, platform: 'web', start: { url: 'http://127.0.0.1:9/contacts/' }, ...task },
    steps, verified, verifier: 'checks: js', run_id: 'run-1', source: 'run',
  };
}

export function contactTask(name: string, phone: string) {
  return {
    goal: `Add a contact named ${name} with phone ${phone}.`,
    goal_template: 'Add a contact named {{name}} with phone {{phone}}.',
    params: { name, phone },
    platform: 'web' as const,
    start: { url: 'http://127.0.0.1:9/contacts/' },
  };
}
